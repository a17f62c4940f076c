import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { _ } from 'ajv/dist/compile/codegen/index.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { Issue } from '../issues.js';
import { allowedFields } from './fields.js';
import { addIdentifierFormats, identifierFormats } from './identifiers.js';
import { ID_SYNTAX, slug } from './ids.js';
import { addProfileKeywords, normalizers } from './keywords.js';
import type { Source } from './load.js';
import { locate, type DataPath } from './locate.js';
import { closest } from './suggest.js';

const require = createRequire(import.meta.url);
const here = fileURLToPath(import.meta.url);

/**
 * Where `npm run build` writes each schema's validating code (src/schemas.ts), one
 * file per key (`schemaKey`): dist/schemas/ beside the compiled modules.
 */
export const compiledSchemasDir = path.join(path.dirname(here), '..', 'schemas');

/**
 * What the written code is handed when loaded: the formats (ajv-formats' and the
 * identifiers') and the normalisers it calls, the same objects the in-process
 * compilation uses.
 */
const schemaRuntime = { formats: { ...fullFormats, ...identifierFormats }, normalizers };

/**
 * Ajv itself, with its plugins, is required here, when a schema is compiled: a command that loads the
 * written code (`npm run build`'s) never needs its compiler, some 90 modules (bench/README.md, "The test suite").
 */
function newAjv(): Ajv2020 {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajvFormats = require('ajv-formats') as typeof import('ajv-formats');
  const ajvErrors = require('ajv-errors') as typeof import('ajv-errors');
  const ajv = new Ajv2020({
    allErrors: true, verbose: true, useDefaults: true, strict: true, strictRequired: false, allowUnionTypes: true,
    // `source` keeps the code Ajv generates, for writing out; `formats` is how that code reaches them (schemaRuntime).
    code: { optimize: false, source: true, formats: _`runtime.formats` },
  });
  ajvFormats.default(ajv);
  ajvErrors.default(ajv);
  addIdentifierFormats(ajv);
  addProfileKeywords(ajv);
  return ajv;
}

/**
 * Layer 1 of validation: the merged YAML against ontology/profile.schema.json.
 * Also fills in each entry's default `type` from the schema, so the data
 * stays short to write. `verbose` keeps each error's schema, from which an
 * unknown field's message lists the allowed ones.
 *
 * Compiling the profile's schema costs a command about 0.45 s of CPU, so
 * `npm run build` compiles it once and writes the code out (`writeCompiledSchema`);
 * this loads that code when it was written from this very schema by this very
 * code (and the same Ajv), and compiles the schema itself otherwise (an
 * edited ontology/, sources run before they are built): the same function either way.
 */
export function compileSchema(schema: object, dir = compiledSchemasDir): ValidateFunction {
  const file = path.join(dir, `${schemaKey(schema)}.cjs`);
  if (existsSync(file)) {
    // Its `require` (of Ajv's runtime parts) is this module's, so that the code finds them wherever it lies.
    const validate = (require(file) as (runtime: typeof schemaRuntime, load: NodeRequire) => ValidateFunction)(schemaRuntime, require);
    return Object.assign(validate, { schema });
  }
  return newAjv().compile(schema);
}

/**
 * Writes the code that validates `schema` into `dir` as a CommonJS module
 * named by its key, for compileSchema to load; returns its path.
 */
export function writeCompiledSchema(schema: object, dir = compiledSchemasDir): string {
  const ajv = newAjv();
  const standaloneCode = require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js');
  const code = standaloneCode.default(ajv, ajv.compile(schema));
  const file = path.join(dir, `${schemaKey(schema)}.cjs`);
  mkdirSync(dir, { recursive: true });
  const written = `${file}.${process.pid}.tmp`;
  writeFileSync(written, [
    '// The validating code of one JSON Schema, written by `npm run build` (src/source/schema.ts, writeCompiledSchema).',
    '\'use strict\';',
    'module.exports = function (runtime, require) {',
    '  const module = { exports: {} };',
    code,
    '  return module.exports;',
    '};',
    '',
  ].join('\n'));
  renameSync(written, file);
  return file;
}

/** Empties the folder of written schemas, so that it holds only the current build's. */
export function clearCompiledSchemas(dir = compiledSchemasDir): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * What the code for `schema` depends on, hashed: the schema, the text of this
 * module and of the keywords' code generators, and the versions of Ajv and its plugins.
 */
function schemaKey(schema: object): string {
  const hash = createHash('sha256').update(JSON.stringify(schema));
  for (const file of [here, path.join(path.dirname(here), `keywords${path.extname(here)}`)]) hash.update('\0').update(readFileSync(file));
  for (const name of ['ajv', 'ajv-errors', 'ajv-formats']) hash.update('\0').update((require(`${name}/package.json`) as { version: string }).version);
  return hash.digest('hex').slice(0, 32);
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
