import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { starterDir } from '../../src/config.js';
import { ImportError, importBibtex, type ImportReport } from '../../src/import/importer.js';
import { doiFiles, importDois, importOrcid, orcidFiles, type WebOptions } from '../../src/import/web.js';
import { buildProfile, defaultBase, fixturesDir, sharedBuilder } from '../support/profile.js';

/**
 * Import by DOI and by ORCID iD against a server on 127.0.0.1 that replays
 * real recorded answers (test/fixtures/csl/doi, test/fixtures/orcid): the
 * resolver redirects a DOI asked for as CSL-JSON to its record, as doi.org
 * does; a DOI it has no record of is a 404.
 */

const recorded = path.join(fixturesDir, 'csl', 'doi');
const orcidDir = path.join(fixturesDir, 'orcid');
const jlumin = '10.1016/j.jlumin.2015.09.036';
const wasserman = '10.1146/annurev-statistics-031017-100045';
const holder = '0000-0001-9045-0723';

type Entry = Record<string, unknown> & { id: string };

describe('lodfolio import doi and import orcid, from replayed real answers', function () {
  this.timeout(60_000);
  let server: Server;
  let base: string;
  const requests: Array<{ url: string; accept: string }> = [];
  const dirs: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const url = decodeURIComponent(req.url ?? '');
      requests.push({ url, accept: String(req.headers.accept) });
      const doi = /^\/doi\/(.+)$/.exec(url)?.[1];
      if (doi && /citationstyles\.csl\+json/.test(String(req.headers.accept))) {
        res.writeHead(302, { Location: `/record/${encodeURIComponent(doi)}` }).end();
        return;
      }
      const record = /^\/record\/(.+)$/.exec(url)?.[1];
      const orcid = /^\/orcid\/([\d-X]+)\/works$/.exec(url)?.[1];
      const file = record ? path.join(recorded, `${record.replace('/', '-')}.json`) : orcid ? path.join(orcidDir, `${orcid}-works.json`) : undefined;
      if (url.startsWith('/unavailable/')) { res.writeHead(503, 'Service Unavailable').end(); return; }
      if (url.startsWith('/silent/')) return; // never answers
      readFile(file ?? '/nonexistent').then((body) => {
        res.writeHead(200, { 'Content-Type': record ? 'application/vnd.citationstyles.csl+json' : 'application/json' }).end(body);
      }, () => res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  const fresh = async (extra?: string) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-web-'));
    dirs.push(dir);
    await cp(starterDir, dir, { recursive: true, filter: (src) => src === starterDir || /\.ya?ml$/.test(src) });
    if (extra) await writeFile(path.join(dir, 'mine.yaml'), extra);
    return dir;
  };
  const options = async (dir: string, more: Partial<WebOptions> = {}): Promise<WebOptions> => ({
    dir, builder: await sharedBuilder(), base: defaultBase, doiResolver: `${base}doi/`, orcidApi: `${base}orcid/`, ...more,
  });
  const snapshot = async (dir: string) => Object.fromEntries(await Promise.all((await readdir(dir)).sort()
    .map(async (n) => [n, await readFile(path.join(dir, n), 'utf8')] as const)));
  const own = async (dir: string, file: string) => parse(await readFile(path.join(dir, file), 'utf8')) as Record<string, Entry[]>;
  const failure = async (work: Promise<unknown>): Promise<Error> => {
    try {
      await work;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected the import to fail');
  };

  describe('import doi', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await fresh();
      requests.length = 0;
      report = await importDois([jlumin, `https://doi.org/${wasserman}`], await options(dir));
    });

    it('asks the resolver for CSL-JSON by content negotiation, following its redirect', () => {
      expect(requests.filter((r) => r.url.startsWith('/doi/'))).to.deep.equal([
        { url: `/doi/${jlumin}`, accept: 'application/vnd.citationstyles.csl+json' },
        { url: `/doi/${wasserman}`, accept: 'application/vnd.citationstyles.csl+json' },
      ]);
      expect(requests.filter((r) => r.url.startsWith('/record/'))).to.have.length(2);
    });

    it('imports each record as a work with its title as written, its authors in order, its journal and its full date', async () => {
      expect([report.imported, report.skipped.length]).to.deep.equal([2, 0]);
      const { publications, people, periodicals } = await own(dir, doiFiles.importFile);
      const paper = publications.find((p) => p.doi === jlumin)!;
      expect(paper).to.deep.include({
        id: 'zmojda-2016-investigation', journal: 'journal-of-luminescence', volume: 170, pages: '795-800', datePublished: '2016-02', inLanguage: 'en',
        name: 'Investigation of upconversion luminescence in antimony\u2013germanate double-clad two cores optical fiber co-doped with Yb3+/Tm3+ and Yb3+/Ho3+ ions',
      });
      const names = (paper.authors as string[]).map((id) => people.find((p) => p.id === id)!.familyName);
      expect(names).to.deep.equal(['Zmojda', 'Kochanowicz', 'Miluski', 'Dorosz', 'Pisarska', 'Pisarski', 'Dorosz']);
      expect(publications.find((p) => p.doi === wasserman)).to.deep.include({
        name: 'Topological Data Analysis', datePublished: '2018-03-07', volume: 5, issue: 1, pages: '501-532', journal: 'annual-review-of-statistics-and-its-application',
      });
      expect(periodicals.map((p) => p.name)).to.deep.equal(['Journal of Luminescence', 'Annual Review of Statistics and Its Application']);
      await buildProfile(dir);
    });

    it('changes nothing, byte for byte, when the same DOIs are imported again', async () => {
      const before = await snapshot(dir);
      const again = await importDois([wasserman, jlumin], await options(dir));
      expect([again.imported, again.updated, again.unchanged, again.written.length]).to.deep.equal([0, 0, 2, 0]);
      expect(await snapshot(dir)).to.deep.equal(before);
    });

    it('skips a DOI the profile already has, in any case, whether written by hand or imported from a .bib', async () => {
      const dir2 = await fresh(`publications:\n  - { id: my-luminescence-paper, name: Upconversion, authors: [ada-example], journal: example-journal, datePublished: 2016, doi: 10.1016/J.JLUMIN.2015.09.036 }\n`);
      const bib = path.join(dir2, 'refs.bib');
      await writeFile(bib, `@article{tda, author = {Wasserman, Larry}, title = {Topological Data Analysis}, journal = {Annu. Rev. Stat. Appl.}, year = 2018, doi = {${wasserman}}}\n`);
      await importBibtex({ bibFile: bib, dir: dir2, builder: await sharedBuilder(), base: defaultBase });
      const again = await importDois([jlumin, wasserman], await options(dir2));
      expect(again.imported).to.equal(0);
      expect(again.skipped.map((s) => s.reason)).to.deep.equal(['already in the profile as my-luminescence-paper', 'already in the profile as tda']);
    });

    it('skips a DOI the resolver knows nothing of, saying so, and refuses what is no DOI', async () => {
      const dir2 = await fresh();
      const unknown = await importDois(['10.5555/no.such.record'], await options(dir2));
      expect(unknown.skipped).to.deep.equal([{ key: '10.5555/no.such.record', line: 1, reason: `${base}doi/ knows no DOI 10.5555/no.such.record` }]);
      const before = await snapshot(dir2);
      const error = await failure(importDois(['not-a-doi'], await options(dir2)));
      expect(error).to.be.instanceOf(ImportError);
      expect(error.message).to.equal('not a DOI like 10.1145/3132747.3132755: "not-a-doi"; nothing was written');
      expect(await snapshot(dir2)).to.deep.equal(before);
    });

    it('writes nothing, and says why, when the resolver cannot be reached, answers an error or does not answer in time', async () => {
      const dir2 = await fresh();
      const before = await snapshot(dir2);
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const refused = await failure(importDois([jlumin], await options(dir2, { doiResolver: `http://127.0.0.1:${port}/` })));
      expect(refused.message).to.equal(`http://127.0.0.1:${port}/${jlumin} could not be reached (ECONNREFUSED); nothing was written`);
      const unavailable = await failure(importDois([jlumin], await options(dir2, { doiResolver: `${base}unavailable/` })));
      expect(unavailable.message).to.equal(`${base}unavailable/${jlumin} answered 503 Service Unavailable; nothing was written`);
      const silent = await failure(importDois([jlumin], await options(dir2, { doiResolver: `${base}silent/`, timeoutMs: 300 })));
      expect(silent.message).to.equal(`${base}silent/${jlumin} could not be reached (no answer within 0.3 s); nothing was written`);
      expect(await snapshot(dir2)).to.deep.equal(before);
    });
  });

  describe('import orcid', () => {
    const holderEntry = `people:\n  - { id: pietro-de-camilli, name: Pietro De Camilli, givenName: Pietro, familyName: De Camilli, orcid: ${holder} }\n`;
    const present = '  - { id: clathrin-2019, name: Clathrin, authors: [pietro-de-camilli], journal: example-journal, datePublished: 2019, doi: 10.1083/jcb.201804136 }\n';

    it('reads the record\'s works as JSON, resolves each DOI as import doi does, and imports from its summary a work whose DOI the resolver does not know', async () => {
      const dir = await fresh(`${holderEntry}publications:\n${present}`);
      requests.length = 0;
      const report = await importOrcid(holder, await options(dir));
      expect(requests[0]).to.deep.equal({ url: `/orcid/${holder}/works`, accept: 'application/json' });
      expect(requests.filter((r) => r.url.startsWith('/doi/')).map((r) => r.accept)).to.deep.equal(Array(4).fill('application/vnd.citationstyles.csl+json'));
      expect([report.imported, report.skipped]).to.deep.equal([3, [{ key: '10.1083/jcb.201804136', line: 3, reason: 'already in the profile as clathrin-2019' }]]);
      const { publications } = await own(dir, orcidFiles.importFile);
      expect(publications.map((p) => p.name)).to.deep.equal([
        'JIP3 links lysosome transport to regulation of multiple components of the axonal cytoskeleton',
        'Absence of Sac2/INPP5F enhances the phenotype of a Parkinson\u2019s disease mutation of synaptojanin 1',
        'A programmable DNA-origami platform for studying lipid transfer between bilayers',
      ]);
      // The summary names no co-authors: the record's holder is one author of an incomplete list.
      expect(publications[1]).to.deep.include({ authors: ['pietro-de-camilli'], authorOrder: 'unknown', datePublished: '2020-06-02' });
      expect(publications[2]).to.deep.include({ datePublished: '2019-08' });
      expect(report.notes[0].reason).to.equal(`${base}doi/ knows no DOI 10.1101/2020.06.24.169219: imported from its ORCID summary, without it`);
      await buildProfile(dir);
      const before = await snapshot(dir);
      const again = await importOrcid(`https://orcid.org/${holder}`, await options(dir));
      expect([again.unchanged, again.written.length]).to.deep.equal([3, 0]);
      expect(await snapshot(dir)).to.deep.equal(before);
    });

    it('imports a work whose "DOI" is no DOI from its summary, saying so', async () => {
      const dir = await fresh('people:\n  - { id: bhojaraju-gunjal, name: Bhojaraju Gunjal, orcid: 0000-0002-9658-1473 }\n');
      const report = await importOrcid('0000-0002-9658-1473', await options(dir));
      expect(report.imported).to.equal(1);
      expect(report.notes.map((n) => n.reason)).to.deep.equal(['its DOI "http://hdl.handle.net/2080/2662" is no DOI: imported from its ORCID summary']);
      const [work] = (await own(dir, orcidFiles.importFile)).publications;
      expect(work).to.deep.equal({
        id: 'open-source-solutions-for-creation-of-etd', authors: ['bhojaraju-gunjal'], authorOrder: 'unknown', datePublished: 2017,
        name: 'Open Source Solutions for Creation of ETD Archives/Repository: A Case Study of Central Library@NIT Rourkela',
      });
    });

    it('refuses an ORCID iD no person of the profile has, or one whose checksum is wrong, writing nothing', async () => {
      const dir = await fresh();
      const before = await snapshot(dir);
      expect((await failure(importOrcid(holder, await options(dir)))).message).to.match(new RegExp(`^no person of the profile in .* has the ORCID iD ${holder}: add \`orcid: ${holder}\``));
      expect((await failure(importOrcid('0000-0001-9045-0724', await options(dir)))).message).to.match(/is not an ORCID iD like 0000-0002-1825-0097/);
      expect(await snapshot(dir)).to.deep.equal(before);
    });
  });
});
