/**
 * Ids: the short names entries are written with and referred to by
 * (`rodrigo-fonseca`), from which their IRIs are made. The letters a-z,
 * digits and single hyphens: what a URL path carries as it is, on every
 * web server and file system. Names and titles in any script are folded
 * into such an id (`José Núñez` → `jose-nunez`): the one an importer gives
 * a new entry, and the one suggested for an id written with other letters.
 */

/** The syntax of an id (`$defs/id` in ontology/profile.schema.json says the same). */
export const ID_SYNTAX = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Letters that Unicode does not decompose into a base letter and an accent. */
const unaccented: Record<string, string> = {
  ı: 'i', ȷ: 'j', ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', ħ: 'h', Ħ: 'H',
  æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ß: 'ss', þ: 'th', Þ: 'Th',
};

/** Lower-case letters and digits, words separated by single spaces: `St\u00e9phane Mall\u00e9t` → `stephane mallet`. */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '')
    .replace(/[^\u0000-\u007f]/g, (c) => unaccented[c] ?? c)
    .toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** An id in the profile's syntax, or '' if nothing is left: `José Núñez` → `jose-nunez`. */
export function slug(s: string, maxLength = 60): string {
  let id = fold(s).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (id.length > maxLength) id = id.slice(0, maxLength).replace(/-[^-]*$/, '') || id.slice(0, maxLength);
  return ID_SYNTAX.test(id) ? id : '';
}

/**
 * The id a name makes, or '' when none of its letters is a Latin one: the
 * digits left of 言語処理学会第28回年次大会 (`28`) would name nothing.
 */
export function nameId(name: string, maxLength = 60): string {
  const id = slug(name, maxLength);
  return /[a-z]/.test(id) || !/\p{L}/u.test(name) ? id : '';
}
