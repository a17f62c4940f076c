import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { SchemaValidateFunction } from 'ajv/dist/types/index.js';
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
 */
const normalizers: Record<string, (value: string) => string | undefined> = {
  orcid: normalizeOrcid, isbn: normalizeIsbn, mrnumber: schemeOfField('mrnumber').normalise, zbl: schemeOfField('zbl').normalise,
};

export function addProfileKeywords(ajv: Ajv2020): void {
  ajv.addKeyword({
    keyword: 'normalize',
    type: 'string',
    schemaType: 'string',
    metaSchema: { enum: Object.keys(normalizers) },
    modifying: true,
    before: 'format',
    validate: (kind: string, value: string, _schema, context) => {
      const normal = normalizers[kind](value);
      if (normal !== undefined && context) context.parentData[context.parentDataProperty] = normal;
      return true;
    },
  });

  const appliesTo: SchemaValidateFunction = (types: string[], _value, _schema, context) => {
    const type = (context?.parentData as { type?: unknown } | undefined)?.type;
    // An unknown type is the `type` field's problem, reported there.
    if (typeof type !== 'string' || types.includes(type) || !context) return true;
    appliesTo.errors = [{ keyword: 'appliesTo', params: { types, type }, message: `is a field of ${and(types)} only, not of ${type}` }];
    return false;
  };
  ajv.addKeyword({ keyword: 'appliesTo', schemaType: 'array', metaSchema: { type: 'array', items: { type: 'string' }, minItems: 1 }, errors: true, validate: appliesTo });
}

/** `A`, `A and B`, `A, B and C`. */
function and(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
