import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';
import { tidyText } from './names.js';

/**
 * A .bib file read by Better BibTeX's parser (@retorquere/bibtex-parser):
 * `@string` macros expanded, `crossref` applied, LaTeX turned into Unicode,
 * names split, field names lower-cased. Here, each entry also gets the line
 * it starts on, and the parser's markup is turned into plain text (titles)
 * or Markdown (abstracts).
 */

export interface BibRecord {
  key: string;
  /** The entry type, lower-case, without `@`. */
  type: string;
  /** Line of the .bib where the entry starts (1-based). */
  line: number;
  fields: Entry['fields'];
  /** Fields the parser marked as duplicated (`title+duplicate-1`): the first value is kept. */
  duplicated: string[];
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

export function readBibtex(text: string): BibFile {
  const library = parse(text, {
    // Titles stay as the file writes them: the profile shows them as written.
    sentenceCase: false, english: false, caseProtection: false, applyCrossRef: true,
    unsupported: (_node, tex) => tex.replace(/^\\[a-zA-Z]+\*?/, '').replace(/[{}]/g, ''),
  });
  const lineAt = lineIndex(text);
  const problems: BibProblem[] = [];
  const failed = new Set<string>();
  for (const error of library.errors) {
    const at = /at line (\d+)/.exec(error.error);
    const key = /^@\w+\s*[{(]\s*([^,\s]+)\s*,/.exec(error.input ?? '')?.[1] ?? '';
    if (key) failed.add(key);
    problems.push({ key: key || '(unknown)', line: at ? Number(at[1]) : 0, reason: `cannot be read: ${error.error.replace(/ at line \d+, column \d+/, '')}` });
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
    const fields: Record<string, unknown> = {};
    const duplicated: string[] = [];
    for (const [name, value] of Object.entries(entry.fields)) {
      const dup = /^(.+)\+duplicate-\d+$/.exec(name);
      if (dup) {
        if (!duplicated.includes(dup[1])) duplicated.push(dup[1]);
        continue;
      }
      fields[name] = tidy(value);
    }
    records.push({ key: entry.key, type: entry.type.toLowerCase(), line: start >= 0 ? lineAt(start) : 0, fields: fields as Entry['fields'], duplicated });
  }
  return { records, problems };
}

function tidy(value: unknown): unknown {
  if (typeof value === 'string') return tidyText(value);
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === 'string' ? tidyText(v)
      : Object.fromEntries(Object.entries(v as Creator).map(([k, x]) => [k, typeof x === 'string' ? tidyText(x) : x]))));
  }
  return value;
}

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
  return s.replace(/<\/?(i|b|em|strong|sup|sub|code|tt|p|br|a|span)\b[^>]*>/g, '').replace(/\s+/g, ' ').trim();
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
