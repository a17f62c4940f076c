import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { parse } from 'yaml';
import { starterDir } from '../../src/config.js';
import { importBibtex, importFile, stateFile, type ImportReport } from '../../src/import/importer.js';
import { fold } from '../../src/import/names.js';
import { citationWriters, loadCitationStyles, type CslItem } from '../../src/render/citations.js';
import { defaultSettings } from '../../src/site/settings.js';
import { createServer, type LodfolioServer } from '../../src/server.js';
import { python, requireClients } from '../support/clients.js';
import { defaultBase, fixturesDir, sharedBuilder } from '../support/profile.js';

/**
 * Every fixture .bib (real ones and the edge cases), as a scholar would
 * bring it: imported into a new profile, served, exported and cited. What
 * an independent BibTeX parser (python3-bibtexparser) reads in the source is
 * what the profile holds, and what it reads in the export is the same again.
 */

const bibDir = path.join(fixturesDir, 'bibtex');
const fixtures = ['al-folio-example.bib', 'al-folio.bib', 'messy.bib', 'pjlab-adg.bib', '3c-lab.bib', '4c-multiphysics.bib', 'edge-cases.bib', 'humanities.bib'];
/** Entries of messy.bib that are not works of a person by design: each is reported with its reason. */
const notWorks: Record<string, string> = {
  osdi2023: 'a proceedings volume', who2020: 'is an organisation', broken2019: 'cannot be read',
};

interface PyEntry { ID: string; ENTRYTYPE: string; title?: string; author?: string; journal?: string; [field: string]: string | undefined }

/** The entries python3-bibtexparser reads, LaTeX decoded to Unicode (its own decoder, not ours). */
async function pythonParse(bib: string): Promise<PyEntry[]> {
  const script = `import json, sys, bibtexparser
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode
p = BibTexParser(common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True); p.customization = convert_to_unicode
print(json.dumps(bibtexparser.loads(sys.stdin.read(), parser=p).entries))`;
  const child = promisify(execFile)(python, ['-c', script], { maxBuffer: 64 * 1024 * 1024 });
  child.child.stdin!.end(bib);
  return JSON.parse((await child).stdout) as PyEntry[];
}

/** A title as a reader compares it: decoded as LaTeX would where python3-bibtexparser does not (`--`, `\\enquote`), braces gone, whitespace single, NFC. */
const words = (s = '') => s.replace(/---/g, '\u2014').replace(/--/g, '\u2013').replace(/\\enquote\{?([^}\s]*)\}?/g, '“$1”').replace(/\\(?!textasciicircum|textasciitilde|textbackslash)[a-zA-Z]+\s*/g, '')
  .replace(/[{}]/g, '').replace(/\s+/g, ' ').trim().normalize('NFC');
/** The family names of a BibTeX author list, folded, `others` and `et al.` left out. */
const families = (authors = '') => authors.split(/\s+and\s+/).map((a) => a.trim()).filter(Boolean)
  .filter((a) => !/^(others|et\.? al\.?)$/i.test(a))
  .map((a) => fold(a.includes(',') ? a.split(',')[0] : a.split(/\s+/).pop()!));

type Entry = Record<string, unknown> & { id: string };

/** Elements of a formatted reference that appear twice ("NSDI 2023. NSDI 2023."). */
function repeatedElements(reference: string): string[] {
  const elements = reference.replace(/^\[\d+\]\s*/, '').split(/(?<=[.,;:”)])\s+|\s+(?=[“(])/)
    .map((e) => e.replace(/[.,;:“”"()]/g, '').trim().toLowerCase())
    .filter((e) => e.split(/\s+/).length >= 2 && e.length >= 6);
  return elements.filter((e, i) => elements.indexOf(e) !== i);
}

describe('Every fixture .bib: imported, served, exported and cited as it is', function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  before(function () {
    requireClients(this, ['bibtexparser']);
  });
  after(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  const fresh = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-fixtures-'));
    dirs.push(dir);
    await cp(starterDir, dir, { recursive: true, filter: (src) => src === starterDir || /\.ya?ml$/.test(src) });
    return dir;
  };
  const run = async (bibFile: string, dir: string): Promise<ImportReport> => importBibtex({ bibFile, dir, builder: await sharedBuilder(), base: defaultBase });

  for (const name of fixtures) {
    describe(name, () => {
      let dir: string;
      let report: ImportReport;
      let source: PyEntry[];
      let data: Record<string, Entry[]>;
      /** Citation key → the id it became, as the import's sidecar remembers it. */
      let state: Record<string, { id: string }>;
      let people: Map<string, Entry>;
      let bib: string;
      let items: CslItem[];
      let server: LodfolioServer;
      before(async () => {
        dir = await fresh();
        report = await run(path.join(bibDir, name), dir);
        source = await pythonParse(await readFile(path.join(bibDir, name), 'utf8'));
        data = parse(await readFile(path.join(dir, importFile), 'utf8')) as Record<string, Entry[]>;
        state = (JSON.parse(await readFile(path.join(dir, stateFile), 'utf8')) as { entries: typeof state }).entries;
        const starter = await Promise.all((await readdir(starterDir)).filter((f) => f.endsWith('.yaml'))
          .map(async (f) => parse(await readFile(path.join(starterDir, f), 'utf8')) as Record<string, unknown>));
        people = new Map([...starter.flatMap((d) => [...(d.person ? [d.person] : []), ...((d.people ?? []) as unknown[])]), ...(data.people ?? [])]
          .map((p) => [(p as Entry).id, p as Entry]));
        server = await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() });
        bib = (await request(server.app).get('/publications.bib')).text;
        items = JSON.parse((await request(server.app).get('/publications.csl.json')).text) as CslItem[];
      });

      it('imports every titled entry (a duplicated key once), with its title exactly and its authors in the order of the source, inventing no one', () => {
        const keys = new Set<string>();
        const titled = source.filter((e) => e.title && !keys.has(e.ID.toLowerCase()) && keys.add(e.ID.toLowerCase()) && !notWorks[e.ID]);
        // A talk is the profile's talk, its authors its speakers.
        const works = new Map([...data.publications ?? [], ...data.talks ?? []].map((p) => [p.id, p]));
        let titles = 0;
        let authorOrder = 0;
        for (const entry of titled) {
          const work = works.get(state[entry.ID]?.id);
          expect(work, `${entry.ID} "${entry.title}" is imported`).to.not.equal(undefined);
          // biblatex's subtitle is part of the title, joined as biblatex and Better BibTeX print it.
          const title = entry.subtitle ? `${entry.title}: ${entry.subtitle}` : entry.title;
          if (words(work!.name as string) === words(title)) titles++;
          else console.log(`      ${entry.ID}: ${work!.name as string} ≠ ${words(title)}`);
          const imported = ((work!.authors ?? work!.speakers ?? []) as string[]).map((id) => {
            const person = people.get(id)!;
            return fold(typeof person.familyName === 'string' ? person.familyName : String(person.name).split(/\s+/).pop()!);
          });
          expect(imported, `${entry.ID}: authors`).to.have.length(families(entry.author).length);
          if (imported.join('|') === families(entry.author).join('|')) authorOrder++;
          else console.log(`      ${entry.ID}: ${imported.join(', ')} ≠ ${families(entry.author).join(', ')}`);
        }
        console.log(`      (${name}: imported ${titled.length}/${titled.length} titled entries of ${source.length}, titles exact ${titles}/${titled.length}, author order exact ${authorOrder}/${titled.length})`);
        expect(titles, 'titles equal the decoded source').to.equal(titled.length);
        expect(authorOrder, 'authors in the order of the source').to.equal(titled.length);
      });

      it('reports each entry it did not import, and each field it did not import', () => {
        for (const skipped of report.skipped) {
          expect(notWorks[skipped.key] ?? (/key was already used/.test(skipped.reason) ? 'duplicate' : undefined), JSON.stringify(skipped)).to.not.equal(undefined);
        }
        const imported = new Set(source.flatMap((e) => Object.keys(e)).map((f) => f.toLowerCase()));
        for (const field of Object.keys(report.unread)) expect(imported, field).to.include(field);
      });

      it('exports BibTeX that python3-bibtexparser reads back with the same titles, no bare & or %, and no @article without a journal', async () => {
        const exported = await pythonParse(bib);
        const unescape = (s = '') => words(s.replace(/\\([&%$#_])/g, '$1').replace(/\\textasciicircum(\{\})?/g, '^').replace(/\\textasciitilde(\{\})?/g, '~')
          .replace(/\\textbackslash(\{\})?/g, '\\'));
        const titles = new Set(exported.map((e) => unescape(e.title)));
        for (const work of (data.publications ?? []).filter((p) => p.name && (p.authors || p.editors))) {
          expect(titles, `${work.id}: its title`).to.include(words(work.name as string));
        }
        for (const entry of exported) {
          if (entry.ENTRYTYPE === 'article') expect(entry.journal, `${entry.ID} is an @article with a journal`).to.be.a('string');
        }
        // url, doi and eprint are verbatim: `&` and `_` are fine there, a `%` is not.
        for (const line of bib.split('\n').filter((l) => /^ {2}[a-z]+ = /.test(l))) {
          expect(line, 'no bare %').to.not.match(/(^|[^\\])%/);
          if (!/^ {2}(url|doi|eprint) = /.test(line)) expect(line, 'no bare &').to.not.match(/(^|[^\\])&/);
        }
      });

      it('serves each work\'s RIS as reference managers read it: TY first and ER last, the year as PY, a page range as SP and EP, a poster or slides as SLIDE at its event', async () => {
        const imported = new Set((data.publications ?? []).map((p) => p.id));
        for (const item of items.filter((i) => imported.has(i.id))) {
          const ris = (await request(server.app).get(`/publications/${item.id}.ris`)).text;
          const lines = ris.replace(/\n$/, '').split('\n');
          const tags = lines.map((l) => /^([A-Z][A-Z0-9]) {2}- ?/.exec(l)?.[1]);
          expect(tags, `${item.id}: every line a tag\n${ris}`).to.not.include(undefined);
          expect([tags[0], tags.at(-1), tags.filter((t) => t === 'TY' || t === 'ER').length], `${item.id}: one record\n${ris}`).to.deep.equal(['TY', 'ER', 2]);
          const value = (tag: string) => lines.find((l) => l.startsWith(`${tag}  - `))?.slice(6);
          const year = (item.issued as { 'date-parts'?: number[][] } | undefined)?.['date-parts']?.[0]?.[0];
          expect(value('PY'), `${item.id}: PY`).to.equal(year === undefined ? undefined : String(year));
          const page = typeof item.page === 'string' ? item.page : undefined;
          const range = page && /^(\w+)\s*[-\u2013]+\s*(\w+)$/.exec(page);
          if (range && value('TY') !== 'BOOK') expect([value('SP'), value('EP')], `${item.id}: pages ${page}`).to.deep.equal([range[1], range[2]]);
          if (item.type === 'speech') {
            expect(value('TY'), `${item.id}: a presentation`).to.equal('SLIDE');
            if (typeof item['event-title'] === 'string') expect(value('T2'), `${item.id}: its event`).to.equal(item['event-title']);
          }
        }
      });

      it('formats every reference in every style without repeating an element, and with no arXiv id as an article number', () => {
        expect(items.length).to.be.greaterThan(0);
        const imported = new Set((data.publications ?? []).map((p) => p.id));
        for (const item of items.filter((i) => imported.has(i.id))) {
          for (const style of loadCitationStyles(defaultSettings.citationStyle)) {
            const reference = citationWriters.reference([item], style);
            expect(repeatedElements(reference), `${style}: ${reference}`).to.deep.equal([]);
            expect(reference, `${style}: ${reference}`).to.not.match(/Article arXiv|& others|and others/);
          }
        }
      });

      it('changes nothing, byte for byte, when imported again', async () => {
        const before = await readFile(path.join(dir, importFile), 'utf8');
        const again = await run(path.join(bibDir, name), dir);
        expect([again.imported, again.updated, again.written.length]).to.deep.equal([0, 0, 0]);
        expect(await readFile(path.join(dir, importFile), 'utf8')).to.equal(before);
      });

      it('finds every work it imported unchanged in its own export, imported again: the profile stays byte for byte', async () => {
        const exported = path.join(os.tmpdir(), `lodfolio-export-${path.basename(dir)}.bib`);
        await writeFile(exported, bib);
        const before = await readFile(path.join(dir, importFile), 'utf8');
        const again = await run(exported, dir);
        await rm(exported);
        const cited = (data.publications ?? []).filter((p) => p.authors || p.editors);
        // Skipped: the hand-written works, and the books chapters are in that name no editor (as the source has them).
        const containers = new Set((data.publications ?? []).filter((p) => p.type === 'Book' && !p.authors && !p.editors).map((p) => p.id));
        expect(again.skipped.filter((s) => !/^already in the profile as /.test(s.reason) && !containers.has(s.key))).to.deep.equal([]);
        expect([again.imported, again.updated, again.unchanged]).to.deep.equal([0, 0, cited.length]);
        expect(await readFile(path.join(dir, importFile), 'utf8')).to.equal(before);
      });
    });
  }
});
