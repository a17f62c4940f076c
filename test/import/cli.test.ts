import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { parse } from 'yaml';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { starterDir } from '../../src/config.js';
import { runLodfolio, type CommandResult } from '../support/command.js';
import { fixturesDir } from '../support/profile.js';

/** Runs the real `lodfolio` command in `cwd`, as a user would, and collects what it prints. */
function lodfolioIn(cwd: string, ...args: string[]): Promise<CommandResult> {
  return lodfolioWith({}, cwd, ...args);
}

function lodfolioWith(env: Record<string, string>, cwd: string, ...args: string[]): Promise<CommandResult> {
  return runLodfolio({ cwd, env }, ...args);
}

describe('the lodfolio import command', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-import-cli-'));
    await cp(starterDir, path.join(dir, 'profile'), { recursive: true, filter: (src) => src === starterDir || /\.ya?ml$/.test(src) });
    await cp(path.join(fixturesDir, 'bibtex', 'messy.bib'), path.join(dir, 'papers.bib'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a summary, each skip with its key, line and reason, and what it wrote', async () => {
    const { code, stdout, stderr } = await lodfolioIn(dir, 'import', 'bibtex', 'papers.bib', '--into', 'profile');
    expect(code, stderr).to.equal(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).to.equal('lodfolio: imported 8, updated 0, unchanged 0, skipped 3 (from papers.bib into profile)');
    expect(lines).to.include('  new entries they need: people 5, periodicals 1, events 1, organizations 1');
    expect(lines).to.include('  skipped osdi2023 (papers.bib:81): a proceedings volume: its papers name it as their venue; it is not imported as a work');
    expect(lines).to.include('  note example2018report (papers.bib:56): left out isbn "978-0-306-40615-8": its check digit is wrong or it is no ISBN');
    // Ada Example, the starter's person, neither wrote the chapter nor edited the handbook: they are not listed as hers.
    expect(lines).to.include('  2 works name you (ada-example) as none of their authors or editors, so they are published but not listed as yours (is your name spelled there as person.yaml spells it, or as one of its alternateName?): handbook2019, dupont2019chapter');
    expect(lines[lines.length - 1]).to.equal('  wrote profile/bibtex.yaml, profile/bibtex-import.json');
    const validated = await lodfolioIn(dir, 'validate', 'profile');
    expect(validated.code, validated.stderr).to.equal(0);
  });

  it('imports a reference manager\'s CSL-JSON export: series, edition, place and translators kept, one-field names read as people, a speech as a talk, an institution and an item with no type skipped with their lines', async () => {
    await cp(path.join(fixturesDir, 'csl', 'zotero-export.json'), path.join(dir, 'library.json'));
    const { code, stdout, stderr } = await lodfolioIn(dir, 'import', 'csl', 'library.json', '--into', 'profile');
    expect(code, stderr).to.equal(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).to.equal('lodfolio: imported 3, updated 0, unchanged 0, skipped 2 (from library.json into profile)');
    expect(lines).to.include('  skipped http://zotero.org/users/1234567/items/AB12CD34 (library.json:52): its author "World Health Organization" is an organisation, and the profile\'s authors are people');
    expect(lines).to.include('  skipped http://zotero.org/users/1234567/items/EF56GH78 (library.json:62): is no CSL item (an object with a type)');
    expect(lines.at(-1)).to.equal('  wrote profile/csl.yaml, profile/csl-import.json');
    const imported = parse(await readFile(path.join(dir, 'profile', 'csl.yaml'), 'utf8')) as Record<string, Array<Record<string, unknown>>>;
    const book = imported.publications.find((p) => p.name === 'Les langues du Nord');
    expect(book).to.deep.include({ type: 'Book', seriesTitle: 'Quadrige', seriesNumber: 12, edition: 2, publicationPlace: 'Rennes' });
    const chapter = imported.publications.find((p) => p.name === 'Le ton dans les modèles à octets')!;
    expect(chapter).to.deep.include({ type: 'Chapter', pages: '33-58', partOf: book!.id }).and.not.have.property('volume');
    expect(chapter.translators).to.have.length(1);
    expect(imported.people.map((p) => p.name)).to.include.members(['Scott F. Smith', 'José Núñez']);
    // The one-field "Zoë Ångström-Łukasiewicz" is the Zoë of the other items, and the talk is at its event.
    expect(imported.people.filter((p) => /Zoë/.test(String(p.name)))).to.have.length(1);
    const talk = imported.talks.find((p) => p.name === 'Segmenter sans dictionnaire')!;
    expect(imported.events.find((e) => e.id === talk.event)).to.deep.include({ name: 'Journée d\'étude du GRELIS', startDate: 2022 });
    expect(imported.publications.find((p) => p.name === 'La segmentation morphologique des langues ouraliennes')).to.deep.include({ pages: '112-139', issue: 2, volume: 7, inLanguage: 'fr', datePublished: '2024-03-01' });
    const validated = await lodfolioIn(dir, 'validate', 'profile');
    expect(validated.code, validated.stderr).to.equal(0);
    // Again: nothing changes.
    const again = await lodfolioIn(dir, 'import', 'csl', 'library.json', '--into', 'profile');
    expect(again.stdout).to.match(/^lodfolio: imported 0, updated 0, unchanged 3, skipped 2 /);
  });

  it('imports into the current folder when it is a profile, and says when there is nothing to write', async () => {
    const profile = path.join(dir, 'profile');
    expect((await lodfolioIn(profile, 'import', 'bibtex', '../papers.bib')).code).to.equal(0);
    const { code, stdout } = await lodfolioIn(profile, 'import', 'bibtex', '../papers.bib');
    expect(code).to.equal(0);
    expect(stdout).to.match(/^lodfolio: imported 0, updated 0, unchanged 8, skipped 3 \(from \.\.\/papers\.bib into \.\)\n/)
      .and.match(/nothing to write: the profile already has it all\n$/);
  });

  it('exits 1 and writes nothing when the result would not validate, naming each problem', async () => {
    await writeFile(path.join(dir, 'papers.bib'), '@article{p1, author = {Example, Ada}, title = {A bell \u0007 here}, journal = {J}, year = 2020}');
    const before = await readdir(path.join(dir, 'profile'));
    const { code, stdout, stderr } = await lodfolioIn(dir, 'import', 'bibtex', 'papers.bib', '--into', 'profile');
    expect(code).to.equal(1);
    expect(stdout).to.equal('');
    expect(stderr).to.match(/^profile\/bibtex\.yaml:\d+:\d+ publications\[0\]\.name: must be a non-empty text without control characters/)
      .and.include('lodfolio: 1 problem in the profile as the import would leave it; nothing was written');
    expect(await readdir(path.join(dir, 'profile'))).to.deep.equal(before);
  });

  it('exits 2 on an unknown format or a missing file argument', async () => {
    const unknown = await lodfolioIn(dir, 'import', 'ris', 'papers.ris');
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.include('cannot import "ris"');
    const missing = await lodfolioIn(dir, 'import', 'bibtex', '--into', 'profile');
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include('import bibtex needs a .bib file');
  });

  it('is in the usage', async () => {
    const { stdout } = await lodfolioIn(dir, '--help');
    expect(stdout).to.include('lodfolio import bibtex FILE.bib [--into DIR] [--force] [--prune]').and.include('--force')
      .and.include('lodfolio import al-folio SITE [--into DIR] [--force] [--prune]').and.include('lodfolio import doi DOI... [--into DIR] [--force]').and.include('lodfolio import orcid ORCID-ID [--into DIR] [--force] [--prune]');
  });

  it('asks the DOI resolver LODFOLIO_DOI_RESOLVER names, and exits 1 writing nothing when it cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const before = await readdir(path.join(dir, 'profile'));
    const { code, stdout, stderr } = await lodfolioWith({ LODFOLIO_DOI_RESOLVER: `http://127.0.0.1:${port}/` }, dir,
      'import', 'doi', '10.1016/j.jlumin.2015.09.036', 'doi:10.1146/annurev-statistics-031017-100045', '--into', 'profile');
    expect([code, stdout]).to.deep.equal([1, '']);
    expect(stderr).to.equal(`lodfolio: http://127.0.0.1:${port}/10.1016/j.jlumin.2015.09.036 could not be reached (ECONNREFUSED); nothing was written\n`);
    expect(await readdir(path.join(dir, 'profile'))).to.deep.equal(before);
  });

  it('exits 2 on import doi without a DOI, import orcid with two iDs, and --prune with import doi', async () => {
    expect((await lodfolioIn(dir, 'import', 'doi', '--into', 'profile')).stderr).to.include('import doi needs one or more DOIs');
    const two = await lodfolioIn(dir, 'import', 'orcid', '0000-0002-1825-0097', '0000-0001-9045-0723');
    expect([two.code, two.stderr.split('\n')[0]]).to.deep.equal([2, 'lodfolio: unexpected argument "0000-0001-9045-0723" (import orcid takes an ORCID iD)']);
    expect((await lodfolioIn(dir, 'import', 'doi', '10.1016/x', '--prune')).code).to.equal(2);
  });
});
