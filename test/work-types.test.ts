import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { schemaPath, workTypesPage, workTypesPath } from '../scripts/work-types.js';

/** docs/work-types.md is made from the schema (scripts/work-types.ts), so that it cannot drift from what validation does. */
describe('The page of the fields of each type of work (docs/work-types.md)', () => {
  let schema: object;
  before(async () => {
    schema = JSON.parse(await readFile(schemaPath, 'utf8')) as object;
  });

  it('is the page the schema gives: after a change to the schema, `npm run docs:work-types` writes it again', async () => {
    expect(await readFile(workTypesPath, 'utf8')).to.equal(workTypesPage(schema));
  });

  it('marks a field for the types the schema limits it to, and every other field for every type', () => {
    const page = workTypesPage(schema);
    const cellsOf = (start: string) => page.split('\n').find((l) => l.startsWith(start))!.slice(2, -2).split(' | ');
    const header = cellsOf('| field |');
    const marked = (field: string) => {
      const cells = cellsOf(`| \`${field}\` |`);
      return header.filter((_, i) => cells[i] === '✓').map((t) => t.replace(/`/g, ''));
    };
    expect(marked('softwareVersion')).to.deep.equal(['SoftwareApplication']);
    expect(marked('pages')).to.deep.equal(['ScholarlyArticle', 'Chapter', 'Report']);
    expect(marked('isbn')).to.deep.equal(['Book']);
    expect(marked('authors')).to.have.length(10);
    expect(page).to.include('- `Dataset`: a data set; its authors are its creators');
  });
});
