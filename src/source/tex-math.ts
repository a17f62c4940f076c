/**
 * Math in the profile's text: TeX between its delimiters, kept as written
 * (`$L^p$ estimates for $\bar\partial$`), as arXiv, DBLP and zbMATH keep it.
 * The BibTeX import keeps a .bib's math so, and the BibTeX writer writes it
 * back unescaped; a page typesets it as MathML, the TeX kept in it
 * (render/markdown.ts), and keeps it as written where only text can go.
 */

/** The delimiters of a math segment: each opening one with its closing one (`$$` before `$`, which it starts with). */
export const mathDelimiters: ReadonlyArray<readonly [open: string, close: string]> = [['$$', '$$'], ['$', '$'], ['\\(', '\\)'], ['\\[', '\\]']];

const escaped = (s: string) => s.replace(/[$\\()[\]]/g, '\\$&');

/**
 * A math segment of a text: an opening delimiter (not escaped, as `\\$` is),
 * then anything (a backslash escaping the character after it) up to its
 * closing one. A single `$` opens only before a character that is not a
 * space and closes only after one, not before a digit (as Pandoc reads
 * TeX math): "from US$5 to US$10" is no math.
 */
export const mathSegment = new RegExp(mathDelimiters
  .map(([open, close]) => (open === '$'
    ? `(?<!\\\\)\\$(?=\\S)(?:\\\\[^]|[^\\\\$])+?(?<=\\S)\\$(?!\\d)`
    : `(?<!\\\\)${escaped(open)}(?:\\\\[^]|(?!${escaped(close)})[^\\\\])+?${escaped(close)}`)).join('|'), 'g');

/** Whether a text has a math segment (`mathSegment`). */
export function hasMath(text: string): boolean {
  return text.search(mathSegment) >= 0;
}
