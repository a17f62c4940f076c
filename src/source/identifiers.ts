import type { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * Scholarly identifiers as JSON Schema formats, so that the schema can say
 * `"format": "orcid"` and a wrong one is reported like any other field:
 * where it is and what was expected. Syntax only, plus ORCID's check digit;
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

export function addIdentifierFormats(ajv: Ajv2020): void {
  ajv.addFormat('orcid', { type: 'string', validate: isOrcid });
  ajv.addFormat('doi', { type: 'string', validate: isDoi });
  ajv.addFormat('arxiv', { type: 'string', validate: isArxiv });
  ajv.addFormat('isbn', { type: 'string', validate: isIsbn });
  ajv.addFormat('handle', { type: 'string', validate: isHandle });
}
