import { FieldMode, parse, type Creator, type Entry } from '@retorquere/bibtex-parser';
import { mathDelimiters } from '../source/tex-math.js';
import { decodeUtf8 } from '../source/utf8.js';
import { quoted, tidyText } from './names.js';

/**
 * A .bib file read by Better BibTeX's parser (@retorquere/bibtex-parser):
 * `@string` macros expanded, `crossref` applied, LaTeX turned into Unicode,
 * names split, field names lower-cased. Before the parser sees the text, a
 * scan of our own bounds what it would build (an `@string` that doubles at
 * each step, a field of megabytes) and escapes each bare `%` inside a value,
 * which LaTeX would read as a comment and the parser would drop with the rest
 * of the line: in a .bib, `50%` means fifty per cent. The same scan takes out
 * each math segment (`$…$`, `\(…\)`) of a field other than a list of names,
 * which comes back as its TeX, as written: the parser would make `$\bar\partial$`
 * a bare ∂ and `$\sup_{z}$` nothing, and its options keep math nowhere but
 * in a raw mode that decodes nothing else (as arXiv, DBLP and zbMATH do, the
 * profile keeps math as TeX). Each entry also gets the
 * line it starts on, and the parser's markup is turned into plain text
 * (titles) or Markdown (abstracts); all text is NFC.
 */

/** The longest value a field (or an `@string`) may expand to, in characters. */
export const fieldLimit = 256 * 1024;

export interface BibRecord {
  key: string;
  /** The entry type, lower-case, without `@`. */
  type: string;
  /** Line of the .bib where the entry starts (1-based). */
  line: number;
  fields: Entry['fields'];
  /** Fields the parser marked as duplicated (`title+duplicate-1`): the first value is kept. */
  duplicated: string[];
  /** What reading it changed or could not decode, for the import's report. */
  notes: string[];
}

/** An entry the parser could not read, with where it is and why. */
export interface BibProblem {
  key: string;
  line: number;
  reason: string;
}

export interface BibFile {
  records: BibRecord[];
  problems: BibProblem[];
}

/** A .bib that cannot be read at all (not UTF-8, over a limit): nothing of it is imported. */
export class BibInputError extends Error {}

/**
 * The text of a .bib: UTF-8, or the encoding its first line declares as
 * JabRef writes it (`% Encoding: ISO-8859-1`); anything else is refused with
 * the line and column of its first byte that is not UTF-8.
 */
export function decodeBib(bytes: Uint8Array, file: string): string {
  const declared = /^%\s*Encoding:\s*([\w.:-]+)/i.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 100)))?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    try {
      return new TextDecoder(declared.toLowerCase()).decode(bytes);
    } catch {
      throw new BibInputError(`${file}:1:1: declares the encoding "${declared}", which is not one this program can read`);
    }
  }
  const decoded = decodeUtf8(bytes);
  if ('text' in decoded) return decoded.text;
  const { line, column } = decoded.badByte;
  throw new BibInputError(`${file}:${line}:${column}: is not UTF-8 (saved as Latin-1 or Windows-1252?); save it as UTF-8, or declare its encoding on the first line as JabRef does: % Encoding: windows-1252`);
}

export function readBibtex(source: string, file: string): BibFile {
  const { text, maths } = prepare(source, file);
  const restore = (s: string) => s.replace(mathMark, (_m, n: string) => maths[Number(n)]);
  const undecoded = new Map<string, Set<string>>();
  const library = parse(text, {
    // Titles stay as the file writes them: the profile shows them as written.
    sentenceCase: false, english: false, caseProtection: false, applyCrossRef: true,
    // A publisher, an institution is one name, "and" or "&" in it included ("Taylor and Francis").
    // Keywords decoded as any text is (the parser would keep them as written: `B{\"u}rgerrecht`), then split at `,` and `;`.
    fieldMode: { publisher: 'title', institution: 'title', organization: 'title', school: 'title', location: 'title', keywords: 'richtext' },
    // A command the parser has no Unicode for: a quotation mark of ours, else left out (its argument kept as text) and noted.
    unsupported: (_node, tex, entry) => {
      // A control word (`\\foo`) or a control symbol (`\\|`).
      const name = /^\\([a-zA-Z]+|.)/.exec(tex)?.[1] ?? '';
      if (Object.hasOwn(quotationMarks, name)) return quotationMarks[name];
      // French ordinals' raised letters (babel-french's \up{er}, \up{e}): the letters, as plain text writes them (1er, XVe).
      if (name === 'up') return tex.replace(/^\\up\s*/, '').replace(/[{}]/g, '');
      const seen = undecoded.get(entry.key) ?? new Set<string>();
      undecoded.set(entry.key, seen.add(name));
      return tex.replace(/^\\[a-zA-Z]+\*?/, '').replace(/[{}]/g, '');
    },
  });
  const lineAt = lineIndex(text);
  const problems: BibProblem[] = [];
  const failed = new Set<string>();
  for (const error of library.errors) {
    const at = /at line (\d+)/.exec(error.error);
    const key = /^@\w+\s*[{(]\s*([^,\s]+)\s*,/.exec(error.input ?? '')?.[1] ?? '';
    if (key) failed.add(key);
    problems.push({ key: key || '(unknown)', line: at ? Number(at[1]) : 0, reason: `cannot be read: ${error.error.replace(/ at line \d+, column \d+/, '').split('\n')[0]}` });
  }
  const records: BibRecord[] = [];
  let cursor = 0;
  for (const entry of library.entries) {
    if (!entry.input) {
      if (!failed.has(entry.key)) problems.push({ key: entry.key, line: 0, reason: 'cannot be read' });
      continue;
    }
    const at = text.indexOf(entry.input, cursor);
    const start = at >= 0 ? at : text.indexOf(`{${entry.key},`, cursor);
    if (at >= 0) cursor = at + entry.input.length;
    const fields = new Map<string, unknown>();
    const duplicated: string[] = [];
    for (const [name, value] of Object.entries(entry.fields)) {
      const dup = /^(.+)\+duplicate-\d+$/.exec(name);
      if (dup) {
        if (!duplicated.includes(dup[1])) duplicated.push(dup[1]);
        continue;
      }
      fields.set(name, tidy(value, restore));
    }
    const marked = unmark(fields);
    // A null-prototype object: a field may be called anything, `__proto__` included.
    const own = Object.assign(Object.create(null) as Record<string, unknown>, Object.fromEntries(fields));
    const notes = [...undecoded.get(entry.key) ?? []].map((command) => `cannot decode the LaTeX command \\${command} of its ${fieldsWith(entry.input, command)}: ${
      /^[a-zA-Z]/.test(command) ? 'left out, its argument kept as text' : 'kept as written'}`);
    for (const [mark, names] of marked) {
      notes.push(`took ${names.length > 1 ? 'the names' : 'the name'} ${names.map(quoted).join(', ')} without the mark ${quoted(mark)} (al-folio's sign of equal contribution, a corresponding author and the like), which the profile has no place for: it is not kept`);
    }
    records.push({ key: entry.key, type: entry.type.toLowerCase(), line: start >= 0 ? lineAt(start) : 0, fields: own as Entry['fields'], duplicated, notes });
  }
  return { records, problems };
}

/**
 * The quotation marks of babel's German and French (and T1's guillemets) the
 * parser has no Unicode for, as LaTeX prints them; `\quotedblbase`, which
 * the parser would make U+201F ‟, is read as `\glqq` (see `prepare`).
 */
const quotationMarks: Record<string, string> = {
  glqq: '\u201e', grqq: '\u201c', glq: '\u201a', grq: '\u2018', flqq: '\u00ab', frqq: '\u00bb', flq: '\u2039', frq: '\u203a',
  guillemetleft: '\u00ab', guillemetright: '\u00bb', guilsinglleft: '\u2039', guilsinglright: '\u203a',
  textquotedblbase: '\u201e', textquotesinglbase: '\u201a', dq: '"',
  // babel-french's: « and » with a no-break space inside.
  og: '\u00ab\u00a0', fg: '\u00a0\u00bb',
};

/** The fields an entry's text writes a command in, for a note: `title`, `title and abstract`. */
function fieldsWith(input: string, command: string): string {
  const starts = [...input.matchAll(/[,{(]\s*([A-Za-z][\w:.+-]*)\s*=/g)];
  const fields = new Set<string>();
  const escaped = command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const use of input.matchAll(new RegExp(`\\\\${escaped}${/^[a-zA-Z]/.test(command) ? '(?![a-zA-Z])' : ''}`, 'g'))) {
    const field = starts.filter((f) => f.index < use.index).pop()?.[1];
    if (field) fields.add(field.toLowerCase());
  }
  return fields.size > 0 ? [...fields].join(' and ') : 'text';
}

/** The signs al-folio's authors mark names with (`*Pang, Ce`, `Belyy*`, `Wu$^\\dagger$`), at the start or the end of a part of the name. */
const nameMark = /^(?:<sup>)?([*#^\u2020\u2021\u00a7\u00b6]+)(?:<\/sup>)?\s*|\s*(?:<sup>)?([*#^\u2020\u2021\u00a7\u00b6]+)(?:<\/sup>)?$/gu;

/**
 * The names of the entry's people (author, editor...) without the signs that mark them: each sign, with the
 * names it marked as the .bib writes them, for the import's report.
 */
function unmark(fields: Map<string, unknown>): Map<string, string[]> {
  const marked = new Map<string, string[]>();
  for (const [field, value] of fields) {
    if (!Array.isArray(value) || !value.every((c) => typeof c === 'object' && c !== null)) continue;
    fields.set(field, (value as Creator[]).map((c) => {
      const marks = new Set<string>();
      const parts = Object.fromEntries(Object.entries(c).map(([k, x]) => [k, typeof x !== 'string' ? x
        : x.replace(nameMark, (_m, start?: string, end?: string) => (marks.add(start ?? end ?? ''), ''))]));
      // A name that is nothing but a sign is left as it is.
      if (marks.size === 0 || !Object.values(parts).some((x) => typeof x === 'string' && x !== '')) return c;
      const written = (c.lastName ? [c.prefix, c.lastName].filter(Boolean).join(' ') + (c.firstName ? `, ${c.firstName}` : '') : c.name ?? '')
        .replace(/<\/?sup>/g, '');
      for (const mark of marks) marked.set(mark, [...marked.get(mark) ?? [], written]);
      return parts as Creator;
    }));
  }
  return marked;
}

function tidy(value: unknown, restore: (s: string) => string): unknown {
  const text = (s: string) => restore(tidyText(s));
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === 'string' ? text(v)
      : Object.fromEntries(Object.entries(v as Creator).map(([k, x]) => [k, typeof x === 'string' ? text(x) : x]))));
  }
  return value;
}

/** Where `prepare` took out a math segment: its number, between two characters of Unicode's private use area. */
const mathMark = /\uE000(\d+)\uE001/g;
/** A math segment's closing delimiter, by its opening one. */
const mathCloses = new Map(mathDelimiters);
/** The fields that list people: their math (MathSciNet's `Gel$'$fand`) is part of a name, decoded as today. */
const nameFields = new Set(FieldMode.creatorlist);

/**
 * Reads the .bib as the parser will (entries, `@string`s, values in braces
 * or quotes, macros, `#`), without expanding anything: each value's expanded
 * length is added up from the lengths of the macros it names. A value over
 * `fieldLimit` stops the import with its place; a bare `%` in a value becomes
 * `\%`, and the quotation marks the parser would change or drop are written
 * as commands `quotationMarks` decodes; a math segment is replaced by a mark
 * (`mathMark`). Returns the text to parse (the same lines) and the math
 * segments, their white space made single spaces (as TeX reads it).
 */
function prepare(source: string, file: string): { text: string; maths: string[] } {
  // The parser's Unicode for \quotedblbase is U+201F ‟, not „; babel-french's \fg takes the space before it; MathSciNet's
  // transliteration of Russian writes the soft and hard signs as \cprime and \cdprime, which its preamble defines as
  // $'$ and $''$ (Funktsional′nyĭ), and the parser would make Cyrillic capitals (FunktsionalЬnyĭ).
  const text = source.replace(/\\quotedblbase(?![a-zA-Z])/g, '\\glqq').replace(/[ \t]+(?=\\fg(?![a-zA-Z]))/g, '')
    .replace(/\\c(d?)prime(?![a-zA-Z])[ \t]*/g, (_m, hard: string) => (hard ? '\u2033' : '\u2032'));
  const lineAt = lineIndex(text);
  const where = (at: number) => {
    const line = lineAt(at);
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    return `${file}:${line}:${at - lineStart + 1}`;
  };
  const lengths = new Map<string, number>(monthNames.map((m) => [m, 8]));
  /** Where the text changes: `%` → `\%`, babel's shorthands `"\`` and `"'` → `\glqq{}`, `\grqq{}`. */
  const edits: Array<[at: number, length: number, replacement: string]> = [];
  const maths: string[] = [];
  /** The end of the math segment opening at `at` (source/tex-math.ts's delimiters) of a value delimited by `open`; -1 when it does not close in it. */
  const mathEnd = (at: number, opener: string, open: string): number => {
    const closer = mathCloses.get(opener)!;
    let depth = 0;
    for (let j = at + opener.length; j < text.length; j++) {
      if (text.startsWith(closer, j) && depth === 0) return j + closer.length;
      const c = text[j];
      if (c === '\\') j++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth < 0) return -1;
      else if (c === '"' && open === '"' && depth === 0) return -1;
    }
    return -1;
  };
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /[\s%]/.test(text[i])) {
      if (text[i] === '%') while (i < text.length && text[i] !== '\n') i++;
      else i++;
    }
  };
  const word = () => {
    const start = i;
    while (i < text.length && !/[\s,={}()"#%]/.test(text[i])) i++;
    return text.slice(start, i);
  };
  /** A value (`{...}`, `"..."`, a number or a macro, joined by `#`): its expanded length. */
  const value = (keepMath: boolean): number => {
    let total = 0;
    for (;;) {
      skipSpace();
      const open = text[i];
      if (open === '{' || open === '"') {
        const start = ++i;
        let depth = 0;
        for (; i < text.length; i++) {
          const c = text[i];
          const opener = keepMath ? mathDelimiters.find(([start]) => text.startsWith(start, i))?.[0] : undefined;
          const end = opener ? mathEnd(i, opener, open) : -1;
          if (end >= 0) {
            edits.push([i, end - i, `\uE000${maths.length}\uE001`]);
            maths.push(text.slice(i, end).replace(/\s+/g, ' '));
            i = end - 1;
            continue;
          }
          if (c === '\\') { i++; continue; }
          if (c === '%') edits.push([i, 0, '\\']);
          else if (c === '"' && (text[i + 1] === '`' || text[i + 1] === "'") && (open === '{' || depth > 0)) {
            edits.push([i, 2, text[i + 1] === '`' ? '\\glqq{}' : '\\grqq{}']);
            i++;
          }
          else if (c === '{') depth++;
          else if (c === '}') { if (depth === 0 && open === '{') break; depth--; }
          else if (c === '"' && open === '"' && depth <= 0) break;
        }
        total += i - start;
        i++;
      } else {
        const name = word();
        total += /^\d+$/.test(name) ? name.length : (lengths.get(name.toLowerCase()) ?? name.length + 4);
      }
      skipSpace();
      if (text[i] !== '#') return total;
      i++;
    }
  };
  const tooLong = (at: number, what: string, length: number) => new BibInputError(
    `${where(at)}: ${what} is ${length.toLocaleString('en')} characters long (@string macros expanded), over the limit of ${fieldLimit.toLocaleString('en')}; nothing was imported`);
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    i = at + 1;
    const type = word().toLowerCase();
    skipSpace();
    if (type === 'comment' || (text[i] !== '{' && text[i] !== '(')) continue;
    const close = text[i] === '{' ? '}' : ')';
    i++;
    if (type === 'preamble') { value(false); continue; }
    let key = '';
    if (type !== 'string') {
      skipSpace();
      key = word();
      skipSpace();
      if (text[i] === ',') i++;
    }
    for (;;) {
      skipSpace();
      if (i >= text.length || text[i] === close) { i++; break; }
      const fieldAt = i;
      const name = word();
      skipSpace();
      if (!name || text[i] !== '=') break; // malformed: the parser says where
      i++;
      const length = value(!nameFields.has(name.toLowerCase()));
      if (type === 'string') {
        if (length > fieldLimit) throw tooLong(fieldAt, `the @string ${name}`, length);
        lengths.set(name.toLowerCase(), length);
      } else if (length > fieldLimit) throw tooLong(fieldAt, `the field ${name.toLowerCase()} of ${key}`, length);
      skipSpace();
      if (text[i] === ',') i++;
    }
  }
  let out = '';
  let from = 0;
  for (const [at, length, replacement] of edits) {
    out += text.slice(from, at) + replacement;
    from = at + length;
  }
  return { text: out + text.slice(from), maths };
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let [lo, hi] = [0, starts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** The parser marks up emphasis, links and the like as HTML; plain text keeps only the words. */
export function plainText(s: string): string {
  return s.replace(/<\/?(i|b|em|strong|sup|sub|code|tt|p|br|a|span)\b[^>]*>/g, '').replace(/[^\S\u00a0]+/g, ' ').trim();
}

/** The same markup as Markdown, for an abstract (the profile's abstracts are Markdown). */
export function markdownText(s: string): string {
  return s
    .replace(/<a href="([^"]*)">(.*?)<\/a>/g, (_m, href: string, label: string) => (label === href ? `<${href}>` : `[${label}](${href})`))
    .replace(/<\/?(i|em)>/g, '*').replace(/<\/?(b|strong)>/g, '**').replace(/<\/?(code|tt)>/g, '`')
    .replace(/<\/?(sup|sub|span)\b[^>]*>/g, '').replace(/<br\s*\/?>/g, '\n').replace(/<\/?p>/g, '\n\n')
    .replace(/[ \t]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** A verbatim field (url, doi) as the .bib escapes it: `a\_b` → `a_b`. */
export function unescapeVerbatim(s: string): string {
  return s.replace(/\\([_%#&$~])/g, '$1').replace(/[{}]/g, '').trim();
}
