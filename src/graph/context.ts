/**
 * The JSON-LD context (ontology/context.jsonld) read once into lookup
 * tables, for the direct conversion in tordf.ts. Only the features the
 * context uses are understood: prefixes, term IRIs, `@id` and `@type`
 * aliases, `@included`, type coercion (`@id` or a datatype), `@list`
 * containers, and property- and type-scoped contexts. Anything else throws
 * `UnsupportedJsonLd`, and the caller falls back to jsonld.js, so a new
 * context feature is slower, never wrong.
 */

export class UnsupportedJsonLd extends Error {
  constructor(what: string) {
    super(`not handled by the direct JSON-LD conversion: ${what}`);
    this.name = 'UnsupportedJsonLd';
  }
}

export type Keyword = '@id' | '@type' | '@included';

export interface TermDefinition {
  /** An absolute IRI, or the keyword the term is an alias of. */
  iri: string;
  keyword?: Keyword;
  /** `@id` for references, or a datatype IRI. */
  type?: string;
  list: boolean;
  /** Whether the term may start a compact IRI (`schema:name`). */
  prefix: boolean;
  /** The term's own (scoped) context, not yet processed. */
  scoped?: object;
}

export interface ActiveContext {
  /** Term → definition; null where a scoped context removes a term. */
  readonly terms: ReadonlyMap<string, TermDefinition | null>;
  /** The context before a type-scoped one, which does not reach nested nodes. */
  readonly previous?: ActiveContext;
  /** Scoped contexts applied on this one, each processed once. */
  readonly derived: Map<object, ActiveContext>;
  readonly derivedLocal: Map<object, ActiveContext>;
}

const KEYWORDS = new Set(['@id', '@type', '@included']);
const GEN_DELIM = /[:/?#[\]@]$/;
/** As jsonld.js tells an absolute IRI (a scheme, no white space); anything else would be dropped by it. */
export const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+\-.]*|_):[^\s]*$/;

/** The document's context, processed. */
export function processContext(document: object): ActiveContext {
  const local = (document as { '@context'?: unknown })['@context'];
  if (!local || typeof local !== 'object' || Array.isArray(local)) throw new UnsupportedJsonLd('a context that is not one object');
  return apply(undefined, local, true);
}

/** The active context with a scoped context applied; `propagate: false` for a type-scoped one. */
export function scoped(active: ActiveContext, local: object, propagate: boolean): ActiveContext {
  const cache = propagate ? active.derived : active.derivedLocal;
  let result = cache.get(local);
  if (!result) { result = apply(active, local, propagate); cache.set(local, result); }
  return result;
}

function apply(active: ActiveContext | undefined, local: object, propagate: boolean): ActiveContext {
  const terms = new Map(active?.terms ?? []);
  const raw = local as Record<string, unknown>;
  const defining = new Set<string>();
  const define = (term: string): void => {
    if (!Object.hasOwn(raw, term) || defining.has(term)) return;
    defining.add(term);
    const value = raw[term];
    if (value === null) { terms.set(term, null); return; }
    if (typeof value === 'string') {
      if (KEYWORDS.has(value)) { terms.set(term, { iri: value, keyword: value as Keyword, list: false, prefix: false }); return; }
      const iri = expandDefinitionIri(value, terms, define);
      terms.set(term, { iri, list: false, prefix: GEN_DELIM.test(iri) });
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) throw new UnsupportedJsonLd(`term "${term}"`);
    const definition = value as Record<string, unknown>;
    for (const key of Object.keys(definition)) {
      if (!['@id', '@type', '@container', '@context'].includes(key)) throw new UnsupportedJsonLd(`${key} in term "${term}"`);
    }
    const id = definition['@id'];
    if (typeof id !== 'string' || KEYWORDS.has(id)) throw new UnsupportedJsonLd(`term "${term}" without an IRI`);
    const type = definition['@type'];
    if (type !== undefined && typeof type !== 'string') throw new UnsupportedJsonLd(`@type of term "${term}"`);
    if (type === '@vocab' || type === '@json' || type === '@none') throw new UnsupportedJsonLd(`@type ${type}`);
    const container = definition['@container'];
    if (container !== undefined && container !== '@list') throw new UnsupportedJsonLd(`@container ${String(container)}`);
    const context = definition['@context'];
    if (context !== undefined && (!context || typeof context !== 'object' || Array.isArray(context))) throw new UnsupportedJsonLd(`@context of term "${term}"`);
    terms.set(term, {
      iri: expandDefinitionIri(id, terms, define),
      type: type === undefined || type === '@id' ? type : expandDefinitionIri(type, terms, define),
      list: container === '@list', prefix: false, scoped: context as object | undefined,
    });
  };
  for (const term of Object.keys(raw)) {
    if (term === '@version') continue;
    if (term.startsWith('@')) throw new UnsupportedJsonLd(`${term} in a context`);
    define(term);
  }
  const previous = propagate ? active?.previous : active?.previous ?? active;
  return { terms, previous, derived: new Map(), derivedLocal: new Map() };
}

/** A term's IRI as written in the context: a compact IRI (its prefix defined first) or an absolute IRI. */
function expandDefinitionIri(value: string, terms: Map<string, TermDefinition | null>, define: (term: string) => void): string {
  const colon = value.indexOf(':');
  if (colon < 0) throw new UnsupportedJsonLd(`a term IRI relative to a vocabulary: "${value}"`);
  define(value.slice(0, colon));
  const expanded = compactIri(value, terms);
  if (expanded === undefined) throw new UnsupportedJsonLd(`the IRI "${value}"`);
  return expanded;
}

/** `prefix:suffix` with a prefix term → its IRI; an absolute IRI as it is; otherwise undefined. */
export function compactIri(value: string, terms: ReadonlyMap<string, TermDefinition | null>): string | undefined {
  const colon = value.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = value.slice(0, colon);
  const suffix = value.slice(colon + 1);
  if (prefix === '_' || suffix.startsWith('//')) return ABSOLUTE_IRI.test(value) ? value : undefined;
  const definition = terms.get(prefix);
  if (definition && definition.prefix && !definition.keyword) return definition.iri + suffix;
  return ABSOLUTE_IRI.test(value) ? value : undefined;
}
