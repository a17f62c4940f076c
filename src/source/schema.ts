import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvErrors from 'ajv-errors';
import ajvFormats from 'ajv-formats';
import type { Issue } from '../issues.js';
import type { Source } from './load.js';
import { locate, type DataPath } from './locate.js';

/**
 * Layer 1 of validation: the merged YAML against ontology/profile.schema.json.
 * Also fills in each entry's default `type` from the schema, so the data
 * stays short to write.
 */
export function compileSchema(schema: object): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, useDefaults: true, code: { optimize: false }, strict: true, strictRequired: false, allowUnionTypes: true });
  ajvFormats.default(ajv);
  ajvErrors.default(ajv);
  return ajv.compile(schema);
}

export function checkSchema(validate: ValidateFunction, source: Source): Issue[] {
  if (validate(source.data)) return [];
  return (validate.errors ?? []).map((error) => toIssue(error, source));
}

function toIssue(error: ErrorObject, source: Source): Issue {
  const dataPath: (string | number)[] = error.instancePath.split('/').slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const original = (error.params as { errors?: ErrorObject[] }).errors?.[0] ?? error;
  const params = original.params as { missingProperty?: string; additionalProperty?: string; unevaluatedProperty?: string };
  if (original.keyword === 'required' && params.missingProperty) {
    return { ...locate(source, dataPath), path: locate(source, [...dataPath, params.missingProperty]).path,
      message: 'is required but missing' };
  }
  const unknown = params.additionalProperty ?? params.unevaluatedProperty;
  if (unknown !== undefined) {
    return { ...locate(source, [...dataPath, unknown], { key: true }),
      message: dataPath.length === 0 ? 'is not a known collection (see README: The data format)' : 'is not a known field for this kind of entry (see README: The data format)' };
  }
  const value = valueAt(source.data, dataPath);
  if (original.keyword === 'type' && value === null) return { ...locate(source, dataPath), message: 'is empty; an entry needs its fields' };
  return { ...locate(source, dataPath), message: `${error.message ?? 'is invalid'}${got(value)}` };
}

function valueAt(data: unknown, dataPath: DataPath): unknown {
  return dataPath.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], data);
}

function got(value: unknown): string {
  if (value === undefined || (typeof value === 'object' && value !== null)) return '';
  const shown = JSON.stringify(value);
  return ` (got ${shown.length > 60 ? `${shown.slice(0, 57)}..."` : shown})`;
}
