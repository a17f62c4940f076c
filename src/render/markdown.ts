import { createRequire } from 'node:module';
import MarkdownIt from 'markdown-it';
import { mathDelimiters, mathSegment } from '../source/tex-math.js';
import { escape, raw, type Markup } from './escape.js';

/**
 * The safe Markdown subset of descriptions, news and abstracts: paragraphs,
 * emphasis, links, lists, code. Raw HTML in the text is shown as text, never
 * run (`html: false`); link targets other than http(s), mailto and relative
 * ones are dropped by markdown-it's own check. Character references (`&amp;`)
 * stay as written, as in the RDF. XHTML output, so the page stays well-formed
 * XML. The RDF keeps the text as written.
 */
const md = new MarkdownIt('zero', { html: false, linkify: true, xhtmlOut: true, breaks: false, typographer: false })
  .enable(['paragraph', 'emphasis', 'link', 'autolink', 'linkify', 'list', 'backticks', 'code', 'fence', 'escape', 'newline']);

// Math (`$\|f\|_p$`, `\(a_1\)`: source/tex-math.ts) is never Markdown: its `*`, `_` and backslashes stay, and it is typeset (`mathml`).
const mathAt = new RegExp(mathSegment.source, 'y');
md.inline.ruler.before('escape', 'math', (state, silent) => {
  mathAt.lastIndex = state.pos;
  const math = mathAt.exec(state.src);
  if (!math) return false;
  if (!silent) state.push('math', '', 0).content = math[0];
  state.pos += math[0].length;
  return true;
});
md.renderer.rules.math = (tokens, i) => mathml(tokens[i].content);

/** What a text's relative links are relative to: the site's root (its path, or its URL where the text leaves the site, as a feed's does). */
type Env = { root: string };

const defaultLink = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
// External links open as ordinary links; the rel says they are not endorsements.
// A relative link (`files/notes.pdf`, `publications/`) leads where it would from the homepage, on whatever page the text is shown.
md.renderer.rules.link_open = (tokens, i, options, env, self) => {
  const href = String(tokens[i].attrGet('href') ?? '');
  if (/^https?:/i.test(href)) tokens[i].attrSet('rel', 'nofollow noopener');
  else if (!/^([a-z][a-z0-9+.-]*:|\/)/i.test(href)) tokens[i].attrSet('href', `${(env as Env | undefined)?.root ?? ''}${href}`);
  return defaultLink(tokens, i, options, env, self);
};

/** A block of text as paragraphs and lists; its relative links from `root`, the site's root. */
export function markdownBlock(text: string, root: string): Markup {
  return raw(clean(md.render(text, { root } satisfies Env)));
}

/**
 * A text's first block (its first paragraph, list or code), as written, whether more follows, and whether that block
 * is a paragraph (else a list or code, shown as a block: `markdownBlock`, never read as one paragraph's worth of
 * text, which would show a list's `- `): a list of news shows the first, and links to the item's page for the rest.
 */
export function firstBlock(text: string): { first: string; more: boolean; paragraph: boolean } {
  const tokens = md.parse(text, {});
  const blocks = tokens.filter((t) => t.level === 0 && t.nesting !== -1 && t.map);
  const paragraph = blocks.length === 0 || blocks[0].type === 'paragraph_open';
  if (blocks.length <= 1) return { first: text, more: false, paragraph };
  const [start, end] = blocks[0].map!;
  return { first: text.split('\n').slice(start, end).join('\n'), more: true, paragraph };
}

/** One paragraph's worth of text, without the paragraph element: for text inside a list item or a heading line. */
export function markdownInline(text: string, root: string): Markup {
  return raw(clean(md.renderInline(text, { root } satisfies Env)));
}

/**
 * The words of a Markdown text without its markup, for where only text can
 * go: a name made from a news item's text (a feed entry's title, a page's
 * title, a link). `Won the **Best Paper Award**` → `Won the Best Paper Award`.
 */
export function markdownWords(text: string): string {
  const words: string[] = [];
  const read = (tokens: ReturnType<typeof md.parse>) => {
    for (const token of tokens) {
      if (token.children) read(token.children);
      else if (token.type === 'text' || token.type === 'math' || token.type === 'code_inline' || token.type === 'code_block' || token.type === 'fence') words.push(token.content);
      // A line break and a block's end part words; an inline element's end (a link's, an emphasis') does not: "(its papers)".
      else if (token.type === 'softbreak' || token.type === 'hardbreak' || (token.block && token.type.endsWith('_close'))) words.push(' ');
    }
  };
  read(md.parse(text, {}));
  return words.join('').replace(/\s+/g, ' ').trim();
}

/** Characters XML forbids, which markdown-it passes through, as U+FFFD (as escape() does). */
function clean(html: string): string {
  return html.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD').trimEnd();
}

/**
 * A plain text (a title, a name) as markup: escaped, its math typeset as MathML (`mathml`). Most texts have no math
 * delimiter at all, and are only escaped.
 */
export function withMath(text: string): Markup {
  if (!/[$\\]/.test(text)) return raw(escape(text));
  let out = '';
  let at = 0;
  for (const math of text.matchAll(mathSegment)) {
    out += escape(text.slice(at, math.index)) + mathml(math[0]);
    at = math.index + math[0].length;
  }
  return raw(out + escape(text.slice(at)));
}

/** KaTeX, loaded on first use only (its types alone are imported here). */
let katex: typeof import('katex') | undefined;

/**
 * Each math segment's markup, by the segment as written: a list of works and its CV show the same titles again. At
 * most `TYPESET_KEPT` segments, the oldest let go first, so that a `serve --watch` edited all day holds no more.
 */
const typeset = new Map<string, string>();
const TYPESET_KEPT = 4096;

/**
 * A math segment as written (`$L^p$`, `$$…$$`, `\(…\)`, `\[…\]`) as MathML, which browsers render without a
 * script or a font of the site's (MathML Core), made by KaTeX when the page is made; the TeX kept in it as its
 * `<annotation encoding="application/x-tex">`, which a reader can copy and a screen reader may read. `$$…$$` and
 * `\[…\]` are display math. Math KaTeX does not read, or that asks for what a page must not run (`\href`,
 * `\htmlClass`: KaTeX's untrusted commands), stays as written, as text. KaTeX is loaded when the first math is made,
 * so that a command whose pages have none never loads it.
 */
function mathml(segment: string): string {
  let markup = typeset.get(segment);
  if (markup === undefined) {
    markup = make(segment);
    if (typeset.size >= TYPESET_KEPT) typeset.delete(typeset.keys().next().value!);
    typeset.set(segment, markup);
  }
  return markup;
}

function make(segment: string): string {
  const [open, close] = mathDelimiters.find(([o, c]) => segment.startsWith(o) && segment.endsWith(c) && segment.length >= o.length + c.length)!;
  katex ??= createRequire(import.meta.url)('katex') as typeof import('katex');
  let untrusted = false;
  try {
    const tex = segment.slice(open.length, segment.length - close.length);
    const made = katex.renderToString(tex, {
      output: 'mathml', throwOnError: true, displayMode: open === '$$' || open === '\\[', strict: 'ignore',
      trust: () => { untrusted = true; return false; },
    });
    // The TeX as written names the math too: Chromium leaves MathML out of the names it computes, and a heading or a
    // link (`[$L^p$](…)`) would be named without it, or not at all; a screen reader still reads the MathML inside.
    return untrusted ? escape(segment) : clean(made.replace('<math ', `<math aria-label="${escape(tex)}" `));
  } catch {
    return escape(segment);
  }
}
