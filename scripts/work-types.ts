/**
 * docs/work-types.md, made from ontology/profile.schema.json: which fields a
 * `publications` entry of each type may have. The schema decides (a field's
 * `appliesTo`, else every type); this page shows it, so it cannot drift:
 * test/work-types.test.ts fails when the page differs from what this makes.
 * `npm run docs:work-types` writes it again.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../src/config.js';
import { allowedFields, typesTaking } from '../src/source/fields.js';

export const workTypesPath = path.join(projectRoot, 'docs', 'work-types.md');
export const schemaPath = path.join(projectRoot, 'ontology', 'profile.schema.json');

interface WorkSchema {
  properties: { publications: { items: { properties: { type: { oneOf: Array<{ const: string; description: string }> } } } } };
}

export function workTypesPage(schema: object): string {
  const works = (schema as WorkSchema).properties.publications.items;
  const types = works.properties.type.oneOf;
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const matrix = allowedFields(schema, works).map((field) => {
    const only = typesTaking(schema, works, field);
    return row([`\`${field}\``, ...types.map((t) => (!only || only.includes(t.const) ? '✓' : ''))]);
  });
  return [
    '# Fields of each type of work',
    '',
    '<!-- Made from ontology/profile.schema.json by `npm run docs:work-types`; edit the schema, not this page. -->',
    '',
    'A `publications` entry says what kind of work it is with `type`:',
    '',
    ...types.map((t) => `- \`${t.const}\`: ${t.description}`),
    '',
    'Which fields each type may have (a field another type has is an error, naming the types that have it):',
    '',
    row(['field', ...types.map((t) => `\`${t.const}\``)]),
    row(['---', ...types.map(() => ':-:')]),
    ...matrix,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeFile(workTypesPath, workTypesPage(JSON.parse(await readFile(schemaPath, 'utf8')) as object));
  process.stdout.write(`wrote ${path.relative(process.cwd(), workTypesPath)}\n`);
}
