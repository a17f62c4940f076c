import type { Words } from '../labels.js';

/**
 * Escaping, and a tiny markup builder that escapes by default: text is
 * always escaped where it is interpolated, so data can never become markup.
 * Only `Markup` values (made by `html` or `raw`) pass through as they are.
 *
 * The output is also well-formed XML (void elements are self-closed, no
 * named entities beyond XML's own), so the same bytes can be served as
 * `application/xhtml+xml`.
 */

/** What `escape` replaces: the five characters markup gives a meaning, and the ones XML forbids. */
const ESCAPED = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Text and attribute values, for HTML and XHTML alike. */
export function escape(text: string): string {
  // Most text has nothing to escape: one scan of it rather than six (a CV's thousands of entries).
  if (!ESCAPED.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
    // Characters XML forbids would make the XHTML ill-formed; HTML shows them as nothing useful either.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}

/** A piece of markup that is already safe. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), markup (kept), lists (joined), nothing (left out). */
export type Content = Markup | string | number | undefined | null | false | readonly Content[];

/** Markup from a template: every interpolated string is escaped. */
export function html(strings: TemplateStringsArray, ...values: Content[]): Markup {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Markup(out);
}

/** Trusted markup, written by this module's code (never data). */
export function raw(markup: string): Markup {
  return new Markup(markup);
}

export function render(content: Content): string {
  if (content === undefined || content === null || content === false) return '';
  if (content instanceof Markup) return content.value;
  if (Array.isArray(content)) return content.map(render).join('');
  return escape(String(content as string | number));
}

/** Items joined by a separator, all escaped unless markup. */
export function join(items: readonly Content[], separator: Content = ', '): Markup {
  const kept = items.filter((i) => i !== undefined && i !== null && i !== false && !(Array.isArray(i) && i.length === 0));
  return new Markup(kept.map(render).join(render(separator)));
}

/** Markup's first visible character, past its opening tags (all a word's elision reads of what follows it). */
function visibleStart(markup: string): string {
  return markup.charAt(/^(?:<[^>]*>)*/.exec(markup)![0].length);
}

/**
 * "a", "a and b", "a, b and c", as the language writes a list (the words `list-comma` and `and`: Japanese
 * "a、b、c", no spaces); with `choice`, "a, b or c" (the word `or`).
 */
export function list(items: readonly Content[], words: Words, choice = false): Markup {
  const kept = items.filter((i) => i !== undefined && i !== null && i !== false && !(Array.isArray(i) && i.length === 0));
  if (kept.length <= 1) return join(kept);
  return phrase(words, choice ? 'or' : 'and', { rest: join(kept.slice(0, -1), words.text('list-comma')), last: kept[kept.length - 1] });
}

/**
 * A word of the site's language (labels.ts) as markup: its text escaped,
 * each placeholder filled with a value, text escaped and markup kept (a
 * `{name:lower}` placeholder lowers text, never markup); with a count, the
 * word's form for it, the count filling `{count}`.
 */
export function phrase(words: Words, key: string, values: Record<string, Content> = {}, count?: number): Markup {
  const filled: Record<string, Content> = { ...(count === undefined ? {} : { count }), ...values };
  const parts = words.parts(key, count);
  const texts = parts.map((part) => {
    if (typeof part === 'string') return part;
    const value = filled[part.name];
    return typeof value === 'string' ? escape(words.fill(part, value)) : render(value);
  });
  // A word's own text is escaped; before a value, shortened as the language shortens it before the value's first letter.
  return new Markup(texts.map((t, i) => (typeof parts[i] === 'string' ? escape(i + 1 < texts.length ? words.elide(t, visibleStart(texts[i + 1])) : t) : t)).join(''));
}
