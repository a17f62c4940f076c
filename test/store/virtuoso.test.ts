import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { projectRoot } from '../../src/config.js';
import type { Profile } from '../../src/pipeline.js';
import { toNTriples } from '../../src/render/turtle.js';
import { createServer } from '../../src/server.js';
import { pushGraph, pushProfile, PushError } from '../../src/store/push.js';
import { demoDir, secondDir } from '../support/fixtures.js';
import { buildProfile, defaultBase } from '../support/profile.js';
import { useVirtuoso } from '../support/virtuoso.js';
import { listening } from '../http/support.js';

/**
 * `lodfolio push` into a real Virtuoso, started by this suite: what is
 * pushed is what the store's endpoint gives back, a second push replaces
 * the graph, refusals are clear and never show the password.
 */

const GRAPH = `${defaultBase}dataset`;
const COUNT = `SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${GRAPH}> { ?s ?p ?o } }`;
const CONSTRUCT = `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${GRAPH}> { ?s ?p ?o } }`;

/** tsx by its file URL, as test/cli.test.ts runs the real command. */
const tsxLoader = pathToFileURL(path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

async function lodfolio(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', tsxLoader, path.join(projectRoot, 'src', 'main.ts'), ...args],
      { cwd: projectRoot, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Parsed N-Triples, as the dump and a CONSTRUCT give them. */
const parseNTriples = (text: string): Quad[] => new Parser({ format: 'N-Triples' }).parse(text);

/** The dump, as `lodfolio dump --format ntriples` writes it. */
const dumpOf = (profile: Profile): Quad[] => parseNTriples(toNTriples(profile.graph as Iterable<Quad>));

describe('Pushing the dataset into Virtuoso (a real store, started by the suite)', function () {
  this.timeout(60_000);
  const store = useVirtuoso();
  let demo: Profile;
  let second: Profile;
  before(async () => {
    demo = await buildProfile(demoDir);
    second = await buildProfile(secondDir);
  });

  /** A query at the store's own endpoint. */
  const ask = async (query: string, accept: string) => {
    const response = await fetch(`${store().sparql}?query=${encodeURIComponent(query)}`, { headers: { Accept: accept } });
    expect(response.status, await response.clone().text()).to.equal(200);
    return response.text();
  };
  const count = async () => Number(JSON.parse(await ask(COUNT, 'application/sparql-results+json')).results.bindings[0].n.value);
  const construct = async () => parseNTriples(await ask(CONSTRUCT, 'text/plain'));
  const credentials = () => ({ user: store().user, password: store().password });

  it('puts the demo profile into the dataset\'s graph: a COUNT and a CONSTRUCT at the store equal the dump', async () => {
    const report = await pushProfile(demo, { store: store().graphStore, credentials: credentials() });
    expect(report.graph).to.equal(GRAPH);
    expect(report.triples).to.equal(demo.graph.size);
    expect(report.bytes).to.equal(Buffer.byteLength(toNTriples(demo.graph as Iterable<Quad>)));
    expect(report.status).to.be.oneOf([200, 201, 204]);
    expect(await count()).to.equal(demo.graph.size);
    expect(isomorphic(await construct(), dumpOf(demo))).to.equal(true);
  });

  it('streams the body in slices: a push cut into many slices gives the same graph', async () => {
    const report = await pushGraph({ store: store().graphStore, graph: GRAPH, quads: [...demo.graph] as Quad[], credentials: credentials(), sliceSize: 7 });
    expect(report.bytes).to.equal(Buffer.byteLength(toNTriples(demo.graph as Iterable<Quad>)));
    expect(isomorphic(await construct(), dumpOf(demo))).to.equal(true);
  });

  it('replaces the graph on a second push, never adding to it', async () => {
    await pushProfile(demo, { store: store().graphStore, credentials: credentials() });
    await pushProfile(second, { store: store().graphStore, credentials: credentials() });
    expect(await count()).to.equal(second.graph.size);
    expect(isomorphic(await construct(), dumpOf(second))).to.equal(true);
    // Nothing of the demo stayed behind.
    expect(second.graph.size).to.not.equal(demo.graph.size);
  });

  it('pushes into another graph when told, leaving the dataset\'s graph as it was', async () => {
    await pushProfile(demo, { store: store().graphStore, credentials: credentials() });
    await pushProfile(second, { store: store().graphStore, credentials: credentials(), graph: 'http://example.org/elsewhere' });
    expect(await count()).to.equal(demo.graph.size);
    const elsewhere = JSON.parse(await ask('SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/elsewhere> { ?s ?p ?o } }', 'application/sparql-results+json'));
    expect(Number(elsewhere.results.bindings[0].n.value)).to.equal(second.graph.size);
  });

  it('refuses a wrong password with a clear error that does not hold it, and leaves the graph alone', async () => {
    const before = await count();
    const wrong = `wrong-${store().password.slice(0, 6)}-password`;
    let error: unknown;
    try {
      await pushProfile(second, { store: store().graphStore, credentials: { user: store().user, password: wrong } });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(PushError);
    expect((error as Error).message).to.match(/refused the credentials \(401/).and.include('LODFOLIO_STORE_PASSWORD');
    expect((error as Error).message).to.not.include(wrong);
    expect(await count()).to.equal(before);
  });

  it('asks for credentials when none are given', async () => {
    const error = await pushProfile(demo, { store: store().graphStore }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PushError);
    expect((error as Error).message).to.match(/asks for credentials \(401/).and.include('LODFOLIO_STORE_USER');
  });

  it('names the Graph Store endpoints it knows when the URL is not one', async () => {
    const error = await pushProfile(demo, { store: store().graphStore.replace(/sparql-graph-crud-auth$/, 'no-such-endpoint'), credentials: credentials() })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PushError);
    expect((error as Error).message).to.match(/^no Graph Store endpoint at \S+ \((404|501)/).and.include('/sparql-graph-crud-auth');
  });

  describe('the lodfolio push command', () => {
    it('pushes with the credentials of the environment and prints one line: triples, bytes, seconds; never the password', async () => {
      const env = { LODFOLIO_STORE_USER: store().user, LODFOLIO_STORE_PASSWORD: store().password, BASE_URL: defaultBase };
      await pushProfile(second, { store: store().graphStore, credentials: credentials() });
      const { code, stdout, stderr } = await lodfolio(env, 'push', demoDir, '--store', store().graphStore);
      expect(code, stderr).to.equal(0);
      expect(stdout).to.match(new RegExp(`^lodfolio: pushed ${demo.graph.size} triples \\(\\d+\\.\\d kB of N-Triples\\) into <${GRAPH}> at \\S+ in \\d+\\.\\d\\d s \\(20[014]\\)\\n$`));
      expect(stdout + stderr).to.not.include(store().password);
      expect(await count()).to.equal(demo.graph.size);
    });

    it('exits 1 on a wrong password, saying so, and prints no password', async () => {
      const wrong = 'not-the-password-4711';
      const { code, stdout, stderr } = await lodfolio({ LODFOLIO_STORE_USER: store().user, LODFOLIO_STORE_PASSWORD: wrong, BASE_URL: defaultBase },
        'push', demoDir, '--store', store().graphStore);
      expect(code).to.equal(1);
      expect(stdout).to.equal('');
      expect(stderr).to.match(/^lodfolio: the store refused the credentials \(401/m);
      expect(stdout + stderr).to.not.include(wrong).and.not.include(store().password);
    });

    it('refuses a store URL holding credentials, without repeating them', async () => {
      const url = store().graphStore.replace('//', `//dba:${store().password}@`);
      const { code, stderr } = await lodfolio({ BASE_URL: defaultBase }, 'push', demoDir, '--store', url);
      expect(code).to.equal(1);
      expect(stderr).to.include('LODFOLIO_STORE_USER').and.not.include(store().password);
    });
  });

  describe('a site whose /sparql is the store (serve --sparql-endpoint)', () => {
    let site: { url: string; close: () => Promise<void> };
    before(async () => {
      const server = await createServer({ dataDir: demoDir, base: defaultBase, sparqlEndpoint: store().sparql });
      site = await listening(server.app);
      await pushProfile(demo, { store: store().graphStore, credentials: credentials() });
    });
    after(() => site.close());

    it('answers a COUNT and a CONSTRUCT sent to the site equal to the dump, by way of the store', async () => {
      const counted = await fetch(`${site.url}/sparql?query=${encodeURIComponent(COUNT)}`, { headers: { Accept: 'application/sparql-results+json' } });
      expect(counted.redirected).to.equal(true);
      expect(Number((await counted.json() as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0].n.value)).to.equal(demo.graph.size);
      // By POST: the 307 keeps the method and the body.
      const constructed = await fetch(`${site.url}/sparql`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/plain' },
        body: new URLSearchParams({ query: CONSTRUCT }),
      });
      expect(constructed.status).to.equal(200);
      expect(isomorphic(parseNTriples(await constructed.text()), dumpOf(demo))).to.equal(true);
    });
  });
});
