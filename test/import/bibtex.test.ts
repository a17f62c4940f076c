import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import request from 'supertest';
import { starterDir } from '../../src/config.js';
import { degreeOf } from '../../src/import/convert.js';
import { importBibtex, importFile, stateFile, type ImportReport } from '../../src/import/importer.js';
import { InvalidProfileError } from '../../src/issues.js';
import { createServer } from '../../src/server.js';
import { bibOf } from '../support/bibtex.js';
import { buildProfile, defaultBase, fixturesDir, sharedBuilder } from '../support/profile.js';

const bibDir = path.join(fixturesDir, 'bibtex');
const messy = path.join(bibDir, 'messy.bib');

type Publication = Record<string, unknown> & { id: string };

/** A new profile as `lodfolio init` makes it: the starter files in a folder of their own. */
async function starterProfile(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-import-test-'));
  await cp(starterDir, dir, { recursive: true, filter: (src) => src === starterDir || /\.ya?ml$/.test(src) });
  return dir;
}

async function run(bibFile: string, dir: string, force = false): Promise<ImportReport> {
  return importBibtex({ bibFile, dir, force, builder: await sharedBuilder(), base: defaultBase });
}

/** Every file of the folder and its bytes. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(path.join(dir, n), 'utf8')] as const)));
}

async function imported(dir: string): Promise<Record<string, Publication[]>> {
  return parse(await readFile(path.join(dir, importFile), 'utf8')) as Record<string, Publication[]>;
}

async function publication(dir: string, id: string): Promise<Publication> {
  const found = (await imported(dir)).publications.find((p) => p.id === id);
  if (!found) throw new Error(`no publication ${id} in ${importFile}`);
  return found;
}

describe('lodfolio import bibtex', () => {
  const dirs: string[] = [];
  const fresh = async () => {
    const dir = await starterProfile();
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('imports into a profile whose YAML names its own files (a photo and a PDF in files/, a stylesheet)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-import-test-'));
    dirs.push(dir);
    await cp(path.join(fixturesDir, 'profiles', 'custom'), dir, { recursive: true });
    const report = await run(messy, dir);
    expect(report.imported).to.be.greaterThan(0);
    expect((await imported(dir)).publications.length).to.equal(report.imported);
  });

  describe('into a new profile', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await fresh();
      report = await run(messy, dir);
    });

    it('writes its own file and sidecar, leaving the hand-written files as they were', async () => {
      expect(report.written.map((f) => path.basename(f))).to.deep.equal([importFile, stateFile]);
      const files = await snapshot(dir);
      for (const name of await readdir(starterDir)) {
        if (/\.ya?ml$/.test(name)) expect(files[name], name).to.equal(await readFile(path.join(starterDir, name), 'utf8'));
      }
    });

    it('gives a profile that validates', async () => {
      const profile = await buildProfile(dir);
      expect(profile.graph.size).to.be.greaterThan(100);
    });

    it('counts what it imported and skipped', () => {
      expect([report.imported, report.updated, report.unchanged, report.skipped.length]).to.deep.equal([8, 0, 0, 3]);
    });

    it('reports each skipped entry with its citation key, its line in the .bib and the reason', () => {
      expect(report.skipped).to.deep.equal([
        { key: 'broken2019', line: 97, reason: 'cannot be read: Unterminated brace-value "An entry whose brace" in "article"' },
        { key: 'osdi2023', line: 81, reason: 'a proceedings volume: its papers name it as their venue; it is not imported as a work' },
        { key: 'who2020', line: 87, reason: 'its author "World Health Organization" is an organisation, and the profile\'s authors are people' },
      ]);
    });

    it('reads macros, LaTeX accents, protected capitals and upper-case field names', async () => {
      const paper = await publication(dir, 'lovelace2021uber');
      expect(paper.name).to.equal('Über Gaussian Processes for Tracing');
      expect(paper).to.include({ journal: 'journal-of-distributed-systems-research', volume: 12, issue: 3, pages: '101-125', datePublished: '2021-04' });
      const { periodicals } = await imported(dir);
      expect(periodicals).to.deep.include({ id: 'journal-of-distributed-systems-research', name: 'Journal of Distributed Systems Research' });
    });

    it('keeps the first of a duplicated field, and says so', async () => {
      expect((await publication(dir, 'lovelace2021uber')).name).to.not.include('duplicated');
      expect(report.notes).to.deep.include({ key: 'lovelace2021uber', line: 9, reason: 'has title more than once: the first is kept' });
    });

    it('writes a DOI without its resolver, and leaves out an ISBN whose check digit is wrong, saying so', async () => {
      expect((await publication(dir, 'lovelace2021uber')).doi).to.equal('10.5555/jdsr.2021.0042');
      expect(await publication(dir, 'example2018report')).to.not.have.property('isbn');
      expect(report.notes).to.deep.include({ key: 'example2018report', line: 56, reason: 'left out isbn "978-0-306-40615-8": its check digit is wrong or it is no ISBN' });
    });

    it('keeps the authors in the order of the .bib, and marks "and others" as an incomplete list', async () => {
      expect(await publication(dir, 'lovelace2021uber')).to.deep.include({
        authors: ['ada-example', 'stephane-mallet', 'loic-dupont'], authorOrder: 'unknown',
      });
      expect((await publication(dir, 'example-2023-tracing')).authors).to.deep.equal(['grace-example', 'ada-example', 'ada-lovelace']);
    });

    it('recognises the profile\'s own person and its people, however the .bib spells them', async () => {
      // "Example, Ada", "Example, A." and "Ada Example" are the person; "Example, Grace" is in people.
      expect((await publication(dir, 'example2020thesis')).authors).to.deep.equal(['ada-example']);
      const people = (await imported(dir)).people.map((p) => p.id);
      expect(people).to.not.include.members(['ada-example', 'grace-example', 'a-example']);
    });

    it('makes one new person of "A. Lovelace" and "Ada Lovelace", named in full, with an id from the name', async () => {
      const { people } = await imported(dir);
      expect(people.filter((p) => /lovelace/.test(p.id))).to.deep.equal([{ id: 'ada-lovelace', name: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' }]);
      expect((await publication(dir, 'dupont2019chapter')).authors).to.deep.equal(['loic-dupont', 'ada-lovelace']);
    });

    it('gives ids from citation keys, in the profile\'s id syntax', async () => {
      expect((await imported(dir)).publications.map((p) => p.id)).to.include.members(['example-2023-tracing', 'lovelace2021uber', 'example2020thesis']);
    });

    it('maps each kind of entry to the profile\'s kinds of work', async () => {
      expect(await publication(dir, 'handbook2019')).to.deep.include({ type: 'Book', editors: ['jorg-muller', 'jan-van-der-berg'], isbn: '978-0-306-40615-7', publisher: 'example-press' });
      expect(await publication(dir, 'dupont2019chapter')).to.deep.include({ type: 'Chapter', partOf: 'handbook2019', pages: '45-78', datePublished: 2019 });
      expect(await publication(dir, 'example2020thesis')).to.deep.include({ type: 'Thesis', degree: 'PhD', institution: 'another-university' });
      expect(await publication(dir, 'example2018report')).to.deep.include({ type: 'Report', publisher: 'example-university' });
      expect(await publication(dir, 'example2024preprint')).to.deep.include({ status: 'preprint', arxiv: '2401.01234' });
      expect(await publication(dir, 'example2022online')).to.deep.include({ status: 'preprint', arxiv: '2205.04321', url: 'https://example.org/blog/how-we-trace' });
      const paper = await publication(dir, 'example-2023-tracing');
      expect(paper).to.deep.include({ venue: 'osdi-2023', abstract: 'We trace *everything*. Tracing costs **nothing**.' });
      expect((await imported(dir)).events).to.deep.equal([{
        id: 'osdi-2023', name: 'Proceedings of the 17th USENIX Symposium on Operating Systems Design and Implementation (OSDI \'23)', startDate: 2023,
      }]);
    });

    it('changes nothing, byte for byte, when the same file is imported again', async () => {
      const before = await snapshot(dir);
      const again = await run(messy, dir);
      expect([again.imported, again.updated, again.unchanged, again.skipped.length]).to.deep.equal([0, 0, 8, 3]);
      expect(again.written).to.deep.equal([]);
      expect(await snapshot(dir)).to.deep.equal(before);
    });
  });

  describe('again, after changes', () => {
    const original = `
@article{paper1, author = {Example, Ada}, title = {First Title}, journal = {Transactions on Examples}, year = 2020}
@article{paper2, author = {Example, Grace and Example, Ada}, title = {Second Paper}, journal = {Transactions on Examples}, year = 2021}
`;
    let dir: string;
    let bib: string;
    beforeEach(async () => {
      dir = await fresh();
      bib = path.join(dir, 'papers.bib');
      await writeFile(bib, original);
      await run(bib, dir);
    });

    it('points at the journal the profile already has, by its name', async () => {
      expect((await publication(dir, 'paper1')).journal).to.equal('example-journal');
      expect(await imported(dir)).to.not.have.property('periodicals');
    });

    it('updates an entry that changed in the .bib, keeping its id', async () => {
      await writeFile(bib, original.replace('First Title', 'A Better First Title'));
      const report = await run(bib, dir);
      expect([report.imported, report.updated, report.unchanged]).to.deep.equal([0, 1, 1]);
      expect((await publication(dir, 'paper1')).name).to.equal('A Better First Title');
    });

    it('imports a new entry beside the old ones', async () => {
      await writeFile(bib, `${original}@article{paper3, author = {Example, Ada}, title = {Third}, journal = {Transactions on Examples}, year = 2022}\n`);
      const report = await run(bib, dir);
      expect([report.imported, report.updated, report.unchanged]).to.deep.equal([1, 0, 2]);
      expect((await imported(dir)).publications.map((p) => p.id)).to.deep.equal(['paper1', 'paper2', 'paper3']);
    });

    it('keeps an entry edited by hand when the .bib has not changed', async () => {
      const file = path.join(dir, importFile);
      await writeFile(file, (await readFile(file, 'utf8')).replace('name: First Title', 'name: First Title, as I like it'));
      const before = await snapshot(dir);
      const report = await run(bib, dir);
      expect([report.updated, report.unchanged, report.skipped.length]).to.deep.equal([0, 2, 0]);
      expect(await snapshot(dir)).to.deep.equal(before);
    });

    it('skips an entry edited by hand when the .bib changed too, saying why; --force overwrites it', async () => {
      const file = path.join(dir, importFile);
      await writeFile(file, (await readFile(file, 'utf8')).replace('name: First Title', 'name: First Title, as I like it'));
      await writeFile(bib, original.replace('First Title', 'A Better First Title'));
      const report = await run(bib, dir);
      expect(report.skipped).to.deep.equal([{
        key: 'paper1', line: 2,
        reason: 'its entry paper1 was edited by hand since the last import, and the .bib entry changed too; --force overwrites it',
      }]);
      expect((await publication(dir, 'paper1')).name).to.equal('First Title, as I like it');

      const forced = await run(bib, dir, true);
      expect([forced.updated, forced.skipped.length]).to.deep.equal([1, 0]);
      expect((await publication(dir, 'paper1')).name).to.equal('A Better First Title');
    });

    it('knows its entries by their ids when its sidecar is lost, and overwrites none that differ unless forced', async () => {
      await rm(path.join(dir, stateFile));
      const file = path.join(dir, importFile);
      await writeFile(file, (await readFile(file, 'utf8')).replace('name: First Title', 'name: First Title, as I like it'));
      const report = await run(bib, dir);
      expect([report.imported, report.unchanged]).to.deep.equal([0, 1]);
      expect(report.skipped).to.deep.equal([{ key: 'paper1', line: 2, reason: `its entry paper1 differs from the .bib entry, and ${stateFile} has no record of importing it; --force overwrites it` }]);
      expect((await imported(dir)).publications.map((p) => p.id)).to.deep.equal(['paper1', 'paper2']);
      expect((await run(bib, dir, true)).updated).to.equal(1);
    });

    it('does not bring back an entry deleted by hand, unless forced', async () => {
      const file = path.join(dir, importFile);
      const data = await imported(dir);
      data.publications = data.publications.filter((p) => p.id !== 'paper2');
      const { stringify } = await import('yaml');
      await writeFile(file, stringify(data));
      const report = await run(bib, dir);
      expect(report.skipped.map((s) => s.key)).to.deep.equal(['paper2']);
      expect((await run(bib, dir, true)).imported).to.equal(1);
    });

    it('points at the event the profile already has, by its name or by the id its acronym and year make', async () => {
      await writeFile(bib, `${original}@inproceedings{p4, author = {Example, Ada}, title = {Four}, booktitle = {ExampleCon 2023}, year = 2023}
@inproceedings{p5, author = {Example, Ada}, title = {Five}, booktitle = {Proceedings of the Example Conference (ExampleCon '23)}, year = 2023}
`);
      await run(bib, dir);
      expect((await publication(dir, 'p4')).venue).to.equal('examplecon-2023');
      expect((await publication(dir, 'p5')).venue).to.equal('examplecon-2023');
      expect(await imported(dir)).to.not.have.property('events');
    });

    it('leaves alone an entry moved by hand into another file, even when forced', async () => {
      const file = path.join(dir, importFile);
      const data = await imported(dir);
      const moved = data.publications.find((p) => p.id === 'paper2');
      data.publications = data.publications.filter((p) => p.id !== 'paper2');
      const { stringify } = await import('yaml');
      await writeFile(file, stringify(data));
      await writeFile(path.join(dir, 'mine.yaml'), stringify({ publications: [moved] }));
      for (const force of [false, true]) {
        const report = await run(bib, dir, force);
        expect(report.skipped).to.deep.equal([{ key: 'paper2', line: 3, reason: `its entry paper2 was moved out of ${importFile} by hand, and is left as it is there` }]);
      }
      await buildProfile(dir);
    });

    it('points a chapter at the book it crossrefs only if the book is imported, else at one made from its booktitle', async () => {
      await writeFile(bib, `@incollection{ch, author = {Example, Ada}, title = {Ch}, crossref = {bk}, pages = {1--2}}
@book{bk, editor = {Example, Grace}, title = {A Book Without a Year}}
`);
      const report = await run(bib, dir);
      expect(report.skipped).to.deep.equal([{ key: 'bk', line: 2, reason: 'has no year (or date)' }, { key: 'ch', line: 1, reason: 'has no year (or date)' }]);
      expect(report.written, 'nothing to write').to.deep.equal([]);
      const withYear = `@incollection{ch, author = {Example, Ada}, title = {Ch}, crossref = {bk}, pages = {1--2}, year = 2020}
@book{bk, editor = {Example, Grace}, title = {A Book Without a Year}}
`;
      await writeFile(bib, withYear);
      await run(bib, dir);
      expect(await publication(dir, 'ch')).to.deep.include({ partOf: 'a-book-without-a-year' });
      expect(await publication(dir, 'a-book-without-a-year')).to.deep.include({ type: 'Book', editors: ['grace-example'], datePublished: 2020 });
    });

    it('keeps what only the profile says of a work (selected, about, awards) while the .bib says nothing of it, and takes the .bib\'s selected={false}', async () => {
      const own = path.join(dir, importFile);
      await writeFile(own, (await readFile(own, 'utf8')).replace('  - id: paper1\n', '  - id: paper1\n    selected: true\n    about: [example-project]\n    awards: [best-paper-2023]\n'));
      await writeFile(bib, original.replace('First Title', 'First Title, Revised'));
      const report = await run(bib, dir);
      expect([report.updated, report.skipped]).to.deep.equal([1, []]);
      expect(await publication(dir, 'paper1')).to.deep.include({ name: 'First Title, Revised', selected: true, about: ['example-project'], awards: ['best-paper-2023'] });
      await writeFile(bib, original.replace('First Title', 'First Title, Revised').replace('year = 2020', 'year = 2020, selected = {false}'));
      expect((await run(bib, dir)).updated).to.equal(1);
      expect(await publication(dir, 'paper1')).to.deep.include({ selected: false, about: ['example-project'] });
    });

    it('unselects a work whose selected={true} was taken out of an al-folio .bib that still selects another, as al-folio would', async () => {
      const both = original.replace('year = 2020', 'year = 2020, selected = {true}').replace('year = 2021', 'year = 2021, selected = {true}');
      await writeFile(bib, both);
      await run(bib, dir);
      expect([(await publication(dir, 'paper1')).selected, (await publication(dir, 'paper2')).selected]).to.deep.equal([true, true]);
      await writeFile(bib, both.replace('year = 2020, selected = {true}', 'year = 2020'));
      expect((await run(bib, dir)).updated).to.equal(1);
      expect([(await publication(dir, 'paper1')).selected, (await publication(dir, 'paper2')).selected]).to.deep.equal([undefined, true]);
    });

    it('keeps a work\'s selected when the site\'s own BibTeX export, which carries none, is imported again: the profile stays byte for byte', async () => {
      await writeFile(bib, original.replace('year = 2020', 'year = 2020, selected = {true}'));
      await run(bib, dir);
      const server = await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      const exported = (await request(server.app).get('/publications.bib')).text;
      expect(exported).to.include('{First} {Title}').and.not.include('selected');
      const before = await snapshot(dir);
      await writeFile(bib, exported);
      const again = await run(bib, dir);
      expect([again.imported, again.updated, again.skipped.filter((s) => !/^already in the profile as /.test(s.reason))]).to.deep.equal([0, 0, []]);
      const after = await snapshot(dir);
      expect(after[importFile]).to.equal(before[importFile]);
      const home = (await request((await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() })).app).get('/')).text;
      expect(/<section id="selected"[\s\S]*?<\/section>/.exec(home)?.[0]).to.include('First Title').and.not.include('Second Paper');
    });

    it('skips a work the profile already has by hand, found by its title', async () => {
      await writeFile(bib, `${original}@inproceedings{verygood, author = {Example, Grace}, title = {A very good paper: its subtitle}, booktitle = {ExampleCon}, year = 2023}\n`);
      const report = await run(bib, dir);
      expect(report.skipped).to.deep.equal([{ key: 'verygood', line: 4, reason: 'already in the profile as example-paper-2023' }]);
    });
  });

  describe('people, matched by name', () => {
    it('ignores accents, case and the order of "Last, First", and takes initials for full names', async () => {
      const dir = await fresh();
      await writeFile(path.join(dir, 'coauthors.yaml'), [
        'people:',
        '  - { id: stephane-mallet, name: Stéphane Mallet }',
        '  - { id: loic-dupont, name: Loïc Dupont }',
        '  - { id: zoe-lukasiewicz, name: "Łukasiewicz, Zoë" }',
        '',
      ].join('\n'));
      const bib = path.join(dir, 'p.bib');
      await writeFile(bib, String.raw`@article{p1, author = {St\'ephane MALLET and Dupont, L. and Z. {\L}ukasiewicz and Example, A.}, title = {T}, journal = {J}, year = 2020}`);
      await run(bib, dir);
      expect((await publication(dir, 'p1')).authors).to.deep.equal(['stephane-mallet', 'loic-dupont', 'zoe-lukasiewicz', 'ada-example']);
      expect(await imported(dir)).to.not.have.property('people');
    });

    it('says, once, how to give a person written with a name alone the family name of several words the .bib gives her', async () => {
      const dir = await fresh();
      await writeFile(path.join(dir, 'coauthors.yaml'), 'people:\n  - { id: ana-garcia-nunez, name: Ana García Núñez }\n  - { id: luis-munoz, name: Luis Muñoz }\n');
      const bib = path.join(dir, 'p.bib');
      // Her initial alone in the first entry: the note gives her given name as the profile writes it.
      await writeFile(bib, String.raw`@article{p1, author = {Garc{\'\i}a N{\'u}{\~n}ez, A. and Mu{\~n}oz, Luis}, title = {T}, journal = {J}, year = 2020}
@article{p2, author = {Garc{\'\i}a N{\'u}{\~n}ez, Ana}, title = {U}, journal = {J}, year = 2021}`);
      const report = await run(bib, dir);
      expect((await publication(dir, 'p1')).authors).to.deep.equal(['ana-garcia-nunez', 'luis-munoz']);
      expect(report.notes.map((n) => `${n.key}: ${n.reason}`)).to.deep.equal([
        'p1: ana-garcia-nunez\'s family name is "García Núñez" here, but the profile gives ana-garcia-nunez a name alone, whose last word citations take for the family name: add givenName: Ana and familyName: García Núñez to ana-garcia-nunez',
      ]);
    });

    it('adds a new person for initials that fit two people, rather than guess', async () => {
      const dir = await fresh();
      await writeFile(path.join(dir, 'coauthors.yaml'), 'people:\n  - { id: alice-smith, name: Alice Smith }\n  - { id: adam-smith, name: Adam Smith }\n');
      const bib = path.join(dir, 'p.bib');
      await writeFile(bib, '@article{p1, author = {Smith, A.}, title = {T}, journal = {J}, year = 2020}');
      const report = await run(bib, dir);
      expect((await publication(dir, 'p1')).authors).to.deep.equal(['a-smith']);
      expect(report.notes[0].reason).to.equal('A. Smith could be any of adam-smith, alice-smith; added as a new person');
      const before = await snapshot(dir);
      await run(bib, dir);
      expect(await snapshot(dir)).to.deep.equal(before);
    });

    it('gives a new person whose id is taken a numbered id', async () => {
      const dir = await fresh();
      await writeFile(path.join(dir, 'topics.yaml'), 'topics:\n  - { id: ada-lovelace, name: A topic with an odd id }\n');
      const bib = path.join(dir, 'p.bib');
      await writeFile(bib, '@article{p1, author = {Lovelace, Ada}, title = {T}, journal = {J}, year = 2020}');
      await run(bib, dir);
      expect((await publication(dir, 'p1')).authors).to.deep.equal(['ada-lovelace-2']);
    });
  });

  describe('fields of another kind of work', () => {
    it('leaves out a field the work\'s type has not (a proceedings paper\'s ISBN, a book\'s page count), saying so', async () => {
      const dir = await fresh();
      const bib = path.join(dir, 'p.bib');
      await writeFile(bib, [
        '@inproceedings{p1, author = {Example, Ada}, title = {T}, booktitle = {Proceedings of ExampleCon 2021}, year = 2021, isbn = {978-0-306-40615-7}, pages = {1--12}}',
        '@book{b1, author = {Example, Ada}, title = {B}, year = 2022, isbn = {978-0-306-40615-7}, pages = {350}}',
      ].join('\n'));
      const report = await run(bib, dir);
      expect(await publication(dir, 'p1')).to.include({ pages: '1-12' }).and.not.have.property('isbn');
      expect(await publication(dir, 'b1')).to.include({ isbn: '978-0-306-40615-7' }).and.not.have.property('pages');
      expect(report.notes).to.deep.equal([
        { key: 'p1', line: 1, reason: 'left out isbn "978-0-306-40615-7": a field of Book only, not of ScholarlyArticle' },
        { key: 'b1', line: 2, reason: 'left out pages "350": a field of ScholarlyArticle, Chapter, Report only, not of Book' },
      ]);
      await buildProfile(dir);
    });
  });

  describe('a humanities scholar\'s biblatex file (humanities.bib)', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await fresh();
      report = await run(path.join(bibDir, 'humanities.bib'), dir);
    });

    it('imports a book\'s series and its number there (not a volume or an issue), edition, place of publication and translators; a chapter\'s onto its book', async () => {
      const book = await publication(dir, 'garnier1998sceau');
      expect(book).to.include({ seriesTitle: 'Poétique', seriesNumber: 7, publicationPlace: 'Paris' }).and.not.have.any.keys('volume', 'issue');
      expect(await publication(dir, 'weber2004sprache')).to.deep.include({ edition: 3, publicationPlace: 'Bruxelles', translators: ['elise-dupont'] });
      const chapter = await publication(dir, 'dupont2019marqueurs');
      expect(chapter).to.not.have.any.keys('volume', 'issue', 'seriesTitle', 'seriesNumber', 'edition', 'publicationPlace');
      expect(await publication(dir, chapter.partOf as string)).to.include({ seriesTitle: 'Sciences du langage', seriesNumber: 12, edition: 2, publicationPlace: 'Rennes' });
      const unread = Object.keys(report.unread);
      for (const field of ['series', 'number', 'edition', 'location', 'address', 'subtitle', 'booksubtitle', 'translator']) expect(unread, field).to.not.include(field);
      await buildProfile(dir);
    });

    it('imports a talk (biblatex\'s event fields, or a howpublished that names one) as the profile\'s talk: its speakers, date, event and place, not a work', async () => {
      const data = await imported(dir);
      const talks = new Map((data.talks ?? []).map((t) => [t.id, t]));
      expect(talks.get('dupont2023corpus')).to.deep.equal({
        id: 'dupont2023corpus', name: 'Corpus oraux et variation: le cas du français de Marseille', speakers: ['elise-dupont', 'gerard-garnier'],
        startDate: '2023-06-15', event: 'journees-d-etude-linguistique-de-corpus', location: 'aix-en-provence',
        slides: 'https://example.org/slides/corpus-oraux.pdf', inLanguage: 'fr',
      });
      expect((data.events ?? []).find((e) => e.id === 'journees-d-etude-linguistique-de-corpus')).to.include({ name: 'Journées d\'étude « Linguistique de corpus »', startDate: 2023, location: 'aix-en-provence' });
      expect((data.places ?? []).map((p) => p.name)).to.deep.equal(['Aix-en-Provence']);
      expect(talks.get('dupont2022grelis')).to.deep.include({ speakers: ['elise-dupont'], startDate: '2022-11-18', description: 'Communication à la journée d\'étude du GRELIS, Besançon' });
      expect(data.publications.map((p) => p.id)).to.not.include.members(['dupont2023corpus', 'dupont2022grelis']);
    });

    it('reads a thesis\'s degree from its type in French (mémoire de maîtrise, thèse de doctorat), and exports a master\'s as @mastersthesis', async () => {
      expect(await publication(dir, 'dupont2020memoire')).to.include({ degree: 'Masters' });
      expect(await publication(dir, 'dupont2012these')).to.include({ degree: 'PhD', publicationPlace: 'Lyon' });
      const server = await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      expect((await request(server.app).get('/publications/dupont2020memoire.bib')).text).to.match(/^@mastersthesis\{dupont2020memoire,/);
    });

    it('takes the start of a biblatex date range (2019/2020) as the date, saying so', async () => {
      expect(await publication(dir, 'dupont2020memoire')).to.include({ datePublished: 2019 });
      expect(report.notes).to.deep.include({ key: 'dupont2020memoire', line: 68, reason: 'took "2019", the start of its date range "2019/2020": the profile keeps one date' });
    });

    it('names a howpublished it does not import among the fields not imported', () => {
      expect(report.unread).to.include({ howpublished: 1 });
    });

    it('joins a subtitle to its title (a booksubtitle to its book\'s) as biblatex and Better BibTeX print them', async () => {
      expect((await publication(dir, 'garnier1998sceau')).name).to.equal('Le sceau de l\'œuvre: Essais de poétique');
      const chapter = await publication(dir, 'dupont2019marqueurs');
      expect((await publication(dir, chapter.partOf as string)).name).to.equal('Grammaire et discours: Études offertes à Marie Lenoir');
    });
  });

  describe('a thesis\'s degree', () => {
    it('is read from the words of its type in English, German, French and Spanish, and an unknown type is named', async () => {
      const dir = await fresh();
      const bib = path.join(dir, 't.bib');
      const types = {
        'Mémoire de maîtrise en Histoire': 'Masters', 'Mémoire de master': 'Masters', 'Thèse de doctorat': 'PhD', Doktorarbeit: 'PhD', Dissertation: 'PhD',
        Habilitationsschrift: 'Habilitation', Masterarbeit: 'Masters', 'Tesis doctoral': 'PhD', 'Trabajo de fin de máster': 'Masters', 'PhD thesis': 'PhD',
        "Master's thesis": 'Masters', 'MSc thesis': 'Masters', Rapport: undefined,
      };
      await writeFile(bib, Object.keys(types).map((type, i) => `@thesis{t${i}, author = {Example, Ada}, title = {T${i}}, type = {${type}}, institution = {U}, year = 2020}`).join('\n'));
      const report = await run(bib, dir);
      const data = await imported(dir);
      expect(Object.keys(types).map((_, i) => data.publications.find((p) => p.id === `t${i}`)!.degree)).to.deep.equal(Object.values(types));
      expect(report.notes).to.deep.include({ key: 't12', line: 13, reason: 'left out type "Rapport": not a degree the importer knows the words of' });
    });
  });

  describe('the book a chapter is in, made from its booktitle', () => {
    // A historian's chapter as Better BibTeX writes it; its ISBN first with a wrong check digit, then corrected.
    const chapter = (isbn: string, publisher = 'De Gruyter') => ['@incollection{kuehnKanzlei2022,', '  title = {Kanzleischrift und Gelehrtenhand},',
      '  booktitle = {Handbuch Frühneuzeitliche Schriftkultur},', '  author = {Kühn, Friederike},', '  editor = {Schmidt, Hans-Jürgen},', '  date = {2022},',
      '  pages = {301--318},', `  publisher = {${publisher}},`, '  location = {Berlin},', `  isbn = {${isbn}},`, '}', ''].join('\n');
    const book = async (dir: string) => (await imported(dir)).publications.find((p) => p.type === 'Book')!;

    it('is brought up to date when the .bib corrects what it says of the book, and stays byte for byte when it does not', async () => {
      const dir = await fresh();
      const bib = path.join(dir, 'c.bib');
      await writeFile(bib, chapter('978-3-11-055555-5'));
      await run(bib, dir);
      expect(await book(dir)).to.not.have.property('isbn');
      await writeFile(bib, chapter('978-3-11-055555-4'));
      const report = await run(bib, dir);
      expect(await book(dir)).to.deep.include({ name: 'Handbuch Frühneuzeitliche Schriftkultur', isbn: '978-3-11-055555-4', publicationPlace: 'Berlin' });
      expect(report).to.deep.include({ unchanged: 1, updated: 1 });
      const before = await snapshot(dir);
      expect((await run(bib, dir)).written, 'imported again as it is').to.deep.equal([]);
      expect(await snapshot(dir)).to.deep.equal(before);
    });

    it('is left as it is, saying so, when the .bib gives it an editor the profile lacks and its chapter is unchanged', async () => {
      const dir = await fresh();
      const bib = path.join(dir, 'c.bib');
      await writeFile(bib, chapter('978-3-11-055555-5'));
      await run(bib, dir);
      await writeFile(bib, chapter('978-3-11-055555-5').replace('editor = {Schmidt, Hans-Jürgen}', 'editor = {Schmidt, Hans-Jürgen and Brüggen, Elke}'));
      const report = await run(bib, dir);
      expect((await book(dir)).editors).to.have.length(1);
      expect(report.notes.map((n) => n.reason).join('\n')).to.match(/is left as it is: its chapters' records now name .*br(u|ue)ggen/);
    });

    it('is left as it is when edited by hand since, saying so, unless forced', async () => {
      const dir = await fresh();
      const bib = path.join(dir, 'c.bib');
      await writeFile(bib, chapter('978-3-11-055555-4'));
      await run(bib, dir);
      const own = path.join(dir, importFile);
      await writeFile(own, (await readFile(own, 'utf8')).replace('name: Handbuch Frühneuzeitliche Schriftkultur', 'name: Handbuch Frühneuzeitliche Schriftkultur\n    description: Zwei Bände.'));
      await writeFile(bib, chapter('978-3-11-055555-4', 'Walter de Gruyter'));
      const report = await run(bib, dir);
      expect(await book(dir)).to.deep.include({ description: 'Zwei Bände.' });
      expect(report.notes.map((n) => n.reason)).to.include(`the book ${(await book(dir)).id} was edited by hand since the last import, and its chapters' records say other things of it now; --force overwrites it`);
      await run(bib, dir, true);
      expect(await book(dir)).to.not.have.property('description');
    });
  });

  describe('a review', () => {
    it('is imported as an article in its journal, as biblatex\'s styles print a @review and Zotero keeps one, not skipped', async () => {
      const dir = await fresh();
      const bib = path.join(dir, 'r.bib');
      // Better BibTeX's BibLaTeX for a historian's book review (its title names the book reviewed).
      await writeFile(bib, [
        '@review{kuehnRezension2019,', '  title = {Rezension zu: Maarten van der Linden, Leidse geleerden en hun brieven},', '  author = {Kühn, Friederike},',
        '  date = {2019},', '  journaltitle = {Historische Zeitschrift},', '  volume = {309},', '  number = {2},', '  pages = {478--480},', '  langid = {ngerman}', '}', ''].join('\n'));
      const report = await run(bib, dir);
      expect(report.skipped).to.deep.equal([]);
      const review = await publication(dir, 'kuehnrezension2019');
      expect(review).to.deep.include({ name: 'Rezension zu: Maarten van der Linden, Leidse geleerden en hun brieven', pages: '478-480', datePublished: 2019, volume: 309, issue: 2 });
      expect(review.type ?? 'ScholarlyArticle').to.equal('ScholarlyArticle');
      expect((await imported(dir)).periodicals).to.deep.include({ id: 'historische-zeitschrift', name: 'Historische Zeitschrift' });
    });
  });

  describe('French ordinals and names in other scripts', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await fresh();
      const bib = path.join(dir, 'f.bib');
      await writeFile(bib, '@book{b1, author = {Dupont, Élise and 田中, 美咲 and 김, 민준}, title = {Le XIX\\up{e} siècle, 1\\up{er}--4 octobre (X\\up{e}-XV\\up{e} siècles)}, year = 2020, edition = {6\\up{e} éd. revue}}\n');
      report = await run(bib, dir);
    });

    it('decodes babel-french\'s \\up{er} and \\up{e} as the plain letters (1er, XVe), with no note, and BibTeX protects every Roman century alike', async () => {
      expect(await publication(dir, 'b1')).to.include({ name: 'Le XIXe siècle, 1er–4 octobre (Xe-XVe siècles)', edition: '6e éd. revue' });
      expect(report.notes).to.deep.equal([]);
      const server = await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      expect((await request(server.app).get('/publications/b1.bib')).text).to.include('  title = {{Le} {XIXe} siècle, 1er–4 octobre ({Xe}-{XVe} siècles)},\n');
    });

    it('gives a co-author whose name has no Latin letters an id from the citation key, and writes a Chinese, Japanese or Korean name family name first with no space', async () => {
      const data = await imported(dir);
      expect(data.publications.find((p) => p.id === 'b1')!.authors).to.deep.equal(['elise-dupont', 'person-b1', 'person-b1-2']);
      expect(data.people.filter((p) => p.id.startsWith('person-'))).to.deep.equal([
        { id: 'person-b1', name: '田中美咲', givenName: '美咲', familyName: '田中' },
        { id: 'person-b1-2', name: '김민준', givenName: '민준', familyName: '김' },
      ]);
    });
  });

  describe('venues, journals, books and publishers named in Japanese', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await fresh();
      const bib = path.join(dir, 'ja.bib');
      await writeFile(bib, `@inproceedings{tanaka2022, author = {Dupont, Élise}, title = {日本語方言における文法化}, booktitle = {言語処理学会第28回年次大会発表論文集}, year = 2022, publisher = {言語処理学会}}
@inproceedings{tanaka2024, author = {Dupont, Élise}, title = {方言の格標示}, booktitle = {言語処理学会第30回年次大会発表論文集}, year = 2024}
@article{tanaka2019, author = {Dupont, Élise}, title = {とりたて詞の文法化}, journal = {言語研究}, year = 2019, volume = 155}
@incollection{tanaka2020, author = {Dupont, Élise}, title = {方言文法の記述}, booktitle = {日本語の文法}, publisher = {くろしお出版}, year = 2020}
`);
      report = await run(bib, dir);
    });

    it('makes no id of the digits of a name with no Latin letters (言語処理学会第28回…): the kind and the year, or the kind, and says so for each to be renamed', async () => {
      const data = await imported(dir);
      expect(data.events.map((e) => e.id)).to.deep.equal(['event-2022', 'event-2024']);
      expect(data.publications.find((p) => p.id === 'tanaka2019')!.journal).to.equal('periodical');
      expect(data.publications.find((p) => p.id === 'tanaka2020')!.partOf).to.equal('book');
      const said = report.notes.filter((n) => n.reason.includes('no Latin letters'));
      expect(said.map((n) => n.key)).to.have.members(['tanaka2022', 'tanaka2022', 'tanaka2024', 'tanaka2019', 'tanaka2020', 'tanaka2020']);
      expect(said.find((n) => n.reason.startsWith('言語研究'))!.reason).to.equal('言語研究 has no Latin letters to make an id of (lodfolio has no transliteration): its id is periodical in periodicals.yaml; rename it there (and where the profile names it) to one that says what it is: later imports find it by its name');
    });

    it('reads a thesis\'s degree from its type in Japanese, Chinese, Korean, Italian and Portuguese, a master\'s before a doctorate\'s', () => {
      const read = ['修士論文', '博士論文', '硕士学位论文', '博士学位论文', '碩士論文', '석사 학위 논문', '박사 학위 논문', 'tesi di laurea magistrale', 'tesi di dottorato', 'dissertação de mestrado', 'tese de doutorado']
        .map((type) => [type, degreeOf(type)]);
      expect(Object.fromEntries(read)).to.deep.equal({
        修士論文: 'Masters', 博士論文: 'PhD', 硕士学位论文: 'Masters', 博士学位论文: 'PhD', 碩士論文: 'Masters', '석사 학위 논문': 'Masters', '박사 학위 논문': 'PhD',
        'tesi di laurea magistrale': 'Masters', 'tesi di dottorato': 'PhD', 'dissertação de mestrado': 'Masters', 'tese de doutorado': 'PhD',
      });
    });

    it('finds a renamed one by its name on the next import, and says nothing of it again', async () => {
      const file = path.join(dir, importFile);
      await writeFile(file, (await readFile(file, 'utf8')).replaceAll('event-2022', 'nlp-2022').replace(/\bperiodical\b/g, 'gengo-kenkyu'));
      const bib = path.join(dir, 'ja2.bib');
      await writeFile(bib, '@article{tanaka2021, author = {Dupont, Élise}, title = {格助詞の歴史}, journal = {言語研究}, year = 2021, volume = 160}\n');
      const again = await run(bib, dir);
      expect((await imported(dir)).publications.find((p) => p.id === 'tanaka2021')!.journal).to.equal('gengo-kenkyu');
      expect(again.notes.filter((n) => n.reason.includes('no Latin letters'))).to.deep.equal([]);
    });
  });

  describe('where a conference was and a talk was given, as BibTeX\'s address says it', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await fresh();
      const bib = path.join(dir, 'where.bib');
      await writeFile(bib, `@inproceedings{a1, author = {Dupont, Élise}, title = {Tone in Kyoto}, booktitle = {Proceedings of the Annual Meeting of the Linguistic Society of Japan}, year = 2022, address = {Kyoto}}
@inproceedings{a2, author = {Dupont, Élise}, title = {Segments}, booktitle = {Proceedings of the 2021 Conference on Linguistics (CoLi '21)}, year = 2021, publisher = {Association for Computing Machinery}, address = {New York, NY, USA}}
@inproceedings{a3, author = {Dupont, Élise}, title = {Clitics}, booktitle = {Proceedings of the Workshop on Clitics}, year = 2020, organization = {Linguistic Society of Europe}, address = {Brussels}}
@misc{t1, author = {Dupont, Élise}, title = {Tone sandhi, again}, howpublished = {Invited talk}, date = {2023-05-12}, address = {Sendai}}
`);
      report = await run(bib, dir);
    });

    it('gives a conference with no publisher its address as its location, and a talk its address as its place, but leaves a publisher\'s or organization\'s address (ACM\'s New York) unread', async () => {
      const data = await imported(dir);
      const event = (id: string) => (data.events ?? []).find((e) => e.id === (data.publications.find((p) => p.id === id)!.venue as string))!;
      expect(event('a1')).to.include({ location: 'kyoto' });
      expect(event('a2')).to.not.have.any.keys('location');
      expect(event('a3')).to.not.have.any.keys('location');
      expect((data.talks ?? []).find((t) => t.id === 't1')).to.include({ location: 'sendai' });
      expect((data.places ?? []).map((p) => p.name)).to.have.members(['Kyoto', 'Sendai']);
      expect(report.unread).to.deep.include({ address: 2 });
      await buildProfile(dir);
    });
  });

  describe('a historian\'s .bib as Better BibTeX writes it, into her profile', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-import-test-'));
      dirs.push(dir);
      await cp(path.join(fixturesDir, 'profiles', 'historian'), dir, { recursive: true });
      report = await run(path.join(bibDir, 'better-bibtex-historian.bib'), dir);
    });

    it('takes a braced name in Chinese characters for a person\'s, one that is a profile person\'s alternateName for that person, and keeps an organisation an organisation', async () => {
      const data = await imported(dir);
      expect(data.publications.find((p) => p.id === 'kuehnwangpaperroutes2020')!.authors).to.deep.equal(['friederike-kuehn', 'person-kuehnwangpaperroutes2020']);
      expect(data.people).to.deep.include({ id: 'person-kuehnwangpaperroutes2020', name: '王小明' });
      expect(data.publications.find((p) => p.id === 'kuehnliletters2021')!.authors).to.deep.equal(['friederike-kuehn', 'li-hua']);
      expect(report.skipped).to.deep.include({ key: 'zoteroTeamZotero2024', line: 23, reason: 'its author "Zotero Team" is an organisation, and the profile\'s authors are people' });
      await buildProfile(dir);
    });

    it('says of a date written 12.03.2021 what is wrong with it and what to write, rather than that it has none', () => {
      expect(report.skipped).to.deep.include({
        key: 'kuehnTestDatum2021', line: 29,
        reason: 'its date "12.03.2021" is not a date as biblatex writes one (year-month-day): write date = {2021-03-12}',
      });
    });

    it('says so of a date it cannot read beside a year it takes, and of a year that is none', async () => {
      const bib = path.join(dir, 'dates.bib');
      await writeFile(bib, `@article{d1, author = {Kühn, Friederike}, title = {D1}, journal = {J}, date = {March 2021}, year = {2021}}
@article{d2, author = {Kühn, Friederike}, title = {D2}, journal = {J}, year = {MMXXI}}
`);
      const dated = await run(bib, dir);
      expect(dated.notes).to.deep.include({ key: 'd1', line: 1, reason: 'its date "March 2021" is not a date as biblatex writes one (year-month-day): write date = {YYYY-MM-DD}, or the year alone; took its year "2021"' });
      expect(dated.skipped).to.deep.include({ key: 'd2', line: 2, reason: 'its year "MMXXI" is not a year: write year = {YYYY}, or date = {YYYY-MM-DD}' });
    });
  });

  describe('two .bib files imported into one profile', () => {
    it('lists and prunes as gone only the entries of the .bib it imports, never another .bib\'s', async () => {
      const dir = await fresh();
      const talks = path.join(dir, 'talks.bib');
      const prune = async () => importBibtex({ bibFile: talks, dir, prune: true, builder: await sharedBuilder(), base: defaultBase });
      await run(path.join(bibDir, 'humanities.bib'), dir);
      const works = (await imported(dir)).publications.map((p) => p.id);
      await writeFile(talks, [
        '@unpublished{t1, author = {Dupont, Élise}, title = {Premier exposé}, eventtitle = {Journée A}, eventdate = {2024-01-10}}',
        '@unpublished{t2, author = {Dupont, Élise}, title = {Second exposé}, eventtitle = {Journée B}, eventdate = {2024-02-10}}',
      ].join('\n'));
      const first = await prune();
      expect([first.imported, first.gone, first.pruned]).to.deep.equal([2, [], []]);
      expect((await imported(dir)).publications.map((p) => p.id)).to.deep.equal(works);
      await writeFile(talks, '@unpublished{t1, author = {Dupont, Élise}, title = {Premier exposé}, eventtitle = {Journée A}, eventdate = {2024-01-10}}\n');
      const second = await prune();
      expect(second.gone).to.deep.equal([{ key: 't2', id: 't2' }]);
      expect(second.pruned).to.include('t2');
      const after = await imported(dir);
      expect(after.publications.map((p) => p.id)).to.deep.equal(works);
      expect(after.talks.map((t) => t.id)).to.include('t1').and.not.include('t2');
    });
  });

  describe('al-folio\'s papers.bib', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await fresh();
      report = await run(path.join(bibDir, 'al-folio.bib'), dir);
    });

    it('reads its front matter and extra fields: html as the url, code, slides, an absolute pdf', async () => {
      expect([report.imported, report.skipped.length]).to.deep.equal([3, 0]);
      expect(await publication(dir, 'example2017tracing')).to.deep.include({
        url: 'https://example.org/tracing-without-tears', code: 'https://github.com/example/tracing',
        slides: 'https://example.org/slides/tracing.pdf', status: 'preprint', arxiv: '1705.01234',
      });
      expect(await publication(dir, 'example2017tracing')).to.not.have.property('journal');
      expect((await publication(dir, 'example2019sampling'))).to.deep.include({
        pdf: 'https://example.org/papers/sampling.pdf', datePublished: '2019-03', venue: 'eurosys-2019', publisher: 'american-physical-society',
      });
      // The theme's example macro ends its publisher with a comma; the name does not.
      expect((await imported(dir)).organizations).to.deep.include({ id: 'american-physical-society', name: 'American Physical Society' });
      // Not in an al-folio site: the file is not beside it, in ../assets/pdf/.
      expect(report.notes).to.deep.include({ key: 'example2017tracing', line: 20,
        reason: `left out pdf "tracing-without-tears.pdf": no such file: looked for ${path.join(fixturesDir, 'assets', 'pdf', 'tracing-without-tears.pdf')} (al-folio's assets/pdf/, beside the .bib's folder)` });
      expect(report.unread).to.deep.equal({ bibtex_show: 2, preview: 1 });
      expect([(await publication(dir, 'einstein1950meaning')).selected, (await publication(dir, 'example2017tracing')).selected]).to.deep.equal([true, true]);
      await buildProfile(dir);
    });

    it('gives each journal and conference it makes the entry\'s abbr as its short name, shown as the badge before the title', async () => {
      const { periodicals, events } = await imported(dir);
      expect(periodicals).to.deep.include({ id: 'american-journal-of-physics', name: 'American Journal of Physics', alternateName: 'AJP' });
      expect(events).to.deep.include({ id: 'eurosys-2019', name: 'Proceedings of the Fourteenth EuroSys Conference', startDate: 2019, alternateName: 'EuroSys' });
      const server = await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      const home = (await request(server.app).get('/')).text;
      expect(home).to.match(/<span class="badge">EuroSys<\/span><span class="title p-name"><a [^>]*>Sampling at Scale</);
    });

    it('says why an abbr is left out: a preprint has no venue, a venue the profile has lacks that name', async () => {
      expect(report.notes).to.deep.include({ key: 'example2017tracing', line: 20, reason: 'left out abbr "NSDI": the venue\'s short name, and this preprint has no journal or conference to give it to' });
      const other = await fresh();
      const bib = path.join(other, 'papers.bib');
      await writeFile(bib, `@article{p1, abbr = {TEx}, author = {Example, Ada}, title = {One}, journal = {Transactions on Examples}, year = 2020}
@article{p2, abbr = {Trans. Ex.}, author = {Example, Ada}, title = {Two}, journal = {Transactions on Examples}, year = 2021}
@article{p3, abbr = {JEx}, author = {Example, Ada}, title = {Three}, journal = {Journal of Examples}, volume = 3, number = 2, year = 2022}
`);
      const reported = await run(bib, other);
      expect(reported.notes.map((n) => n.reason)).to.deep.equal([
        'left out abbr "TEx": the short name of example-journal, which the profile already has without that short name; add `alternateName: TEx` to it for the badge',
        'left out abbr "Trans. Ex.": the short name of example-journal, which the profile already has without that short name; add `alternateName: Trans. Ex.` to it for the badge',
      ]);
      expect(reported.unread).to.deep.equal({});
      const server = await createServer({ dataDir: other, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      const home = (await request(server.app).get('/')).text;
      expect(home).to.match(/<span class="badge">JEx<\/span><span class="title p-name"><a [^>]*>Three</)
        .and.match(/<span class="title p-name"><a [^>]*>One</).and.not.match(/TEx|Trans\. Ex\./);
    });
  });

  describe('the papers.bib of al-folio sites, as their scholars write them', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await fresh();
      report = await run(path.join(bibDir, 'al-folio-forks.bib'), dir);
    });

    it('takes an author marked * (or †, ‡, #, ^) for equal contribution by the name alone, and says which sign it did not keep', async () => {
      const { people } = await imported(dir);
      expect(people).to.deep.include.members([
        { id: 'anton-belyy', name: 'Anton Belyy', givenName: 'Anton', familyName: 'Belyy' },
        { id: 'chieh-yang-huang', name: 'Chieh-Yang Huang', givenName: 'Chieh-Yang', familyName: 'Huang' },
      ]);
      expect(report.notes).to.deep.include({ key: 'Belyy:2022:k_best', line: 46, reason: 'took the names "Belyy*, Anton", "Huang*, Chieh-Yang" without the mark "*" (al-folio\'s sign of equal contribution, a corresponding author and the like), which the profile has no place for: it is not kept' });
      const other = await fresh();
      const bib = path.join(other, 'papers.bib');
      await writeFile(bib, `@article{p1, author = {*Pang, Ce and Roe*, Richard and Doe$^\\dagger$, Jane and {\\ddag}Mallet, St{\\'e}phane and Lovelace\\textsuperscript{\\#}, Ada}, title = {One}, journal = {Journal of Examples}, year = 2020}\n`);
      const reported = await run(bib, other);
      expect((await imported(other)).people.map((p) => p.familyName)).to.include.members(['Pang', 'Roe', 'Doe', 'Mallet', 'Lovelace']);
      expect((await publication(other, 'p1')).authors).to.deep.equal(['ce-pang', 'richard-roe', 'jane-doe', 'stephane-mallet', 'ada-lovelace']);
      expect(reported.notes.map((n) => n.reason)).to.deep.equal([
        'took the names "*Pang, Ce", "Roe*, Richard" without the mark "*" (al-folio\'s sign of equal contribution, a corresponding author and the like), which the profile has no place for: it is not kept',
        'took the name "Doe†, Jane" without the mark "†" (al-folio\'s sign of equal contribution, a corresponding author and the like), which the profile has no place for: it is not kept',
        'took the name "‡Mallet, Stéphane" without the mark "‡" (al-folio\'s sign of equal contribution, a corresponding author and the like), which the profile has no place for: it is not kept',
        'took the name "Lovelace#, Ada" without the mark "#" (al-folio\'s sign of equal contribution, a corresponding author and the like), which the profile has no place for: it is not kept',
      ]);
      const server = await createServer({ dataDir: other, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      expect((await request(server.app).get('/')).text).to.not.match(/[*†‡#]Pang|Pang[*†‡]|Roe\*|Doe†|‡Mallet|Lovelace#/);
    });

    it('takes al-folio\'s website (its "Website" button) as the work\'s url, or beside another url as another place of the work', async () => {
      expect(await publication(dir, 'lee2025tabularrag')).to.deep.include({ url: 'https://www.kci.go.kr/kciportal/landing/article.kci?arti_id=ART003222904' });
      expect(await publication(dir, 'han2026rethinking')).to.deep.include({
        url: 'https://conf.researchr.org/details/icse-2026/icse-2026-research-track/125/Rethinking-the-Capability-of-Fine-Tuned-Language-Models-for-Automated-Vulnerability-R',
        doi: '10.1145/3744916.3773167', pdf: 'https://arxiv.org/abs/2512.22633',
      });
      expect(report.unread).to.not.have.property('website');
      const other = await fresh();
      const bib = path.join(other, 'papers.bib');
      await writeFile(bib, `@article{w1, author = {Example, Ada}, title = {One}, journal = {Journal of Examples}, year = 2020,
  url = {https://publisher.example/one}, html = {https://example.org/one.html}, website = {https://project.example/}}
@article{w2, author = {Example, Ada}, title = {Two}, journal = {Journal of Examples}, year = 2021,
  url = {https://doi.org/10.1234/two}, website = {https://project.example/two}}
`);
      const reported = await run(bib, other);
      expect(await publication(other, 'w1')).to.deep.include({
        url: 'https://publisher.example/one', sameAs: ['https://example.org/one.html', 'https://project.example/'],
      });
      expect(await publication(other, 'w2')).to.deep.include({ doi: '10.1234/two', url: 'https://project.example/two' }).and.not.have.property('sameAs');
      expect([reported.notes, reported.unread]).to.deep.equal([[], {}]);
      await buildProfile(other);
    });

    it('gives a journal the abbr that is its whole name (IEEE Access) as the badge al-folio shows, never as another name on its page', async () => {
      expect((await imported(dir)).periodicals).to.deep.include({ id: 'ieee-access', name: 'IEEE Access', alternateName: 'IEEE Access' });
      expect(report.notes.filter((n) => n.key === 'cho2026pifd')).to.deep.equal([]);
      const server = await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      const works = (await request(server.app).get('/')).text;
      expect(works).to.match(/<span class="badge">IEEE Access<\/span><span class="title p-name"><a [^>]*>PI-FD: Property Inference/);
      const journal = (await request(server.app).get('/venues/ieee-access').set('Accept', 'text/html')).text;
      expect(journal).to.include('<h1>IEEE Access</h1>').and.not.match(/class="alt"|known as IEEE Access/i);
    });

    it('makes a society\'s spring and autumn conferences of one year, whose proceedings share a name, two events told apart by their abbr', async () => {
      const venues = await Promise.all(['jun2021modelextraction', 'cho2021nonquery', 'lee2021modelprivacy', 'han2021privacypreservingml']
        .map(async (id) => (await publication(dir, id)).venue));
      expect(venues).to.deep.equal(['kips-2021', 'kips-2021', 'ack-2021', 'ack-2021']);
      const name = 'Korea Information Processing Society Conference Proceedings';
      expect((await imported(dir)).events).to.deep.include.members([
        { id: 'kips-2021', name, startDate: 2021, alternateName: 'KIPS' },
        { id: 'ack-2021', name, startDate: 2021, alternateName: 'ACK' },
      ]);
      expect(report.notes.map((n) => n.reason).filter((r) => /abbr/.test(r))).to.deep.equal([]);
      // Imported again, each work finds its own meeting among the two the profile has now.
      const again = await run(path.join(bibDir, 'al-folio-forks.bib'), dir, true);
      expect(again.notes.map((n) => n.reason).filter((r) => /abbr/.test(r))).to.deep.equal([]);
      expect((await imported(dir)).events.filter((e) => e.name === name).map((e) => e.id)).to.deep.equal(['kips-2021', 'ack-2021']);
      expect(await Promise.all(['cho2021nonquery', 'han2021privacypreservingml'].map(async (id) => (await publication(dir, id)).venue)))
        .to.deep.equal(['kips-2021', 'ack-2021']);
    });

    it('gives a conference whose abbr has its year (MASSW 2019, SOSP \'21) an id with the year once', async () => {
      const other = await fresh();
      const bib = path.join(other, 'papers.bib');
      await writeFile(bib, `@inproceedings{m1, abbr = {MASSW 2019}, author = {Example, Ada}, title = {One}, booktitle = {Workshop on Mining Actionable Insights from Social Networks}, year = 2019}
@inproceedings{m2, abbr = {SOSP '21}, author = {Example, Ada}, title = {Two}, booktitle = {Symposium on Operating Systems Principles}, year = 2021}
@inproceedings{m3, abbr = {ICML2020}, author = {Example, Ada}, title = {Three}, booktitle = {International Conference on Machine Learning}, year = 2020}
@inproceedings{m4, abbr = {CIKM}, author = {Example, Ada}, title = {Four}, booktitle = {Conference on Information and Knowledge Management}, year = 2019}
`);
      await run(bib, other);
      const venues = await Promise.all(['m1', 'm2', 'm3', 'm4'].map(async (id) => (await publication(other, id)).venue));
      expect(venues).to.deep.equal(['massw-2019', 'sosp-2021', 'icml2020', 'cikm-2019']);
      expect((await imported(other)).events).to.deep.include({ id: 'massw-2019', name: 'Workshop on Mining Actionable Insights from Social Networks', startDate: 2019, alternateName: 'MASSW 2019' });
    });
  });

  describe('a papers.bib in its al-folio site, with its PDFs in assets/pdf/', () => {
    // al-folio's layout: _bibliography/papers.bib (the theme's example, al-folio-example.bib) beside assets/pdf/, where
    // its example_pdf.pdf is (the one-page PDF of profiles/custom stands in for it).
    let site: string;
    let dir: string;
    let report: ImportReport;
    const pdf = path.join(fixturesDir, 'profiles', 'custom', 'files', 'strong-verbs.pdf');
    before(async () => {
      site = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-al-folio-site-'));
      dirs.push(site);
      await cp(path.join(bibDir, 'al-folio-example.bib'), path.join(site, '_bibliography', 'papers.bib'));
      await cp(pdf, path.join(site, 'assets', 'pdf', 'example_pdf.pdf'));
      dir = await fresh();
      report = await run(path.join(site, '_bibliography', 'papers.bib'), dir);
    });

    it('copies a pdf named by its file into the profile\'s files/, names it there, and the site serves it', async () => {
      expect((await publication(dir, 'physrev-47-777')).pdf).to.equal('files/example_pdf.pdf');
      expect(await readFile(path.join(dir, 'files', 'example_pdf.pdf'))).to.deep.equal(await readFile(pdf));
      expect(report.written).to.include(path.join(dir, 'files', 'example_pdf.pdf'));
      const server = await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      expect((await request(server.app).get('/publications/physrev-47-777')).text).to.include(`href="${defaultBase}files/example_pdf.pdf"`);
      const served = await request(server.app).get('/files/example_pdf.pdf').buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect([served.status, served.body]).to.deep.equal([200, await readFile(pdf)]);
    });

    it('changes nothing when imported again, or when the site\'s own BibTeX export (the PDF as its URL on the site) is imported', async () => {
      const before = await readFile(path.join(dir, importFile), 'utf8');
      const again = await run(path.join(site, '_bibliography', 'papers.bib'), dir);
      expect([again.imported, again.updated, again.written]).to.deep.equal([0, 0, []]);
      const server = await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      const exported = path.join(site, 'exported.bib');
      await writeFile(exported, (await request(server.app).get('/publications.bib')).text);
      expect(await readFile(exported, 'utf8')).to.include(`${defaultBase}files/example_pdf.pdf`);
      const fromExport = await run(exported, dir);
      expect([fromExport.imported, fromExport.updated]).to.deep.equal([0, 0]);
      expect(await readFile(path.join(dir, importFile), 'utf8')).to.equal(before);
    });

    it('says which entry, which field and where it looked for a file it does not find, a name that leaves assets/pdf/, a symbolic link there (never followed), and a different file of the same name in the profile (kept, and named)', async () => {
      const other = await fresh();
      await cp(path.join(fixturesDir, 'profiles', 'custom', 'files', 'me.jpg'), path.join(other, 'files', 'example_pdf.pdf'));
      const assets = path.join(site, 'assets', 'pdf');
      const secret = path.join(site, 'secret.txt');
      await writeFile(secret, 'not for the site');
      await symlink(secret, path.join(assets, 'link.pdf'));
      await symlink(site, path.join(assets, 'up'));
      const bib = path.join(site, '_bibliography', 'more.bib');
      await writeFile(bib, `@article{gone, author = {Example, Ada}, title = {Gone}, journal = {J}, year = 2020, pdf = {gone.pdf}, slides = {https://example.org/s.pdf}}
@article{away, author = {Example, Ada}, title = {Away}, journal = {J}, year = 2020, slides = {../../secret.pdf}}
@article{same, author = {Example, Ada}, title = {Same}, journal = {J}, year = 2020, pdf = {example_pdf.pdf}}
@article{linked, author = {Example, Ada}, title = {Linked}, journal = {J}, year = 2020, pdf = {link.pdf}, slides = {up/secret.txt}}
`);
      const reported = await run(bib, other);
      expect(reported.notes).to.deep.equal([
        { key: 'gone', line: 1, reason: `left out pdf "gone.pdf": no such file: looked for ${path.join(assets, 'gone.pdf')} (al-folio's assets/pdf/, beside the .bib's folder)` },
        { key: 'away', line: 2, reason: `left out slides "../../secret.pdf": not a file of al-folio's assets/pdf/ (in ${assets}): a name there, without .. or a leading /` },
        { key: 'same', line: 3, reason: `pdf "example_pdf.pdf": kept the profile's files/example_pdf.pdf, which is another file than ${path.join(assets, 'example_pdf.pdf')} and not one an import copied: copy it over by hand to take al-folio's` },
        { key: 'linked', line: 4, reason: `left out pdf "link.pdf": ${path.join(assets, 'link.pdf')} is a symbolic link, or in a folder that is one: an import copies only the plain files of al-folio's assets/pdf/` },
        { key: 'linked', line: 4, reason: `left out slides "up/secret.txt": ${path.join(assets, 'up', 'secret.txt')} is a symbolic link, or in a folder that is one: an import copies only the plain files of al-folio's assets/pdf/` },
      ]);
      const works = (await imported(other)).publications;
      expect(works.map((w) => [w.id, w.pdf, w.slides])).to.deep.equal([['gone', undefined, 'https://example.org/s.pdf'], ['away', undefined, undefined],
        ['same', 'files/example_pdf.pdf', undefined], ['linked', undefined, undefined]]);
      expect(await readdir(path.join(other, 'files'))).to.deep.equal(['example_pdf.pdf']);
      expect(await readFile(path.join(other, 'files', 'example_pdf.pdf'))).to.deep.equal(await readFile(path.join(fixturesDir, 'profiles', 'custom', 'files', 'me.jpg')));
      await rm(path.join(assets, 'link.pdf'));
      await rm(path.join(assets, 'up'));
    });

    it('replaces a PDF it copied when assets/pdf/ has a new one, but not one changed in the profile since', async () => {
      const source = path.join(site, 'assets', 'pdf', 'example_pdf.pdf');
      const copied = path.join(dir, 'files', 'example_pdf.pdf');
      const papers = path.join(site, '_bibliography', 'papers.bib');
      const newer = Buffer.concat([await readFile(pdf), Buffer.from('% a newer version\n')]);
      await writeFile(source, newer);
      const replaced = await run(papers, dir);
      expect([replaced.updated, replaced.notes, replaced.written]).to.deep.equal([0, [], [copied, path.join(dir, stateFile)]]);
      expect(await readFile(copied)).to.deep.equal(newer);
      expect((await publication(dir, 'physrev-47-777')).pdf).to.equal('files/example_pdf.pdf');
      await writeFile(copied, 'changed by hand');
      await writeFile(source, Buffer.concat([newer, Buffer.from('% newer still\n')]));
      const kept = await run(papers, dir);
      expect(kept.notes.map((n) => n.reason)).to.include(`pdf "example_pdf.pdf": kept the profile's files/example_pdf.pdf, which is another file than ${source} and not one an import copied: copy it over by hand to take al-folio's`);
      expect(await readFile(copied, 'utf8')).to.equal('changed by hand');
      expect((await publication(dir, 'physrev-47-777')).pdf, 'the work still names it').to.equal('files/example_pdf.pdf');
    });
    it('copies a file whose name has spaces under its name with a dash for each run of them, says so, and never makes two files one', async () => {
      const other = await fresh();
      const assets = path.join(site, 'assets', 'pdf');
      await cp(pdf, path.join(assets, 'My Paper 2021.pdf'));
      await cp(pdf, path.join(assets, 'two words.pdf'));
      await writeFile(path.join(assets, 'two-words.pdf'), 'another file');
      const bib = path.join(site, '_bibliography', 'spaces.bib');
      await writeFile(bib, `@article{spaced, author = {Example, Ada}, title = {Spaced}, journal = {J}, year = 2021, pdf = {My Paper 2021.pdf}}
@article{first, author = {Example, Ada}, title = {First}, journal = {J}, year = 2021, pdf = {two words.pdf}}
@article{second, author = {Example, Ada}, title = {Second}, journal = {J}, year = 2021, slides = {two-words.pdf}}
`);
      const reported = await run(bib, other);
      expect(reported.notes).to.deep.equal([
        { key: 'spaced', line: 1, reason: 'copied pdf "My Paper 2021.pdf" as files/My-Paper-2021.pdf: a URL cannot have a space' },
        { key: 'first', line: 2, reason: 'copied pdf "two words.pdf" as files/two-words.pdf: a URL cannot have a space' },
        { key: 'second', line: 3, reason: `left out slides "two-words.pdf": ${path.join(assets, 'two words.pdf')} is copied as the profile's files/two-words.pdf already: rename one of them` },
      ]);
      const works = (await imported(other)).publications;
      expect(works.map((w) => [w.id, w.pdf, w.slides])).to.deep.equal([['spaced', 'files/My-Paper-2021.pdf', undefined], ['first', 'files/two-words.pdf', undefined], ['second', undefined, undefined]]);
      expect(await readFile(path.join(other, 'files', 'two-words.pdf'))).to.deep.equal(await readFile(pdf));
      const server = await createServer({ dataDir: other, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      expect((await request(server.app).get('/publications/spaced')).text).to.include(`href="${defaultBase}files/My-Paper-2021.pdf"`);
    });

    it('takes an html beside a different url as another place of the work: its arXiv id when it is its arXiv page, else its sameAs; a relative html is a file of assets/html/', async () => {
      const other = await fresh();
      const page = '<!doctype html><title>Local</title>\n';
      await mkdir(path.join(site, 'assets', 'html'));
      await writeFile(path.join(site, 'assets', 'html', 'page.html'), page);
      const bib = path.join(site, '_bibliography', 'html.bib');
      // As pjlab-adg.bib writes them: the publisher's page as the url, the arXiv page as the html.
      await writeFile(bib, `@inproceedings{arxived, author = {Example, Ada}, title = {On arXiv}, booktitle = {ECCV}, year = 2022, url = {https://link.springer.com/chapter/10.1007/978-3-031-19839-7_40}, html = {https://arxiv.org/abs/2210.09615}}
@article{elsewhere, author = {Example, Ada}, title = {Elsewhere}, journal = {J}, year = 2022, url = {https://example.org/a}, html = {https://example.org/b}}
@article{local, author = {Example, Ada}, title = {Local}, journal = {J}, year = 2022, html = {page.html}}
@article{both, author = {Example, Ada}, title = {Both}, journal = {J}, year = 2022, url = {https://example.org/c}, html = {page.html}}
@article{doied, author = {Example, Ada}, title = {Doied}, journal = {J}, year = 2022, url = {https://doi.org/10.1000/182}, html = {https://example.org/d}}
@misc{onlyarxiv, author = {Example, Ada}, title = {Only on arXiv}, year = 2023, eprint = {2301.00001}, archiveprefix = {arXiv}, url = {https://arxiv.org/abs/2301.00001}}
`);
      const reported = await run(bib, other);
      expect(reported.notes).to.deep.equal([
        { key: 'both', line: 4, reason: 'left out html "page.html": the work\'s page is its url already, and the other places of a work (sameAs) are URLs elsewhere, not a file of the profile' },
      ]);
      const works = (await imported(other)).publications;
      expect(works.map((w) => [w.id, w.url, w.arxiv, w.sameAs, w.doi])).to.deep.equal([
        ['arxived', 'https://link.springer.com/chapter/10.1007/978-3-031-19839-7_40', '2210.09615', undefined, undefined],
        ['elsewhere', 'https://example.org/a', undefined, 'https://example.org/b', undefined],
        ['local', 'files/page.html', undefined, undefined, undefined],
        ['both', 'https://example.org/c', undefined, undefined, undefined],
        ['doied', 'https://example.org/d', undefined, undefined, '10.1000/182'],
        // A url that is its eprint's arXiv page is that arXiv id: the BibTeX it serves gives both, read back as they were.
        ['onlyarxiv', undefined, '2301.00001', undefined, undefined],
      ]);
      expect(await readFile(path.join(other, 'files', 'page.html'), 'utf8')).to.equal(page);
      const server = await createServer({ dataDir: other, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      expect((await request(server.app).get('/publications/arxived')).text).to.include('href="https://arxiv.org/abs/2210.09615"');
      expect((await request(server.app).get('/publications/elsewhere')).text).to.include('href="https://example.org/b"');
      expect((await request(server.app).get('/publications/onlyarxiv.bib')).text, 'for the styles that print no eprint')
        .to.include('  eprint = {2301.00001},\n').and.include('  url = {https://arxiv.org/abs/2301.00001},\n');
    });
  });

  describe('the edge cases of real bibliographies', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await fresh();
      report = await run(path.join(bibDir, 'edge-cases.bib'), dir);
    });

    it('keeps a % of a title or an abstract as text, and an abstract whole', async () => {
      const paper = await publication(dir, 'percent2021');
      expect(paper.name).to.equal('Reducing Error by 50% with Tricks');
      expect(paper.abstract).to.equal('We cut the error by 50% on average, and by 0.5% in the worst case. A second line, after the percent sign.');
    });

    it('records "and others" and "and et al." as an incomplete list, never as a person', async () => {
      expect(await publication(dir, 'percent2021')).to.deep.include({ authors: ['richard-roe', 'jane-doe'], authorOrder: 'unknown' });
      expect(await publication(dir, 'loic2023nsdi')).to.deep.include({ authors: ['loic-dupont', 'stephane-mallet'], authorOrder: 'unknown' });
      expect((await imported(dir)).people.map((p) => p.name)).to.not.include.members(['et al.', 'al., et', 'others']);
      expect((await imported(dir)).people).to.deep.include({ id: 'loic-dupont', name: 'Loïc Dupont', givenName: 'Loïc', familyName: 'Dupont' });
    });

    it('keeps venues, series and events apart: a conference is its event of the year, LNCS and IROS\'s sponsor are no venue', async () => {
      const { events, organizations } = await imported(dir);
      expect(events).to.deep.include({ id: 'iros-2022', name: 'IEEE/RSJ International Conference on Intelligent Robots and Systems (IROS)', startDate: 2022 });
      expect(events.map((e) => e.name)).to.not.include('Lecture Notes in Computer Science');
      expect(organizations.map((o) => o.name)).to.not.include.members(['IEEE', 'IFIP']);
      expect(await imported(dir)).to.not.have.property('eventSeries');
      expect(report.unread).to.include({ series: 2, organization: 2 });
    });

    it('makes an arXiv-only entry a preprint with its arXiv id, whatever field names arXiv', async () => {
      expect(await publication(dir, 'arxivbook2022')).to.deep.include({ status: 'preprint', arxiv: '2204.01234' }).and.not.have.property('venue');
      expect(await publication(dir, 'preprint2024')).to.deep.include({ status: 'preprint', arxiv: '2401.00001' });
    });

    it('imports a chapter whose book names no editor, a work in press without a year, and a report with its number', async () => {
      expect(await publication(dir, 'chapter2010')).to.deep.include({ type: 'Chapter', partOf: 'fluid-structure-interaction-ii' });
      expect(await publication(dir, 'fluid-structure-interaction-ii')).to.deep.equal({
        id: 'fluid-structure-interaction-ii', type: 'Book', name: 'Fluid Structure Interaction II', publisher: 'taylor-francis', datePublished: 2010,
      });
      expect((await imported(dir)).organizations).to.deep.include({ id: 'taylor-francis', name: 'Taylor & Francis' });
      expect(await publication(dir, 'inpress')).to.deep.include({ status: 'in press' }).and.not.have.property('datePublished');
      expect(await publication(dir, 'report2019')).to.deep.include({ type: 'Report', reportNumber: 'TR-2019-07', publisher: 'taylor-and-francis-research' });
      await buildProfile(dir);
    });

    it('takes any citation key, __proto__ included, and a duplicated key once', async () => {
      expect((await publication(dir, 'proto')).name).to.equal('A Key Named After a Prototype');
      expect(report.skipped).to.deep.equal([{ key: 'percent2021', line: 97, reason: 'its key was already used at line 4' }]);
      expect(JSON.parse(await readFile(path.join(dir, stateFile), 'utf8')).entries.__proto__).to.deep.include({ id: 'proto' });
      const again = await run(path.join(bibDir, 'edge-cases.bib'), dir);
      expect([again.imported, again.unchanged]).to.deep.equal([0, 10]);
    });
  });

  describe('files it cannot read', () => {
    it('refuses a Latin-1 .bib with the line and column of its first byte that is not UTF-8, and reads one that declares its encoding', async () => {
      const dir = await fresh();
      const before = await snapshot(dir);
      let error: unknown;
      try {
        await run(path.join(bibDir, 'latin1.bib'), dir);
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.match(/latin1\.bib:2:14: is not UTF-8 \(saved as Latin-1 or Windows-1252\?\)/);
      expect(await snapshot(dir)).to.deep.equal(before);
      await run(path.join(bibDir, 'latin1-declared.bib'), dir);
      expect((await publication(dir, 'latin1')).name).to.equal('José Müller and the Latin-1 File');
    });

    it('stops at an @string that grows past the limit, and at a field over it, naming its place and never printing it', async () => {
      const dir = await fresh();
      const bomb = path.join(dir, 'bomb.bib');
      const strings = ['@string{a0 = "0123456789"}', ...Array.from({ length: 30 }, (_, k) => `@string{a${k + 1} = a${k} # a${k}}`)];
      await writeFile(bomb, `${strings.join('\n')}\n@article{k, title = a30, author = {Example, Ada}, journal = {J}, year = 2020}\n`);
      const big = path.join(dir, 'big.bib');
      await writeFile(big, `@article{k,\n  author = {Example, Ada},\n  abstract = {${'x'.repeat(10 * 1024 * 1024)}},\n}\n`);
      const before = await snapshot(dir);
      for (const [file, message] of [
        [bomb, /bomb\.bib:16:9: the @string a15 is 327,680 characters long \(@string macros expanded\), over the limit of 262,144; nothing was imported$/],
        [big, /big\.bib:3:3: the field abstract of k is 10,485,760 characters long \(@string macros expanded\), over the limit of 262,144; nothing was imported$/],
      ] as const) {
        let error: Error | undefined;
        try {
          await run(file, dir);
        } catch (e) {
          error = e as Error;
        }
        expect(error?.message).to.match(message).and.have.length.below(300);
      }
      expect(await snapshot(dir)).to.deep.equal(before);
    });
  });

  describe('a Mendeley Desktop library', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await fresh();
      report = await run(path.join(bibDir, 'mendeley.bib'), dir);
    });

    it('lists a file field that names files on the computer it was exported on among the fields not imported, with no note for each entry', async () => {
      expect(report.unread).to.include({ file: 2 });
      expect(report.notes.filter((n) => /file|pdf/.test(n.reason)), 'notes on file').to.deep.equal([]);
      expect(await publication(dir, 'nunezibanez2009')).to.not.have.property('pdf');
      expect(await publication(dir, 'nunezibanez2016')).to.not.have.property('pdf');
    });

    it('gives Google Scholar a double surname and a surname with particles as "Family, Given", which it cannot split at the wrong word, in a list that ends "and others" too', async () => {
      const server = await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      const page = (await request(server.app).get('/publications/nunezibanez2009').set('Accept', 'text/html')).text;
      const tags = [...page.matchAll(/<meta name="citation_author" content="([^"]*)"\/>/g)].map((m) => m[1]);
      // A list that ends "and others" is imported with no order of its authors (authorOrder: unknown): its names, in any order.
      expect(tags).to.have.members(['Núñez Ibáñez, María', 'de la Cruz, Javier', 'del Río, Lucía']);
      // The page itself shows each name as it is written.
      expect(page).to.include('>María Núñez Ibáñez<').and.include('>Javier de la Cruz<');
    });

    it('makes an @article whose journal is a preprint server (bioRxiv as PubMed writes it, EcoEvoRxiv) a preprint with its DOI, not a paper in a journal, and says so', async () => {
      expect(await publication(dir, 'nunezibanez2024')).to.include({ status: 'preprint', doi: '10.1101/2024.03.15.585123' }).and.not.have.property('journal');
      expect(await publication(dir, 'delacruz2025')).to.include({ status: 'preprint', doi: '10.32942/X2AB12' }).and.not.have.property('journal');
      expect((await imported(dir)).periodicals.map((p) => p.id)).to.have.members(['new-phytologist', 'journal-of-ecology']);
      expect(report.notes).to.deep.include({ key: 'NunezIbanez2024', line: 37,
        reason: 'took journal "bioRxiv : the preprint server for biology" for the preprint server it is: the work is a preprint (status: preprint), not a paper in a journal' });
    });

    it('makes a @misc that a data repository published (Dryad) a dataset, published by the repository, not an article', async () => {
      expect(await publication(dir, 'nunezibanez2023')).to.include({ type: 'Dataset', publisher: 'dryad-digital-repository', doi: '10.5061/dryad.abc123' });
      expect((await imported(dir)).organizations.map((o) => o.name)).to.include('Dryad Digital Repository');
      expect(report.unread).to.not.have.property('howpublished');
    });

    it('heads a thesis\'s page on a site in Spanish with what it is in Spanish, "tesis doctoral", not "Tesis" and "Título: PhD"', async () => {
      await writeFile(path.join(dir, 'site.yaml'), 'language: es\n');
      const server = await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      const page = (await request(server.app).get('/publications/nunezibanez2012').set('Accept', 'text/html')).text;
      expect(/<p class="kind">([^<·]*)/.exec(page)?.[1].trim()).to.equal('tesis doctoral');
      expect(page).to.not.match(/>PhD</).and.not.include('<dt>Título</dt>');
      expect(page).to.include('Universidad de Granada');
    });
  });

  describe('a Zotero library exported by Better BibTeX, in German', () => {
    let dir: string;
    let report: ImportReport;
    before(async () => {
      dir = await fresh();
      report = await run(path.join(bibDir, 'meine-publikationen.bib'), dir);
    });

    it('keeps German quotation marks as LaTeX prints them, „…“, in a title and an abstract', async () => {
      expect((await publication(dir, 'schmidt-enquete-2023')).name).to.equal('\u201eOrdnung der Straße\u201c: Policey und Alltag in Augsburg um 1500');
      expect((await publication(dir, 'vonbulow-uber-2019')).abstract).to.include('dass der Rat die \u201eFremden\u201c keineswegs pauschal abwies.');
    });

    it('decodes keywords as it decodes every other field', async () => {
      expect((await publication(dir, 'vonbulow-uber-2019')).keywords).to.have.members(['Bürgerrecht', 'Migration', 'Spätmittelalter', 'Stadtgeschichte']);
      expect(report.notes.map((n) => n.reason).join('\n')).to.not.include('LaTeX command');
    });

    it('imports a book\'s series and its number in the series, never the number as an issue', async () => {
      expect(await publication(dir, 'vonbulow-zunft-2021')).to.include({ seriesTitle: 'Kritische Studien zur Geschichtswissenschaft', seriesNumber: 238, publicationPlace: 'Göttingen' })
        .and.not.have.property('issue');
      expect(report.notes.filter((n) => n.key === 'vonbulow_zunft_2021').map((n) => n.reason).join()).to.not.include('series');
      expect(report.unread).to.not.have.any.keys('series', 'number');
      expect(await publication(dir, 'vonbulow-uber-2019')).to.include({ issue: 2 });
    });

    it('exports an author list ending in "and others" as BibTeX\'s "and others", and in CSL-JSON and RIS as the named authors only', async () => {
      const server = await createServer({ dataDir: dir, base: defaultBase, sparql: false, builder: await sharedBuilder() });
      const get = async (type: string) => (await request(server.app).get('/publications/schmidt-enquete-2023').set('Accept', type)).text;
      expect(await get('application/x-bibtex')).to.match(/^ {2}author = \{.* and others\},$/m);
      const [item] = JSON.parse(await get('application/vnd.citationstyles.csl+json')) as Array<{ author: Array<Record<string, string>> }>;
      expect(item.author.map((a) => a.family ?? a.literal)).to.have.members(['Schmidt', 'von Bülow']);
      // Their order is lost (the profile has no list both ordered and incomplete): the import says so.
      expect(report.notes).to.deep.include({ key: 'schmidt_enquete_2023', line: 60,
        reason: 'its authors end with "and others" (or "et al."): the listed ones are kept, marked as not all of them (authorOrder: unknown), which has no order: pages and exports may not show the first listed first' });
      expect((await get('application/x-research-info-systems')).match(/^AU {2}- .*$/gm)).to.have.members(['AU  - Schmidt, Øystein', 'AU  - von Bülow, Katharina']);
    });
  });

  it('decodes the quotation marks of babel\'s German and French as LaTeX prints them, and names each command it cannot decode with its entry and field', async () => {
    const dir = await fresh();
    const bib = path.join(dir, 'q.bib');
    await writeFile(bib, [
      '@article{q1, author = {Example, Ada}, journal = {J}, year = 2020,',
      '  title = {{\\glq}a{\\grq} {\\glqq}b{\\grqq} "`c"\' {\\flqq}d{\\frqq} {\\flq}e{\\frq} {\\guillemetleft}f{\\guillemetright} \\og g \\fg{} {\\quotedblbase}h{\\textquotedblleft} {\\textquotedblbase}i{\\textquotedblleft} {\\textquotesinglbase}j{\\textquoteleft} {\\dq}k{\\dq}},',
      '  abstract = {A \\frobnicate{widget} and \\zap, a\\|b.}, note = {\\zap}}',
      '',
    ].join('\n'));
    const report = await run(bib, dir);
    expect((await publication(dir, 'q1')).name).to.equal('\u201aa\u2018 \u201eb\u201c \u201ec\u201c «d» \u2039e\u203a «f» «\u00a0g\u00a0» \u201eh\u201c \u201ei\u201c \u201aj\u2018 "k"');
    expect(report.notes).to.deep.include.members([
      { key: 'q1', line: 1, reason: 'cannot decode the LaTeX command \\frobnicate of its abstract: left out, its argument kept as text' },
      { key: 'q1', line: 1, reason: 'cannot decode the LaTeX command \\zap of its abstract and note: left out, its argument kept as text' },
      { key: 'q1', line: 1, reason: 'cannot decode the LaTeX command \\| of its abstract: kept as written' },
    ]);
  });

  it('quotes a long value it leaves out by its start and length, never whole', async () => {
    const dir = await fresh();
    const bib = path.join(dir, 'p.bib');
    await writeFile(bib, `@article{p1, author = {Example, Ada}, title = {T}, journal = {J}, year = 2020, pages = {${'page '.repeat(2000)}}}\n`);
    const report = await run(bib, dir);
    expect(report.notes).to.deep.equal([{ key: 'p1', line: 1, reason: `left out pages "${'page '.repeat(12)}…" (9,999 characters): not pages like 123-145` }]);
  });

  describe('entries gone from the .bib', () => {
    it('lists the works it imported before whose entries are gone, and --prune removes them with the people and venues only they used', async () => {
      const dir = await fresh();
      const bib = path.join(dir, 'p.bib');
      await writeFile(bib, `@article{keep, author = {Example, Ada}, title = {Kept}, journal = {Transactions on Examples}, year = 2020}
@inproceedings{gone, author = {Example, Ada and Turing, Alan}, title = {Gone}, booktitle = {Proceedings of GoneCon (GoneCon '21)}, year = 2021}
`);
      await run(bib, dir);
      await writeFile(bib, `@article{keep, author = {Example, Ada}, title = {Kept}, journal = {Transactions on Examples}, year = 2020}\n`);
      const before = await snapshot(dir);
      const listed = await run(bib, dir);
      expect(listed.gone).to.deep.equal([{ key: 'gone', id: 'gone' }]);
      expect(await snapshot(dir)).to.deep.equal(before);
      const pruned = await importBibtex({ bibFile: bib, dir, prune: true, builder: await sharedBuilder(), base: defaultBase });
      expect(pruned.pruned).to.have.members(['gone', 'alan-turing', 'gonecon-2021']);
      const data = await imported(dir);
      expect(data.publications.map((p) => p.id)).to.deep.equal(['keep']);
      expect(data).to.not.have.property('people');
      expect(data).to.not.have.property('events');
      expect(JSON.parse(await readFile(path.join(dir, stateFile), 'utf8')).entries).to.have.keys(['keep']);
      await buildProfile(dir);
    });
  });

  describe('a result that would not validate', () => {
    it('writes nothing and throws the problems, located in the files as they would be', async () => {
      const dir = await fresh();
      const bib = path.join(dir, 'p.bib');
      await writeFile(bib, '@article{p1, author = {Example, Ada}, title = {A bell \u0007 in the title}, journal = {J}, year = 2020}');
      const before = await snapshot(dir);
      const error = await run(bib, dir).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidProfileError);
      const issues = (error as InvalidProfileError).issues;
      // bibtex.yaml is read first (files are read in name order), so its works come first.
      expect(issues.map((i) => `${path.resolve(i.file ?? '')} ${i.path}`)).to.deep.equal([`${path.join(dir, importFile)} publications[0].name`]);
      expect(await snapshot(dir)).to.deep.equal(before);
    });

    it('names the profile\'s own files in the text of every message too, never the copy it checked', async () => {
      const dir = await fresh();
      const bib = path.join(dir, 'p.bib');
      await writeFile(bib, '@article{p1, author = {Example, Ada}, title = {T}, journal = {J}, year = 2020}');
      // An entry of the import's own file whose id a hand-written file read after it has too.
      await writeFile(path.join(dir, importFile), 'people:\n  - id: grace-example\n    name: Grace Example\n');
      await writeFile(path.join(dir, 'people.yaml'), 'people:\n  - id: grace-example\n    name: Grace Example\n');
      const error = await run(bib, dir).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidProfileError);
      const messages = (error as InvalidProfileError).issues.map((i) => i.message);
      const own = path.join(path.relative(process.cwd(), dir), importFile);
      expect(messages.find((m) => m.includes("is already the id of the entry at")), messages.join("\n")).to.include(`"grace-example" is already the id of the entry at ${own}:2`);
      for (const message of messages) expect(message).to.not.match(/lodfolio-import-(?!test-)/);
    });
  });

  describe('1,000 entries', () => {
    it('imports them, and prints how long it took', async function () {
      this.timeout(120_000);
      const dir = await fresh();
      const bib = path.join(dir, 'many.bib');
      await writeFile(bib, bibOf(1000));
      await sharedBuilder();
      let started = performance.now();
      const report = await run(bib, dir);
      const first = performance.now() - started;
      expect(report.imported).to.equal(1000);
      started = performance.now();
      const again = await run(bib, dir);
      const second = performance.now() - started;
      expect(again.unchanged).to.equal(1000);
      console.log(`      (imported 1,000 entries in ${Math.round(first)} ms, ${report.added.people ?? 0} new people; re-imported unchanged in ${Math.round(second)} ms)`);
    });
  });
});
