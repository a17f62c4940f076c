import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { parse } from 'yaml';
import { importSummary } from '../../src/cli.js';
import { starterDir } from '../../src/config.js';
import { importBibtex } from '../../src/import/importer.js';
import { citationWriters } from '../../src/render/citations.js';
import { createServer, type LodfolioServer } from '../../src/server.js';
import { python, requireClients } from '../support/clients.js';
import { buildProfile, defaultBase, fixturesDir, sharedBuilder } from '../support/profile.js';

/**
 * A mathematician's bibliography (test/fixtures/bibtex/math.bib: entries of
 * a real one and MathSciNet's export form), imported as `lodfolio import
 * bibtex math.bib --into profile` imports it and says what it did (the
 * command's own function and summary, in this process; test/import/cli.test.ts
 * runs the command itself): its math kept as the TeX she wrote, and served
 * back so that LaTeX reads what she wrote.
 */

/** The title of each entry of a .bib as python3-bibtexparser reads it: the field's text, as LaTeX will see it. */
async function pythonTitles(bib: string): Promise<Record<string, string>> {
  const script = `import json, sys, bibtexparser
print(json.dumps({e['ID']: e.get('title') for e in bibtexparser.loads(sys.stdin.read()).entries}))`;
  const child = promisify(execFile)(python, ['-c', script]);
  child.child.stdin!.end(bib);
  return JSON.parse((await child).stdout) as Record<string, string>;
}

type Entry = Record<string, unknown> & { id: string };

describe('A mathematician\'s .bib, imported', function () {
  this.timeout(120_000);
  let dir: string;
  let stdout: string;
  let works: Map<string, Entry>;
  let periodicals: Map<string, Entry>;
  let server: LodfolioServer | undefined;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-math-'));
    await cp(starterDir, path.join(dir, 'profile'), { recursive: true, filter: (src) => src === starterDir || /\.ya?ml$/.test(src) });
    await cp(path.join(fixturesDir, 'bibtex', 'math.bib'), path.join(dir, 'math.bib'));
    const report = await importBibtex({ bibFile: path.join(dir, 'math.bib'), dir: path.join(dir, 'profile'), builder: await sharedBuilder(), base: defaultBase });
    stdout = `${importSummary(report, { from: 'math.bib', lines: true, into: 'profile' }).join('\n')}\n`;
    const state = (JSON.parse(await readFile(path.join(dir, 'profile', 'bibtex-import.json'), 'utf8')) as { entries: Record<string, { id: string }> }).entries;
    const data = parse(await readFile(path.join(dir, 'profile', 'bibtex.yaml'), 'utf8')) as { publications: Entry[]; periodicals: Entry[] };
    periodicals = new Map(data.periodicals.map((p) => [p.id, p]));
    const byId = new Map(data.publications.map((p) => [p.id, p]));
    works = new Map(Object.entries(state).map(([key, { id }]) => [key, byId.get(id)!]));
  });
  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps each math segment of a title as its TeX, its delimiters included, and decodes the text around it as any other', () => {
    expect(works.get('MR1000001')!.name).to.equal('$L^p$ estimates for $\\bar\\partial$ on Dirac operators of Riemannian manifolds');
    expect(works.get('MR1000002')?.name).to.equal('On the equation $Ax^p+By^q=Cz^r$ and \\(\\mathbb{Z}_2\\)-covers');
    expect(works.get('ber.gel-fan.gel-fan:78')!.name).to.equal('Algebraic vector bundles on ${\\bf P}\\sp{n}$ and problems of linear algebra');
    expect(works.get('che.cos:14')!.name).to.equal('Extremal effective divisors on $\\overline{{M}}_{1,n}$');
  });

  it('keeps the math of an abstract as its TeX too, a % beside it read as a per cent', () => {
    expect(works.get('MR1000002')?.abstract).to.equal('We prove $\\|f(A)\\| \\le C \\sup_{z\\in\\Sigma_\\theta}|f(z)|$ for 50% of sectorial operators.');
  });

  it('takes the first year of MathSciNet\'s two (a volume\'s 1976/77, a printing\'s [2023] \\copyright 2023), saying what was written', () => {
    expect([works.get('kas:76')?.datePublished, works.get('abr.fru.tem.ea:23')?.datePublished]).to.deep.equal([1976, 2023]);
    expect(stdout).to.include('  note kas:76 (math.bib:66): took "1976", the first year of its year "1976/77": the profile keeps one date');
    expect(stdout).to.include('  note abr.fru.tem.ea:23 (math.bib:24): took "2023", the first year of its year "[2023] ©2023": the profile keeps one date');
  });

  it('imports MathSciNet\'s MR number (488287 as MathSciNet\'s BibTeX writes it: MR0488287) and zbMATH\'s Zbl number', () => {
    expect([works.get('mazur:eisenstein')?.mrnumber, works.get('MR1000001')?.mrnumber, works.get('MR1000001')?.zbl, works.get('abo.smi:12')?.zbl])
      .to.deep.equal(['MR0488287', 'MR1000001', '1000.32001', '1266.53073']);
    expect(stdout).to.not.match(/mrnumber|zbl|fjournal/);
  });

  it('names a journal by its fjournal, its full name, with its journal as its short name', () => {
    expect(periodicals.get(works.get('mazur:eisenstein')!.journal as string)).to.deep.include({
      name: 'Institut des Hautes Études Scientifiques. Publications Mathématiques', alternateName: 'Inst. Hautes Études Sci. Publ. Math.',
    });
  });

  it('reads MathSciNet\'s \\cprime in a transliteration as the prime its preamble defines (Funktsional′nyĭ), not as a Cyrillic letter', () => {
    expect(periodicals.get(works.get('ber.gel-fan.gel-fan:78')!.journal as string)?.name).to.equal('Akademiya Nauk SSSR. Funktsional′nyĭ Analiz i ego Prilozheniya');
  });

  describe('served', () => {
    const get = async (url: string) => {
      server ??= await createServer({ dataDir: path.join(dir, 'profile'), base: defaultBase, sparql: false, builder: await sharedBuilder() });
      return (await request(server.app).get(url)).text;
    };
    before(function () {
      requireClients(this, ['bibtexparser']);
    });

    it('writes a title\'s math back into BibTeX as it is, braced, and each word with a capital braced against a style\'s lower-casing, as python3-bibtexparser reads it', async () => {
      const [first, second] = ['MR1000001', 'MR1000002'].map((key) => works.get(key)!.id);
      const titles = await pythonTitles(`${await get(`/publications/${first}.bib`)}\n${await get(`/publications/${second}.bib`)}`);
      expect(titles[first]).to.equal('{$L^p$} estimates for {$\\bar\\partial$} on {Dirac} operators of {Riemannian} manifolds');
      expect(titles[second]).to.equal('{On} the equation {$Ax^p+By^q=Cz^r$} and {\\(\\mathbb{Z}_2\\)}-covers');
    });

    it('writes an abstract\'s math as it is, the text around it escaped', async () => {
      const bib = await get(`/publications/${works.get('MR1000002')!.id}.bib`);
      expect(bib).to.include('  abstract = {We prove $\\|f(A)\\| \\le C \\sup_{z\\in\\Sigma_\\theta}|f(z)|$ for 50\\% of sectorial operators.},\n');
    });

    it('links a paper\'s page to MathSciNet and zbMATH, and writes its mrnumber and zbl back into its BibTeX', async () => {
      const id = works.get('MR1000001')!.id;
      const page = await get(`/publications/${id}`);
      expect(page).to.include('href="https://mathscinet.ams.org/mathscinet-getitem?mr=MR1000001"').and.include('href="https://zbmath.org/?q=an:1000.32001"');
      const bib = await get(`/publications/${id}.bib`);
      expect(bib, 'as MathSciNet writes it, which the AMS styles print after their own "MR"').to.include('  mrnumber = {1000001},\n').and.include('  zbl = {1000.32001},\n').and.include('  journal = {Journal of Fictional Analysis},\n');
    });

    it('carries the TeX as written into CSL-JSON, RIS and the page\'s title, and typesets it on the page, its TeX kept in its MathML', async () => {
      const work = works.get('MR1000001')!;
      const [item] = JSON.parse(await get(`/publications/${work.id}.csl.json`)) as Array<{ title: string }>;
      expect(item.title).to.equal(work.name);
      expect(await get(`/publications/${work.id}.ris`)).to.include(`TI  - ${String(work.name)}\n`);
      const page = await get(`/publications/${work.id}`);
      expect(page).to.include(`<title>${String(work.name)}`).and.include('<annotation encoding="application/x-tex">\\bar\\partial</annotation>');
      // An abstract is Markdown, but its math is not: no `|` or `\\` taken as an escape, no `*` as emphasis.
      const other = works.get('MR1000002')!;
      expect(await get(`/publications/${other.id}`)).to.include('<annotation encoding="application/x-tex">\\|f(A)\\| \\le C \\sup_{z\\in\\Sigma_\\theta}|f(z)|</annotation>');
    });
  });

  it('takes two dollar signs of a price for no math, as Pandoc does: "from US$5 to US$10" keeps its dollars in BibTeX', () => {
    const bib = citationWriters.bibtex([{ id: 'carbon', type: 'article-journal', title: 'Pricing carbon: from US$5 to US$10 a tonne', issued: { 'date-parts': [[2020]] } }]);
    expect(bib).to.include('  title = {{Pricing} carbon: from {US}\\$5 to {US}\\$10 a tonne},\n');
  });

  it('says nothing of the math it kept: nothing was altered', async () => {
    expect(stdout).to.not.match(/cannot decode|\\bar|\\sup|\\mathbb/);
    // The profile it leaves is valid, as `lodfolio validate` checks it: it builds.
    await buildProfile(path.join(dir, 'profile'));
  });
});
