import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { formatIssue, InvalidProfileError } from '../../src/issues.js';
import { loadSource, type Source } from '../../src/source/load.js';
import { locate } from '../../src/source/locate.js';
import { SourceMemory } from '../../src/source/memory.js';
import { demoDir } from '../support/fixtures.js';
import { fixturesDir } from '../support/profile.js';

/**
 * What a resident build keeps of the YAML it read (source/memory.ts): a read
 * with the memory must give what a read without it gives (the data, every
 * field's file, line and column, the same messages), whatever changed.
 */

/** Every data path of a value: each field and item, down to the leaves. */
function pathsOf(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const below = Array.isArray(value) ? value.flatMap((v, i) => pathsOf(v, [...at, i]))
    : value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k])) : [];
  return at.length === 0 ? below : [at, ...below];
}

/** What a user can see of a read: its data, and where each field and its key are. */
function seen(source: Source) {
  return {
    data: source.data,
    places: pathsOf(source.data).map((p) => [locate(source, p), locate(source, p, { key: true })]),
  };
}

async function messagesOf(read: Promise<unknown>): Promise<string[]> {
  try {
    await read;
  } catch (error) {
    if (error instanceof InvalidProfileError) return error.issues.map(formatIssue);
    throw error;
  }
  return [];
}

describe('reading a profile again under build --watch (source/memory.ts)', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-sources-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('takes a file whose text did not change from memory, and reads a changed one anew, as a read without memory does', async () => {
    await cp(demoDir, dir, { recursive: true });
    const memory = new SourceMemory();
    const first = await loadSource(dir, memory);
    const publications = path.join(dir, 'publications.yaml');
    await writeFile(publications, (await readFile(publications, 'utf8')).replace(/^( {4}name: )/m, '$1Revisited, '));
    const again = await loadSource(dir, memory);
    expect(seen(again)).to.deep.equal(seen(await loadSource(dir)));
    const fileOf = (source: Source, name: string) => source.files.find((f) => path.basename(f.path) === name)!.document;
    expect(fileOf(again, 'people.yaml')).to.equal(fileOf(first, 'people.yaml'));
    expect(fileOf(again, 'publications.yaml')).not.to.equal(fileOf(first, 'publications.yaml'));
    expect(JSON.stringify(again.data)).to.include('Revisited, ');
  });

  it('reports a file\'s YAML error again, the same, when its text has not changed', async () => {
    await cp(path.join(fixturesDir, 'invalid', 'yaml-syntax'), dir, { recursive: true });
    const memory = new SourceMemory();
    const expected = await messagesOf(loadSource(dir));
    expect(expected).to.have.length(1);
    expect(await messagesOf(loadSource(dir, memory))).to.deep.equal(expected);
    expect(await messagesOf(loadSource(dir, memory))).to.deep.equal(expected);
  });
});
