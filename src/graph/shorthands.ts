import { createHash } from 'node:crypto';

/**
 * ontology/shorthands.json: fields that stand for several statements (a DOI
 * is an identifier and a sameAs link; `authors` is a set and an ordered
 * list). Expanded in the resolved data before it is read as JSON-LD, so the
 * context maps the result like any other field and no code knows a type.
 */

type Template = Record<string, unknown>;

export interface Shorthand {
  /** A sibling field whose value names the template set; default: "default". */
  when?: string;
  /** A field of the profile page (the top level) that lists, by id, each entry whose field is true. */
  page?: string;
  [set: string]: Template[] | string | undefined;
}

export interface Shorthands {
  fields: Record<string, Shorthand>;
}

const WHOLE = /^\{value\}$/;
const PLACEHOLDER = /\{([A-Za-z]+)(?::([a-z0-9-]+))?\}/g;

/** Expands every shorthand field of every entry (not of the top-level collections), in place. */
export function expandShorthands(data: Record<string, unknown>, shorthands: Shorthands): void {
  const visit = (value: unknown, depth: number): void => {
    if (Array.isArray(value)) { for (const item of value) visit(item, depth); return; }
    if (!value || typeof value !== 'object') return;
    const entry = value as Record<string, unknown>;
    if (depth > 0) expandEntry(entry, shorthands, data);
    for (const v of Object.values(entry)) visit(v, depth + 1);
  };
  visit(data, 0);
}

function expandEntry(entry: Record<string, unknown>, shorthands: Shorthands, page: Record<string, unknown>): void {
  const used = new Set<string>();
  const made: Array<[string, unknown]> = [];
  for (const [field, rule] of Object.entries(shorthands.fields)) {
    if (!Object.hasOwn(entry, field)) continue;
    const value = entry[field];
    if (rule.page) {
      used.add(field);
      if (value === true && typeof entry.id === 'string') page[rule.page] = [...((page[rule.page] as unknown[] | undefined) ?? []), entry.id];
      continue;
    }
    const setName = rule.when && typeof entry[rule.when] === 'string' ? entry[rule.when] as string : 'default';
    if (rule.when) used.add(rule.when);
    const templates = (rule[setName] ?? rule.default) as Template[] | undefined;
    used.add(field);
    for (const template of templates ?? []) {
      for (const [key, shape] of Object.entries(template)) {
        const filled = fill(shape, value, entry, used);
        if (filled !== undefined) made.push([key, filled]);
      }
    }
  }
  for (const field of used) delete entry[field];
  // A list value is the field's values (or, for an @list field, the list itself): appended, never nested.
  for (const [key, value] of made) {
    const existing = entry[key];
    if (existing === undefined) entry[key] = value;
    else entry[key] = [...(Array.isArray(existing) ? existing : [existing]), ...(Array.isArray(value) ? value : [value])];
  }
}

/** A template with its placeholders filled; undefined when it names a field the entry lacks. */
function fill(shape: unknown, value: unknown, entry: Record<string, unknown>, used: Set<string>): unknown {
  if (typeof shape === 'string') {
    if (WHOLE.test(shape)) return Array.isArray(value) ? [...value] : value;
    const items = Array.isArray(value) ? value : [value];
    const out: string[] = [];
    for (const item of items) {
      let missing = false;
      const text = shape.replace(PLACEHOLDER, (_, name: string, filter?: string) => {
        const raw = name === 'value' ? item : entry[name];
        if (name !== 'value') used.add(name);
        if (raw === undefined || raw === null) { missing = true; return ''; }
        return applyFilter(String(raw), filter);
      });
      if (!missing) out.push(text);
    }
    return out.length === 0 ? undefined : out.length === 1 && !Array.isArray(value) ? out[0] : out;
  }
  if (Array.isArray(shape)) return shape.map((s) => fill(s, value, entry, used)).filter((s) => s !== undefined);
  if (shape && typeof shape === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(shape)) {
      const filled = fill(v, value, entry, used);
      if (filled !== undefined) out[k] = filled;
    }
    return out;
  }
  return shape;
}

function applyFilter(text: string, filter: string | undefined): string {
  switch (filter) {
    case undefined: return text;
    case 'uri': return encodeURI(text).replace(/[?#]/g, encodeURIComponent);
    case 'mailto-sha1': return createHash('sha1').update(`mailto:${text}`).digest('hex');
    default: throw new Error(`ontology/shorthands.json: unknown filter "${filter}"`);
  }
}
