import MarkdownIt from 'markdown-it';
import { raw, type Markup } from './escape.js';

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

const defaultLink = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
// External links open as ordinary links; the rel says they are not endorsements.
md.renderer.rules.link_open = (tokens, i, options, env, self) => {
  const href = String(tokens[i].attrGet('href') ?? '');
  if (/^https?:/i.test(href)) tokens[i].attrSet('rel', 'nofollow noopener');
  return defaultLink(tokens, i, options, env, self);
};

/** A block of text as paragraphs and lists. */
export function markdownBlock(text: string): Markup {
  return raw(clean(md.render(text)));
}

/** One paragraph's worth of text, without the paragraph element: for text inside a list item or a heading line. */
export function markdownInline(text: string): Markup {
  return raw(clean(md.renderInline(text)));
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
      else if (token.type === 'text' || token.type === 'code_inline' || token.type === 'code_block' || token.type === 'fence') words.push(token.content);
      else if (token.type === 'softbreak' || token.type === 'hardbreak' || token.type.endsWith('_close')) words.push(' ');
    }
  };
  read(md.parse(text, {}));
  return words.join('').replace(/\s+/g, ' ').trim();
}

/** Characters XML forbids, which markdown-it passes through, as U+FFFD (as escape() does). */
function clean(html: string): string {
  return html.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD').trimEnd();
}
