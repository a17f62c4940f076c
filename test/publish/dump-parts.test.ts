import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { Parser } from 'n3';
import rdf from 'rdf-ext';
import { dumpFormats, type DocumentFormat } from '../../src/formats.js';
import type { Profile } from '../../src/pipeline.js';
import { BuildMemory } from '../../src/publish/build-memory.js';
import { DumpParts, type SubjectDigests } from '../../src/publish/dump-parts.js';
import { OutputFolder } from '../../src/publish/output-folder.js';
import { profileDataset } from '../../src/publish/profile-site.js';
import type { ResourceSpec } from '../../src/publish/representations.js';
import { Graph } from '../../src/rdf/graph.js';
import { relabelBlankNodes } from '../../src/rdf/quads.js';
import { schema } from '../../src/rdf/vocabulary.js';
import { graphWriters } from '../../src/render/writers.js';
import { python, requireClients } from '../support/clients.js';
import { generatedDir } from '../support/fixtures.js';
import { buildProfile, defaultBase } from '../support/profile.js';

/**
 * The dumps written by parts (publish/dump-parts.ts), each build over the
 * one before as `lodfolio build` does: the same bytes as a build from
 * nothing, whatever changed in between, and a .gz that every client reads
 * as one gzip member of the same text.
 */

/** Parts of a few hundred triples, so that the generated profile's dumps have a dozen or more. */
const sizes = { mask: 15, min: 256, max: 4096 };

const names = dumpFormats.map((f) => f.name as DocumentFormat);

/** The dataset resource as the site has it (representations.ts), its triples `quads`. */
function datasetSpec(quads: Quad[]): ResourceSpec {
  return {
    path: '/dataset', negotiable: true, cacheControl: '', renderer: () => () => Buffer.alloc(0), mainThread: true,
    variants: dumpFormats.map((f) => ({ mediaType: f.mediaType, contentType: f.contentType, location: `/dataset.${f.suffix}`, compress: true })),
    source: { doc: { url: `${defaultBase}dataset`, path: '/dataset', root: undefined, entities: [], slice: () => quads }, formats: names, images: {} },
  };
}

describe('The dumps written by parts', function () {
  this.timeout(120_000);
  let tmp: string;
  let quads: Quad[];
  let builds = 0;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-dump-parts-'));
    quads = relabelBlankNodes(profileDataset(await buildProfile(generatedDir())));
  });
  after(async () => { await rm(tmp, { recursive: true, force: true }); });

  /** Writes the dumps of `data` into a new folder, over `previous` (a folder this wrote) when given; its folder and index. */
  const write = async (data: Quad[], previous?: string): Promise<string> => {
    const dir = path.join(tmp, `build-${++builds}`);
    const folder = new OutputFolder(dir, previous, new Date(0));
    const parts = new DumpParts(previous, previous && `${previous}.parts`, sizes);
    const files = parts.write(folder, datasetSpec(data), '/', true, defaultBase);
    parts.save(`${dir}.parts`, new Set(files.map(([name]) => name)));
    return dir;
  };
  const bytes = (dir: string, name: string) => readFile(path.join(dir, name));
  const index = async (dir: string) => JSON.parse(await readFile(`${dir}.parts`, 'utf8')) as Record<string, { parts: [string][] }>;

  /** Each dump and its .gz, as bytes, in a folder. */
  const dumpsOf = async (dir: string) => Object.fromEntries(await Promise.all(dumpFormats.flatMap((f) => [`dataset.${f.suffix}`, `dataset.${f.suffix}.gz`])
    .map(async (name) => [name, await bytes(dir, name)] as const)));

  it('are the text each format\'s writer makes of the whole dataset, and their .gz that text compressed', async () => {
    const dir = await write(quads);
    for (const f of dumpFormats) {
      const text = await bytes(dir, `dataset.${f.suffix}`);
      expect(text.toString(), f.name).to.equal(graphWriters[f.name as 'turtle'](quads, { base: defaultBase }));
      expect(gunzipSync(await bytes(dir, `dataset.${f.suffix}.gz`)).equals(text), f.name).to.equal(true);
      expect(execFileSync('gunzip', ['-c', path.join(dir, `dataset.${f.suffix}.gz`)], { maxBuffer: 1 << 28 }).equals(text), f.name).to.equal(true);
    }
    // Several parts, or nothing here is tested.
    for (const f of dumpFormats) expect((await index(dir))[`dataset.${f.suffix}`].parts.length, f.name).to.be.greaterThan(5);
  });

  it('have no .br beside them: brotli cannot be cut into parts, so a .br would be compressed whole in every build', async () => {
    const dir = await write(quads);
    const names = await readdir(dir);
    for (const f of dumpFormats) expect(names.filter((n) => n.startsWith(`dataset.${f.suffix}.`)), f.name).to.deep.equal([`dataset.${f.suffix}.gz`]);
  });

  it('are read by n3, rapper and rdflib, their .gz by Python\'s gzip', async function () {
    requireClients(this, ['rdflib', 'rapper']);
    const dir = await write(quads);
    const nt = new Parser({ format: 'N-Triples' }).parse((await bytes(dir, 'dataset.nt')).toString());
    expect(new Parser({ baseIRI: defaultBase }).parse((await bytes(dir, 'dataset.ttl')).toString()).length).to.equal(nt.length);
    for (const [suffix, syntax] of [['ttl', 'turtle'], ['nt', 'ntriples'], ['rdf', 'rdfxml']]) {
      const { status, stderr } = spawnSync('rapper', ['-c', '-i', syntax, path.join(dir, `dataset.${suffix}`), defaultBase], { encoding: 'utf8' });
      expect([status, stderr.trim().split('\n').at(-1)], suffix).to.deep.equal([0, `rapper: Parsing returned ${nt.length} triples`]);
    }
    const script = [
      'import gzip, sys, rdflib',
      'for name, syntax in [("ttl", "turtle"), ("nt", "nt"), ("rdf", "xml"), ("jsonld", "json-ld")]:',
      '    g = rdflib.Graph()',
      '    g.parse(data=gzip.open(sys.argv[1] + "/dataset." + name + ".gz").read().decode(), format=syntax, publicID=sys.argv[2])',
      '    print(name, len(g))',
    ].join('\n');
    const counts = execFileSync(python, ['-c', script, dir, defaultBase], { encoding: 'utf8' }).trim().split('\n');
    expect(counts).to.deep.equal(['ttl', 'nt', 'rdf', 'jsonld'].map((name) => `${name} ${nt.length}`));
  });

  it('have a .gz that curl --compressed reads as the dump when it is sent as the gzip encoding', async () => {
    const dir = await write(quads);
    const server = http.createServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/n-triples', 'content-encoding': 'gzip' });
      res.end(await bytes(dir, 'dataset.nt.gz'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // (Not execFileSync: the server answers from this thread.)
      const { stdout: body } = await promisify(execFile)('curl', ['-s', '--compressed', `http://127.0.0.1:${port}/dataset.nt`], { encoding: 'buffer', maxBuffer: 1 << 28 });
      expect(body.equals(await bytes(dir, 'dataset.nt'))).to.equal(true);
    } finally {
      server.close();
    }
  });

  /**
   * Each change applied in turn to the data, each build over the one before: its dumps must be a build from
   * nothing's, byte for byte; `check` looks further at the two builds.
   */
  const rebuildEach = async (changes: Array<[string, (data: Quad[]) => Quad[]]>, check?: (change: string, previous: string, rebuilt: string) => Promise<void>) => {
    let data = quads;
    let previous = await write(data);
    for (const [change, apply] of changes) {
      data = apply(data);
      const rebuilt = await write(data, previous);
      expect(await dumpsOf(rebuilt), change).to.deep.equal(await dumpsOf(await write(data)));
      await check?.(change, previous, rebuilt);
      previous = rebuilt;
    }
  };

  it('are the bytes of a build from nothing after a title changed, a subject added, one removed and one moved across a cut', async () => {
    const paperName = quads.find((q) => q.predicate.value === schema('name') && q.subject.value.includes('/publications/paper-'))!;
    const moved = quads.find((q) => q.subject.value.includes('/publications/paper-2#'))!.subject;
    const removed = quads.find((q) => q.subject.value.includes('/people/'))!.subject;
    const changes: Array<[string, (data: Quad[]) => Quad[]]> = [
      ['a title changed', (data) => data.map((q) => (q === paperName ? rdf.quad(q.subject, q.predicate, rdf.literal(`Revisited, ${q.object.value}`)) : q))],
      ['a subject added', (data) => [...data, rdf.quad(rdf.namedNode(`${defaultBase}publications/added#id`), rdf.namedNode(schema('name')), rdf.literal('Added'))]],
      ['a subject removed', (data) => data.filter((q) => !q.subject.equals(removed))],
      ['a subject moved across a cut', (data) => [
        ...data.filter((q) => !q.subject.equals(moved)),
        ...data.filter((q) => q.subject.equals(moved)).map((q) => rdf.quad(rdf.namedNode(`${defaultBase}zz/moved#id`), q.predicate, q.object)),
      ]],
    ];
    await rebuildEach(changes);
  });

  it('keep every part but the changed one after a title changed', async () => {
    const first = await write(quads);
    const paperName = quads.find((q) => q.predicate.value === schema('name') && q.subject.value.includes('/publications/paper-'))!;
    const second = await write(quads.map((q) => (q === paperName ? rdf.quad(q.subject, q.predicate, rdf.literal(`Revisited, ${q.object.value}`)) : q)), first);
    const [before, after] = [await index(first), await index(second)];
    for (const name of ['dataset.ttl', 'dataset.nt', 'dataset.rdf', 'dataset.jsonld']) {
      const known = new Set(before[name].parts.map(([digest]) => digest));
      expect(after[name].parts.filter(([digest]) => !known.has(digest)).length, name).to.equal(1);
    }
  });

  it('are the bytes of a build from nothing, with one part written again, after a title\'s datatype changed, then its languages, then the order of two triples the sort ties', async () => {
    const paperName = quads.find((q) => q.predicate.value === schema('name') && q.subject.value.includes('/publications/paper-'))!;
    const { subject, predicate, object: { value: title } } = paperName;
    const isName = (q: Quad) => q.subject.equals(subject) && q.predicate.equals(predicate);
    /** The paper's names in place of those it has, where the first one is. */
    const withName = (...objects: Quad['object'][]) => (data: Quad[]) => {
      const at = data.findIndex(isName);
      return data.flatMap((q, i) => (i === at ? objects.map((o) => rdf.quad(subject, predicate, o)) : isName(q) ? [] : [q]));
    };
    // The same text in each: what tells them apart is what a dump writes of a literal beside its
    // text, and the order of two names the sort ties (rdf/quads.ts sorts by an object's text alone).
    const changes: Array<[string, (data: Quad[]) => Quad[]]> = [
      ['its datatype', withName(rdf.literal(title, rdf.namedNode('http://www.w3.org/2001/XMLSchema#normalizedString')))],
      ['two languages', withName(rdf.literal(title, 'en'), rdf.literal(title, 'de'))],
      // Each one's language changed, or the two in the other order.
      ['the two swapped', withName(rdf.literal(title, 'de'), rdf.literal(title, 'en'))],
    ];
    await rebuildEach(changes, async (change, previous, rebuilt) => {
      const [before, after] = [await index(previous), await index(rebuilt)];
      for (const f of dumpFormats) {
        const known = new Set(before[`dataset.${f.suffix}`].parts.map(([digest]) => digest));
        expect(after[`dataset.${f.suffix}`].parts.filter(([digest]) => !known.has(digest)).length, `${change}: ${f.name}`).to.equal(1);
      }
    });
  });

  it('are written whole when the previous build\'s dump was changed since it was written', async () => {
    const first = await write(quads);
    const original = await bytes(first, 'dataset.nt');
    await rm(path.join(first, 'dataset.nt'));
    await writeFile(path.join(first, 'dataset.nt'), Buffer.from(original.toString().replace(/schema\.org/g, 'schema.orx')));
    expect(await dumpsOf(await write(quads, first))).to.deep.equal(await dumpsOf(await write(quads)));
  });
});

describe('The dumps\' parts known by the digests a resident build makes of the graph\'s subjects', function () {
  this.timeout(120_000);
  let tmp: string;
  let profile: Profile;
  let graphQuads: Quad[];
  let builds = 0;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-dump-subjects-'));
    profile = await buildProfile(generatedDir());
    graphQuads = [...profile.graph.quads];
  });
  after(async () => { await rm(tmp, { recursive: true, force: true }); });

  /**
   * The dataset of a graph's quads as the site makes it (site/index.ts: the graph's, then the listing pages' own,
   * which name the works), and the digests a resident build gives its dumps.
   */
  const datasetOf = (data: Quad[]): { quads: Quad[]; subjects: SubjectDigests } => {
    const graph = new Graph(data);
    const labels = new Map<string, Quad['subject']>();
    const quads = relabelBlankNodes(profileDataset({ ...profile, graph }), labels);
    return { quads, subjects: new BuildMemory().start(undefined, graph).dumpSubjects(quads, { fromGraph: data.length, labels }) };
  };
  /** Writes the dumps of a graph's dataset into a new folder, over `previous` when given, by the subjects' digests unless `plain`. */
  const write = (data: Quad[], previous?: string, plain = false): string => {
    const dir = path.join(tmp, `build-${++builds}`);
    const dataset = datasetOf(data);
    const parts = new DumpParts(previous, previous && `${previous}.parts`, sizes);
    const files = parts.write(new OutputFolder(dir, previous, new Date(0)), datasetSpec(dataset.quads), '/', true, defaultBase, plain ? undefined : dataset.subjects);
    parts.save(`${dir}.parts`, new Set(files.map(([name]) => name)));
    return dir;
  };
  const dumpsOf = async (dir: string) => Object.fromEntries(await Promise.all(dumpFormats.flatMap((f) => [`dataset.${f.suffix}`, `dataset.${f.suffix}.gz`])
    .map(async (name) => [name, await readFile(path.join(dir, name))] as const)));
  const index = async (dir: string) => JSON.parse(await readFile(`${dir}.parts`, 'utf8')) as Record<string, { parts: [string][] }>;
  /** How many parts of each dump a build wrote that the build before it had not. */
  const newParts = async (previous: string, rebuilt: string) => {
    const [before, after] = [await index(previous), await index(rebuilt)];
    return Object.fromEntries(dumpFormats.map((f) => {
      const known = new Set(before[`dataset.${f.suffix}`].parts.map(([digest]) => digest));
      return [f.name, after[`dataset.${f.suffix}`].parts.filter(([digest]) => !known.has(digest)).length];
    }));
  };

  const work = (n: number) => `${defaultBase}publications/paper-${n}#id`;
  const isTitle = (n: number) => (q: Quad) => q.subject.value === work(n) && q.predicate.value === schema('name');
  const authorList = (data: Quad[], n: number) => data.find((q) => q.subject.value === work(n) && q.predicate.value === 'http://purl.org/ontology/bibo/authorList')!;
  /** A node and the blank nodes only it leads to (a work's author list), as term keys. */
  const ownedBy = (data: Quad[], subject: string): Set<string> => {
    const owned = new Set([subject]);
    for (let grew = true; grew;) {
      grew = false;
      for (const q of data) {
        if (owned.has(q.subject.value) && q.object.termType === 'BlankNode' && !owned.has(q.object.value)) { owned.add(q.object.value); grew = true; }
      }
    }
    return owned;
  };
  const changes: Array<[string, (data: Quad[]) => Quad[]]> = [
    ['a title changed', (data) => data.map((q) => (isTitle(5)(q) ? rdf.quad(q.subject, q.predicate, rdf.literal(`Revisited, ${q.object.value}`)) : q))],
    ['an author added to the first work, before every later entry\'s blank nodes', (data) => {
      const list = authorList(data, 1);
      const added = rdf.blankNode('added-cell');
      return data.flatMap((q) => (q !== list ? [q] : [
        rdf.quad(q.subject, q.predicate, added),
        rdf.quad(added, rdf.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#first'), rdf.namedNode(`${defaultBase}people/added#id`)),
        rdf.quad(added, rdf.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#rest'), q.object),
        rdf.quad(q.subject, rdf.namedNode(schema('author')), rdf.namedNode(`${defaultBase}people/added#id`)),
      ]));
    }],
    ['a work removed, with its author list', (data) => {
      const gone = ownedBy(data, work(3));
      return data.filter((q) => !gone.has(q.subject.value) && q.object.value !== work(3));
    }],
    ['two works\' author lists swapped (each blank node now another work\'s)', (data) => {
      const [a, b] = [authorList(data, 6), authorList(data, 7)];
      return data.map((q) => (q === a ? rdf.quad(a.subject, a.predicate, b.object) : q === b ? rdf.quad(b.subject, b.predicate, a.object) : q));
    }],
    ['every blank node of the graph labelled anew (the dataset\'s labels the same)', (data) => {
      const moved = <T extends Quad['subject'] | Quad['object']>(t: T): T => (t.termType === 'BlankNode' ? rdf.blankNode(`moved-${t.value}`) as unknown as T : t);
      return data.map((q) => rdf.quad(moved(q.subject), q.predicate, moved(q.object)));
    }],
    ['a title changed again', (data) => data.map((q) => (isTitle(8)(q) ? rdf.quad(q.subject, q.predicate, rdf.literal(`Revisited, ${q.object.value}`)) : q))],
  ];

  it('are the bytes of a build from nothing after each kind of edit, each build over the one before', async () => {
    let data = graphQuads;
    let previous = write(data);
    for (const [change, apply] of changes) {
      data = apply(data);
      const rebuilt = write(data, previous);
      expect(await dumpsOf(rebuilt), change).to.deep.equal(await dumpsOf(write(data, undefined, true)));
      previous = rebuilt;
    }
  });

  it('are each format\'s writer\'s text of the whole dataset', async () => {
    const dir = write(graphQuads);
    const { quads } = datasetOf(graphQuads);
    for (const f of dumpFormats) {
      expect((await readFile(path.join(dir, `dataset.${f.suffix}`))).toString(), f.name).to.equal(graphWriters[f.name as 'turtle'](quads, { base: defaultBase }));
    }
  });

  it('keep every part but the two a title changed: the work\'s and its listing entry\'s (which names it)', async () => {
    const first = write(graphQuads);
    const second = write(changes[0][1](graphQuads), first);
    expect(await newParts(first, second)).to.deep.equal(Object.fromEntries(dumpFormats.map((f) => [f.name, 2])));
  });

  it('know a part by its subjects\' digests, not by their triples: given the digests of the graph before an edit, they write no part again', async () => {
    const first = write(graphQuads);
    const cell = graphQuads.find((q) => q.subject.termType === 'BlankNode' && q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#first')!;
    for (const [change, edited] of [
      ['a title changed', changes[0][1](graphQuads)],
      ['an author list\'s cell naming another person', graphQuads.map((q) => (q === cell ? rdf.quad(q.subject, q.predicate, rdf.namedNode(`${defaultBase}people/other#id`)) : q))],
    ] as const) {
      const dir = path.join(tmp, `build-${++builds}`);
      const stale = datasetOf(graphQuads).subjects;
      const parts = new DumpParts(first, `${first}.parts`, sizes);
      parts.write(new OutputFolder(dir, first, new Date(0)), datasetSpec(datasetOf(edited).quads), '/', true, defaultBase, stale);
      parts.save(`${dir}.parts`, new Set(dumpFormats.map((f) => `dataset.${f.suffix}`)));
      expect(await newParts(first, dir), change).to.deep.equal(Object.fromEntries(dumpFormats.map((f) => [f.name, 0])));
    }
  });
});
