import type { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * Scholarly identifiers: their schemes as one registry (below), and each
 * scheme's syntax as a JSON Schema format, so that the schema can say
 * `"format": "orcid"` and a wrong one is reported like any other field:
 * where it is and what was expected. Syntax only, plus check digits;
 * nothing is looked up.
 */

/** ORCID iD: four groups of four digits, the last character an ISO 7064 MOD 11-2 check digit (0-9 or X). */
export function isOrcid(value: string): boolean {
  const m = /^(\d{4})-(\d{4})-(\d{4})-(\d{3}[\dX])$/.exec(value);
  if (!m) return false;
  const digits = m.slice(1).join('');
  let total = 0;
  for (const c of digits.slice(0, 15)) total = (total + Number(c)) * 2;
  const check = (12 - (total % 11)) % 11;
  return digits[15] === (check === 10 ? 'X' : String(check));
}

/** DOI: `10.` then a registrant code, `/`, and a suffix of printable characters (as written, not as a URL). */
export function isDoi(value: string): boolean {
  return /^10\.\d{4,9}(\.\d+)*\/\S+$/.test(value);
}

/** arXiv identifier: `2301.01234` (with an optional version) since 2007, `hep-th/9901001` before. */
export function isArxiv(value: string): boolean {
  return /^\d{4}\.\d{4,5}(v\d+)?$/.test(value) || /^[a-z-]+(\.[A-Z]{2})?\/\d{7}(v\d+)?$/.test(value);
}

/** ISBN-10 or ISBN-13, hyphens and spaces allowed, with a valid check digit. */
export function isIsbn(value: string): boolean {
  const s = value.replace(/[\s-]/g, '');
  if (/^\d{9}[\dX]$/.test(s)) {
    const sum = [...s].reduce((t, c, i) => t + (c === 'X' ? 10 : Number(c)) * (10 - i), 0);
    return sum % 11 === 0;
  }
  if (/^97[89]\d{10}$/.test(s)) {
    const sum = [...s].reduce((t, c, i) => t + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
    return sum % 10 === 0;
  }
  return false;
}

/** Handle (hdl.handle.net): a naming authority, `/`, and a local name. */
export function isHandle(value: string): boolean {
  return /^\d+(\.\d+)*\/\S+$/.test(value);
}

/** PubMed identifier: a number. */
export function isPmid(value: string): boolean {
  return /^[1-9]\d{0,8}$/.test(value);
}

/**
 * A scheme of identifiers, one record each: what the data writes
 * (`schema:propertyID`), what readers are shown and sent to, how each
 * reader of scholarly metadata takes it. Code asks for a scheme by its IRI
 * or propertyID and reads these fields; it never compares names.
 */
export interface IdentifierScheme {
  /** What `schema:propertyID` says and a page shows: `DOI`. */
  label: string;
  /** The scheme's IRI, which `schema:propertyID` may give instead of the label. */
  iri: string;
  /** The profile's field for one (ontology/shorthands.json) and its JSON Schema format: `doi`. */
  field: string;
  /** Where an identifier resolves, `{value}` standing for it (URL-encoded): the work's `schema:sameAs`. */
  url?: string;
  /** Whether a value is one, as the data writes it. */
  valid: (value: string) => boolean;
  /** An identifier as people paste it (a resolver's URL, a `doi:` prefix, spaces around) → as the data writes it. */
  normalise: (value: string) => string;
  /** The `citation_*` meta tag Google Scholar reads it from. */
  scholarTag?: string;
  /** The CSL-JSON variable it fills (an arXiv id fills none of its own: render/citations.ts makes it a preprint's number). */
  csl?: string;
}

/** A normaliser: the value trimmed, without the prefixes (resolver URLs, `doi:`) that `prefix` matches. */
const stripping = (prefix: RegExp) => (value: string) => value.trim().replace(prefix, '');

/** The schemes, keyed by IRI (Wikidata's property for each; BIBO's for ISBN, which Wikidata splits into ISBN-10 and ISBN-13). */
export const identifierSchemes: readonly IdentifierScheme[] = [
  {
    label: 'DOI', iri: 'http://www.wikidata.org/entity/P356', field: 'doi', url: 'https://doi.org/{value}', valid: isDoi,
    normalise: stripping(/^(https?:\/\/(dx\.)?doi\.org\/|doi:\s*)/i), scholarTag: 'citation_doi', csl: 'DOI',
  },
  {
    label: 'arXiv', iri: 'http://www.wikidata.org/entity/P818', field: 'arxiv', url: 'https://arxiv.org/abs/{value}', valid: isArxiv,
    normalise: stripping(/^(https?:\/\/arxiv\.org\/abs\/|arxiv:\s*)/i), scholarTag: 'citation_arxiv_id',
  },
  {
    label: 'ISBN', iri: 'http://purl.org/ontology/bibo/isbn', field: 'isbn', valid: isIsbn,
    normalise: stripping(/^isbn(-1[03])?:?\s*/i), scholarTag: 'citation_isbn', csl: 'ISBN',
  },
  {
    label: 'ORCID', iri: 'http://www.wikidata.org/entity/P496', field: 'orcid', url: 'https://orcid.org/{value}', valid: isOrcid,
    normalise: stripping(/^https?:\/\/(www\.)?orcid\.org\//i),
  },
  {
    label: 'PMID', iri: 'http://www.wikidata.org/entity/P698', field: 'pmid', url: 'https://pubmed.ncbi.nlm.nih.gov/{value}/', valid: isPmid,
    normalise: (value) => stripping(/^(https?:\/\/pubmed\.ncbi\.nlm\.nih\.gov\/|pmid:\s*)/i)(value).replace(/\/$/, ''), csl: 'PMID',
  },
  {
    label: 'Handle', iri: 'http://www.wikidata.org/entity/P1184', field: 'handle', url: 'https://hdl.handle.net/{value}', valid: isHandle,
    normalise: stripping(/^(https?:\/\/hdl\.handle\.net\/|hdl:\s*)/i),
  },
];

const byKey = new Map(identifierSchemes.flatMap((scheme) => [[scheme.iri, scheme], [scheme.label, scheme]] as const));

/** The scheme a `schema:propertyID` names, by its IRI or its label; undefined for a scheme the registry does not know. */
export function identifierScheme(propertyID: string): IdentifierScheme | undefined {
  return byKey.get(propertyID);
}

/** The scheme whose profile field (and JSON Schema format) is `field`. */
export function schemeOfField(field: string): IdentifierScheme {
  const scheme = identifierSchemes.find((s) => s.field === field);
  if (!scheme) throw new Error(`no identifier scheme has the field "${field}"`);
  return scheme;
}

/** Where an identifier resolves, as ontology/shorthands.json writes its sameAs (`{value:uri}`); undefined for a scheme with no resolver. */
export function identifierUrl(scheme: IdentifierScheme, value: string): string | undefined {
  return scheme.url?.replace('{value}', encodeURI(value).replace(/[?#]/g, encodeURIComponent));
}

export function addIdentifierFormats(ajv: Ajv2020): void {
  for (const scheme of identifierSchemes) ajv.addFormat(scheme.field, { type: 'string', validate: scheme.valid });
}
