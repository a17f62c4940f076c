import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { formatIssue, InvalidProfileError } from '../../src/issues.js';
import { loadSource, type Source } from '../../src/source/load.js';
import { locate } from '../../src/source/locate.js';
import { SourceMemory } from '../../src/source/memory.js';
import { demoDir, profilesDir, secondDir } from '../support/fixtures.js';
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

/** A read of a folder as a user sees it: what it holds and where, with where each file's lines start; or its messages. */
async function readingOf(dir: string, memory?: SourceMemory) {
  try {
    const source = await loadSource(dir, memory);
    return { ...seen(source), lineStarts: source.files.map((f) => f.lines.lineStarts) };
  } catch (error) {
    if (error instanceof InvalidProfileError) return { messages: error.issues.map(formatIssue) };
    throw error;
  }
}

/**
 * Reads the folder's YAML files as `before` writes them, then as they are,
 * with one memory: the second read must be what a read without memory is.
 */
async function expectReadAgainAsWhole(dir: string, before: (text: string) => string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml'));
  const texts = await Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8')));
  const memory = new SourceMemory();
  await Promise.all(names.map((n, i) => writeFile(path.join(dir, n), before(texts[i]))));
  await readingOf(dir, memory);
  await Promise.all(names.map((n, i) => writeFile(path.join(dir, n), texts[i])));
  expect(await readingOf(dir, memory)).to.deep.equal(await readingOf(dir));
}

/** The file before it is as it is: a first title shorter, an item more at the start, the first item missing, a key more. */
const earlierVersions: Array<[string, (text: string) => string]> = [
  ['a title changed', (t) => t.replace(/^( +(?:- )?name: ["']?)/m, '$1Earlier, ')],
  ['an item added before the others', (t) => t.replace(/^( *)- /m, '$1- an earlier item\n$1- ')],
  ['the first item missing', (t) => {
    const first = /^( *)- /m.exec(t);
    const next = first ? t.indexOf(`\n${first[1]}- `, first.index) : -1;
    return next === -1 ? t : t.slice(0, first!.index) + t.slice(next + 1);
  }],
  ['a key added', (t) => `${t}${t.endsWith('\n') || t === '' ? '' : '\n'}added: 1\n`],
];

/** Odd but valid YAML (and some not), as a works.yaml; each has a title `Alpha` to change. */
const oddYaml: Array<[string, string]> = [
  ['comments between items, blank lines and a comment at column 0', [
    '# A list of works', 'publications:', '  # the first', '  - id: a', '    name: Alpha', '', '', '  # the second, commented',
    '  - id: b   # trailing', '    name: Beta', '# at column 0', '  - id: c', '    name: Gamma', 'person:', '  id: me', '  name: Me', ''].join('\n')],
  ['block scalars whose lines start with a dash', [
    'publications:', '  - id: a', '    name: Alpha', '    abstract: |', '      - not an item', '      - nor this', '',
    '      - still the abstract', '  - id: b', '    description: >-', '      - folded', '    name: Beta', ''].join('\n')],
  ['a list at column 0, items of several shapes, a plain title over two lines', [
    'publications:', '- id: a', '  name: Alpha', '    continued', '- just a string', '-', '- - nested', '  - list', '- id: b',
    '  authors:', '  - x', '  - y', 'title: A title', ''].join('\n')],
  ['CRLF line ends', ['publications:', '  - id: a', '    name: Alpha', '', '  - id: b', '    name: Beta', '# end', ''].join('\r\n')],
  ['a byte-order mark', '\uFEFFpublications:\n  - id: a\n    name: Alpha\n  - id: b\n    name: Beta\n'],
  ['no newline at the end', 'publications:\n  - id: a\n    name: Alpha\n  - id: b\n    name: Beta'],
  ['items indented by four', 'people:\n    - id: a\n      name: Alpha\n    - id: b\n      name: Beta\n'],
  ['an anchor and an alias', 'people:\n  - id: a\n    name: Alpha\n  - id: b\n    note: &n x\n  - id: c\n    note: *n\n'],
  ['a tag', 'people:\n  - id: a\n    name: !!str Alpha\n  - id: b\n    name: Beta\n'],
  ['a document marker', '---\npeople:\n  - id: a\n    name: Alpha\n  - id: b\n    name: Beta\n'],
  ['a flow list at the top level', 'people: [{id: a, name: Alpha}, {id: b, name: Beta}]\n'],
  ['a quoted title over lines that look like items', 'people:\n  - id: a\n    name: "Alpha\n  - id: b"\n  - id: c\n    name: \'Gamma\n  - d\'\n'],
  ['a YAML error in an item', 'people:\n  - id: a\n    name: "Alpha\n  - id: b\n    name: Beta\n'],
  ['a key written twice in an item', 'people:\n  - id: a\n    name: Alpha\n    name: Beta\n  - id: b\n'],
  ['a top-level key written twice', 'people:\n  - id: a\n    name: Alpha\npeople:\n  - id: b\n'],
  ['an item less indented than the first', 'people:\n  - id: a\n    name: Alpha\n - id: b\n'],
  ['a list at the top level', '- id: a\n  name: Alpha\n'],
  ['only comments', '# nothing yet, Alpha\n'],
];

describe('reading a profile again under build --watch (source/memory.ts)', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-sources-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('takes a file whose text did not change from memory, and reads a changed one anew, as a read without memory does', async () => {
    await cp(demoDir, dir, { recursive: true });
    const memory = new SourceMemory();
    const first = await loadSource(dir, memory);
    const publications = path.join(dir, 'publications.yaml');
    await writeFile(publications, (await readFile(publications, 'utf8')).replace(/^( {4}name: "?)/m, '$1Revisited, '));
    const again = await loadSource(dir, memory);
    expect(seen(again)).to.deep.equal(seen(await loadSource(dir)));
    const fileOf = (source: Source, name: string) => source.files.find((f) => path.basename(f.path) === name)!.document;
    expect(fileOf(again, 'people.yaml')).to.equal(fileOf(first, 'people.yaml'));
    expect(fileOf(again, 'publications.yaml')).not.to.equal(fileOf(first, 'publications.yaml'));
    expect(JSON.stringify(again.data)).to.include('Revisited, ');
  });

  for (const [what, text] of oddYaml) {
    it(`reads again as a whole read does a works.yaml with ${what}`, async () => {
      await writeFile(path.join(dir, 'works.yaml'), text);
      for (const [, before] of [...earlierVersions, ['Alpha changed', (t: string) => t.replace('Alpha', 'Alpha, before')] as const]) {
        await expectReadAgainAsWhole(dir, before);
      }
    });
  }

  const slips: Array<[string, string, string]> = [
    ['an unclosed quote', 'Alpha', '"Alpha'],
    ['a key written twice', '    name: Beta\n', '    name: Beta\n    name: Beta again\n'],
    ['a top-level key written twice', '  - id: c\n', 'people:\n  - id: c\n'],
    ['an item indented less than the others', '  - id: c\n', ' - id: c\n'],
    ['a tab for an indent', '    name: Beta\n', '\tname: Beta\n'],
  ];
  for (const [what, from, to] of slips) {
    it(`reports ${what}, made in an edit of one item, as a whole read does`, async () => {
      const text = 'people:\n  - id: a\n    name: Alpha\n  - id: b\n    name: Beta\n  - id: c\n    name: Gamma\n';
      await writeFile(path.join(dir, 'works.yaml'), text.replace(from, to));
      await expectReadAgainAsWhole(dir, () => text);
      expect((await readingOf(dir)).messages).to.have.length(1);
    });
  }

  it('reads again as a whole read does every data file of the fixture profiles and of the invalid ones', async () => {
    const invalid = path.join(fixturesDir, 'invalid');
    const folders = [...(await readdir(profilesDir)).map((n) => path.join(profilesDir, n)), ...(await readdir(invalid)).map((n) => path.join(invalid, n))];
    for (const folder of folders) {
      for (const [what, before] of earlierVersions) {
        const copy = path.join(dir, path.basename(folder));
        await cp(folder, copy, { recursive: true });
        try {
          await expectReadAgainAsWhole(copy, before);
        } catch (error) {
          throw new Error(`${path.basename(folder)}, ${what}: ${(error as Error).message}`);
        }
        await rm(copy, { recursive: true });
      }
    }
  });

  it('parses again only the items of a list whose text changed', async () => {
    await cp(secondDir, dir, { recursive: true });
    const works = path.join(dir, 'works.yaml');
    const memory = new SourceMemory();
    const itemsOf = (source: Source) => (source.sections.get('publications')![0].value as unknown as { items: unknown[] }).items;
    const before = itemsOf(await loadSource(dir, memory));
    await writeFile(works, (await readFile(works, 'utf8')).replace(/^( {4}name: "?)/m, '$1Revisited, '));
    const after = itemsOf(await loadSource(dir, memory));
    expect(after).to.have.length(before.length);
    expect(after[0]).not.to.equal(before[0]);
    expect(after.slice(1)).to.deep.equal(before.slice(1));
    after.slice(1).forEach((item, i) => expect(item).to.equal(before[i + 1]));
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
