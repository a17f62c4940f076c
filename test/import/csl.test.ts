import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { cslFiles, importCslFile, type ImportReport } from '../../src/import/importer.js';
import { buildProfile, defaultBase, fixturesDir, sharedBuilder } from '../support/profile.js';

/**
 * `lodfolio import csl` of a historian's Better CSL JSON export
 * (test/fixtures/csl/better-bibtex-historian.json) into her profile
 * (test/fixtures/profiles/historian): name particles, one-field names in
 * Chinese characters, an encyclopedia entry, an edited volume with a chapter
 * in it, a talk, and a title with markup.
 */

type Entry = Record<string, unknown> & { id: string };

describe('lodfolio import csl of a reference manager\'s export', () => {
  let dir: string;
  let report: ImportReport;
  let data: Record<string, Entry[]>;
  /** The work (or talk) whose title starts so. */
  const work = (title: string) => {
    const found = [...data.publications, ...(data.talks ?? [])].find((p) => String(p.name).startsWith(title));
    if (!found) throw new Error(`no work "${title}…" in ${cslFiles.importFile}`);
    return found;
  };
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-import-csl-'));
    await cp(path.join(fixturesDir, 'profiles', 'historian'), dir, { recursive: true });
    report = await importCslFile({ file: path.join(fixturesDir, 'csl', 'better-bibtex-historian.json'), dir, builder: await sharedBuilder(), base: defaultBase });
    data = parse(await readFile(path.join(dir, cslFiles.importFile), 'utf8')) as Record<string, Entry[]>;
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives a profile that validates', async () => {
    await buildProfile(dir);
  });

  it('keeps a name\'s particles (dropping and non-dropping) in its family name, and finds the profile\'s person written with one', () => {
    expect(work('Die Briefe des Kanzlers').authors).to.deep.equal(['friederike-kuehn', 'leopold-von-ranke', 'maarten-van-der-linden']);
    expect(data.people.find((p) => p.id === 'maarten-van-der-linden')).to.deep.equal({
      id: 'maarten-van-der-linden', name: 'Maarten van der Linden', givenName: 'Maarten', familyName: 'van der Linden',
    });
  });

  it('takes a one-field name in Chinese characters for a person\'s, one that is a profile person\'s alternateName for that person, and keeps an organisation an organisation', () => {
    expect(work('Paper routes').authors).to.deep.equal(['friederike-kuehn', 'person-kuehnwangpaperroutes2020']);
    expect(data.people.find((p) => p.id === 'person-kuehnwangpaperroutes2020')).to.deep.equal({ id: 'person-kuehnwangpaperroutes2020', name: '王小明' });
    expect(work('Letters from Canton').authors).to.deep.equal(['friederike-kuehn', 'li-hua']);
    expect(report.skipped).to.deep.equal([{ key: 'zoteroTeamZotero2024', line: 52, reason: 'its author "Zotero Team" is an organisation, and the profile\'s authors are people' }]);
  });

  it('imports an encyclopedia entry as a chapter of its reference work, a book with its editors, not as an article of a journal', () => {
    const entry = work('Korrespondenz, gelehrte');
    expect(entry).to.deep.include({ type: 'Chapter', volume: 7, pages: '112-118' }).and.not.have.property('journal');
    expect(data.publications.find((p) => p.id === entry.partOf)).to.deep.include({
      type: 'Book', name: 'Enzyklopädie der Neuzeit', editors: ['friedrich-jaeger'], publicationPlace: 'Stuttgart', datePublished: 2008,
    });
    expect(data.periodicals.map((p) => p.name)).to.not.include('Enzyklopädie der Neuzeit');
  });

  it('makes an edited volume and the book a chapter of the same file is in one book, wherever the chapter comes in the file', () => {
    const books = data.publications.filter((p) => p.type === 'Book' && String(p.name).startsWith('Wissen in Bewegung'));
    expect(books).to.have.length(1);
    expect(books[0]).to.deep.include({ editors: ['friederike-kuehn', 'maarten-van-der-linden'], isbn: '978-3-447-10987-1', seriesNumber: 152 });
    expect(work('Der Brief als Archiv').partOf).to.equal(books[0].id);
  });

  it('imports a speech as the profile\'s talk, with its speakers, date, event and place, as the BibTeX import does', () => {
    expect(data.publications.map((p) => p.name)).to.not.include('Maß und Herrschaft: Straßenvermessung in Kursachsen');
    const talk = work('Maß und Herrschaft');
    expect(talk).to.deep.include({ speakers: ['friederike-kuehn'], startDate: '2019-09-26', inLanguage: 'de' });
    expect(data.events.find((e) => e.id === talk.event)).to.deep.include({ name: '52. Deutscher Historikertag', startDate: 2019 });
    expect(data.places.find((p) => p.id === talk.location)).to.deep.include({ name: 'Münster' });
  });

  it('gives each work the id of its citation-key, as the BibTeX import gives a work its key, and does not list citation-key as not imported', () => {
    expect(work('Die Briefe des Kanzlers').id).to.equal('kuehnvonrankebriefe2015');
    expect(work('Wissen in Bewegung').id).to.equal('kuehnvanderlindenwisseninbewegung2018');
    expect(report.unread).to.not.have.property('citation-key');
  });

  it('reads a thesis\'s degree from its genre and takes its university (CSL\'s publisher) for its institution, as the BibTeX import reads type and school', () => {
    const thesis = work('Gelehrtenrepublik und Hof');
    expect(thesis).to.deep.include({ type: 'Thesis', degree: 'PhD', publicationPlace: 'Leipzig' }).and.not.have.property('publisher');
    expect(data.organizations.find((o) => o.id === thesis.institution)).to.deep.include({ name: 'Universität Leipzig' });
    expect(report.unread).to.not.have.property('genre');
  });

  it('takes a title\'s markup out without adding a space where there was none, keeping every word', () => {
    expect(work('„Nulla').name).to.equal('„Nulla dies sine linea“: Schreibpraktiken eines sächsischen Beamten um 1750');
    expect(work('Paper routes').name).to.equal('Paper routes: Jesuit letters between Beijing and Leipzig, 1690–1720');
  });
});

describe('lodfolio import csl into a profile a .bib was imported into before it was hers', () => {
  let dir: string;
  let report: ImportReport;
  let data: Record<string, Entry[]>;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-import-csl-'));
    await cp(path.join(fixturesDir, 'profiles', 'historian'), dir, { recursive: true });
    // What \`import bibtex\` left of a first import into the starter profile: her own name as a co-author, and a talk.
    await writeFile(path.join(dir, 'bibtex.yaml'), `talks:
  - id: kuehnvortragmuenster2019
    name: "Maß und Herrschaft: Straßenvermessung in Kursachsen"
    speakers: [friederike-kuhn]
people:
  - id: friederike-kuhn
    name: Friederike Kühn
    givenName: Friederike
    familyName: Kühn
`);
    report = await importCslFile({ file: path.join(fixturesDir, 'csl', 'better-bibtex-historian.json'), dir, builder: await sharedBuilder(), base: defaultBase });
    data = parse(await readFile(path.join(dir, cslFiles.importFile), 'utf8')) as Record<string, Entry[]>;
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes a name that fits the profile\'s person and another person for the profile\'s person, saying so once', () => {
    expect(data.publications.find((p) => p.id === 'kuehnnulladiessinelinea2023')!.authors).to.deep.equal(['friederike-kuehn']);
    expect(data.people.map((p) => p.name)).to.not.include('Friederike Kühn');
    const said = report.notes.filter((n) => n.reason.startsWith('Friederike Kühn could be any of'));
    expect(said.map((n) => n.reason)).to.deep.equal(['Friederike Kühn could be any of friederike-kuehn, friederike-kuhn: taken for friederike-kuehn, the profile\'s own person; if friederike-kuhn is friederike-kuehn too, remove it (lodfolio validate names what still points at it)']);
  });

  it('does not import a second time a talk the profile has, found by its title', () => {
    expect(report.skipped).to.deep.include({ key: 'kuehnMassUndHerrschaft2019', line: 120, reason: 'already in the profile as kuehnvortragmuenster2019' });
    expect(data).to.not.have.property('talks');
  });
});
