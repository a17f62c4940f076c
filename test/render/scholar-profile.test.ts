import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { projectRoot } from '../../src/config.js';
import { createServer, type LodfolioServer } from '../../src/server.js';
import { listening, parseRdf } from '../http/support.js';
import { parseJsonResults } from '../sparql/support.js';
import { python, requireClients } from '../support/clients.js';
import { sharedBuilder } from '../support/profile.js';
import { markdownBlock } from '../../src/render/markdown.js';

/**
 * A real scholar's profile, end to end: the second fixture profile (a
 * fictional scholar with DOIs, an ORCID, an 8-author paper with her 4th,
 * a chapter in an edited book, Markdown) read as its readers read it.
 */

const profileDir = path.join(projectRoot, 'test', 'fixtures', 'profiles', 'second');
const base = 'http://localhost:3000/';
const BIBO = 'http://purl.org/ontology/bibo/';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const SCHEMA = 'http://schema.org/';
const paperPath = '/publications/uralic-segmentation-como-2019';
const paper = `${base}publications/uralic-segmentation-como-2019#id`;

interface Works { publications: Array<{ id: string; authors?: string[]; doi?: string; arxiv?: string }> }
interface People { person: { id: string; name: string; orcid: string }; people: Array<{ id: string; name: string }> }

describe('A scholar\'s profile with ordered authors, identifiers and links out', () => {
  let server: LodfolioServer;
  let names: Map<string, string>;
  let works: Works;
  let scholar: People['person'];
  /** The paper's authors as the YAML lists them. */
  let authorsInYaml: string[];

  before(async () => {
    server = await createServer({ dataDir: profileDir, base, lastModified: new Date('2024-05-06T07:08:09Z'), builder: await sharedBuilder(), sparql: { workers: 1 } });
    works = parseYaml(await readFile(path.join(profileDir, 'works.yaml'), 'utf8')) as Works;
    const people = parseYaml(await readFile(path.join(profileDir, 'profile.yaml'), 'utf8')) as People;
    scholar = people.person;
    names = new Map([[people.person.id, people.person.name], ...people.people.map((p) => [p.id, p.name] as [string, string])]);
    authorsInYaml = works.publications.find((w) => w.id === 'uralic-segmentation-como-2019')!.authors!.map((id) => names.get(id)!);
  });
  after(async () => { await server.close(); });

  const get = (url: string, accept = 'text/html') => request(server.app).get(url).set('Accept', accept);
  const nameOf = (quads: Quad[], iri: string) => quads.find((q) => q.subject.value === iri && q.predicate.value === `${SCHEMA}name`)?.object.value;
  /** The members of the work's bibo:authorList, walked through rdf:first/rdf:rest as any RDF client would. */
  const authorList = (quads: Quad[], work: string): string[] => {
    const value = (s: string, p: string) => quads.find((q) => (q.subject.termType === 'BlankNode' ? `_:${q.subject.value}` : q.subject.value) === s && q.predicate.value === p)?.object;
    const key = (t: Quad['object']) => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);
    const out: string[] = [];
    for (let cell = value(work, `${BIBO}authorList`); cell && cell.value !== `${RDF}nil` && out.length < 100; cell = value(key(cell), `${RDF}rest`)) {
      out.push(nameOf(quads, value(key(cell), `${RDF}first`)!.value)!);
    }
    return out;
  };

  it('keeps the YAML\'s author order in the byline and in Google Scholar\'s citation_author tags', async () => {
    expect(authorsInYaml.indexOf(scholar.name), 'the fixture puts the scholar in the middle').to.equal(3);
    const page = (await get(paperPath)).text;
    const byline = /<p class="byline">([\s\S]*?)<\/p>/.exec(page)![1].replace(/<[^>]*>/g, '').split(', ');
    expect(byline).to.deep.equal(authorsInYaml);
    const tags = [...page.matchAll(/<meta name="citation_author" content="([^"]*)"\/>/g)].map((m) => m[1]);
    expect(tags).to.deep.equal(authorsInYaml);
    const home = (await get('/')).text;
    const entry = home.slice(entryStart(home, paperPath));
    expect(/<div class="byline[^"]*">([\s\S]*?)<\/div>\n/.exec(entry)![1].replace(/<[^>]*>/g, '').split(', ')).to.deep.equal(authorsInYaml);
  });

  for (const [format, mediaType] of [['Turtle', 'text/turtle'], ['JSON-LD', 'application/ld+json'], ['N-Triples', 'application/n-triples'], ['RDF/XML', 'application/rdf+xml']]) {
    it(`publishes the author order as a bibo:authorList that reads back from ${format}`, async () => {
      const quads = await parseRdf((await get(paperPath, mediaType)).text, mediaType, `${base}${paperPath.slice(1)}`);
      expect(authorList(quads, paper)).to.deep.equal(authorsInYaml);
      // schema:author stays a plain set of the same people, within its range.
      const authors = quads.filter((q) => q.subject.value === paper && q.predicate.value === `${SCHEMA}author`).map((q) => nameOf(quads, q.object.value));
      expect(authors).to.have.members(authorsInYaml);
    });
  }

  it('answers the author order to a SPARQL query that counts list positions', async () => {
    await server.startSparql();
    const query = `PREFIX bibo: <${BIBO}> PREFIX rdf: <${RDF}> PREFIX schema: <${SCHEMA}>
      SELECT ?name (COUNT(?before) AS ?position) WHERE {
        <${paper}> bibo:authorList ?list . ?list rdf:rest* ?before . ?before rdf:rest* ?cell .
        ?cell rdf:first ?author . ?author schema:name ?name
      } GROUP BY ?cell ?name ORDER BY ?position`;
    const rows = parseJsonResults((await request(server.app).get('/sparql').query({ query }).set('Accept', 'application/sparql-results+json')).text);
    expect(rows.map((r) => r.name.value)).to.deep.equal(authorsInYaml);
  });

  it('reads the same order in rdflib, a real RDF client, from the served Turtle and RDF/XML', async function () {
    requireClients(this, ['rdflib']);
    const served = await listening(server.app);
    try {
      const script = `import json, sys, rdflib
from rdflib.collection import Collection
B = rdflib.Namespace("${BIBO}"); S = rdflib.Namespace("${SCHEMA}")
out = {}
for fmt in ["turtle", "xml"]:
    g = rdflib.Graph(); g.parse(sys.argv[1], format=fmt)
    head = g.value(rdflib.URIRef("${paper}"), B.authorList)
    out[fmt] = [str(g.value(a, S.name)) for a in Collection(g, head)]
print(json.dumps(out))`;
      // Asynchronously: the server answering rdflib runs in this very process.
      const { stdout } = await promisify(execFile)(python, ['-c', script, `${served.url}${paperPath}`]);
      const read = JSON.parse(stdout) as Record<string, string[]>;
      expect(read.turtle).to.deep.equal(authorsInYaml);
      expect(read.xml).to.deep.equal(authorsInYaml);
    } finally {
      await served.close();
    }
  });

  it('publishes each identifier as a PropertyValue, as its resolvable URL, and in the page', async () => {
    const work = works.publications.find((w) => w.id === 'uralic-segmentation-como-2019')!;
    const quads = await parseRdf((await get(paperPath, 'text/turtle')).text, 'text/turtle', base);
    const ids = quads.filter((q) => q.subject.value === paper && q.predicate.value === `${SCHEMA}identifier`).map((q) => q.object);
    const kinds = ids.map((id) => [
      quads.find((q) => q.subject.equals(id) && q.predicate.value === `${SCHEMA}propertyID`)?.object.value,
      quads.find((q) => q.subject.equals(id) && q.predicate.value === `${SCHEMA}value`)?.object.value]);
    expect(kinds).to.deep.include(['DOI', work.doi]);
    const sameAs = quads.filter((q) => q.subject.value === paper && q.predicate.value === `${SCHEMA}sameAs`).map((q) => q.object.value);
    expect(sameAs).to.include(`https://doi.org/${work.doi}`);
    const jsonld = JSON.stringify(JSON.parse((await get(paperPath, 'application/ld+json')).text));
    expect(jsonld).to.include(`"https://doi.org/${work.doi}"`).and.include(`"${work.doi}"`);
    const page = (await get(paperPath)).text;
    expect(page).to.include(`<meta name="citation_doi" content="${work.doi}"/>`);
    expect(page).to.include(`<a href="https://doi.org/${work.doi}"`);
    const preprint = works.publications.find((w) => w.id === 'subword-preprint')!;
    expect((await get('/publications/subword-preprint')).text).to.include(`<meta name="citation_arxiv_id" content="${preprint.arxiv}"/>`);
    const home = await parseRdf((await get('/', 'text/turtle')).text, 'text/turtle', base);
    expect(home.filter((q) => q.subject.value === `${base}#me` && q.predicate.value === `${SCHEMA}sameAs`).map((q) => q.object.value))
      .to.include(`https://orcid.org/${scholar.orcid}`);
  });

  it('shows the classic link row next to each publication, and the scholar\'s profiles elsewhere, as external links', async () => {
    const home = (await get('/')).text;
    const start = entryStart(home, paperPath);
    const entry = home.slice(start, home.indexOf('</li>', start));
    const row = [...entry.matchAll(/<span class="links">([\s\S]*?)<\/span>/g)].flatMap((m) => [...m[1].matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((a) => a[2]));
    expect(row).to.deep.equal(['DOI', 'PDF', 'Code', 'Slides', 'Video']);
    const elsewhere = /<p class="elsewhere">([\s\S]*?)<\/p>/.exec(home)![1];
    const labels = [...elsewhere.matchAll(/<a class="u-url[^"]*" href="(https:[^"]*)" rel="me noopener"[^>]*>(?:<span class="label">)?([^<]*)</g)].map((m) => m[2]);
    expect(labels.slice(0, 3)).to.deep.equal(['ORCID', 'Google Scholar', 'dblp']);
    expect(labels).to.include('GitHub');
    expect(home).to.include('<a class="u-email" href="mailto:zoe.angstrom@bergvik.example">');
    expect(home).to.match(/<img class="photo u-photo" src="https:\/\/bergvik\.example\/[^"]*" alt="Zoë Ångström-Łukasiewicz in front of/);
  });

  it('renders Markdown in descriptions as safe markup, and keeps the RDF\'s text as written', async () => {
    const home = (await get('/')).text;
    expect(home).to.include('I am an <strong>associate professor</strong> of computational linguistics');
    expect(home).to.include('<a href="https://bergvik.example/join" rel="nofollow noopener">how to join the lab</a>');
    const quads = await parseRdf((await get('/', 'text/turtle')).text, 'text/turtle', base);
    const description = quads.find((q) => q.subject.value === `${base}#me` && q.predicate.value === `${SCHEMA}description`)!.object.value;
    expect(description).to.include('**associate professor**').and.include('[how to join the lab](https://bergvik.example/join)');
  });

  it('leads a relative link in a description where it leads from the homepage, and describes the page with the words, not the markup', async () => {
    const project = (await get('/projects/tokenfree')).text;
    expect(project).to.include('models (<a href="/publications/">its papers</a>) for');
    // A fragment or a query too is the homepage's, on a site under a path; a link with a scheme or from the root stays as written.
    expect(markdownBlock('[news](#news), [search](?q=tone), [cv](/cv.html), [mail](mailto:z@bergvik.example)', '/~zoe/').value)
      .to.equal('<p><a href="/~zoe/#news">news</a>, <a href="/~zoe/?q=tone">search</a>, <a href="/cv.html">cv</a>, <a href="mailto:z@bergvik.example">mail</a></p>');
    expect(/<meta name="description" content="([^"]*)"/.exec(project)![1]).to.include('language models (its papers) for tonal');
    expect((await get('/projects/tokenfree', 'text/turtle')).text, 'the RDF keeps the text as written').to.include('models ([its papers](publications/)) for');
  });

  it('gives a preprint with no URL of its own its arXiv page in its references and its RIS, where a reader and a reference manager find it', async () => {
    const preprint = works.publications.find((w) => w.id === 'subword-preprint')!;
    expect((preprint as Record<string, unknown>).url, 'the fixture gives it none').to.equal(undefined);
    const abs = `https://arxiv.org/abs/${preprint.arxiv}`;
    expect((await get('/publications/subword-preprint', 'text/x-bibliography; style=apa')).text.trim()).to.match(new RegExp(`\\(arXiv:${preprint.arxiv}\\)\\. ${abs.replace(/[.]/g, '\\.')}$`));
    expect((await get('/publications/subword-preprint', 'application/x-research-info-systems')).text).to.include(`UR  - ${abs}\n`);
  });

  it('shows a range of pages with an en dash on the work\'s page and in lists, as written in its data and tags (112-124)', async () => {
    const page = (await get(paperPath)).text;
    expect(page).to.match(/>112–124</).and.include('<meta name="citation_firstpage" content="112"/>').and.include('<meta name="citation_lastpage" content="124"/>');
    const home = (await get('/')).text;
    expect(home.slice(entryStart(home, paperPath))).to.match(/pp\. 112–124/);
    expect((await get(paperPath, 'text/turtle')).text).to.include('"112-124"');
  });

  it('publishes a chapter as part of its edited book, with the editors in order', async () => {
    const quads = await parseRdf((await get('/publications/morphology-handbook', 'text/turtle')).text, 'text/turtle', base);
    const book = `${base}publications/morphology-handbook#id`;
    const editors = quads.filter((q) => q.subject.value === book && q.predicate.value === `${SCHEMA}editor`);
    expect(editors).to.have.length(2);
    const chapter = await parseRdf((await get('/publications/tone-chapter', 'text/turtle')).text, 'text/turtle', base);
    expect(chapter.some((q) => q.predicate.value === `${SCHEMA}isPartOf` && q.object.value === book)).to.equal(true);
    expect((await get('/publications/tone-chapter')).text).to.include('<meta name="citation_inbook_title" content="The Handbook of Computational Morphology"/>');
  });
});

/** Where a work's entry starts in a list of works: its title's link (the title's classes are the microformats'). */
function entryStart(page: string, workPath: string): number {
  const m = new RegExp(`<span class="title[^"]*"><a href="${workPath}#id"`).exec(page);
  if (!m) throw new Error(`no entry for ${workPath} in the page`);
  return m.index;
}
