import type { Issue } from '../issues.js';
import { ID_SYNTAX } from './ids.js';
import type { Source } from './load.js';
import { formatPath, locate, type DataPath } from './locate.js';
import { closest } from './suggest.js';

/** ontology/iris.json: where each collection's entities live under the base. */
export interface IriPlan {
  fragment: string;
  collections: Record<string, { path: string; fragment?: string; single?: boolean }>;
}

/** Where an entity was defined, for error messages about it. */
export interface Origin {
  file?: string;
  line?: number;
  column?: number;
  path?: string;
}

export interface Resolved {
  /** The data with every `id` and every reference replaced by an absolute IRI (the source's own data, resolved in place). */
  data: Record<string, unknown>;
  origins: Map<string, Origin>;
  issues: Issue[];
}

/**
 * Turns the short ids people write (`pivot-tracing`) into IRIs under the base
 * (`{base}projects/pivot-tracing#id`): first every entry's own id, then every
 * value of a field that the JSON-LD context declares as a reference
 * (`"@type": "@id"`). Reports duplicate ids and references to nothing
 * (with the id a misspelt one was probably meant to be).
 * The source's data is changed in place, not copied: a large profile's data
 * is hundreds of megabytes, and nothing reads the short ids after this.
 */
export function resolveIds(source: Source, plan: IriPlan, referenceKeys: ReadonlySet<string>, base: string): Resolved {
  const issues: Issue[] = [];
  const iris = new Map<string, string>();
  const origins = new Map<string, Origin>();
  const data = source.data;

  for (const [collection, placement] of Object.entries(plan.collections)) {
    const value = data[collection];
    const entries = placement.single ? (value ? [value] : []) : Array.isArray(value) ? value : [];
    entries.forEach((entry, index) => {
      if (!entry || typeof entry !== 'object') return; // the schema reports it
      const record = entry as Record<string, unknown>;
      const at: DataPath = placement.single ? [collection, 'id'] : [collection, index, 'id'];
      const id = record.id;
      if (typeof id !== 'string') return; // the schema reports it
      const iri = `${base}${placement.path}${placement.single ? '' : encodeURIComponent(id)}#${placement.fragment ?? plan.fragment}`;
      const earlier = iris.get(id);
      if (earlier !== undefined) {
        const first = origins.get(earlier);
        issues.push({ ...locate(source, at), message: `"${id}" is already the id of the entry at ${first?.file}:${first?.line}; ids must be unique across the profile (one thing written twice? keep one entry: an import run again links its works to the one kept)` });
        return;
      }
      iris.set(id, iri);
      origins.set(iri, locate(source, at.slice(0, -1)));
      record.id = iri;
    });
  }

  const quiet = referencesWouldCascade(source, plan);
  let known: string[] | undefined;
  const ids = () => (known ??= [...iris.keys()]);
  const visit = (value: unknown, at: DataPath, key: string | undefined): unknown => {
    if (Array.isArray(value)) return value.map((item, i) => visit(item, [...at, i], key));
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const [k, v] of Object.entries(record)) if (k !== 'id') record[k] = visit(v, [...at, k], k);
      return record;
    }
    if (typeof value === 'string' && key !== undefined && referenceKeys.has(key) && ID_SYNTAX.test(value)) {
      const iri = iris.get(value);
      if (iri === undefined) {
        // Where the schema has spoken (a non-URL in `sameAs` is no reference), one message is enough.
        if (!quiet && !source.reported.has(formatPath(at))) {
          const guess = closest(value, ids());
          issues.push({ ...locate(source, at), message: `refers to "${value}", but no entry in this profile has that id${guess === undefined ? '' : `; did you mean "${guess}"?`}` });
        }
        return value;
      }
      return iri;
    }
    return value;
  };
  visit(data, [], undefined);
  return { data, origins, issues };
}

/**
 * Whether dangling references would only echo a problem already reported:
 * a single-entry collection (the scholar's `person`) missing altogether,
 * which the schema has said. Every reference to the scholar would then be
 * an error of its own, all with one cause, and there is no telling them from
 * others; so none is reported (the schema's message says so) until it is there.
 */
function referencesWouldCascade(source: Source, plan: IriPlan): boolean {
  return Object.entries(plan.collections)
    .some(([collection, placement]) => placement.single && source.data[collection] === undefined && source.reported.has(collection));
}
