import type { Issue } from '../issues.js';
import type { Source } from './load.js';
import { formatPath, locate, type DataPath } from './locate.js';

/** A date as the schema takes it: a year, a month or a day (checked there; here only read). */
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/**
 * Every entry or role with both a `startDate` and an `endDate` (a position,
 * a membership, an event, a semester) must not end before it starts. Dates
 * of different precision are compared at the coarser one: a position from
 * 2018-12 to 2018 is fine, one from 2019 to 2018-12 is not. A date the
 * schema has refused is left to its message.
 */
export function checkPeriods(source: Source): Issue[] {
  const issues: Issue[] = [];
  const visit = (value: unknown, at: DataPath): void => {
    if (Array.isArray(value)) { value.forEach((item, i) => visit(item, [...at, i])); return; }
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const start = dateOf(record.startDate);
    const end = dateOf(record.endDate);
    if (start && end && !source.reported.has(formatPath([...at, 'startDate'])) && !source.reported.has(formatPath([...at, 'endDate']))) {
      const shared = Math.min(start.length, end.length);
      if (end.slice(0, shared) < start.slice(0, shared)) {
        issues.push({ ...locate(source, [...at, 'endDate']), message: `must not be before its startDate, ${start} (got ${JSON.stringify(record.endDate)})` });
      }
    }
    for (const [key, v] of Object.entries(record)) if (v && typeof v === 'object') visit(v, [...at, key]);
  };
  visit(source.data, []);
  return issues;
}

function dateOf(value: unknown): string | undefined {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
  return text !== undefined && DATE.test(text) ? text : undefined;
}
