import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type LabelTable, loadLabels } from '../../src/labels.js';
import type { Profile } from '../../src/pipeline.js';
import { publishProfile } from '../../src/publish/profile-site.js';
import { settingsOf } from '../../src/site/settings.js';
import { publicDir, resolveConfig } from '../../src/config.js';
import { serve, type Rebuilt, type Serving } from '../../src/server.js';
import { listening, servedText, testLastModified } from '../http/support.js';
import { buildStatic } from '../../src/build.js';
import { createApp } from '../../src/http/app.js';
import { openSite } from '../../src/publish/site-files.js';
import { customDir, demoDir } from '../support/fixtures.js';
import { buildErrors, buildProfile, sharedBuilder } from '../support/profile.js';

const PLACEHOLDER = /\{[A-Za-z]+(?::lower)?\}/g;

/** What a reader sees and hears of a page: its text and the texts of its attributes read aloud or shown; no script, no data block. */
function readable(page: string): string {
  const shown = page.replace(/<script[^]*?<\/script>|<style[^]*?<\/style>|<pre[^]*?<\/pre>/g, ' ');
  const attributes = [...shown.matchAll(/\s(?:aria-label|title|alt|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const text = [shown.replace(/<[^>]*>/g, '\n'), ...attributes].join('\n');
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

/** The words' English as the pieces between their placeholders that a reader would read as English (three letters or more). */
function englishPieces(table: LabelTable): string[] {
  const pieces = new Set<string>();
  for (const forms of Object.values(table)) {
    for (const texts of Object.values(forms)) {
      const english = texts?.en;
      if (english === undefined) continue;
      for (const piece of english.split(PLACEHOLDER)) {
        const trimmed = piece.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
        // A name the same in Japanese (APA, PDF, SPARQL) is no English left.
        if (/[A-Za-z]{3}/.test(trimmed) && !(texts?.ja ?? '').includes(trimmed)) pieces.add(trimmed);
      }
    }
  }
  return [...pieces];
}

/** The words with every English text replaced by a mark, its placeholders kept: pages in them show the data alone. */
function wordless(table: LabelTable): LabelTable {
  return Object.fromEntries(Object.entries(table).map(([iri, forms]) => [iri, Object.fromEntries(Object.entries(forms).map(([form, texts]) =>
    [form, { en: texts!.en === undefined ? undefined : (texts!.en.match(PLACEHOLDER) ?? []).join('§') || '§' }]))])) as LabelTable;
}

const count = (text: string, piece: string) => text.split(piece).length - 1;

describe('A site in Japanese', function () {
  this.timeout(120_000);
  let profile: Profile;
  before(async () => { profile = await buildProfile(demoDir); });

  const pages = async (words: Profile['labels'], language: string) => {
    const { representations } = await publishProfile({ ...profile, labels: words }, { lastModified: testLastModified, publicDir, settings: settingsOf({ language }) });
    return (p: string) => servedText(representations, p)!;
  };

  it('speaks Japanese on the homepage, a work\'s page and the CV: no English of the site\'s words left, beside what the data says', async () => {
    const table = loadLabels();
    const ja = await pages(undefined, 'ja');
    // The same pages with no words at all: what the data says, which the Japanese pages say too.
    const data = await pages(wordless(table), 'en');
    const pieces = englishPieces(table);
    expect(pieces.length, 'the English words looked for').to.be.greaterThan(250);
    for (const url of ['/', '/publications/blueprint-sosp-2023', '/cv.html']) {
      const [japanese, dataAlone] = [ja(url), data(url)].map(readable);
      const left = pieces.filter((piece) => count(japanese, piece) > count(dataAlone, piece));
      expect(left, `English words left on ${url}`).to.deep.equal([]);
      expect(ja(url)).to.include('<html xmlns="http://www.w3.org/1999/xhtml" lang="ja" xml:lang="ja">');
    }
    const home = ja('/');
    expect(home).to.include('<h2 id="publications-title">業績</h2>').and.include('<a class="skip" href="#main">本文へ移動</a>');
    expect(home, 'a month in a Japanese date').to.match(/<time datetime="2022-10">2022年10月<\/time>/);
    expect(home, 'research interests joined with 、 and no space').to.match(/<\/a>、<a href="[^"]*">observability and tracing/);
    expect(ja('/publications/blueprint-sosp-2023')).to.include('<h2 id="cite-title">引用</h2>');
  });

  it('tells itself apart from the English site: the same test finds the English words on it', async () => {
    const en = await pages(undefined, 'en');
    const data = await pages(wordless(loadLabels()), 'en');
    const left = englishPieces(loadLabels()).filter((piece) => count(readable(en('/')), piece) > count(readable(data('/')), piece));
    expect(left).to.include.members(['Publications', 'Skip to content', 'Research interests']);
  });
});

describe('A profile\'s own words (its labels.ttl)', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-own-words-'));
    await cp(customDir, dir, { recursive: true });
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const site = async (language: string) => {
    const yaml = (await readFile(path.join(dir, 'site.yaml'), 'utf8')).replace(/^language: .*$/m, `language: ${language}`);
    await writeFile(path.join(dir, 'site.yaml'), yaml);
  };
  const words = (turtle: string) => writeFile(path.join(dir, 'labels.ttl'),
    `# A Dutch scholar's words (written for this test)\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix word: <urn:lodfolio:words#> .\n${turtle}\n`);
  const home = async () => {
    const { representations } = await publishProfile(await buildProfile(dir), { lastModified: testLastModified, publicDir });
    return servedText(representations, '/')!;
  };

  it('adds a language: a site.yaml language with no words is refused until the profile\'s labels.ttl has some, the rest in English', async () => {
    await site('nl');
    expect((await buildErrors(dir)).map((e) => e.replace(dir, 'DIR'))).to.deep.equal([
      'DIR/site.yaml:2:11 language: has no words in ontology/labels.ttl nor the profile\'s labels.ttl (got "nl"; the languages are en, de, fr, es, ja)',
    ]);
    await words('word:section-publications rdfs:label "Publicaties"@nl .\nword:section-contact rdfs:label "Contact opnemen"@nl .');
    const page = await home();
    expect(page).to.include('lang="nl" xml:lang="nl"');
    expect(page).to.include('<h2 id="publications-title">Publicaties</h2>').and.include('<h2 id="contact-title">Contact opnemen</h2>');
    expect(page, 'a word it has not translated').to.include('<a class="skip" href="#main">Skip to content</a>');
  });

  it('changes a word of a shipped language', async () => {
    await words('word:section-publications rdfs:label "Schriften"@de .');
    const page = await home();
    expect(page).to.include('<h2 id="publications-title">Schriften</h2>').and.include('<h2 id="contact-title">Kontakt</h2>');
  });

  it('is in the files a build writes, through its render threads, and in what serve --site answers', async () => {
    await site('nl');
    await words('word:section-publications rdfs:label "Publicaties"@nl .\nword:error-title-404 rdfs:label "Niet gevonden"@nl .\nword:error-not-found rdfs:label "Hier staat niets."@nl .');
    const out = path.join(dir, 'site');
    await buildStatic({ dataDir: dir, base: 'http://localhost:3000/', out, builder: await sharedBuilder(), lastModified: testLastModified, threads: 1 });
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).to.include('<h2 id="publications-title">Publicaties</h2>');
    expect(await readFile(path.join(out, '404.html'), 'utf8')).to.include('<h1>Niet gevonden</h1>');
    const server = await listening(createApp(await openSite(out)));
    try {
      const response = await fetch(`${server.url}/nergens`, { headers: { accept: 'text/html' } });
      expect(response.status).to.equal(404);
      expect(await response.text()).to.include('<h1>Niet gevonden</h1>').and.include('Hier staat niets.');
    } finally {
      await server.close();
    }
  });

  it('is checked as the data is: a bad line refuses the profile, naming the file and the line', async () => {
    await words('word:section-publications rdfs:label "Schriften"@de .\nword:since rdfs:label "ab {datum}"@de .\nword:cite rdfs:label "Zitieren" .');
    expect((await buildErrors(dir)).map((e) => e.replace(dir, 'DIR'))).to.deep.equal([
      'DIR/labels.ttl:5 "ab {datum}"@de has the placeholders {datum}, its English {date}',
      'DIR/labels.ttl:6 "Zitieren": a word needs its language tag ("…"@en)',
    ]);
  });
});

describe('A profile\'s own words under serve --watch', function () {
  this.timeout(120_000);
  let dir: string;
  let serving: Serving;
  let told: ((outcome: Rebuilt) => void) | undefined;
  const nextOutcome = () => new Promise<Rebuilt>((resolve) => { told = resolve; });
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-watch-words-'));
    await cp(customDir, dir, { recursive: true });
    serving = await serve(resolveConfig({ dataDir: dir, port: 0, host: '127.0.0.1' }, {}), {
      write: () => {}, sparql: { workers: 1 }, watch: (outcome) => told?.(outcome),
    });
  });
  after(async () => {
    await serving?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  /** A new labels.ttl, written beside the profile and moved in: the watch sees one whole file, once. */
  const save = async (turtle: string) => {
    const beside = path.join(path.dirname(dir), `${path.basename(dir)}-labels.ttl`);
    await writeFile(beside, `@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n${turtle}\n`);
    await rename(beside, path.join(dir, 'labels.ttl'));
  };
  const heading = async () => /<h2 id="publications-title">([^<]*)<\/h2>/.exec(await (await fetch(`http://127.0.0.1:${serving.listening.port}/`)).text())?.[1];

  it('republishes the site when its labels.ttl changes, and refuses a version with a bad one, keeping the last', async () => {
    expect(await heading()).to.equal('Publikationen');
    let rebuilt = nextOutcome();
    await save('<urn:lodfolio:words#section-publications> rdfs:label "Schriften"@de .');
    expect((await rebuilt).published).to.equal(true);
    expect(await heading()).to.equal('Schriften');
    rebuilt = nextOutcome();
    await save('<urn:lodfolio:words#section-publications> rdfs:label "Werke" .');
    expect((await rebuilt).published).to.equal(false);
    expect(await heading()).to.equal('Schriften');
  });
});

describe('A title in another language than the page\'s', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-title-language-'));
    await cp(customDir, dir, { recursive: true });
    const yaml = await readFile(path.join(dir, 'site.yaml'), 'utf8');
    await writeFile(path.join(dir, 'site.yaml'), yaml.replace(/^language: .*$/m, 'language: en'));
    const works = await readFile(path.join(dir, 'works.yaml'), 'utf8');
    await writeFile(path.join(dir, 'works.yaml'), works.replace('publications:\n', `publications:
  - id: bunpouka-2021
    name: 日本語方言における文法化
    authors: [ines-albrecht]
    inLanguage: ja
    datePublished: 2021-04
`));
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('is marked with its language, for a screen reader\'s voice and the fonts: a Japanese work\'s title on an English page, in lists and on its page', async () => {
    const { representations } = await publishProfile(await buildProfile(dir), { lastModified: testLastModified, publicDir });
    const served = (p: string) => servedText(representations, p)!;
    const link = '<a href="/publications/bunpouka-2021#id" lang="ja" xml:lang="ja">日本語方言における文法化</a>';
    expect(served('/'), 'the homepage').to.include(link);
    expect(served('/publications/'), 'the listing').to.include(link);
    expect(served('/people/jonas-weber') ?? '', 'not a title: a person').to.not.include('lang="ja"');
    expect(served('/publications/bunpouka-2021')).to.include('<h1 lang="ja" xml:lang="ja">日本語方言における文法化</h1>');
    expect(served('/publications/ablaut-2019'), 'a title with no language of its own').to.include('<h1>Ablaut Classes as Networks</h1>');
  });
});
