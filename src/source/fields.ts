/**
 * The fields an object may have, read from the JSON Schema itself, so that
 * an unknown-field message can list them (and the docs the fields of each
 * type of work) without a second copy to keep in step: the `properties` of
 * the object schema, and of every schema it takes in by `$ref` or `allOf`
 * (the common `$defs/thing` fields of named entries).
 */
export function allowedFields(root: object, objectSchema: unknown): string[] {
  return [...fieldSchemas(root, objectSchema).keys()].sort((a, b) => a.localeCompare(b, 'en'));
}

/** The types of entry a field applies to (its `appliesTo`, source/keywords.ts); undefined when it applies to every type. */
export function typesTaking(root: object, objectSchema: unknown, field: string): readonly string[] | undefined {
  return (fieldSchemas(root, objectSchema).get(field) as { appliesTo?: string[] } | undefined)?.appliesTo;
}

/** Each field's own schema, by name; the object's own properties win over those it takes in. */
function fieldSchemas(root: object, objectSchema: unknown): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  const seen = new Set<object>();
  const collect = (schema: unknown) => {
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    const s = schema as { properties?: Record<string, unknown>; $ref?: string; allOf?: unknown[] };
    for (const [name, field] of Object.entries(s.properties ?? {})) if (!fields.has(name)) fields.set(name, field);
    if (typeof s.$ref === 'string') collect(resolvePointer(root, s.$ref));
    for (const part of s.allOf ?? []) collect(part);
  };
  collect(objectSchema);
  return fields;
}

/** `#/$defs/thing` → that subschema of the root; only local pointers, which is all the schema uses. */
function resolvePointer(root: object, pointer: string): unknown {
  if (!pointer.startsWith('#')) return undefined;
  return pointer.slice(1).split('/').slice(1)
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}
