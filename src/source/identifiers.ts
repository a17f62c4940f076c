import type { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * Scholarly identifiers: their schemes as one registry (below), and each
 * scheme's syntax as a JSON Schema format, so that the schema can say
 * `"format": "orcid"` and a wrong one is reported like any other field:
 * where it is and what was expected. Syntax only, plus the check digits of
 * ORCID iDs and ISBNs; nothing is looked up. The normalisers turn the forms
 * people paste (an ORCID iD's URL, an ISBN with spaces) into the one form
 * published; the profile's schema applies them (source/keywords.ts), and an
 * importer may too.
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

/**
 * An ORCID iD as published, `0000-0002-1694-233X`, from the forms people
 * paste: its URL (`https://orcid.org/…`), a lower-case check character `x`.
 * Undefined when it is no ORCID iD with a valid check digit.
 */
export function normalizeOrcid(value: string): string | undefined {
  const id = value.trim().replace(/^(https?:\/\/)?(www\.)?orcid\.org\//i, '').toUpperCase();
  return isOrcid(id) ? id : undefined;
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

/**
 * An ISBN as published: hyphenated as written when its groups are an ISBN's
 * (`978-0-306-40615-7`, `0-306-40615-2`, spaces read as hyphens), else bare
 * (`9780306406157`); without a leading `ISBN`; a check character `X` in
 * upper case. Undefined when it is no ISBN with a valid check digit.
 */
export function normalizeIsbn(value: string): string | undefined {
  const groups = value.trim().replace(/^ISBN(-1[03])?:?\s*/i, '').toUpperCase().split(/[\s-]+/);
  const bare = groups.join('');
  if (!isIsbn(bare)) return undefined;
  // ISBN-13: prefix, group, publisher, title, check digit; ISBN-10: the same without the prefix.
  const hyphenated = groups.length === (bare.length === 13 ? 5 : 4) && groups.at(-1)!.length === 1 && (bare.length === 10 || groups[0].length === 3);
  return hyphenated ? groups.join('-') : bare;
}

/** Handle (hdl.handle.net): a naming authority, `/`, and a local name. */
export function isHandle(value: string): boolean {
  return /^\d+(\.\d+)*\/\S+$/.test(value);
}

/** PubMed identifier: a number. */
export function isPmid(value: string): boolean {
  return /^[1-9]\d{0,8}$/.test(value);
}

/** MathSciNet's MR number: `MR` and seven digits (`MR0488287`). */
export function isMrNumber(value: string): boolean {
  return /^MR\d{7}$/.test(value);
}

/** zbMATH Open's document id (Zbl number): four digits, `.`, five digits (`1266.53073`). */
export function isZbl(value: string): boolean {
  return /^\d{4}\.\d{5}$/.test(value);
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
  /** The BibTeX field it is written in where CSL has no variable for it (as CSL-JSON's `custom`): MathSciNet's `mrnumber`. */
  bibtex?: string;
  /** Its value as that field has it, where that is not as written (MathSciNet's BibTeX: `488287` for MR0488287). */
  bibtexValue?: (value: string) => string;
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
    normalise: (value) => normalizeIsbn(value) ?? stripping(/^isbn(-1[03])?:?\s*/i)(value), scholarTag: 'citation_isbn', csl: 'ISBN',
  },
  {
    label: 'ORCID', iri: 'http://www.wikidata.org/entity/P496', field: 'orcid', url: 'https://orcid.org/{value}', valid: isOrcid,
    normalise: (value) => normalizeOrcid(value) ?? stripping(/^https?:\/\/(www\.)?orcid\.org\//i)(value),
  },
  {
    label: 'PMID', iri: 'http://www.wikidata.org/entity/P698', field: 'pmid', url: 'https://pubmed.ncbi.nlm.nih.gov/{value}/', valid: isPmid,
    normalise: (value) => stripping(/^(https?:\/\/pubmed\.ncbi\.nlm\.nih\.gov\/|pmid:\s*)/i)(value).replace(/\/$/, ''), csl: 'PMID',
  },
  {
    // MathSciNet writes `MRNUMBER = {488287}` in its BibTeX and `MR0488287` on its pages: the page's form.
    label: 'MR', iri: 'http://www.wikidata.org/entity/P889', field: 'mrnumber', url: 'https://mathscinet.ams.org/mathscinet-getitem?mr={value}',
    valid: isMrNumber, bibtex: 'mrnumber', bibtexValue: (value) => value.replace(/^MR0*/, ''),
    normalise: (value) => {
      // Its older BibTeX adds the printed review's volume and number (`MR0488287 (58 #7836)`), which the MR number stands for.
      const id = stripping(/^(https?:\/\/mathscinet\.ams\.org\/mathscinet-getitem\?mr=|mr\s*)/i)(value.replace(/\s*\(\d+\s*\\?#\s*\d+[a-z]?\)$/i, ''));
      return /^\d{1,7}$/.test(id) ? `MR${id.padStart(7, '0')}` : id;
    },
  },
  {
    label: 'Zbl', iri: 'http://www.wikidata.org/entity/P894', field: 'zbl', url: 'https://zbmath.org/?q=an:{value}', valid: isZbl, bibtex: 'zbl',
    normalise: stripping(/^(https?:\/\/zbmath\.org\/\?q=an:|zbl\s*)/i),
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

/** Each scheme's syntax as a JSON Schema format, named by its field. */
export const identifierFormats: Record<string, { type: 'string'; validate: (value: string) => boolean }> =
  Object.fromEntries(identifierSchemes.map((scheme) => [scheme.field, { type: 'string', validate: scheme.valid }]));

export function addIdentifierFormats(ajv: Ajv2020): void {
  for (const [name, format] of Object.entries(identifierFormats)) ajv.addFormat(name, format);
}
