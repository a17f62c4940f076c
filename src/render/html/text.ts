import type { Literal } from '@rdfjs/types';
import { defaultWords, type Words } from '../../labels.js';
import { xsd } from '../../rdf/vocabulary.js';
import { html, phrase, type Markup } from '../escape.js';

/**
 * Dates as people read them, in the site's language (English where none
 * is given): `Sep 2022`, `2018 – Sep 2022`, `since Oct 2022`. Presentation
 * only.
 */

/**
 * A date at the precision it was written: `2018` (gYear), `Sep 2022`
 * (gYearMonth), `30 Sep 2022` (date). The machine-readable value goes in
 * `<time datetime>`.
 */
export function dateText(literal: Literal, words: Words = defaultWords()): string {
  return words.date(dateValue(literal)) ?? literal.value;
}

function dateValue(literal: Literal): string {
  // An xsd:dateTime reads as its day.
  return literal.datatype?.value === xsd('dateTime') ? literal.value.slice(0, 10) : literal.value;
}

export function time(literal: Literal | undefined, words: Words = defaultWords(), className?: string): Markup | undefined {
  if (!literal) return undefined;
  const value = dateValue(literal);
  const text = words.date(value);
  const classes = className ? html` class="${className}"` : '';
  if (text !== undefined) return html`<time${classes} datetime="${value}">${text}</time>`;
  return className ? html`<span${classes}>${literal.value}</span>` : html`${literal.value}`;
}

/**
 * Years of a role: `2018 – Sep 2022`; `since Oct 2022` while it lasts (a
 * role with no end is current); `2021` for one year. A thing that is not a
 * role (an event, a course instance) with a start only just has its date.
 */
export function period(start: Literal | undefined, end: Literal | undefined, ongoing = true, words: Words = defaultWords()): Markup | undefined {
  if (start && end) {
    if (start.value === end.value) return time(start, words);
    return html`${time(start, words)}\u2009–\u2009${time(end, words)}`;
  }
  if (start) return ongoing ? phrase(words, 'since', { date: time(start, words) }) : time(start, words);
  if (end) return phrase(words, 'until', { date: time(end, words) });
  return undefined;
}

/** Sort key of a date literal: later dates sort first with `byDateDesc`. */
export function dateKey(literal: Literal | undefined): string {
  return literal ? dateValue(literal) : '';
}
