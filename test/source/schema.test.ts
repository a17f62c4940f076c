import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadOntology } from '../../src/ontology.js';
import { loadSiteSource, loadSource, type Source } from '../../src/source/load.js';
import { checkSchema, compileSchema, writeCompiledSchema } from '../../src/source/schema.js';
import { fixturesDir } from '../support/profile.js';

/** Every profile folder of test/fixtures/invalid/, valid/ and profiles/. */
const folders = ['invalid', 'valid', 'profiles'].flatMap((kind) => readdirSync(path.join(fixturesDir, kind), { withFileTypes: true })
  .filter((entry) => entry.isDirectory()).map((entry) => path.join(fixturesDir, kind, entry.name)));

/** The schema's issues with a source, and the data as validation left it (ids normalised, default types filled in). */
async function checked(validate: ReturnType<typeof compileSchema>, read: () => Promise<Source | undefined>, what?: string) {
  let source: Source | undefined;
  try {
    source = await read();
  } catch (error) {
    return { unreadable: String(error) };
  }
  if (source === undefined) return {};
  const issues = checkSchema(validate, source, what);
  return { issues, data: JSON.stringify(source.data) };
}

// The code `npm run build` writes for a schema (src/schemas.ts), which every command loads instead of compiling the schema.
describe('a schema\'s code written once and loaded', () => {
  let written: string;
  let none: string;
  before(async () => {
    written = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-schemas-'));
    none = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-no-schemas-'));
  });
  after(async () => {
    await rm(written, { recursive: true, force: true });
    await rm(none, { recursive: true, force: true });
  });

  it('gives every fixture profile, valid and invalid, and its site.yaml, the issues and the data that the schema compiled in the process gives', async () => {
    const ontology = await loadOntology();
    writeCompiledSchema(ontology.schema, written);
    writeCompiledSchema(ontology.siteSchema, written);
    const pairs = [
      { loaded: compileSchema(ontology.schema, written), compiled: compileSchema(ontology.schema, none), read: loadSource, what: undefined },
      { loaded: compileSchema(ontology.siteSchema, written), compiled: compileSchema(ontology.siteSchema, none), read: loadSiteSource, what: 'setting' },
    ];
    let issues = 0;
    for (const { loaded, compiled, read, what } of pairs) {
      // Ajv keeps the code of a schema it compiles in the process; the loaded function is the written code's.
      expect(loaded).to.not.have.property('source');
      expect(compiled).to.have.property('source');
      for (const folder of folders) {
        const fromCode = await checked(loaded, () => read(folder), what);
        expect(fromCode, path.relative(fixturesDir, folder)).to.deep.equal(await checked(compiled, () => read(folder), what));
        issues += fromCode.issues?.length ?? 0;
      }
    }
    expect(issues, 'issues compared').to.be.above(40);
  });

  it('compiles a schema changed since its code was written, rather than load the code of the schema as it was', async () => {
    const ontology = await loadOntology();
    writeCompiledSchema(ontology.schema, written);
    const schema = structuredClone(ontology.schema) as { properties: { person: { required?: string[] } } };
    schema.properties.person.required = [...(schema.properties.person.required ?? []), 'telephone'];
    const validate = compileSchema(schema, written);
    expect(validate).to.have.property('source');
    expect(validate({ person: { id: 'ada', name: 'Ada' } })).to.equal(false);
    expect(validate.errors?.map((e) => e.message)).to.include('must have required property \'telephone\'');
  });
});
