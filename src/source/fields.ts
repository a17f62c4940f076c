/**
 * The fields an object may have, read from the JSON Schema itself, so that
 * an unknown-field message can list them without a second copy to keep in
 * step: the `properties` of the object schema, and of every schema it takes
 * in by `$ref` or `allOf` (the common `$defs/thing` fields of named entries).
 */
export function allowedFields(root: object, objectSchema: unknown): string[] {
  const fields = new Set<string>();
  const seen = new Set<object>();
  const collect = (schema: unknown) => {
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    const s = schema as { properties?: object; $ref?: string; allOf?: unknown[] };
    for (const name of Object.keys(s.properties ?? {})) fields.add(name);
    if (typeof s.$ref === 'string') collect(resolvePointer(root, s.$ref));
    for (const part of s.allOf ?? []) collect(part);
  };
  collect(objectSchema);
  return [...fields].sort((a, b) => a.localeCompare(b, 'en'));
}

/** `#/$defs/thing` → that subschema of the root; only local pointers, which is all the schema uses. */
function resolvePointer(root: object, pointer: string): unknown {
  if (!pointer.startsWith('#')) return undefined;
  return pointer.slice(1).split('/').slice(1)
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}
