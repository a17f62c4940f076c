import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { documentErrorFormats, ErrorAnswers, HttpError } from '../../src/http/answer.js';
import type { Words } from '../../src/labels.js';
import type { Profile } from '../../src/pipeline.js';
import { publishProfile } from '../../src/publish/profile-site.js';
import { defaultSettings, settingsOf, type SiteSettings } from '../../src/site/settings.js';
import { listening, servedText, testLastModified } from '../http/support.js';
import { createApp } from '../../src/http/app.js';
import type { Representations } from '../../src/publish/representations.js';
import { projectRoot, publicDir } from '../../src/config.js';
import { customDir, demoDir, secondDir } from '../support/fixtures.js';
import { buildProfile, parseTurtle } from '../support/profile.js';

/** The second profile, built once for the file: publishing a profile with other settings leaves it as it was. */
let second: Promise<Profile> | undefined;
const secondProfile = () => (second ??= buildProfile(secondDir));

/**
 * A site's settings (site/settings.ts), passed where the site is built: the
 * pages show the homepage's sections, the listings and the references as
 * they say, not as code fixes them.
 */
describe('A site\'s settings', function () {
  this.timeout(120_000);
  let profile: Profile;
  before(async () => { profile = await buildProfile(demoDir); });

  const publish = async (settings: Partial<SiteSettings>) => {
    const { site, representations } = await publishProfile(profile, {
      lastModified: testLastModified, publicDir: demoDir, settings: { ...defaultSettings, ...settings },
    });
    const page = (path: string, type = 'text/html') => servedText(representations, path, type);
    return { site, page };
  };
  const headings = (html: string) => [...html.matchAll(/<h2 id="[a-z]+-title">([^<]*)<\/h2>/g)].map((m) => m[1]);
  const nav = (html: string) => [...(/<nav aria-label="Sections">(.*?)<\/nav>/.exec(html)?.[1] ?? '').matchAll(/>([^<>]+)<\/a>/g)].map((m) => m[1]);

  it('head a book or a chapter apart from the papers on the homepage', async () => {
    const home = (await publish({})).page('/')!;
    const section = /<section id="publications"[^]*?<\/section>/.exec(home)![0];
    const kinds = [...section.matchAll(/<h3 class="kind">([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(kinds).to.include('Books and chapters');
    const books = section.slice(section.indexOf('>Books and chapters<'));
    expect(books.slice(0, books.indexOf('<h3', 1))).to.include('Distributed Tracing in Practice');
  });

  it('call a paper given at a conference a conference paper on its page, and one in a journal an article', async () => {
    const { page } = await publish({});
    const kindLine = (path: string) => /<p class="kind">([^<]*)/.exec(page(path)!)![1];
    expect(kindLine('/publications/pivot-tracing-sosp-2015')).to.equal('Conference paper · ');
    expect(kindLine('/publications/tracing-visualisation-interview-study')).to.equal('Article · ');
  });

  it('show the homepage\'s sections in the order they give, linked from the header where they say so', async () => {
    const standard = (await publish({})).page('/')!;
    expect(headings(standard)).to.deep.equal(['About', 'News', 'Research', 'Publications', 'Awards', 'Software', 'Group', 'Theses', 'Teaching', 'Service', 'Colleagues', 'Contact', 'Lists']);
    expect(nav(standard)).to.deep.equal(['News', 'Research', 'Publications', 'Awards', 'Group', 'Teaching', 'Contact', 'CV']);
    const home = (await publish({ home: [{ id: 'contact', nav: true }, { id: 'publications', nav: false }, { id: 'about', nav: true }] })).page('/')!;
    expect(headings(home)).to.deep.equal(['Contact', 'Publications', 'About']);
    expect(nav(home)).to.deep.equal(['Contact', 'About', 'CV']);
    expect(home).to.not.include('id="teaching"');
  });

  it('cut the homepage\'s publications to as many as they say, and page the listing by their page size', async () => {
    const { site, page } = await publish({
      listings: { pageSize: 4, collections: [{ ...defaultSettings.listings.collections[0], onHome: 3 }] },
    });
    const all = /(\d+) entries in all/.exec(page('/publications/')!)![1];
    expect(Number(all)).to.be.greaterThan(8);
    const pages = site.documents.map((d) => d.path).filter((p) => p === '/publications/' || p.startsWith('/publications/page/'));
    expect(pages).to.have.length(Math.ceil(Number(all) / 4));
    expect(page('/')).to.include(`The 3 most recent of ${all}: <a href="/publications/">all publications, by year</a>`);
    expect(page('/people/'), 'only the listings they name').to.equal(undefined);
  });

  it('show a listed work\'s first authors as many as they say, the rest behind "and N more" in their order, naming the owner among them', async () => {
    const entry = (home: string, title: string) => {
      const at = home.search(new RegExp(`<span class="title p-name"><a href="[^"]*">${title}</a></span>`));
      return home.slice(at, home.indexOf('</li>', at));
    };
    const names = (html: string) => [...html.matchAll(/<a href="[^"]*">([^<]+)<\/a>/g)].map((m) => m[1]);
    const book = 'Distributed Tracing in Practice';
    const cut = entry((await publish({ authorsShown: 2 })).page('/')!, book);
    const byline = /<div class="byline">([^]*?)<\/div>\n/.exec(cut)![1];
    expect(names(byline.slice(0, byline.indexOf('<details')))).to.deep.equal(['Jonathan Mace', 'Rebecca Isaacs']);
    expect(byline).to.include('<details class="more-authors"><summary> and 2 more</summary>, ');
    expect(names(byline.slice(byline.indexOf('</summary>'))), 'the rest, in order, in the toggle').to.deep.equal(['Austin Parker', 'Daniel Spoonhower']);
    expect(entry((await publish({ authorsShown: 3 })).page('/')!, book), 'never "and 1 more"').to.not.include('more-authors');
    expect((await publish({ authorsShown: 1 })).page('/publications/distributed-tracing-in-practice'), 'the work\'s own page names every author').to.not.include('more-authors');

    const { representations } = await publishProfile(await secondProfile(), { lastModified: testLastModified, publicDir: secondDir, settings: { ...defaultSettings, authorsShown: 3 } });
    const paper = entry(servedText(representations, '/', 'text/html')!, 'Cross-Lingual Transfer for Morphological Segmentation of Uralic Languages: Sámi, Võro and Mari');
    expect(paper).to.include('<summary> and 5 more, among them Zoë Ångström-Łukasiewicz</summary>');
  });

  it('keep a work marked selected on the homepage however old, under Selected publications, while the publications there stay the most recent', async () => {
    // The demo with its oldest paper (2015) marked selected, as al-folio's selected={true}: a landmark paper the cut must not hide.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-selected-'));
    try {
      await cp(demoDir, dir, { recursive: true });
      const works = path.join(dir, 'publications.yaml');
      // And the newest (2023), selected too: it stays among the most recent as well.
      await writeFile(works, (await readFile(works, 'utf8')).replace('    venue: sosp-2015\n', '    venue: sosp-2015\n    selected: true\n')
        .replace('    journal: ieee-tvcg\n    datePublished: 2023-02\n', '    journal: ieee-tvcg\n    datePublished: 2023-02\n    selected: true\n'));
      const { representations } = await publishProfile(await buildProfile(dir), {
        lastModified: testLastModified, publicDir: demoDir,
        settings: { ...defaultSettings, listings: { ...defaultSettings.listings, collections: [{ ...defaultSettings.listings.collections[0], onHome: 1 }] } },
      });
      const home = servedText(representations, '/', 'text/html')!;
      const selected = /<section id="selected"[^]*?<\/section>/.exec(home)![0];
      expect(selected).to.include('Pivot Tracing: Dynamic Causal Monitoring for Distributed Systems');
      const publications = /<section id="publications"[^]*?<\/section>/.exec(home)![0];
      expect([...publications.matchAll(/<li class="work[ "]/g)], 'the most recent').to.have.length(1);
      expect(publications).to.not.include('Pivot Tracing: Dynamic');
      expect(publications).to.include('A Qualitative Interview Study of Distributed Tracing Visualisation');
      expect(publications).to.match(/The 1 most recent of \d+/);
      const turtle = parseTurtle(servedText(representations, '/', 'text/turtle')!);
      expect(turtle.filter((q) => q.predicate.value === 'http://schema.org/significantLink').map((q) => q.object.value).sort())
        .to.deep.equal([`${representations.frame.base}publications/pivot-tracing-sosp-2015#id`, `${representations.frame.base}publications/tracing-visualisation-interview-study#id`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('give a work\'s reference in their citation style, and refuse a style there is no file for', async () => {
    const paper = '/publications/pivot-tracing-sosp-2015';
    const apa = /<p class="reference">([^<]*)<\/p>/.exec((await publish({})).page(paper)!)![1];
    const ieee = await publish({ citationStyle: 'ieee' });
    const reference = /<p class="reference">([^<]*)<\/p>/.exec(ieee.page(paper)!)![1];
    expect(reference).to.match(/^\[1\] J\. Mace/);
    expect(apa).to.match(/^Mace, J\./);
    expect(ieee.page(paper, 'text/x-bibliography;style=ieee')).to.match(/^\[1\]/);
    try {
      await publish({ citationStyle: 'mla' });
      expect.fail('published with a style that has no file');
    } catch (error) {
      expect((error as Error).message).to.match(/^the citation style "mla" of the site's settings has no file .*mla\.csl; the styles are apa, chicago-author-date, ieee$/);
    }
  });
});

/** A profile's own site.yaml and style.css, as its pages show them. */
describe('A profile\'s site.yaml and style.css', function () {
  this.timeout(120_000);
  let served: (path: string) => string;
  let words: Words;
  let site: Representations;
  let profile: Profile;
  before(async () => {
    profile = await buildProfile(customDir);
    const { representations } = await publishProfile(profile, { lastModified: testLastModified, publicDir });
    site = representations;
    served = (path) => servedText(representations, path)!;
    words = representations.words;
  });

  it('order the homepage\'s sections and its header links as site.yaml says, and put its footer on every page', () => {
    const home = served('/');
    expect([...home.matchAll(/<h2 id="[a-z]+-title">([^<]*)<\/h2>/g)].map((m) => m[1])).to.deep.equal(['Über mich', 'Ausgewählte Publikationen', 'Publikationen', 'Kontakt']);
    expect(/<nav aria-label="Abschnitte">(.*?)<\/nav>/.exec(home)![1]).to.equal('<ul><li><a href="#publications">Publikationen</a></li><li><a href="#contact">Kontakt</a></li><li><a href="/cv.html">Lebenslauf</a></li></ul>');
    for (const page of [home, served('/publications/strong-verbs-2023')]) {
      expect(page).to.include('<p class="note">Pages of the <em>Lehrstuhl für Historische Sprachwissenschaft</em>.</p>');
      expect(page, 'the theme, before the stylesheet arrives').to.include('<meta name="color-scheme" content="light"/>');
      expect(page, 'the owner chose the theme: no dark mode switch, no script for it').to.not.match(/class="scheme"|<script>/);
    }
  });

  it('give every page the homepage\'s header links, in the site\'s language, leading to its sections: a paper\'s, a listing\'s and the CV\'s', () => {
    const links = (html: string) => /<nav aria-label="Abschnitte">(.*?)<\/nav>/.exec(html)?.[1];
    const elsewhere = '<ul><li><a href="/#publications">Publikationen</a></li><li><a href="/#contact">Kontakt</a></li><li><a href="/cv.html">Lebenslauf</a></li></ul>';
    for (const path of ['/publications/strong-verbs-2023', '/publications/', '/cv.html']) expect(links(served(path)), path).to.equal(elsewhere);
    expect(links(served('/')), 'the homepage\'s own, in the page').to.equal(elsewhere.replaceAll('"/#', '"#'));
  });

  it('link from the header only the sections the homepage shows: a profile without awards or news gets no link to them', async () => {
    const home = [{ id: 'news', nav: true }, { id: 'awards', nav: true }, { id: 'contact', nav: true }] as const;
    const { representations } = await publishProfile(profile, { lastModified: testLastModified, publicDir, settings: { ...settingsOf(profile.site), home: [...home] } });
    expect(representations.frame.nav.map((l) => l.href)).to.deep.equal(['/#contact', '/cv.html']);
    expect(servedText(representations, '/publications/strong-verbs-2023')).to.include('<li><a href="/#contact">Kontakt</a></li><li><a href="/cv.html">Lebenslauf</a></li></ul></nav>').and.not.include('/#awards');
  });

  it('show the works marked selected under Selected publications, with the venue\'s short name as a badge and the abstract and BibTeX in toggles that need no script', () => {
    const home = served('/');
    const selected = /<section id="selected"[^]*?<\/section>/.exec(home)![0];
    expect([...selected.matchAll(/<li class="work[ "]/g)]).to.have.length(1);
    expect(selected).to.include('<span class="badge">JGD</span><span class="title p-name"><a href="/publications/strong-verbs-2023#id" lang="en" xml:lang="en">');
    expect(selected).to.include('<details class="abstract"><summary>Zusammenfassung</summary><p>Charters from Lübeck');
    expect(selected).to.match(/<details class="bibtex"><summary>BibTeX<\/summary><pre>@article\{strong-verbs-2023,\n[^]*title = \{\{The\} \{Decline\} of \{Strong\} \{Verbs\} in \{Middle\} \{Low\} \{German\}\}[^]*<\/pre><\/details>/);
    const turtle = parseTurtle(served('/index.ttl'), 'http://localhost:3000/index.ttl');
    expect(turtle.filter((q) => q.predicate.value === 'http://schema.org/significantLink').map((q) => [q.subject.value, q.object.value]))
      .to.deep.equal([['http://localhost:3000/', 'http://localhost:3000/publications/strong-verbs-2023#id']]);
  });

  it('show the venue\'s short name as a badge on the publications listing as on the homepage', () => {
    const badge = '<span class="badge">JGD</span><span class="title p-name"><a href="/publications/strong-verbs-2023#id" lang="en" xml:lang="en">';
    expect(served('/publications/')).to.include(badge);
    const turtle = parseTurtle(served('/publications/index.ttl'), 'http://localhost:3000/publications/index.ttl');
    expect(turtle.some((q) => q.predicate.value === 'http://schema.org/alternateName' && q.object.value === 'JGD'), 'the short name among the venue\'s summary').to.equal(true);
  });

  it('group the publications by kind, then by year', () => {
    const section = /<section id="publications"[^]*?<\/section>/.exec(served('/'))![0];
    const headings = [...section.matchAll(/<h([34]) class="(?:kind|year)">([^<]*)<\/h[34]>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(headings).to.deep.equal(['3 Aufsätze', '4 2023', '4 2019', '3 Preprints', '4 2025', '3 Software', '4 2024']);
  });

  it('give the stylesheet the accent colour and the theme after the built-in rules, and the profile\'s style.css last', () => {
    const css = served('/style.css');
    const builtIn = css.indexOf('--accent: light-dark(#1c5aa6');
    const accent = css.indexOf('--accent: light-dark(#8b1e3f, color-mix(in srgb, #8b1e3f 50%, white));');
    const theme = css.indexOf(':root { color-scheme: light; }');
    const own = css.indexOf('h1, h2 { font-family: Georgia');
    expect([builtIn, accent, theme, own].every((at) => at >= 0), 'all four in the stylesheet').to.equal(true);
    expect(builtIn < accent && accent < theme && theme < own).to.equal(true);
  });

  it('speak the language site.yaml names: the page\'s lang, its headings and dates; a text in several languages shown in it, and every one in the RDF', () => {
    const home = served('/');
    expect(home).to.include('<html xmlns="http://www.w3.org/1999/xhtml" lang="de" xml:lang="de">');
    expect(home).to.include('<a class="skip" href="#main">Zum Inhalt springen</a>');
    expect(home).to.include('<p class="summary p-note"><span lang="de" xml:lang="de">Ich erforsche, wie sich die Verben');
    const main = home.slice(home.indexOf('<main'), home.indexOf('</main>'));
    expect(main, 'the English, on the page').to.not.include('I study how the verbs');
    const work = served('/publications/strong-verbs-2023');
    expect(work).to.include('<time datetime="2023-05">Mai 2023</time>');
    expect(work, 'a reference\'s download named in the language').to.include('>Literaturangabe (APA)</a>').and.include('>Literaturangabe (Chicago Autor-Jahr)</a>').and.not.include('>Reference (APA)</a>');
    expect(work, 'its volume, issue and language named in the language').to.include('<dt>Band</dt>').and.include('<dt>Heft</dt>')
      .and.include('<dt>Sprache</dt><dd>Englisch</dd>').and.not.include('Volume number').and.not.include('Issue number');
    const turtle = served('/index.ttl');
    expect(turtle).to.include('"I study how the verbs of the Germanic languages changed between 800 and 1500."@en');
    expect(turtle).to.include('"Ich erforsche, wie sich die Verben der germanischen Sprachen zwischen 800 und 1500 verändert haben."@de');
    const island = /<script type="application\/ld\+json">([^]*?)<\/script>/.exec(home)![1];
    expect(island).to.include('I study how the verbs').and.to.include('Ich erforsche');
  });

  it('title an error page in the language, and keep HTTP\'s reason phrase for programs', () => {
    const errors = new ErrorAnswers(documentErrorFormats('/', words), []);
    const notFound = new HttpError(404, words.text('error-not-found'));
    const page = errors.answer(notFound, 'text/html', undefined).body.toString();
    expect(page).to.include('<title>404 Nicht gefunden</title>').and.include('<h1>Nicht gefunden</h1>').and.not.include('Not Found');
    expect(errors.answer(notFound, 'application/json', undefined).body.toString()).to.include('"title": "Not Found"');
  });

  it('dress an error page as the site\'s pages are: its stylesheet, with its colours, its name linking home and its header links', async () => {
    const server = await listening(createApp(site));
    try {
      const response = await fetch(`${server.url}/keine-seite`, { headers: { accept: 'text/html' } });
      expect(response.status).to.equal(404);
      const page = await response.text();
      expect(page).to.include('<title>404 Nicht gefunden</title>').and.include('<link rel="stylesheet" href="/style.css"/>')
        .and.include('<header class="site">\n<div class="bar">\n<a class="brand" href="/">Ines Albrecht</a>\n<nav aria-label="Abschnitte"><ul><li><a href="/#publications">Publikationen</a></li>');
      expect(served('/style.css'), 'the stylesheet it links has the accent colour').to.include('#8b1e3f');
    } finally {
      await server.close();
    }
  });

  it('show a text in another language, marked as such, where it has none in the site\'s', async () => {
    const { representations } = await publishProfile(profile, { lastModified: testLastModified, publicDir, settings: settingsOf({ language: 'fr' }) });
    const home = servedText(representations, '/')!;
    expect(home).to.include('<html xmlns="http://www.w3.org/1999/xhtml" lang="fr" xml:lang="fr">');
    expect(home).to.include('<h2 id="publications-title">Publications</h2>');
    expect(home).to.include('<p class="summary p-note"><span lang="de" xml:lang="de">Ich erforsche');
  });

  it('say a thesis\'s degree, a work\'s status and a label before its value as the site\'s language does: "thèse de doctorat", "accepté", "Présente : "', async () => {
    const { representations } = await publishProfile(await secondProfile(), { lastModified: testLastModified, publicDir, settings: settingsOf({ language: 'fr' }) });
    const home = servedText(representations, '/')!;
    expect(home).to.include('thèse de doctorat').and.not.include('thèse de PhD');
    expect(home).to.include('<span class="status">accepté</span>').and.not.include('<span class="status">accepted</span>');
    expect(home).to.match(/Présente : <a /).and.not.match(/Présente: /);
    const english = await publishProfile(await secondProfile(), { lastModified: testLastModified, publicDir, settings: settingsOf({}) });
    expect(servedText(english.representations, '/')!).to.include('PhD thesis').and.include('<span class="status">accepted</span>').and.match(/Presents: <a /);
  });

  it('cite a thesis with its degree as the site\'s language says it: "Dissertation" in the CSL-JSON genre, the RIS and the reference of a German site', async () => {
    const thesis = '/publications/unsupervised-morphology-thesis';
    const { representations } = await publishProfile(await buildProfile(secondDir), { lastModified: testLastModified, publicDir, settings: settingsOf({ language: 'de' }) });
    const csl = JSON.parse(servedText(representations, thesis, 'application/vnd.citationstyles.csl+json')!) as Array<{ genre?: string }>;
    expect(csl[0].genre).to.equal('Dissertation');
    expect(servedText(representations, thesis, 'application/x-research-info-systems')).to.match(/^M3  - Dissertation\r?$/m);
    expect(servedText(representations, thesis, 'text/x-bibliography;style=apa')).to.include('Dissertation').and.not.include('PhD');
    expect(servedText(representations, thesis)!, 'on the page').to.include('Dissertation').and.not.include('PhD thesis');
    const english = await publishProfile(await buildProfile(secondDir), { lastModified: testLastModified, publicDir, settings: settingsOf({}) });
    expect((JSON.parse(servedText(english.representations, thesis, 'application/vnd.citationstyles.csl+json')!) as Array<{ genre?: string }>)[0].genre).to.equal('PhD thesis');
  });

  it('give the profile a printable CV: positions, education, every work by year, in the site\'s language, with print rules for it', () => {
    const cv = served('/cv.html');
    expect(cv).to.include('<title>Ines Albrecht: Lebenslauf</title>');
    const main = cv.slice(cv.indexOf('<main'), cv.indexOf('</main>'));
    expect([...main.matchAll(/<h2 id="[a-z-]+-title">([^<]*)<\/h2>/g)].map((m) => m[1])).to.deep.equal(['Positionen', 'Publikationen']);
    expect([...main.matchAll(/<li class="work[ "]/g)]).to.have.length(4);
    expect(main).to.include('Institut für Sprachwissenschaft, Universität Tiefenbach');
    expect(served('/style.css')).to.match(/@media print \{\n {2}\.cv section/);
  });

  it('keep every default that site.yaml does not name', () => {
    expect(settingsOf({})).to.deep.equal(defaultSettings);
    expect(settingsOf({ navigation: ['news'] }).home.filter((s) => s.nav).map((s) => s.id)).to.deep.equal(['news']);
    expect(settingsOf({ publicationsOnHome: 5, pageSize: 20 }).listings).to.deep.equal({
      pageSize: 20, collections: [{ ...defaultSettings.listings.collections[0], onHome: 5 }, defaultSettings.listings.collections[1]] });
  });

  it('take the homepage\'s sections from one list: the schema\'s are the sections the homepage can show', () => {
    const schema = JSON.parse(readFileSync(path.join(projectRoot, 'ontology', 'site.schema.json'), 'utf8')) as { $defs: { section: { enum: string[] } } };
    expect(schema.$defs.section.enum).to.deep.equal(defaultSettings.home.map((s) => s.id));
  });
});
