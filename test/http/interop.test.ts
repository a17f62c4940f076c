import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { Parser } from 'n3';
import { resolveConfig } from '../../src/config.js';
import { serve, type Serving } from '../../src/server.js';
import type { Site, SiteDocument } from '../../src/site/index.js';
import { fixtureProfiles } from '../support/fixtures.js';
import { missingFrom, sharedBuilder } from '../support/profile.js';
import { sameTriples } from './support.js';
import { python, pythonClients, readWithPythonClients, readingOf, requireClients, runForEach } from '../support/clients.js';

/**
 * Real RDF clients import every document by URL from the real server (what
 * `lodfolio serve DIR --port 0` runs, `serve()`, here in the test's process;
 * test/http/server.test.ts starts the command itself):
 * rdflib and pyld (Python), rapper and roqet (raptor/rasqal), each with the
 * Accept header it sends by itself. What they read must be exactly the
 * document's triples. Needs Debian's python3-rdflib python3-pyld
 * python3-requests raptor2-utils rasqal-utils (.ci/run installs them).
 */
const run = promisify(execFile);

function parseNTriples(text: string): Quad[] {
  return new Parser({ format: 'N-Triples' }).parse(text);
}

for (const fixture of fixtureProfiles) {
  describe(`real RDF clients importing each document of the ${fixture.name} profile by URL`, function () {
    this.timeout(300_000);
    let serving: Serving | undefined;
    /** The site the server serves: each document's triples, as the clients must read them. */
    let site: Site;
    let documents: SiteDocument[];

    before(async function () {
      requireClients(this, ['rdflib', 'pyld', 'rapper', 'roqet']);
      serving = await serve(resolveConfig({ dataDir: fixture.dir, port: 0, host: '127.0.0.1' }), { builder: await sharedBuilder(), write: () => {} });
      // The reference is the served site's own slices: this file tests the bytes on the wire and the clients'
      // reading of them, not which graph serve holds (the golden test checks the profile's graph).
      site = serving.server.site;
      documents = [...site.documents, site.void];
    });
    after(async () => { await serving?.stop(); });

    const check = (doc: SiteDocument, client: string, text: string) => {
      expect(text, `${client} on ${doc.url}`).to.not.match(/^ERROR/);
      const quads = parseNTriples(text);
      const slice = doc.slice();
      expect(sameTriples(quads, slice), `${client} on ${doc.url}: missing ${missingFrom(slice, quads).slice(0, 3).join('; ')}; extra ${missingFrom(quads, slice).slice(0, 3).join('; ')}`).to.equal(true);
    };

    it('rdflib (RDF/XML by its own Accept, Turtle, JSON-LD and N-Triples) and pyld read every document whole', async () => {
      const results = await readWithPythonClients(documents.map((d) => d.url));
      for (const doc of documents) {
        for (const client of pythonClients) check(doc, client, results[doc.url][client]);
      }
    });

    it('rapper reads every document, guessing the syntax from what its Accept got, or told it is Turtle', async () => {
      const urls = documents.map((d) => d.url);
      const guessed = await runForEach(['rapper', '-q', '-o', 'ntriples'], urls);
      const turtle = await runForEach(['rapper', '-q', '-i', 'turtle', '-o', 'ntriples'], urls);
      for (const doc of documents) {
        check(doc, 'rapper', readingOf(guessed, doc.url, 'rapper'));
        check(doc, 'rapper -i turtle', readingOf(turtle, doc.url, 'rapper -i turtle'));
      }
    });

    it('roqet queries every document by URL and gets all of its triples back', async () => {
      const roqet = await runForEach(['roqet', '-q', '-e', 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', '-D'], documents.map((d) => d.url));
      for (const doc of documents) check(doc, 'roqet', readingOf(roqet, doc.url, 'roqet'));
    });

    it('rdflib reads the whole-dataset dumps and the VoID description, in every format', async () => {
      const script = `
import rdflib, sys
rdflib.NORMALIZE_LITERALS = False
for url, fmt in [(sys.argv[1] + ".ttl", "turtle"), (sys.argv[1] + ".nt", "nt"), (sys.argv[1] + ".jsonld", "json-ld"), (sys.argv[1] + ".rdf", "xml")]:
    g = rdflib.Graph(); g.parse(url, format=fmt); print(len(g))
`;
      const { stdout } = await run(python, ['-c', script, site.dataset.url]);
      expect(stdout.trim().split('\n').map(Number)).to.deep.equal([site.dataset.slice().length, site.dataset.slice().length, site.dataset.slice().length, site.dataset.slice().length]);
    });
  });
}
