import type { Ajv2020, KeywordCxt } from 'ajv/dist/2020.js';
import { _, str, stringify } from 'ajv/dist/compile/codegen/index.js';
import { normalizeIsbn, normalizeOrcid, schemeOfField } from './identifiers.js';

/**
 * The profile schema's own keywords, beside JSON Schema's:
 *
 * - `"normalize": "orcid"` (or `"isbn"`, `"mrnumber"`, `"zbl"`) rewrites a value written in one of
 *   the forms people paste (`https://orcid.org/…`, an ISBN with spaces) into
 *   the one form published, before `format` checks it. A value it cannot
 *   read is left as written, for `format` to report.
 * - `"appliesTo": ["Book"]`, on a field, limits it to entries of those
 *   types (a work's `isbn`, say: schema:isbn is a property of books). A
 *   field without it applies to every type of its collection.
 *
 * Each is a code generator, as Ajv's own keywords are, so that the schema's
 * validating code can be written out once and loaded by every command
 * (source/schema.ts): the code calls the normalisers through `runtime`, the
 * object the loaded code is handed (`schemaRuntime`).
 */
export const normalizers: Record<string, (value: string) => string | undefined> = {
  orcid: normalizeOrcid, isbn: normalizeIsbn, mrnumber: schemeOfField('mrnumber').normalise, zbl: schemeOfField('zbl').normalise,
};

export function addProfileKeywords(ajv: Ajv2020): void {
  ajv.addKeyword({
    keyword: 'normalize',
    type: 'string',
    schemaType: 'string',
    metaSchema: { enum: Object.keys(normalizers) },
    before: 'format',
    code: (cxt: KeywordCxt) => {
      const { gen, data, it } = cxt;
      const kind = cxt.schema as string;
      const normalise = gen.scopeValue('func', { key: kind, ref: normalizers[kind], code: _`runtime.normalizers[${kind}]` });
      const normal = gen.const('normal', _`${normalise}(${data})`);
      // The value rewritten where it is, and read again by the keywords after this one (`format`).
      gen.if(_`${normal} !== undefined && ${it.parentData} !== undefined`, () => {
        gen.assign(_`${it.parentData}[${it.parentDataProperty}]`, normal);
        gen.assign(data, normal);
      });
    },
  });

  ajv.addKeyword({
    keyword: 'appliesTo',
    schemaType: 'array',
    metaSchema: { type: 'array', items: { type: 'string' }, minItems: 1 },
    error: {
      message: ({ schema, params }) => str`is a field of ${and(schema as string[])} only, not of ${params.type}`,
      params: ({ schema, params }) => _`{types: ${stringify(schema)}, type: ${params.type}}`,
    },
    code: (cxt: KeywordCxt) => {
      const { gen, it } = cxt;
      const types = cxt.schema as string[];
      const type = gen.const('type', _`${it.parentData}?.type`);
      cxt.setParams({ type });
      // An unknown type is the `type` field's problem, reported there.
      cxt.fail(_`typeof ${type} == "string" && !${stringify(types)}.includes(${type})`);
    },
  });
}

/** `A`, `A and B`, `A, B and C`. */
function and(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
