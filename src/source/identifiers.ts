import type { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * Scholarly identifiers as JSON Schema formats, so that the schema can say
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

export function addIdentifierFormats(ajv: Ajv2020): void {
  ajv.addFormat('orcid', { type: 'string', validate: isOrcid });
  ajv.addFormat('doi', { type: 'string', validate: isDoi });
  ajv.addFormat('arxiv', { type: 'string', validate: isArxiv });
  ajv.addFormat('isbn', { type: 'string', validate: isIsbn });
  ajv.addFormat('handle', { type: 'string', validate: isHandle });
}
