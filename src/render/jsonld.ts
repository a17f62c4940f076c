import type { Quad, Term } from '@rdfjs/types';
import { Graph, nodeOfKey, termKey as keyOf } from '../rdf/graph.js';
import { prefixedName } from '../rdf/prefixes.js';
import { prefixes, RDF_TYPE, rdf, xsd } from '../rdf/vocabulary.js';
import type { DumpWriter } from './dump.js';

/**
 * The context JSON-LD output is compacted with: schema.org terms bare (as
 * with `"@context": "https://schema.org"`), other vocabularies prefixed.
 * The site publishes it (at `{base}context.jsonld`) and every document also
 * carries it inline, so a document reads on its own: offline, from a static
 * host, in a search engine that fetches no remote context.
 */
export const publishedContext = {
  '@vocab': prefixes.schema,
  schema: prefixes.schema,
  foaf: prefixes.foaf,
  bibo: prefixes.bibo,
  rdf: prefixes.rdf,
  rdfs: prefixes.rdfs,
  xsd: prefixes.xsd,
  void: prefixes.void,
  dcterms: prefixes.dcterms,
} as const;

/** The context as a JSON-LD document of its own, as served. */
export function contextDocument(): object {
  return { '@context': publishedContext };
}

type JsonObject = Record<string, unknown>;

const XSD_STRING = xsd('string');
const RDF_LANG_STRING = rdf('langString');

/**
 * The quads as compacted JSON-LD with `publishedContext`, shaped like a
 * JSON-LD frame with `@embed: @once`:
 *
 * - with a `root`, the root node is the first object and every node it
 *   reaches is embedded where it is first referenced (the document's main
 *   entity, its roles and addresses, and the labelled things it links to),
 *   down to `MAX_NESTING` levels;
 * - without one (the whole-dataset dump), named nodes stay at the top of a
 *   flat `@graph` and only blank nodes are embedded.
 *
 * Every node is written in full exactly once; everywhere else it is
 * `{"@id": …}`. What links into an embedded node and is not said elsewhere
 * nests under its `@reverse`, so a small document has one root object. A
 * node past the nesting limit is referenced by its `@id` and written at the
 * top level, after the root, in a `@graph`: pretty-printed JSON indents each
 * line by its depth, so unbounded nesting made a large page's bytes grow
 * with its depth times its size (a 200-paper homepage was 3 MB of JSON-LD,
 * 87% of it indentation). With the limit, the bytes stay within a constant
 * of the N-Triples' (the tests check 1.5 times, plus the context).
 *
 * Written directly from the quads rather than by jsonld.js's framing
 * algorithm, which costs milliseconds per document at startup. The output is
 * plain: literals as `@value`/`@type`/`@language` (no native numbers), IRIs
 * absolute, so that it expands to exactly the input triples; the tests check
 * that with jsonld.js against the Turtle of every document.
 */
export function toFramedJsonLd(quads: readonly Quad[], root?: string): JsonObject {
  const top = topLevelNodes(quads, root);
  if (root !== undefined && top.length === 1) return { '@context': publishedContext, ...top[0] };
  return { '@context': publishedContext, '@graph': top };
}

/**
 * The dataset's JSON-LD by subjects (render/dump.ts): each named node, in
 * order, with the blank nodes that it alone leads to, embedded in it as
 * `toFramedJsonLd` embeds them; the same text as the whole. When a blank
 * node is referenced from two named nodes' subjects (it nests where first
 * referenced, which depends on the subjects before) or from none, all head.
 */
export function jsonLdDump(quads: readonly Quad[]): DumpWriter {
  const whole = (): DumpWriter => ({ head: `${JSON.stringify(toFramedJsonLd(quads), null, 2)}\n`, tail: '', subjects: [], write: () => '' });
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = keyOf(q.subject);
    const group = groups.get(key);
    if (group) group.push(q); else groups.set(key, [q]);
  }
  const named = [...groups.keys()].filter((k) => k.startsWith('<')).sort();
  /** Each blank node → the named node whose subject it is written with. */
  const owners = new Map<string, string>();
  let shared = false;
  const subjects = named.map((key) => {
    const unit = [...groups.get(key)!];
    for (let i = 0; i < unit.length; i++) {
      const o = unit[i].object;
      if (o.termType !== 'BlankNode') continue;
      const blank = keyOf(o);
      const owner = owners.get(blank);
      if (owner === undefined) {
        owners.set(blank, key);
        unit.push(...(groups.get(blank) ?? []));
      } else if (owner !== key) {
        shared = true;
      }
    }
    return unit;
  });
  if (shared || subjects.length === 0 || [...groups.keys()].some((k) => !k.startsWith('<') && !owners.has(k))) return whole();
  const empty = JSON.stringify({ '@context': publishedContext, '@graph': [] }, null, 2);
  const element = (node: JsonObject, first: boolean) => `${first ? '' : ','}\n    ${JSON.stringify(node, null, 2).replace(/\n/g, '\n    ')}`;
  return {
    head: empty.slice(0, empty.lastIndexOf('[') + 1),
    tail: '\n  ]\n}\n',
    subjects,
    write: (runs, first) => runs.map((unit, i) => topLevelNodes(unit).map((node, j) => element(node, first && i === 0 && j === 0)).join('')).join(''),
  };
}

/** The node objects at the top level: the root's first, then what it does not reach. */
function topLevelNodes(quads: readonly Quad[], root?: string): JsonObject[] {
  const graph = new Graph(quads);
  const references = new Map<string, number>();
  for (const q of quads) {
    if (q.object.termType === 'BlankNode') references.set(q.object.value, (references.get(q.object.value) ?? 0) + 1);
  }
  const embedNamed = root !== undefined;
  const written = new Set<string>();
  // Nodes reached past the nesting limit, referenced by @id there: written at the top level next.
  const deferred: Term[] = [];
  // Nesting follows links, and in a large profile a chain of people and papers can be thousands
  // of links long: past this depth a node is referenced by its @id and written at the top level
  // instead, so writing never overflows the stack and indentation stays bounded.
  let depth = 0;
  const nestable = () => depth < MAX_NESTING;

  /** `via`: the triple this node was reached by, backwards (`@reverse`); it is said there, not again here. */
  const nodeObject = (subject: Term, topLevel: boolean, via?: Quad): JsonObject => {
    depth++;
    try {
      return writeNode(subject, topLevel, via);
    } finally {
      depth--;
    }
  };
  const writeNode = (subject: Term, topLevel: boolean, via?: Quad): JsonObject => {
    const key = keyOf(subject);
    written.add(key);
    const node: JsonObject = {};
    // A blank node needs its label only where something else refers to it by that label.
    if (subject.termType === 'NamedNode') node['@id'] = subject.value;
    else if ((references.get(subject.value) ?? 0) > (topLevel || via ? 0 : 1)) node['@id'] = `_:${subject.value}`;
    const types: string[] = [];
    const properties = new Map<string, unknown[]>();
    for (const q of graph.about(subject)) {
      if (q === via) continue;
      if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') {
        types.push(jsonLdTerm(q.object.value));
        continue;
      }
      const term = jsonLdTerm(q.predicate.value);
      const values = properties.get(term) ?? [];
      values.push(valueOf(q.object));
      properties.set(term, values);
    }
    if (types.length > 0) node['@type'] = types.length === 1 ? types[0] : types.sort();
    for (const term of [...properties.keys()].sort()) {
      const values = properties.get(term)!;
      node[term] = values.length === 1 ? values[0] : values;
    }
    // What links here and is not said elsewhere yet (the group a member's
    // role belongs to) nests under @reverse, so a document with incoming
    // links still has its main entity as the one root object.
    if (embedNamed && nestable()) {
      const reverse = new Map<string, JsonObject[]>();
      for (const q of graph.incoming(subject)) {
        if (q.predicate.value === RDF_TYPE || written.has(keyOf(q.subject))) continue;
        const term = jsonLdTerm(q.predicate.value);
        reverse.set(term, [...(reverse.get(term) ?? []), nodeObject(q.subject, false, q)]);
      }
      if (reverse.size > 0) {
        node['@reverse'] = Object.fromEntries([...reverse.keys()].sort().map((t) => {
          const values = reverse.get(t)!;
          return [t, values.length === 1 ? values[0] : values];
        }));
      }
    }
    return node;
  };

  const valueOf = (o: Term): unknown => {
    if (o.termType === 'Literal') {
      if (o.language) return { '@value': o.value, '@language': o.language };
      if (o.datatype.value === XSD_STRING || o.datatype.value === RDF_LANG_STRING) return o.value;
      return { '@value': o.value, '@type': jsonLdTerm(o.datatype.value) };
    }
    const key = keyOf(o);
    const embeddable = o.termType === 'BlankNode' || embedNamed;
    if (embeddable && graph.describes(o) && !written.has(key)) {
      if (nestable()) return nodeObject(o, false);
      deferred.push(o);
    }
    return { '@id': o.termType === 'BlankNode' ? `_:${o.value}` : o.value };
  };

  const top: JsonObject[] = [];
  const pending = (k: string) => !written.has(k);
  /** A node at the top level, then what it left past the nesting limit, in the order reached. */
  const atTop = (node: Term) => {
    top.push(nodeObject(node, true));
    for (let next = deferred.shift(); next !== undefined; next = deferred.shift()) {
      if (pending(keyOf(next))) top.push(nodeObject(next, true));
    }
  };
  if (root !== undefined && graph.describes(nodeOfKey(`<${root}`))) atTop(nodeOfKey(`<${root}`));
  // Whatever the root does not reach (nothing, for a well-formed document)
  // still has to be said: named nodes first, then unreferenced blank nodes,
  // then blank nodes only reachable from each other.
  const keys = [...graph.subjectKeys()];
  for (const k of keys.filter((k) => k.startsWith('<')).sort()) if (pending(k)) atTop(nodeOfKey(k));
  for (const k of keys.filter((k) => k.startsWith('_:'))) {
    if (pending(k) && !references.has(k.slice(2))) atTop(nodeOfKey(k));
  }
  for (const k of keys.filter((k) => k.startsWith('_:'))) if (pending(k)) atTop(nodeOfKey(k));
  return top;
}

/**
 * How deep node objects nest before the rest is written at the top level:
 * deep enough for an entity's page to read as one tree (a page, its person,
 * their role, its organisation, its place), shallow enough that indentation
 * stays a small part of the bytes.
 */
export const MAX_NESTING = 5;

const contextPrefixes = Object.fromEntries(Object.entries(publishedContext).filter(([k]) => !k.startsWith('@')));
const BARE_TERM = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * The shortest form of an IRI used as a property, a type or a datatype (all
 * vocabulary-relative in JSON-LD): a bare schema.org term, else `prefix:local`,
 * else the IRI itself.
 */
export function jsonLdTerm(iri: string): string {
  const vocab = publishedContext['@vocab'];
  if (iri.startsWith(vocab)) {
    const local = iri.slice(vocab.length);
    if (BARE_TERM.test(local) && !Object.hasOwn(publishedContext, local)) return local;
  }
  return prefixedName(iri, contextPrefixes) ?? iri;
}

/**
 * JSON for a `<script>` element: `<`, `>` and `&` as \u escapes, so the text
 * can neither close the element nor read as markup in XHTML, and is still the
 * same JSON.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
    // Noncharacters JSON keeps raw but XML forbids.
    .replace(/\uFFFE/g, '\\ufffe').replace(/\uFFFF/g, '\\uffff');
}
