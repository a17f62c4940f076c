import type { Literal } from '@rdfjs/types';
import { xsd } from '../../rdf/vocabulary.js';
import { html, type Markup } from '../escape.js';

/**
 * Dates and places as people read them: `Sep 2022`, `2018 – Sep 2022`,
 * `Germany`. Presentation only.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * A date at the precision it was written: `2018` (gYear), `Sep 2022`
 * (gYearMonth), `30 Sep 2022` (date). The machine-readable value goes in
 * `<time datetime>`.
 */
export function dateText(literal: Literal): string {
  const m = DATE.exec(dateValue(literal));
  if (!m) return literal.value;
  const [, year, month, day] = m;
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (month && !monthName) return literal.value;
  return [day ? String(Number(day)) : '', monthName ?? '', year].filter(Boolean).join(' ');
}

function dateValue(literal: Literal): string {
  // An xsd:dateTime reads as its day.
  return literal.datatype?.value === xsd('dateTime') ? literal.value.slice(0, 10) : literal.value;
}

export function time(literal: Literal | undefined): Markup | undefined {
  if (!literal) return undefined;
  const value = dateValue(literal);
  return DATE.test(value) ? html`<time datetime="${value}">${dateText(literal)}</time>` : html`${literal.value}`;
}

/**
 * Years of a role: `2018 – Sep 2022`; `since Oct 2022` while it lasts (a
 * role with no end is current); `2021` for one year. A thing that is not a
 * role (an event, a course instance) with a start only just has its date.
 */
export function period(start: Literal | undefined, end: Literal | undefined, ongoing = true): Markup | undefined {
  if (start && end) {
    if (start.value === end.value) return time(start);
    return html`${time(start)}\u2009–\u2009${time(end)}`;
  }
  if (start) return ongoing ? html`since ${time(start)}` : time(start);
  if (end) return html`until ${time(end)}`;
  return undefined;
}

/** Sort key of a date literal: later dates sort first with `byDateDesc`. */
export function dateKey(literal: Literal | undefined): string {
  return literal ? dateValue(literal) : '';
}

const regions = new Intl.DisplayNames(['en'], { type: 'region' });

/** `DE` → `Germany`; anything that is not a two-letter region code stays as written. */
export function countryName(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}
