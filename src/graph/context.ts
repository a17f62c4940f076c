/**
 * The JSON-LD context (ontology/context.jsonld) read once into lookup
 * tables, for the direct conversion in tordf.ts. Only the features the
 * context uses, and a few more, are understood: prefixes, term IRIs,
 * `@vocab`, `@id` and `@type` aliases, `@included`, type coercion (`@id` or
 * a datatype), `@list` and `@language` containers, a default `@language` (of
 * the context or of a term), and property- and type-scoped contexts; in the
 * data (tordf.ts), those keywords by name and values with a `@language` or a
 * `@type`. Anything else throws
 * `UnsupportedJsonLd`, and the caller falls back to jsonld.js, so a new
 * context feature is slower, never wrong. The W3C toRdf tests check that
 * (test/graph/jsonld-conformance.test.ts).
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
  /** A `@language` container: the value is a map from language tags to strings. */
  languageMap?: boolean;
  /** The language of the term's strings (null: none), overriding the context's. */
  language?: string | null;
  /** Whether the term may start a compact IRI (`schema:name`). */
  prefix: boolean;
  /** The term's own (scoped) context, not yet processed. */
  scoped?: object;
  /** A reverse property (`@reverse`): each value is the subject, the node the object. */
  reverse?: boolean;
}

export interface ActiveContext {
  /** Term → definition; null where a scoped context removes a term. */
  readonly terms: ReadonlyMap<string, TermDefinition | null>;
  /** The default language of strings, if any. */
  readonly language?: string;
  /** The vocabulary mapping (`@vocab`): the IRI a key or a type that is no term is appended to. */
  readonly vocab?: string;
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
/** A well-formed language tag (BCP 47's shape, as jsonld.js checks it); jsonld.js decides what to do with any other. */
export const LANGUAGE_TAG = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

/** The document's context, processed. */
export function processContext(document: object): ActiveContext {
  const local = (document as { '@context'?: unknown })['@context'];
  let active: ActiveContext | undefined;
  for (const each of Array.isArray(local) ? local : [local]) {
    if (each === null || each === undefined) { active = undefined; continue; } // null: back to the empty context
    if (typeof each !== 'object' || Array.isArray(each)) throw new UnsupportedJsonLd('a context that is not an object (one by reference)');
    active = apply(active, each, true);
  }
  return active ?? apply(undefined, {}, true);
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
  let language = active?.language;
  if (Object.hasOwn(raw, '@language')) language = languageOf(raw['@language'], 'the default language') ?? undefined;
  let vocab = active?.vocab;
  if (Object.hasOwn(raw, '@vocab')) vocab = vocabularyOf(raw['@vocab'], active);
  if (Object.hasOwn(raw, '@version') && raw['@version'] !== 1.1) throw new UnsupportedJsonLd(`@version ${String(raw['@version'])}`);
  const defining = new Set<string>();
  const defined = new Set<string>();
  const define = (term: string): void => {
    if (!Object.hasOwn(raw, term) || defined.has(term)) return;
    if (defining.has(term)) throw new UnsupportedJsonLd(`the term "${term}", defined through itself`);
    defining.add(term);
    terms.set(term, read(term));
    defined.add(term);
  };
  const read = (term: string): TermDefinition | null => {
    if (term === '') throw new UnsupportedJsonLd('the empty term');
    // A term that looks like an IRI must expand to itself: jsonld.js checks that.
    if (term.includes(':') || term.includes('/')) throw new UnsupportedJsonLd(`the term "${term}", which looks like an IRI`);
    const value = raw[term];
    if (value === null) return null;
    if (typeof value === 'string') {
      if (KEYWORDS.has(value)) return { iri: value, keyword: value as Keyword, list: false, prefix: false };
      const iri = expandDefinitionIri(value, terms, define, vocab);
      return { iri, list: false, prefix: GEN_DELIM.test(iri) };
    }
    if (typeof value !== 'object' || Array.isArray(value)) throw new UnsupportedJsonLd(`term "${term}"`);
    const definition = value as Record<string, unknown>;
    for (const key of Object.keys(definition)) {
      if (!['@id', '@reverse', '@type', '@container', '@context', '@language'].includes(key)) throw new UnsupportedJsonLd(`${key} in term "${term}"`);
    }
    if (Object.hasOwn(definition, '@reverse')) {
      const reverse = definition['@reverse'];
      if (typeof reverse !== 'string' || Object.keys(definition).some((k) => k !== '@reverse' && k !== '@type') || definition['@type'] !== '@id') {
        throw new UnsupportedJsonLd(`@reverse in term "${term}" other than a property of references`);
      }
      return { iri: expandDefinitionIri(reverse, terms, define, vocab), type: '@id', list: false, prefix: false, reverse: true };
    }
    if (Object.hasOwn(definition, '@language') && Object.hasOwn(definition, '@type')) throw new UnsupportedJsonLd(`@language and @type in term "${term}"`);
    const id = definition['@id'];
    // Without an @id, a term is named by the vocabulary mapping.
    if (id === undefined ? vocab === undefined : typeof id !== 'string' || KEYWORDS.has(id)) throw new UnsupportedJsonLd(`term "${term}" without an IRI`);
    const type = definition['@type'];
    if (type !== undefined && typeof type !== 'string') throw new UnsupportedJsonLd(`@type of term "${term}"`);
    if (type === '@vocab' || type === '@json' || type === '@none') throw new UnsupportedJsonLd(`@type ${type}`);
    const container = definition['@container'];
    if (container !== undefined && container !== '@list' && container !== '@language') throw new UnsupportedJsonLd(`@container ${String(container)}`);
    if (container === '@language' && type !== undefined) throw new UnsupportedJsonLd(`a language map with a @type, in term "${term}"`);
    const context = definition['@context'];
    if (context !== undefined && (!context || typeof context !== 'object' || Array.isArray(context))) throw new UnsupportedJsonLd(`@context of term "${term}"`);
    return {
      iri: id === undefined ? `${vocab}${term}` : expandDefinitionIri(id as string, terms, define, vocab),
      type: type === undefined || type === '@id' ? type : expandDefinitionIri(type, terms, define, vocab),
      list: container === '@list', prefix: false, scoped: context as object | undefined,
      ...(container === '@language' ? { languageMap: true } : {}),
      ...(Object.hasOwn(definition, '@language') ? { language: languageOf(definition['@language'], `the language of term "${term}"`) } : {}),
    };
  };
  for (const term of Object.keys(raw)) {
    if (term === '@version' || term === '@language' || term === '@vocab') continue;
    if (term.startsWith('@')) throw new UnsupportedJsonLd(`${term} in a context`);
    define(term);
  }
  const previous = propagate ? active?.previous : active?.previous ?? active;
  const result: ActiveContext = { terms, language, vocab, previous, derived: new Map(), derivedLocal: new Map() };
  // A scoped context is checked where it is defined (jsonld.js refuses an invalid one even if no data uses it).
  for (const term of Object.keys(raw)) {
    const scopedContext = terms.get(term)?.scoped;
    if (scopedContext) scoped(result, scopedContext, true);
  }
  return result;
}

/** `@vocab`: an absolute IRI, or a compact one by the prefixes of the context it is applied on; null for none. */
function vocabularyOf(value: unknown, active: ActiveContext | undefined): string | undefined {
  if (value === null) return undefined;
  const iri = typeof value === 'string' ? compactIri(value, active?.terms ?? new Map()) : undefined;
  if (iri === undefined || iri.startsWith('_:')) throw new UnsupportedJsonLd(`@vocab ${JSON.stringify(value)}`);
  return iri;
}

/** A language as a context gives it: a well-formed tag (in lower case, as jsonld.js writes it), or null for none. */
function languageOf(value: unknown, what: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !LANGUAGE_TAG.test(value)) throw new UnsupportedJsonLd(`${what} ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

/** A term's IRI as written in the context: a compact IRI (its prefix defined first) or an absolute IRI. */
function expandDefinitionIri(value: string, terms: Map<string, TermDefinition | null>, define: (term: string) => void, vocab: string | undefined): string {
  const colon = value.indexOf(':');
  if (colon < 0) {
    // Another term's IRI, or one relative to the vocabulary mapping.
    define(value);
    const term = terms.get(value);
    if (term && !term.keyword) return term.iri;
    if (term === undefined && vocab !== undefined && !value.startsWith('@')) return vocab + value;
    throw new UnsupportedJsonLd(`a term IRI relative to a vocabulary: "${value}"`);
  }
  define(value.slice(0, colon));
  const expanded = compactIri(value, terms);
  if (expanded === undefined || expanded.startsWith('_:')) throw new UnsupportedJsonLd(`the IRI "${value}"`);
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
