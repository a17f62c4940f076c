/**
 * Vocabulary conformance: does a graph use schema.org and FOAF terms the way
 * the official vocabulary files define them? The checker reads the copies in
 * test/fixtures/vocab/, never the project's own ontology/, so that a wrong
 * mapping in ontology/ cannot vouch for itself.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad, Term } from '@rdfjs/types';
import { Parser } from 'n3';

const SCHEMA = 'http://schema.org/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const OWL = 'http://www.w3.org/2002/07/owl#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const VS = 'http://www.w3.org/2003/06/sw-vocab-status/ns#';
const TYPE = `${RDF}type`;
const PREFIXES: Record<string, string> = { schema: SCHEMA, foaf: FOAF, rdf: RDF, rdfs: RDFS, owl: OWL, xsd: XSD };

export const vocabDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/vocab');

export interface Vocabulary {
  classes: Set<string>;
  properties: Set<string>;
  /** schema:supersededBy: term → its replacement. */
  superseded: Map<string, string>;
  /** FOAF terms whose vs:term_status is "archaic". */
  archaic: Set<string>;
  /** Class → direct superclasses (rdfs:subClassOf, and owl:equivalentClass both ways). */
  superClasses: Map<string, Set<string>>;
  /** schema:domainIncludes (any one suffices) or rdfs:domain (all must hold). */
  domains: Map<string, Set<string>>;
  /** schema:rangeIncludes (any one suffices) or rdfs:range (all must hold). */
  ranges: Map<string, Set<string>>;
}

/** Parses both vocabulary files (the schema.org one takes a second or two). */
export async function loadVocabulary(dir = vocabDir): Promise<Vocabulary> {
  const [schemaTtl, foafNq] = await Promise.all([
    readFile(path.join(dir, 'schemaorg-current-https-30.0.ttl'), 'utf8'),
    readFile(path.join(dir, 'foaf-0.98.nq'), 'utf8'),
  ]);
  const vocab: Vocabulary = {
    classes: new Set(), properties: new Set(), superseded: new Map(), archaic: new Set(),
    superClasses: new Map(), domains: new Map(), ranges: new Map(),
  };
  const add = (map: Map<string, Set<string>>, from: string, to: string) => {
    if (!map.has(from)) map.set(from, new Set());
    map.get(from)!.add(to);
  };
  // The file is in the https://schema.org/ namespace; the graph (like the
  // official JSON-LD context) uses http://schema.org/, so read it as http.
  const iri = (t: Term) => t.value.replace(/^https:\/\/schema\.org\//, SCHEMA);
  const quads = [...new Parser().parse(schemaTtl), ...new Parser({ format: 'N-Quads' }).parse(foafNq)];
  for (const q of quads) {
    const [s, p, o] = [iri(q.subject), iri(q.predicate), iri(q.object)];
    switch (p) {
      case TYPE:
        if (o === `${RDFS}Class` || o === `${OWL}Class`) vocab.classes.add(s);
        if (o === `${RDF}Property`) vocab.properties.add(s);
        break;
      case `${RDFS}subClassOf`: add(vocab.superClasses, s, o); break;
      case `${OWL}equivalentClass`: add(vocab.superClasses, s, o); add(vocab.superClasses, o, s); break;
      case `${SCHEMA}domainIncludes`: case `${RDFS}domain`: add(vocab.domains, s, o); break;
      case `${SCHEMA}rangeIncludes`: case `${RDFS}range`: add(vocab.ranges, s, o); break;
      case `${SCHEMA}supersededBy`: vocab.superseded.set(s, o); break;
      case `${VS}term_status`: if (o === 'archaic') vocab.archaic.add(s); break;
    }
  }
  // schema.org's file declares schema:Person ≡ foaf:Person; the matching
  // foaf:Document ≡ schema:CreativeWork arrived in FOAF 0.99, after this copy.
  add(vocab.superClasses, `${FOAF}Document`, `${SCHEMA}CreativeWork`);
  add(vocab.superClasses, `${SCHEMA}CreativeWork`, `${FOAF}Document`);
  return vocab;
}

/**
 * The schema.org data type a literal is a value of, by its datatype. Data
 * types' own subclasses (Integer ⊂ Number, URL ⊂ Text) come from the file.
 */
const LITERAL_TYPES: Record<string, string> = {
  [`${XSD}string`]: 'Text', [`${RDF}langString`]: 'Text', [`${XSD}anyURI`]: 'URL',
  [`${XSD}date`]: 'Date', [`${XSD}gYear`]: 'Date', [`${XSD}gYearMonth`]: 'Date',
  [`${XSD}dateTime`]: 'DateTime', [`${XSD}time`]: 'Time', [`${XSD}boolean`]: 'Boolean',
  [`${XSD}integer`]: 'Integer', [`${XSD}int`]: 'Integer', [`${XSD}long`]: 'Integer',
  [`${XSD}nonNegativeInteger`]: 'Integer', [`${XSD}positiveInteger`]: 'Integer',
  [`${XSD}decimal`]: 'Number', [`${XSD}double`]: 'Float', [`${XSD}float`]: 'Float',
};

/**
 * Every way `quads` departs from the vocabularies, one readable line each,
 * sorted; empty when the graph conforms. Only the graph's own rdf:type
 * triples type a node: nothing is inferred from how a node is used.
 */
export function checkVocabulary(quads: Iterable<Quad>, vocab: Vocabulary): string[] {
  const all = [...quads];
  const key = (t: Term) => `${t.termType}|${t.value}`;
  const types = new Map<string, string[]>();
  const values = new Map<string, Term[]>(); // subject + predicate → objects
  const incoming = new Map<string, Quad[]>(); // object → the quads pointing at it
  for (const q of all) {
    const list = <T>(map: Map<string, T[]>, k: string) => map.get(k) ?? map.set(k, []).get(k)!;
    if (q.predicate.value === TYPE) list(types, key(q.subject)).push(q.object.value);
    list(values, `${key(q.subject)} ${q.predicate.value}`).push(q.object);
    list(incoming, key(q.object)).push(q);
  }

  const closure = new Map<string, Set<string>>();
  const ancestors = (cls: string): Set<string> => {
    let found = closure.get(cls);
    if (!found) {
      found = new Set([cls]);
      closure.set(cls, found); // set before walking, so a cycle of equivalences ends
      for (const sup of vocab.superClasses.get(cls) ?? []) for (const a of ancestors(sup)) found.add(a);
    }
    return found;
  };
  const classesOf = (names: Iterable<string>) => new Set([...names].flatMap((c) => [...ancestors(c)]));
  /** What a node is, as a subject: its types, and a Thing whatever else it is. */
  const nodeClasses = (t: Term) => classesOf([`${SCHEMA}Thing`, `${OWL}Thing`, ...(types.get(key(t)) ?? [])]);
  /** What an object is, as a value: a literal is a data type value; an IRI is also a URL. */
  const valueClasses = (t: Term) => {
    if (t.termType !== 'Literal') return classesOf([...nodeClasses(t), ...(t.termType === 'NamedNode' ? [`${SCHEMA}URL`] : [])]);
    const dataType = LITERAL_TYPES[t.datatype.value];
    return classesOf([`${RDFS}Literal`, ...(dataType ? [`${SCHEMA}${dataType}`] : [])]);
  };
  const isRole = (t: Term) => t.termType !== 'Literal' && nodeClasses(t).has(`${SCHEMA}Role`);

  const show = (t: Term, seen = new Set<string>()): string => {
    if (t.termType === 'NamedNode') return `<${t.value}>`;
    if (t.termType === 'Literal') {
      const text = JSON.stringify(t.value.length > 40 ? `${t.value.slice(0, 39)}…` : t.value);
      return t.language ? `${text}@${t.language}` : `${text}^^${compact(t.datatype.value)}`;
    }
    // A blank node's label means nothing to a reader: name it by the path
    // from the entity that holds it (`<#me> schema:address []`).
    const [link] = incoming.get(key(t)) ?? [];
    if (!link || seen.has(key(t))) return `_:${t.value}`;
    return `${show(link.subject, seen.add(key(t)))} ${compact(link.predicate.value)} []`;
  };
  const showObject = (t: Term) => (t.termType === 'BlankNode' ? '[]' : show(t));
  const showTypes = (t: Term) => {
    if (t.termType === 'Literal') return `a literal (${t.language ? 'rdf:langString' : compact(t.datatype.value)})`;
    return (types.get(key(t)) ?? []).map(compact).join(', ') || 'untyped';
  };
  const showClasses = (classes: Iterable<string>, join: string) => [...classes].map(compact).join(join);

  const problems: string[] = [];
  /** Whether a term is a current one of the two vocabularies; reports it if not. */
  const checkTerm = (iri: string, kind: 'class' | 'property', where: string): boolean => {
    const known = kind === 'class' ? vocab.classes : vocab.properties;
    const name = iri.startsWith(SCHEMA) ? 'schema.org' : iri.startsWith(FOAF) ? 'FOAF' : undefined;
    if (!name) return !problems.push(`${where}: not a schema.org or FOAF term`);
    if (!known.has(iri)) return !problems.push(`${where}: not a ${name} ${kind}`);
    const replacement = vocab.superseded.get(iri);
    if (replacement) problems.push(`${where}: superseded by ${compact(replacement)}`);
    if (vocab.archaic.has(iri)) problems.push(`${where}: archaic FOAF term`);
    return true;
  };

  for (const { subject: s, predicate, object: o } of all) {
    const p = predicate.value;
    if (p === TYPE) {
      if (o.termType !== 'NamedNode') problems.push(`${show(s)} a ${show(o)}: not a class`);
      else checkTerm(o.value, 'class', `${show(s)} a ${compact(o.value)}`);
      continue;
    }
    const triple = `${show(s)} ${compact(p)} ${showObject(o)}`;
    if (!checkTerm(p, 'property', `${show(s)} ${compact(p)}`)) continue;
    const schemaTerm = p.startsWith(SCHEMA);

    // schema.org's Role pattern, `X p R . R a Role . R p Y`, means `X p Y`
    // qualified by R: the triple `X p R` carries both checks (X against the
    // domain, Y against the range), so `R p Y` itself is not checked again.
    if (schemaTerm && isRole(s) && (incoming.get(key(s)) ?? []).some((q) => q.predicate.value === p)) continue;
    const roleValues = schemaTerm && isRole(o) ? values.get(`${key(o)} ${p}`) ?? [] : [];
    const targets = roleValues.length > 0 ? roleValues.map((y) => ({ y, at: `${triple} ${compact(p)} ${showObject(y)}` })) : [{ y: o, at: triple }];

    // schema.org lists the classes a term may be used with (any one will
    // do); FOAF's rdfs:domain and rdfs:range are RDFS, so each one must hold.
    const fits = (have: Set<string>, want: Set<string>) => (schemaTerm ? [...want].some((c) => have.has(c)) : [...want].every((c) => have.has(c)));
    const join = schemaTerm ? ' or ' : ' and ';
    const domain = vocab.domains.get(p);
    if (domain && !fits(nodeClasses(s), domain)) problems.push(`${triple}: subject is ${showTypes(s)}, domain is ${showClasses(domain, join)}`);
    const range = vocab.ranges.get(p);
    for (const { y, at } of targets) {
      if (range && !fits(valueClasses(y), range)) problems.push(`${at}: object is ${showTypes(y)}, range is ${showClasses(range, join)}`);
    }
  }
  return [...new Set(problems)].sort();
}

function compact(iri: string): string {
  for (const [prefix, ns] of Object.entries(PREFIXES)) if (iri.startsWith(ns)) return `${prefix}:${iri.slice(ns.length)}`;
  return `<${iri}>`;
}
