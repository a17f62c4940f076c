import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvErrors from 'ajv-errors';
import ajvFormats from 'ajv-formats';
import type { Issue } from '../issues.js';
import { allowedFields } from './fields.js';
import { addIdentifierFormats } from './identifiers.js';
import { ID_SYNTAX, slug } from './ids.js';
import { addProfileKeywords } from './keywords.js';
import type { Source } from './load.js';
import { locate, type DataPath } from './locate.js';
import { closest } from './suggest.js';

/**
 * Layer 1 of validation: the merged YAML against ontology/profile.schema.json.
 * Also fills in each entry's default `type` from the schema, so the data
 * stays short to write. `verbose` keeps each error's schema, from which an
 * unknown field's message lists the allowed ones.
 */
export function compileSchema(schema: object): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, useDefaults: true, code: { optimize: false }, strict: true, strictRequired: false, allowUnionTypes: true });
  ajvFormats.default(ajv);
  ajvErrors.default(ajv);
  addIdentifierFormats(ajv);
  addProfileKeywords(ajv);
  return ajv.compile(schema);
}

/** `what` a top-level key is called in messages: a profile's `collection`, site.yaml's `setting`. */
export function checkSchema(validate: ValidateFunction, source: Source, what = 'collection'): Issue[] {
  if (validate(source.data)) return [];
  // A field that takes one value or a list (`if` it is a list...) fails in its branch, which says why; the `if` adds nothing.
  const issues = (validate.errors ?? []).filter((error) => error.keyword !== 'if').map((error) => toIssue(error, source, validate.schema as object, what));
  // Later layers stay quiet where a problem is already reported (see Source.reported).
  for (const issue of issues) if (issue.path !== undefined) source.reported.add(issue.path);
  return issues;
}

function toIssue(error: ErrorObject, source: Source, schema: object, topLevel: string): Issue {
  const dataPath: (string | number)[] = error.instancePath.split('/').slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const original = (error.params as { errors?: ErrorObject[] }).errors?.[0] ?? error;
  const params = original.params as { missingProperty?: string; additionalProperty?: string; unevaluatedProperty?: string };
  if (original.keyword === 'required' && params.missingProperty) {
    return { ...locate(source, dataPath), path: locate(source, [...dataPath, params.missingProperty]).path,
      // A missing collection (the scholar's `person`) leaves every reference to it dangling; resolve.ts holds those back.
      message: dataPath.length === 0
        ? `is required but missing: the profile has no \`${params.missingProperty}\`, so references between entries are not checked yet`
        : 'is required but missing' };
  }
  const unknown = params.additionalProperty ?? params.unevaluatedProperty;
  if (unknown !== undefined) {
    const what = dataPath.length === 0 ? `is not a known ${topLevel}` : 'is not a known field for this kind of entry';
    return { ...locate(source, [...dataPath, unknown], { key: true }), message: unknownMessage(what, unknown, original, schema) };
  }
  const value = valueAt(source.data, dataPath);
  if (original.keyword === 'type' && value === null) return { ...locate(source, dataPath), message: 'is empty; an entry needs its fields' };
  if (original.keyword === 'appliesTo') return { ...locate(source, dataPath, { key: true }), message: error.message ?? 'is invalid' };
  return { ...locate(source, dataPath), message: `${error.message ?? 'is invalid'}${got(value)}${asciiId(original, value)}` };
}

/** For an id (or a reference) in other letters than a-z, the id it would be in those: `josé-núñez` → `; did you mean "jose-nunez"?`. */
function asciiId(error: ErrorObject, value: unknown): string {
  if (error.keyword !== 'pattern' || (error.params as { pattern?: string }).pattern !== ID_SYNTAX.source || typeof value !== 'string') return '';
  const id = slug(value, Infinity);
  return id && id !== value ? `; did you mean "${id}"?` : '';
}

/** `...; did you mean "email"? (allowed: ...)`, with the allowed names read from the object schema that refused the field. */
function unknownMessage(what: string, name: string, error: ErrorObject, schema: object): string {
  // `verbose` gives each error its object schema; `schemaPath` would be relative to a `$ref`'d definition.
  const allowed = allowedFields(schema, error.parentSchema);
  if (allowed.length === 0) return what;
  const guess = closest(name, allowed);
  return `${what}${guess === undefined ? '' : `; did you mean "${guess}"?`} (allowed: ${allowed.join(', ')})`;
}

function valueAt(data: unknown, dataPath: DataPath): unknown {
  return dataPath.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], data);
}

function got(value: unknown): string {
  if (value === undefined || (typeof value === 'object' && value !== null)) return '';
  const shown = JSON.stringify(value);
  return ` (got ${shown.length > 60 ? `${shown.slice(0, 57)}..."` : shown})`;
}
