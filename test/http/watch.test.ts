import { cp, mkdtemp, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { expect } from 'chai';
import { Parser } from 'n3';
import { resolveConfig } from '../../src/config.js';
import { serve, type Rebuilt, type Serving } from '../../src/server.js';
import { demoDir } from '../support/fixtures.js';

/**
 * `lodfolio serve --watch` under load: the data changes 20 times, valid and
 * invalid in turn, while clients keep asking. Every answer must be whole
 * and from one valid version; nothing invalid is ever published.
 */

const SCHEMA_NAME = 'http://schema.org/name';

describe('Serving with --watch while the data changes under load', function () {
  this.timeout(180_000);
  let dir: string;
  let serving: Serving;
  /** The version served first, held weakly: republishing must let it go. */
  let first: WeakRef<Serving['server']>;
  const outcomes: Rebuilt[] = [];
  let told: (() => void) | undefined;
  /** Resolves with the outcome of the next rebuild, when the server tells it. */
  const nextOutcome = () => new Promise<Rebuilt>((resolve) => { told = () => resolve(outcomes[outcomes.length - 1]); });

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-watch-'));
    await cp(demoDir, dir, { recursive: true });
    serving = await serve(resolveConfig({ dataDir: dir, port: 0, host: '127.0.0.1' }, {}), {
      write: () => {}, sparql: { workers: 1 }, watch: (outcome) => { outcomes.push(outcome); told?.(); },
    });
    first = new WeakRef(serving.server);
  });
  after(async () => {
    await serving?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const origin = () => `http://127.0.0.1:${serving.listening.port}`;
  const me = () => `${serving.base}#me`;

  /** The scholar's name in each view of `/` one response carries: its Turtle, or its HTML title and embedded data. */
  const namesIn = async (accept: string): Promise<{ status: number; names: string[] }> => {
    const response = await fetch(`${origin()}/`, { headers: { accept } });
    const body = await response.text();
    if (response.status !== 200) return { status: response.status, names: [] };
    if (accept === 'text/turtle') {
      const quads = new Parser({ baseIRI: serving.base }).parse(body);
      return { status: 200, names: quads.filter((q) => q.subject.value === me() && q.predicate.value === SCHEMA_NAME).map((q) => q.object.value) };
    }
    const title = /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? '';
    const h1 = /<h1[^>]*>([^<]*)<\/h1>/.exec(body)?.[1] ?? '';
    return { status: 200, names: [title, h1] };
  };

  it('answers every request from one whole, valid version, drops none, and ends on the last valid one', async () => {
    const person = path.join(dir, 'person.yaml');
    const original = await readFile(person, 'utf8');
    const valid = new Set(['Jonathan Mace']);
    const problems: string[] = [];
    let answered = 0;
    let loading = true;
    // Four clients asking without pause: the page, its Turtle, and the SPARQL endpoint.
    const client = async (accept: string) => {
      while (loading) {
        try {
          if (accept === 'sparql') {
            const r = await fetch(`${origin()}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, { headers: { accept: 'application/sparql-results+json' } });
            await r.text();
            if (r.status !== 200) problems.push(`sparql: ${r.status}`);
          } else {
            const { status, names } = await namesIn(accept);
            if (status !== 200) problems.push(`${accept}: ${status}`);
            else if (names.length === 0 || names.some((n) => !valid.has(n)) || new Set(names).size !== 1) problems.push(`${accept}: ${JSON.stringify(names)}`);
          }
          answered++;
        } catch (error) {
          problems.push(`${accept}: ${(error as Error).message}`);
        }
      }
    };
    const clients = [client('text/turtle'), client('text/html'), client('text/html'), client('sparql')];

    let lastValid = 'Jonathan Mace';
    for (let change = 1; change <= 20; change++) {
      const name = `Scholar Version ${change}`;
      const text = original.replace('name: Jonathan Mace', `name: ${name}`);
      // Odd changes are valid; even ones add a field no person has, and must never be published.
      if (change % 2 === 1) { valid.add(name); lastValid = name; }
      const rebuilt = nextOutcome();
      await writeFile(person, change % 2 === 1 ? text : `${text}\ncolour: red\n`);
      expect((await rebuilt).published, `change ${change}`).to.equal(change % 2 === 1);
    }
    loading = false;
    await Promise.all(clients);

    expect(problems, 'errors or answers from no single valid version').to.deep.equal([]);
    expect(answered).to.be.greaterThan(100);
    expect((await namesIn('text/turtle')).names).to.deep.equal([lastValid]);
    expect(outcomes.filter((o) => !o.published).every((o) => !o.published && String(o.error).includes('problem'))).to.equal(true);
  });

  it('changes the ETag and Last-Modified only of documents whose bytes changed', async () => {
    const head = async (p: string) => {
      const r = await fetch(`${origin()}${p}`, { headers: { accept: 'text/turtle' } });
      await r.text();
      return { etag: r.headers.get('etag'), lastModified: r.headers.get('last-modified') };
    };
    const untouched = '/topics/computer-networks';
    const [homeBefore, otherBefore] = [await head('/'), await head(untouched)];
    // Last-Modified is the newest file's date, in whole seconds: the new version's file is dated a minute later,
    // before it takes the place of the old one (written beside the profile, so the watch sees only the rename).
    const edited = path.join(path.dirname(dir), `${path.basename(dir)}-person.yaml`);
    // (The last change above was invalid: start again from the profile as it was, under a new name.)
    await writeFile(edited, (await readFile(path.join(demoDir, 'person.yaml'), 'utf8')).replace('name: Jonathan Mace', 'name: Scholar Once More'));
    const later = new Date(Date.parse(homeBefore.lastModified!) + 60_000);
    await utimes(edited, later, later);
    const rebuilt = nextOutcome();
    await rename(edited, path.join(dir, 'person.yaml'));
    expect((await rebuilt).published).to.equal(true);
    const [homeAfter, otherAfter] = [await head('/'), await head(untouched)];
    expect(homeAfter.etag).to.not.equal(homeBefore.etag);
    expect(homeAfter.lastModified).to.equal(later.toUTCString());
    expect(otherAfter).to.deep.equal(otherBefore);
  });

  it('lets go of every version it replaced, so that republishing does not grow the heap', async () => {
    expect(outcomes.filter((o) => o.published).length).to.be.above(1);
    // A full collection on demand (what node --expose-gc gives), and a turn of the event loop
    // first, since a WeakRef holds its target until the job that made or read it ends.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(first.deref(), 'the first version is still reachable').to.equal(undefined);
  });
});

describe('Serving with --watch from its start', function () {
  this.timeout(120_000);

  it('publishes a save made while the first version was being built', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-watch-start-'));
    await cp(demoDir, dir, { recursive: true });
    const person = path.join(dir, 'person.yaml');
    const original = await readFile(person, 'utf8');
    let told: (outcome: Rebuilt) => void = () => {};
    const rebuilt = new Promise<Rebuilt>((resolve) => { told = resolve; });
    const starting = serve(resolveConfig({ dataDir: dir, port: 0, host: '127.0.0.1' }, {}), { write: () => {}, sparql: false, watch: (outcome) => told(outcome) });
    // Saved while the server builds its first version: whichever version read it, a rebuild follows the save.
    await writeFile(person, original.replace('name: Jonathan Mace', 'name: Saved While Starting'));
    const serving = await starting;
    try {
      expect((await rebuilt).published).to.equal(true);
      const page = await (await fetch(`http://127.0.0.1:${serving.listening.port}/`, { headers: { accept: 'text/turtle' } })).text();
      expect(page).to.include('Saved While Starting');
    } finally {
      await serving.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
