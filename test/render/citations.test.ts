import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-ris';
import { Ajv } from 'ajv';
import { expect } from 'chai';
import request from 'supertest';
import { createServer, type LodfolioServer } from '../../src/server.js';
import { python, requireClients } from '../support/clients.js';
import { facts, secondDir } from '../support/fixtures.js';
import { fixturesDir, sharedBuilder } from '../support/profile.js';

/**
 * Citations out, by content negotiation as doi.org serves them: each work in
 * BibTeX, CSL-JSON, RIS and formatted references, read back with parsers
 * other than the ones that wrote them.
 */

const base = 'http://localhost:3000/';
const paper = '/publications/uralic-segmentation-como-2019';

describe('Citations of works, by content negotiation', () => {
  let server: LodfolioServer;
  const second = facts(secondDir);
  const names = new Map<string, string>([[second.person.id, second.person.name], ...second.list('people').map((p) => [p.id, p.name] as [string, string])]);
  const works = second.list('publications');
  const cited = works.filter((w) => w.authors || w.editors);
  const get = (url: string, accept: string) => request(server.app).get(url).set('Accept', accept);

  before(async () => {
    server = await createServer({ dataDir: secondDir, base, lastModified: new Date('2024-05-06T07:08:09Z'), sparql: false, builder: await sharedBuilder() });
  });

  it('answers each citation media type at a work\'s URL, names its suffix URL, and lists them in Link', async () => {
    const types: Array<[string, string]> = [
      ['application/x-bibtex', '.bib'], ['application/vnd.citationstyles.csl+json', '.csl.json'],
      ['application/x-research-info-systems', '.ris'], ['text/x-bibliography', '.apa.txt'],
    ];
    for (const [type, suffix] of types) {
      const r = await get(paper, type);
      expect(r.status, type).to.equal(200);
      expect(r.headers['content-type'], type).to.match(new RegExp(`^${type.replace(/[+.]/g, '\\$&')}`));
      expect(r.headers['content-location']).to.equal(`${paper}${suffix}`);
      expect((await get(`${paper}${suffix}`, '*/*')).text).to.equal(r.text);
    }
    const html = await get(paper, 'text/html');
    expect(html.headers.link).to.include(`<${paper}.bib>; rel=alternate; type="application/x-bibtex"`).and.include(`<${paper}.ieee.txt>`);
    // A person is not a work: no citation.
    expect((await get('/people/jose-nunez', 'application/x-bibtex')).status).to.equal(406);
  });

  it('writes BibTeX that another BibTeX parser reads back: titles, authors in order, DOIs, years, venues', async function () {
    requireClients(this, ['bibtexparser']);
    const bib = (await get('/publications.bib', 'application/x-bibtex')).text;
    const script = `import json, sys, bibtexparser
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode
p = BibTexParser(common_strings=True); p.customization = convert_to_unicode
db = bibtexparser.loads(sys.stdin.read(), parser=p)
print(json.dumps(db.entries))`;
    const child = promisify(execFile)(python, ['-c', script]);
    child.child.stdin!.end(bib);
    const entries = JSON.parse((await child).stdout) as Array<Record<string, string>>;
    expect(entries.map((e) => e.ID)).to.have.members(cited.map((w) => w.id));
    for (const work of cited) {
      const entry = entries.find((e) => e.ID === work.id)!;
      expect(entry.title.replace(/[{}]/g, ''), work.id).to.equal(work.name);
      if (work.authors) {
        const authors = entry.author.split(' and ').map((a) => a.split(', ').reverse().join(' '));
        expect(authors, work.id).to.deep.equal((work.authors as string[]).map((id) => names.get(id)));
      }
      expect(entry.year, work.id).to.equal(String(work.datePublished).slice(0, 4));
      if (work.doi) expect(entry.doi, work.id).to.equal(work.doi);
    }
    expect(entries.find((e) => e.ID === 'uralic-segmentation-como-2019')!.booktitle).to.equal('CoMo 2019');
  });

  it('writes CSL-JSON valid against the CSL schema, for each work and for all of them', async () => {
    const schema = JSON.parse(await readFile(path.join(fixturesDir, 'csl', 'csl-data.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const all = JSON.parse((await get('/publications.csl.json', 'application/vnd.citationstyles.csl+json')).text) as unknown[];
    expect(validate(all), JSON.stringify(validate.errors)).to.equal(true);
    expect(all).to.have.length(cited.length);
    const one = JSON.parse((await get(paper, 'application/vnd.citationstyles.csl+json')).text) as Array<{ author: Array<{ family: string }> }>;
    expect(validate(one), JSON.stringify(validate.errors)).to.equal(true);
    expect(one[0].author.map((a) => a.family)).to.have.length(8);
  });

  it('writes RIS that a RIS reader reads back, authors in order, each record ended by a line end', async () => {
    const ris = (await get(paper, 'application/x-research-info-systems')).text;
    expect(ris).to.match(/^TY {2}- CONF/m).and.match(/^ER {2}- ?$/m);
    expect(ris, 'two files put together are two records').to.match(/\nER {2}- ?\n$/);
    const [item] = new Cite(ris).format('data', { format: 'object' }) as unknown as Array<{ title: string; author: Array<{ family: string }> }>;
    expect(item.title).to.equal(works.find((w) => w.id === 'uralic-segmentation-como-2019')!.name);
    expect(item.author.map((a) => a.family)).to.deep.equal(['Núñez', 'Ødegård', 'Dubois', 'Ångström-Łukasiewicz', 'Xiǎoyàn', 'Guðmundsdóttir', 'Çağlar', 'Adébáyọ̀']);
  });

  it('gives a work\'s whole id in RIS as its ID, which JabRef reads as the citation key, not its first 20 characters', async () => {
    const ris = (await get(paper, 'application/x-research-info-systems')).text;
    expect('uralic-segmentation-como-2019').to.have.length.above(20);
    expect(ris).to.match(/^ID {2}- uralic-segmentation-como-2019$/m);
  });

  it('gives each keyword of a work its own KW line in RIS, with no space before it', async () => {
    const ris = (await get(paper, 'application/x-research-info-systems')).text;
    expect([...ris.matchAll(/^KW {2}- (.*)$/gm)].map((m) => m[1])).to.have.members(['morphological segmentation', 'transfer learning', 'Uralic languages']);
  });

  it('gives a work\'s PDF in RIS as L1, the file\'s link reference managers attach, and none to a work without one', async () => {
    const ris = (await get(paper, 'application/x-research-info-systems')).text;
    expect(ris).to.match(/\nL1 {2}- https:\/\/bergvik\.example\/papers\/uralic-segmentation\.pdf\nER {2}- ?\n$/);
    const other = cited.find((w) => !w.pdf)!;
    expect((await get(`/publications/${other.id}`, 'application/x-research-info-systems')).text).to.match(/^TY {2}-/).and.not.match(/^L1/m);
  });

  it('names a work\'s language in BibTeX as biblatex\'s langid does (french, not the tag fr), as Better BibTeX writes it', async () => {
    const bib = (await get('/publications/ca-marche-lorelap-2020', 'application/x-bibtex')).text;
    expect(bib).to.match(/^ {2}langid = \{french\},$/m);
  });

  it('gives RIS readers a conference paper\'s year as PY (not as C2, which Zotero keeps as a note) and its pages as SP and EP', async () => {
    const ris = (await get(paper, 'application/x-research-info-systems')).text;
    expect(ris).to.match(/^PY {2}- 2019$/m).and.match(/^SP {2}- 112\nEP {2}- 124$/m).and.not.match(/^C2 /m);
  });

  it('gives RIS readers a poster as a presentation (SLIDE) at its event, not as a sound recording', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-poster-'));
    try {
      await cp(secondDir, dir, { recursive: true });
      await writeFile(path.join(dir, 'posters.yaml'), `publications:
  - id: uralic-poster
    type: Poster
    name: Segmenting Uralic Words, the Poster
    authors: [zoe-angstrom-lukasiewicz]
    venue: como-2019
    datePublished: 2019-08-27
    abstract: |-
      What the poster shows.

      Second paragraph: results on Sámi.
`);
      const poster = await createServer({ dataDir: dir, base, sparql: false, builder: await sharedBuilder() });
      const ris = (await request(poster.app).get('/publications/uralic-poster').set('Accept', 'application/x-research-info-systems')).text;
      expect(ris).to.match(/^TY {2}- SLIDE$/m).and.match(/^T2 {2}- CoMo 2019$/m).and.match(/^PY {2}- 2019$/m).and.not.match(/SOUND/);
      // An abstract's paragraphs on its one line: a next line starting "Se" would be read as a tag.
      expect(ris).to.match(/^AB {2}- What the poster shows\. Second paragraph: results on Sámi\.$/m);
      expect(ris.replace(/\n$/, '').split('\n').every((line) => /^[A-Z][A-Z0-9] {2}- ?/.test(line)), ris).to.equal(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('formats references in the site\'s language: a French site\'s chapter by its editors ("Éds.", "édité par"), in guillemets, on its page and at its URL', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-french-'));
    try {
      await cp(secondDir, dir, { recursive: true });
      await writeFile(path.join(dir, 'site.yaml'), 'language: fr\n');
      const french = await createServer({ dataDir: dir, base, sparql: false, builder: await sharedBuilder() });
      const reference = async (style: string) => (await request(french.app).get(`/publications/tone-chapter.${style}.txt`)).text;
      expect(await reference('apa')).to.include('Núñez (Éds.), The Handbook of Computational Morphology (p. ');
      // French quotation marks, with the no-break spaces inside them French typography wants.
      expect(await reference('chicago-author-date')).to.include('«\u00a0Tone in Byte-Level Models\u00a0». In The Handbook of Computational Morphology, édité par Σοφία Καραγιάννη et José Núñez.');
      const page = (await request(french.app).get('/publications/tone-chapter').set('Accept', 'text/html')).text;
      expect(page).to.include('Núñez (Éds.)');
      // The English site's, in the same process: each language its own engine.
      expect((await get('/publications/tone-chapter.apa.txt', '*/*')).text).to.include('Núñez (Eds.)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('formats references in the style asked for, by a CSL engine, APA when none is named', async () => {
    const apa = (await get(paper, 'text/x-bibliography')).text;
    const ieee = (await get(paper, 'text/x-bibliography; style=ieee')).text;
    const chicago = (await get(paper, 'text/x-bibliography; style=chicago-author-date')).text;
    expect(apa).to.match(/^Núñez, J\., Ødegård, Ø\., .*\(2019\)\. Cross-Lingual Transfer/);
    expect(ieee).to.match(/^\[1\] J\. Núñez et al\., “Cross-Lingual Transfer/);
    expect(chicago).to.match(/^Núñez, José, Øyvind Ødegård, .* 2019\. “Cross-Lingual Transfer/);
    expect((await get(paper, 'text/x-bibliography; style=mla')).status, 'a style there is no file for').to.equal(406);
  });

  it('shows a Cite block on each work\'s page, with no script, and links every format from the homepage', async () => {
    const page = (await get(paper, 'text/html')).text;
    const block = page.slice(page.indexOf('<section class="cite"'), page.indexOf('</section>', page.indexOf('<section class="cite"')));
    expect(block).to.include('<h2 id="cite-title">Cite</h2>').and.include('(2019). Cross-Lingual Transfer').and.include('@inproceedings{uralic-segmentation-como-2019,');
    expect(block).to.include(`href="${paper}.ris"`).and.not.include('<script');
    const home = (await get('/', 'text/html')).text;
    expect(home).to.include('href="/publications.bib"').and.include('href="/publications.csl.json"');
  });
});
