/**
 * Names as the importer compares them: folded to plain lower-case letters
 * (accents and case do not tell two people apart in a bibliography), split
 * into given and family names, and matched with initials standing for the
 * names they abbreviate. Also the ids new entries get from their names
 * (folding and ids are source/ids.ts's, which validation suggests ids by).
 */
import { fold } from '../source/ids.js';

export { fold, slug } from '../source/ids.js';

/** `Loı̈c` (a dotless i carrying an accent, as LaTeX's `\"\i` becomes) → `Loïc`; then composed. */
export function tidyText(s: string): string {
  return s.replace(/ı(?=\p{M})/gu, 'i').replace(/ȷ(?=\p{M})/gu, 'j').normalize('NFC');
}

/** A name split as a bibliography splits it; each part folded into words. */
export interface SplitName {
  given: string[];
  family: string[];
}

/** One way a profile writes a person's name: split, or only as a run of words whose split is unknown. */
export type NameVariant = { split: SplitName } | { words: string[] };

const words = (s: string) => fold(s).split(' ').filter(Boolean);

/** The forms of a profile entry's name: `name`, each `alternateName` ("Last, First" too), and givenName + familyName. */
export function variantsOf(entry: { name?: unknown; alternateName?: unknown; givenName?: unknown; familyName?: unknown }): NameVariant[] {
  const names = [entry.name, ...(Array.isArray(entry.alternateName) ? entry.alternateName : [entry.alternateName])]
    .filter((n): n is string => typeof n === 'string');
  const variants: NameVariant[] = names.map((n) => {
    const comma = n.indexOf(',');
    return comma > 0 ? { split: { family: words(n.slice(0, comma)), given: words(n.slice(comma + 1)) } } : { words: words(n) };
  });
  if (typeof entry.givenName === 'string' && typeof entry.familyName === 'string') {
    variants.push({ split: { given: words(entry.givenName), family: words(entry.familyName) } });
  }
  return variants.filter((v) => ('split' in v ? v.split.family.length > 0 : v.words.length > 0));
}

/** The key a variant is indexed under: its last word, always part of the family name. */
export function indexKey(v: NameVariant | SplitName): string {
  const w = 'split' in v ? v.split.family : 'words' in v ? v.words : v.family;
  return w[w.length - 1] ?? '';
}

/** Given names agree: word by word equal, or one is the initial of the other (A ~ Ada); the shorter list may stop early. */
function compatibleGiven(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return a.length === b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (x !== y && !(x.length === 1 && y.startsWith(x)) && !(y.length === 1 && x.startsWith(y))) return false;
  }
  return true;
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((w, i) => w === b[i]);

/** How a bibliography's name fits one written form: `exact` (same words), `compatible` (initials), or not at all. */
export function compare(name: SplitName, v: NameVariant): 'exact' | 'compatible' | undefined {
  let given: string[];
  if ('split' in v) {
    if (!same(v.split.family, name.family)) return undefined;
    given = v.split.given;
  } else {
    const n = name.family.length;
    if (v.words.length <= n || !same(v.words.slice(-n), name.family)) {
      // A name written without its given names matches only one written the same way.
      return v.words.length === n && same(v.words, name.family) && name.given.length === 0 ? 'exact' : undefined;
    }
    given = v.words.slice(0, -n);
  }
  if (same(given, name.given)) return 'exact';
  return compatibleGiven(given, name.given) ? 'compatible' : undefined;
}

/** How much of a name is spelled out: full given names beat initials, when choosing whose spelling a new person gets. */
export function fullness(name: SplitName): number {
  return name.given.filter((w) => w.length > 1).length * 1000 + name.given.join(' ').length;
}

/** A person's one-field name split as written: the last word the family name ("Zoë Ångström-Łukasiewicz"; 王小明 whole). */
export function literalSplit(name: string): SplitName {
  const parts = name.trim().split(/\s+/);
  return { given: words(parts.slice(0, -1).join(' ')), family: words(parts.at(-1) ?? '') };
}

/**
 * Whether a one-field name (Zotero's single-field mode, BibTeX's `{…}`)
 * reads as a person's: one in a script that has no case (Han, Hangul, kana,
 * Thai, Arabic, Hebrew…: `王小明`), which is a person's unless it ends in an
 * institution's word (大学, 研究所, 委员会…), or, in a script with case,
 * two to five words, each a capitalised name, an initial or a particle (da,
 * de, van, von...), and no word of an institution's name ("Scott F.
 * Smith", not "Zotero Team").
 */
export function personLike(name: string): boolean {
  if (caseless(name)) return !institutionEnd.test(name.trim());
  const parts = name.trim().split(/\s+/);
  const particle = /^(da|das|de|del|della|der|di|do|dos|du|la|le|ten|ter|van|von|y|zu)$/;
  const institution = /^(academy|association|center|centre|collaboration|committee|consortium|council|department|foundation|group|inc\.?|institut|institute|laboratory|lab|ltd\.?|ministry|network|office|organi[sz]ation|project|society|team|university|universit[äéy])$/i;
  return parts.length >= 2 && parts.length <= 5 && parts.every((w) => !institution.test(w) && (particle.test(w) || /^\p{Lu}[\p{L}'’-]*\.?$/u.test(w)));
}

/**
 * A name of one to five words written only in letters that have no case
 * (`\p{Lo}`: Han, Hangul, kana, Thai, Arabic, Hebrew, Devanagari…), with
 * their marks and a name's dots (・, ·): no capital can tell a person's name
 * from an institution's there.
 */
export function caseless(name: string): boolean {
  const parts = name.trim().split(/\s+/);
  return parts.length <= 5 && /^[\p{Lo}\p{M}\s\u00b7\u30fb\u30fc.'’-]+$/u.test(name.trim()) && /\p{Lo}/u.test(name);
}

/** The words institutions' names end in, in Chinese, Japanese and Korean: university, institute, academy, committee, society, company, centre, library, foundation. */
const institutionEnd = /(大学|大學|学院|學院|研究所|研究院|科学院|科學院|委员会|委員會|委員会|协会|協會|協会|学会|學會|公司|会社|中心|センター|図書館|图书馆|圖書館|基金会|基金會|財団|대학교|대학|연구소|연구원|위원회|협회|학회|재단)$/u;

/** A value as a message quotes it: whole if short, else its start and its length (a message never prints a whole field). */
export function quoted(value: string): string {
  return value.length <= 80 ? `"${value}"` : `"${value.slice(0, 60)}…" (${value.length.toLocaleString('en')} characters)`;
}
