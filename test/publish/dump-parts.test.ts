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
import { DumpMemory, DumpParts } from '../../src/publish/dump-parts.js';
import { OutputFolder } from '../../src/publish/output-folder.js';
import { profileDataset } from '../../src/publish/profile-site.js';
import type { ResourceSpec } from '../../src/publish/representations.js';
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

  /**
   * Writes the dumps of `data` into a new folder, over `previous` (a folder this wrote) when given, and with
   * `memory` as a resident build does (published once written); its folder.
   */
  const write = async (data: Quad[], previous?: string, memory?: DumpMemory, precompress = true): Promise<string> => {
    const dir = path.join(tmp, `build-${++builds}`);
    const folder = new OutputFolder(dir, previous, new Date(0));
    const parts = new DumpParts(previous, previous && `${previous}.parts`, sizes, memory);
    const files = parts.write(folder, datasetSpec(data), '/', precompress, defaultBase);
    parts.save(`${dir}.parts`, new Set(files.map(([name]) => name)));
    parts.published();
    counts = parts.counts;
    return dir;
  };
  /** How many parts the last `write` digested and wrote. */
  let counts = { digested: 0, written: 0 };
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

  it('are the bytes of a build from nothing when only the order of a subject\'s triples changed, which RDF/XML keeps and Turtle sorts away', async () => {
    // Turtle's part and RDF/XML's begin with the same quad and hold as many: only their quads tell them apart.
    const s = rdf.namedNode(`${defaultBase}publications/ordered#id`);
    const said = (p: Parameters<typeof schema>[0], o: string) => rdf.quad(s, rdf.namedNode(schema(p)), rdf.literal(o));
    const [a, b, c] = [said('about', 'A'), said('keywords', 'K'), said('inLanguage', 'L')];
    // (Too small for a .gz.)
    const texts = async (dir: string) => Promise.all(dumpFormats.map((f) => bytes(dir, `dataset.${f.suffix}`)));
    const first = await write([a, b, c]);
    const rebuilt = await write([a, c, b], first);
    expect(await texts(rebuilt)).to.deep.equal(await texts(await write([a, c, b])));
  });

  it('are told unchanged by their parts\' digest only when every dump would be the same bytes: a build takes them whole on it', async () => {
    // The build record's digest of the dataset (export.ts): equal, the previous build's dumps are taken as they are.
    const digestOf = (data: Quad[]) => new DumpParts(undefined, undefined, sizes).plan(datasetSpec(data), '/', defaultBase).digest;
    const paperName = quads.find((q) => q.predicate.value === schema('name') && q.subject.value.includes('/publications/paper-'))!;
    const { subject, predicate, object: { value: title } } = paperName;
    const withName = (...objects: Quad['object'][]) => quads.flatMap((q) => (q === paperName ? objects.map((o) => rdf.quad(subject, predicate, o)) : [q]));
    const s = rdf.namedNode(`${defaultBase}publications/ordered#id`);
    const said = (p: Parameters<typeof schema>[0], o: string) => rdf.quad(s, rdf.namedNode(schema(p)), rdf.literal(o));
    const [a, b, c] = [said('about', 'A'), said('keywords', 'K'), said('inLanguage', 'L')];
    expect(digestOf(quads.slice())).to.equal(digestOf(quads));
    const changed: Array<[string, Quad[], Quad[]]> = [
      ['a title', quads, withName(rdf.literal(`Revisited, ${title}`))],
      ['its datatype', quads, withName(rdf.literal(title, rdf.namedNode('http://www.w3.org/2001/XMLSchema#normalizedString')))],
      ['two names the sort ties, swapped', withName(rdf.literal(title, 'en'), rdf.literal(title, 'de')), withName(rdf.literal(title, 'de'), rdf.literal(title, 'en'))],
      // Only RDF/XML's text changes: a digest of Turtle's parts alone would call it unchanged.
      ['a subject\'s triples in another order', [...quads, a, b, c], [...quads, a, c, b]],
    ];
    for (const [what, before, after] of changed) expect(digestOf(after), what).to.not.equal(digestOf(before));
  });

  it('are written whole when the previous build\'s dump was changed since it was written', async () => {
    const first = await write(quads);
    const original = await bytes(first, 'dataset.nt');
    await rm(path.join(first, 'dataset.nt'));
    await writeFile(path.join(first, 'dataset.nt'), Buffer.from(original.toString().replace(/schema\.org/g, 'schema.orx')));
    expect(await dumpsOf(await write(quads, first))).to.deep.equal(await dumpsOf(await write(quads)));
  });

  describe('under a resident build, from what it remembers of the dumps it wrote last', () => {
    /** The data as a rebuild has it: the quads of blank nodes made anew (labelled again), the others the very quads, or every quad made anew (`fresh`). */
    const rebuilt = (data: Quad[], fresh: boolean) => data.map((q) => (fresh || q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' ? rdf.quad(q.subject, q.predicate, q.object) : q));

    /** Each change in turn, each build over the one before with one memory: the dumps must be a build from nothing's. */
    const rebuildRemembering = async (changes: Array<[string, (data: Quad[]) => Quad[]]>) => {
      const memory = new DumpMemory();
      let data = quads;
      let previous = await write(data, undefined, memory);
      for (const [i, [change, apply]] of changes.entries()) {
        data = rebuilt(apply(data), i % 2 === 1);
        const next = await write(data, previous, memory);
        expect(await dumpsOf(next), change).to.deep.equal(await dumpsOf(await write(data)));
        previous = next;
      }
    };

    const paperName = () => quads.find((q) => q.predicate.value === schema('name') && q.subject.value.includes('/publications/paper-'))!;

    it('are the bytes of a build from nothing after a title changed, its datatype, its languages, two names the sort ties swapped, and a subject\'s triples reordered', async () => {
      const { subject, predicate, object: { value: title } } = paperName();
      const isName = (q: Quad) => q.subject.equals(subject) && q.predicate.equals(predicate);
      const withName = (...objects: Quad['object'][]) => (data: Quad[]) => {
        const at = data.findIndex(isName);
        return data.flatMap((q, i) => (i === at ? objects.map((o) => rdf.quad(subject, predicate, o)) : isName(q) ? [] : [q]));
      };
      const s = rdf.namedNode(`${defaultBase}publications/ordered#id`);
      const said = (p: Parameters<typeof schema>[0], o: string) => rdf.quad(s, rdf.namedNode(schema(p)), rdf.literal(o));
      const [a, b, c] = [said('about', 'A'), said('keywords', 'K'), said('inLanguage', 'L')];
      await rebuildRemembering([
        ['a title changed', withName(rdf.literal(`Revisited, ${title}`))],
        ['its datatype', withName(rdf.literal(title, rdf.namedNode('http://www.w3.org/2001/XMLSchema#normalizedString')))],
        ['two languages', withName(rdf.literal(title, 'en'), rdf.literal(title, 'de'))],
        ['the two swapped', withName(rdf.literal(title, 'de'), rdf.literal(title, 'en'))],
        ['the same again', (data) => data],
        ['a subject of three triples added', (data) => [...data, a, b, c]],
        // Only RDF/XML's text changes.
        ['its triples in another order', (data) => [...data.filter((q) => !q.subject.equals(s)), a, c, b]],
      ]);
    });

    it('are the bytes of a build from nothing after a subject added, one removed, one moved across a cut, and the first part of each dump removed', async () => {
      const moved = quads.find((q) => q.subject.value.includes('/publications/paper-2#'))!.subject;
      const removed = quads.find((q) => q.subject.value.includes('/people/'))!.subject;
      /** The quads of each dump's first part: without them, the part after it comes first (JSON-LD writes no comma before it). */
      const firstParts = (data: Quad[]) => {
        const { dumps } = new DumpParts(undefined, undefined, sizes).plan(datasetSpec(data), '/', defaultBase);
        return new Set(dumps.flatMap(({ parts: [[subjects]] }) => subjects.flat()));
      };
      await rebuildRemembering([
        ['a subject added', (data) => [...data, rdf.quad(rdf.namedNode(`${defaultBase}publications/added#id`), rdf.namedNode(schema('name')), rdf.literal('Added'))]],
        ['a subject removed', (data) => data.filter((q) => !q.subject.equals(removed))],
        ['a subject moved across a cut', (data) => [
          ...data.filter((q) => !q.subject.equals(moved)),
          ...data.filter((q) => q.subject.equals(moved)).map((q) => rdf.quad(rdf.namedNode(`${defaultBase}zz/moved#id`), q.predicate, q.object)),
        ]],
        ['the first parts removed', (data) => { const first = firstParts(data); return data.filter((q) => !first.has(q)); }],
      ]);
    });

    it('are the bytes of a build from nothing when a dump\'s head changed the text of parts whose triples did not change', async () => {
      // RDF/XML names a namespace it has no prefix for `nsN`, in the order it first meets them: one met
      // earlier now renames the other, in the head and in every part that uses it.
      const said = (subject: string, ns: string) => rdf.quad(rdf.namedNode(`${defaultBase}${subject}`), rdf.namedNode(`https://vocabulary.example/${ns}/said`), rdf.literal(ns));
      const later = said('publications/zz-later#id', 'later');
      await rebuildRemembering([
        ['a namespace met last', (data) => [...data, later]],
        ['another met first', (data) => [said('aa-first#id', 'first'), ...data]],
      ]);
    });

    it('are the bytes of a build from nothing when the build before wrote no .gz, and when its dumps were changed on disk since', async () => {
      const memory = new DumpMemory();
      const bare = await write(quads, undefined, memory, false);
      const retitled = quads.map((q) => (q === paperName() ? rdf.quad(q.subject, q.predicate, rdf.literal(`Revisited, ${q.object.value}`)) : q));
      const next = await write(rebuilt(retitled, false), bare, memory);
      expect(await dumpsOf(next)).to.deep.equal(await dumpsOf(await write(retitled)));
      await rm(path.join(next, 'dataset.nt'));
      await writeFile(path.join(next, 'dataset.nt'), 'changed by hand');
      expect(await dumpsOf(await write(rebuilt(quads, true), next, memory))).to.deep.equal(await dumpsOf(await write(quads)));
    });

    it('digest and write again only the part a title is in, and read no other back from the previous build', async () => {
      const memory = new DumpMemory();
      const first = await write(quads, undefined, memory);
      const all = counts.digested;
      const retitled = rebuilt(quads.map((q) => (q === paperName() ? rdf.quad(q.subject, q.predicate, rdf.literal(`Revisited, ${q.object.value}`)) : q)), false);
      // The previous build's files gone: what is not made again comes from the memory.
      for (const name of await readdir(first)) await rm(path.join(first, name));
      const next = await write(retitled, first, memory);
      // One part of each dump.
      expect(counts).to.deep.equal({ digested: dumpFormats.length, written: dumpFormats.length });
      expect(all).to.be.greaterThan(4 * dumpFormats.length);
      expect(await dumpsOf(next)).to.deep.equal(await dumpsOf(await write(retitled)));
    });
  });
});
