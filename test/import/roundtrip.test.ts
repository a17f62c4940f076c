import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { projectRoot } from '../../src/config.js';
import { importBibtex } from '../../src/import/importer.js';
import { createServer } from '../../src/server.js';
import { python, requireClients } from '../support/clients.js';
import { fixturesDir, sharedBuilder } from '../support/profile.js';

/**
 * BibTeX in, BibTeX out: a real .bib imported into a profile and exported
 * again by the site reads, with a BibTeX parser other than the importer's,
 * as the same bibliography: titles, authors in order, DOIs, years, venues.
 */

interface BibEntry { ID: string; ENTRYTYPE: string; title?: string; author?: string; doi?: string; year?: string; journal?: string; booktitle?: string }

const parse = async (bib: string): Promise<BibEntry[]> => {
  const script = `import json, sys, bibtexparser
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode
p = BibTexParser(common_strings=True, ignore_nonstandard_types=False); p.customization = convert_to_unicode
print(json.dumps(bibtexparser.loads(sys.stdin.read(), parser=p).entries))`;
  const child = promisify(execFile)(python, ['-c', script]);
  child.child.stdin!.end(bib);
  return JSON.parse((await child).stdout) as BibEntry[];
};

/** What a reader compares: the words of a title, a name's family part, a venue without its trailing punctuation. */
const words = (s = '') => s.replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
const families = (authors = '') => authors.split(/\s+and\s+/).map((a) => (a.includes(',') ? a.split(',')[0] : a.split(' ').pop()!).replace(/[{}]/g, '').trim());
const venue = (e: BibEntry) => words(e.journal ?? e.booktitle).replace(/[,.]+$/, '');

describe('A BibTeX round trip: import a real .bib, export the profile\'s citations', function () {
  this.timeout(60_000);
  let dir: string;
  before(async function () {
    requireClients(this, ['bibtexparser']);
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-roundtrip-'));
    for (const f of (await readdir(path.join(projectRoot, 'starter'))).filter((n) => n.endsWith('.yaml'))) {
      await cp(path.join(projectRoot, 'starter', f), path.join(dir, f));
    }
  });
  after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it('gives back the same titles, authors in the same order, DOIs, years and venues', async () => {
    const source = path.join(fixturesDir, 'bibtex', 'al-folio-example.bib');
    // As `lodfolio import bibtex` imports it (test/import/cli.test.ts runs the command itself).
    await importBibtex({ bibFile: source, dir, builder: await sharedBuilder(), base: 'http://localhost:3000/' });
    const server = await createServer({ dataDir: dir, base: 'http://localhost:3000/', sparql: false, builder: await sharedBuilder() });
    const exported = await parse((await request(server.app).get('/publications.bib')).text);
    const original = await parse(await readFile(source, 'utf8'));
    // The importer keeps each entry's citation key as its id (in the id syntax): find each again by its title.
    for (const before of original) {
      const after = exported.find((e) => words(e.title).toLowerCase() === words(before.title).toLowerCase());
      expect(after, before.ID).to.not.equal(undefined);
      expect(families(after!.author), `${before.ID}: authors`).to.deep.equal(families(before.author));
      expect(after!.year, `${before.ID}: year`).to.equal(before.year);
      if (before.doi) expect(after!.doi, `${before.ID}: DOI`).to.equal(before.doi);
      if (venue(before)) expect(venue(after!), `${before.ID}: venue`).to.equal(venue(before));
    }
  });
});
