import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../src/config.js';
import { parseRdf, sameTriples } from '../http/support.js';
import { facts, fixtureProfiles, generatedProfile, secondDir } from '../support/fixtures.js';
import { missingFrom } from '../support/profile.js';
import { islandQuads, islandTriples, lexical, splitBreadcrumbs, schemaOrgTriples } from '../support/structured-data.js';
import { launchChromium, newContext, onePagePerType, runAxe, screenshotDir, serveProfile, stayOffline, watch, type AxeViolation, type ServedSite } from './support.js';

/**
 * Each fixture profile's pages, against the real app on a local port: every
 * page reached by following links from `/` and read as a browser parses it,
 * what each page says to a reader and to a search engine; and in a real
 * browser (Debian's Chromium, driven by playwright-core) `/`, the listings
 * and one page of each type: what loading them reports, how they fit a
 * phone, and what axe-core finds.
 */

/** What a page shows the browser, read from its DOM. */
interface Seen {
  status: number;
  /** Absolute same-origin URLs of every `a[href]` and `link[href]`, and of every `img` and `script` `src`, fragments dropped. */
  links: string[];
  jsonld: string[];
  turtle: string[];
  h1: number;
  /** Heading levels in document order. */
  headings: number[];
  lang: string | null;
  title: string;
  description: string | null;
  canonical: string | null;
  ogType: string | null;
  landmarks: Record<string, number>;
  alternates: string[];
  scripts: string[];
  /** The site header's navigation landmarks, each its label and its links (`text URL`, resolved against the page). */
  headerNav: Array<{ label: string | null; links: string[] }>;
  /** The ids of the sections of `<main>`. */
  sections: string[];
}

/**
 * The fixtures' every page; of the generated profile (about 6,000 triples,
 * some 360 pages) a sample: the pages opened in Chromium, every other page
 * they link to asked for by a plain GET.
 */
const browsed = [...fixtureProfiles.map((fixture) => ({ fixture, sample: false })), { fixture: generatedProfile, sample: true }];

/** One Chromium for the file; each profile's suite browses in a context of its own. */
let chromium: Browser;
before(async () => { chromium = await launchChromium(); });
after(async () => { await chromium?.close(); });

for (const { fixture, sample } of browsed) {
  describe(`the ${fixture.name} profile's pages in Chromium${sample ? ' (a sample)' : ''}`, function () {
    this.timeout(180_000);
    let served: ServedSite;
    let context: BrowserContext;
    let page: Page;
    let problems: string[];
    /** What the pages opened in Chromium asked other origins for (answered locally: see stayOffline). */
    let external: Set<string>;
    const seen = new Map<string, Seen>();
    /** What loading each page opened in Chromium reported: console errors, exceptions, failed requests. */
    const loaded = new Map<string, string[]>();
    /** Non-HTML resources linked from the pages (formats, dumps, CSS, script), with their status. */
    const resources = new Map<string, number>();
    /** Pages linked but left out of the sample, with their status. */
    const unvisited = new Map<string, number>();
    /** The pages opened in Chromium, and the whole sample: /, the listings' pages, one page of each type. */
    let opened: Set<string>;
    /** In a sample, the pages reached by following links from / (before the rest of the sample is read). */
    const linkedFromHome = new Set<string>();
    /**
     * `/` and one page of each entity type, each loaded once at 1280 px and once at 390 px: what axe-core
     * found, the pages wider than a phone, and the screenshots taken.
     */
    let typePages: string[];
    const axeFound: Record<string, AxeViolation[]> = {};
    const wide: string[] = [];
    const shots: string[] = [];
    const shotDir = path.join(screenshotDir, fixture.name);
    const shoot = async (on: Page, p: string, width: number) => {
      const name = `${p === '/' ? 'home' : p.slice(1).replace(/[/.]+/g, '_')}-${width}.png`;
      await on.screenshot({ path: path.join(shotDir, name), fullPage: true });
      shots.push(name);
    };

    /**
     * What the DOM shows: the page loaded in Chromium, or (given the HTML a plain GET had and its URL) that HTML
     * as Chromium's own parser makes it a document (DOMParser: no script runs, nothing is fetched).
     */
    const read = (fetched?: { html: string; url: string }): Promise<Omit<Seen, 'status'>> => page.evaluate((fetched) => {
      const document = fetched ? new DOMParser().parseFromString(fetched.html, 'text/html') : window.document;
      const at = fetched?.url ?? location.href;
      const attr = (selector: string, name: string) => document.querySelector(selector)?.getAttribute(name) ?? null;
      const landmarks: Record<string, number> = {};
      for (const tag of ['header', 'nav', 'main', 'footer']) landmarks[tag] = document.querySelectorAll(tag).length;
      return {
        links: [...[...document.querySelectorAll('a[href], link[href]')].map((e) => e.getAttribute('href')!),
          ...[...document.querySelectorAll('img[src], script[src]')].map((e) => e.getAttribute('src')!)]
          .map((href) => new URL(href, at).href)
          .filter((href) => href.startsWith(new URL(at).origin))
          .map((href) => href.replace(/#.*$/, '')),
        jsonld: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent ?? ''),
        turtle: [...document.querySelectorAll('script[type="text/turtle"]')].map((s) => s.textContent ?? ''),
        h1: document.querySelectorAll('h1').length,
        headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1])),
        lang: document.documentElement.getAttribute('lang'),
        title: document.title,
        description: attr('meta[name="description"]', 'content'),
        canonical: attr('link[rel="canonical"]', 'href'),
        ogType: attr('meta[property="og:type"]', 'content'),
        landmarks,
        alternates: [...document.querySelectorAll('link[rel="alternate"]')].map((l) => l.getAttribute('type') ?? ''),
        // A script that runs is named by its source (the site's own filter.js), a data block by its type.
        scripts: [...document.querySelectorAll('script')].map((e) => e.getAttribute('type') ?? (e.hasAttribute('src') ? new URL(e.getAttribute('src')!, at).pathname : 'inline')),
        headerNav: [...document.querySelectorAll('header.site nav')].map((n) => ({
          label: n.getAttribute('aria-label'),
          links: [...n.querySelectorAll('a')].map((a) => `${a.textContent} ${new URL(a.getAttribute('href')!, at).href}`),
        })),
        sections: [...document.querySelectorAll('main section[id]')].map((e) => e.id),
      };
    }, fetched);

    before(async () => {
      served = await serveProfile(fixture.dir);
      context = await newContext(chromium);
      external = await stayOffline(context, served.origin);
      page = await context.newPage();
      problems = watch(page);
      mkdirSync(shotDir, { recursive: true });
      typePages = onePagePerType(served.site);
      opened = new Set([...typePages, ...served.site.documents.filter((d) => /\/(page\/\d+)?$/.test(d.path)).map((d) => d.path)]);
      // Follow every link from / by plain GET, each page read from the HTML as Chromium parses it, other resources by their status.
      const isPage = (url: string) => !/\.[a-z]+$/i.test(new URL(url).pathname);
      const follow = (url: string) => !sample || opened.has(new URL(url).pathname);
      const queue = [`${served.origin}/`];
      const queued = new Set(queue);
      // In a sample, pages of the sample that no page read links to are read directly, after the rest.
      const unlinked = () => [...opened].map((p) => `${served.origin}${p}`).filter((u) => !queued.has(u));
      while (queue.length > 0 || (sample && unlinked().length > 0)) {
        if (queue.length === 0) {
          if (linkedFromHome.size === 0) for (const u of queued) linkedFromHome.add(new URL(u).pathname);
          for (const u of unlinked()) { queued.add(u); queue.push(u); }
        }
        const url = queue.shift()!;
        const response = await fetch(url, { headers: { accept: 'text/html' } });
        const dom = await read({ html: await response.text(), url });
        seen.set(new URL(url).pathname, { status: response.status, ...dom });
        for (const link of dom.links) {
          if (queued.has(link)) continue;
          queued.add(link);
          if (isPage(link) && follow(link)) queue.push(link);
          else if (isPage(link)) unvisited.set(link, (await fetch(link)).status);
          else resources.set(link, (await fetch(link)).status);
        }
      }
      if (linkedFromHome.size === 0) for (const u of queued) linkedFromHome.add(new URL(u).pathname);
      // /, the listings and one page of each type in Chromium: their DOM once the page's own script ran, what loading reported.
      for (const p of opened) {
        problems.length = 0;
        const response = await page.goto(`${served.origin}${p}`);
        seen.set(p, { status: response?.status() ?? 0, ...await read() });
        loaded.set(p, [...problems]);
        if (!typePages.includes(p)) continue;
        await shoot(page, p, 1280);
        axeFound[p] = await runAxe(page);
        // The same page on a phone: the window narrowed to 390 px, its layout made anew.
        await page.setViewportSize({ width: 390, height: 844 });
        const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        if (scroll > client) wide.push(`${p}: ${scroll} > ${client}`);
        // The header wraps: each of its links whole in the window.
        const cut = await page.evaluate(() => [...document.querySelectorAll('header.site a')].filter((a) => {
          const box = a.getBoundingClientRect();
          return box.left < 0 || box.right > document.documentElement.clientWidth;
        }).map((a) => a.textContent));
        if (cut.length > 0) wide.push(`${p}: the header's ${cut.join(', ')} outside the window`);
        await shoot(page, p, 390);
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });

    after(async () => {
      await context?.close();
      await served?.close();
    });

    it('reaches every document of the site by following links from /, and every page answers 200', () => {
      if (sample) {
        expect([...opened].filter((p) => !seen.has(p)), 'sampled pages not read').to.deep.equal([]);
        const listings = served.site.documents.filter((d) => /\/(page\/\d+)?$/.test(d.path)).map((d) => d.path);
        expect(listings.filter((p) => !linkedFromHome.has(p)), 'listing pages no link from / leads to').to.deep.equal([]);
        const broken = [...seen.entries(), ...[...unvisited.entries()].map(([u, st]) => [new URL(u).pathname, { status: st }] as const)]
          .filter(([, st]) => st.status !== 200).map(([p, st]) => `${p}: ${st.status}`);
        expect(broken).to.deep.equal([]);
        return;
      }
      const expected = [...served.site.documents, served.site.void].map((d) => d.path);
      expect(expected.filter((p) => !seen.has(p)), 'pages no link leads to').to.deep.equal([]);
      expect(seen.size, 'no page outside the site\'s documents is linked').to.equal(expected.length);
      const broken = [...seen.entries()].filter(([, s]) => s.status !== 200).map(([p, s]) => `${p}: ${s.status}`);
      expect(broken).to.deep.equal([]);
    });

    it('has every other link and source on every page answer 200: the formats, the dumps, the stylesheet, the script', () => {
      expect(resources.size).to.be.greaterThan(4 * (sample ? seen.size : served.site.documents.length));
      const broken = [...resources.entries()].filter(([, status]) => status !== 200).map(([url, status]) => `${url}: ${status}`);
      expect(broken).to.deep.equal([]);
    });

    it('loads /, every listing page and one page of each type with no console error, exception or failed request', () => {
      expect([...loaded.keys()].sort()).to.deep.equal([...opened].sort());
      const noisy = [...loaded.entries()].filter(([, found]) => found.length > 0).map(([p, found]) => `${p}: ${found.join('; ')}`);
      expect(noisy).to.deep.equal([]);
      // Other origins are asked only for what the data links to (a photo), never for the site's own parts.
      const linked = new Set(served.site.documents.flatMap((d) => d.slice().map((q) => q.object.value)));
      expect([...external].filter((url) => !linked.has(url)), 'requests to other origins').to.deep.equal([]);
    });

    it('gives every page one h1, headings in order, a language, a title, a description, a canonical URL and the landmarks', () => {
      for (const [p, s] of seen) {
        expect(s.h1, `${p}: h1 count`).to.equal(1);
        expect(s.headings[0], `${p}: the first heading is the h1`).to.equal(1);
        for (let i = 1; i < s.headings.length; i++) {
          expect(s.headings[i] - s.headings[i - 1], `${p}: heading ${i} skips a level (${s.headings.join(',')})`).to.be.at.most(1);
        }
        expect(s.lang, p).to.equal('en');
        expect(s.title.length, `${p}: title`).to.be.greaterThan(0);
        expect(s.description?.length ?? 0, `${p}: description`).to.be.within(20, 200);
        expect(s.canonical, p).to.equal(`${served.origin}${p}`);
        expect(s.landmarks.header, `${p}: header`).to.be.at.least(1);
        expect(s.landmarks.main, `${p}: main`).to.equal(1);
        expect(s.landmarks.footer, `${p}: footer`).to.be.at.least(1);
        expect(s.alternates, p).to.include.members(['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml']);
        // The scripts that run: the reader's dark mode switch in the head, and the publications' filter (public/filter.js) where there is a list to filter.
        expect(s.scripts.filter((x) => x !== '/filter.js' && x !== 'inline'), `${p}: the schema.org JSON-LD and the Turtle data block are the only data scripts`).to.deep.equal(['application/ld+json', 'text/turtle']);
        expect(s.scripts.filter((x) => x === 'inline'), `${p}: one script of the page's own, the dark mode switch`).to.deep.equal(['inline']);
        expect(s.scripts.filter((x) => x === '/filter.js').length, `${p}: at most one script that runs, the filter`).to.be.at.most(1);
      }
      expect(seen.get('/')!.landmarks.nav, 'the homepage links its sections').to.equal(1);
      expect(seen.get('/')!.ogType).to.equal('profile');
    });

    it('gives every page the homepage\'s header links, in one labelled navigation landmark: to the sections / shows, and the CV', () => {
      const home = seen.get('/')!;
      expect(home.headerNav, 'the homepage\'s').to.have.length(1);
      const [{ label }] = home.headerNav;
      expect(label).to.equal('Sections');
      const links = [...home.headerNav[0].links];
      const cv = links.pop();
      expect(cv).to.equal(`CV ${served.origin}/cv.html`);
      expect(links.length, 'section links').to.be.greaterThan(0);
      for (const link of links) expect(home.sections, link).to.include(new URL(link.slice(link.lastIndexOf(' ') + 1)).hash.slice(1));
      for (const [p, s] of seen) expect(s.headerNav, p).to.deep.equal(home.headerNav);
    });

    it('embeds on every page a Turtle data block that parses to exactly the triples of the page\'s Turtle, and a schema.org island of them', async () => {
      const report: Record<string, { triples: number; isomorphic: boolean }> = {};
      for (const [p, s] of seen) {
        expect(s.turtle, p).to.have.length(1);
        const url = `${served.origin}${p}`;
        const fromPage = await parseRdf(s.turtle[0], 'text/turtle', url);
        const turtle = await (await fetch(url, { headers: { accept: 'text/turtle' } })).text();
        const fromTurtle = await parseRdf(turtle, 'text/turtle', url);
        const same = sameTriples(fromPage, fromTurtle);
        report[p] = { triples: fromTurtle.length, isomorphic: same };
        expect(same, `${p}: missing ${missingFrom(fromTurtle, fromPage).slice(0, 3).join('; ')}; extra ${missingFrom(fromPage, fromTurtle).slice(0, 3).join('; ')}`).to.equal(true);
        // A document with no schema.org triple (the VoID description) has no island.
        expect(s.jsonld, p).to.have.length(schemaOrgTriples(fromTurtle).length > 0 ? 1 : 0);
        const island = lexical(s.jsonld.length === 0 ? [] : splitBreadcrumbs(await islandQuads(JSON.parse(s.jsonld[0]) as object)).rest);
        expect(sameTriples(island, lexical(islandTriples(fromTurtle, served.base))), `${p}: the island`).to.equal(true);
      }
      writeReport(fixture.name, 'isomorphism', report);
    });

    it('frames the homepage\'s JSON-LD as a ProfilePage whose mainEntity is the person', () => {
      const json = JSON.parse(seen.get('/')!.jsonld[0]);
      const top = Array.isArray(json) ? json[0] : json;
      expect(top['@context']).to.equal('https://schema.org');
      expect(top['@type']).to.equal('ProfilePage');
      expect(top.mainEntity['@id']).to.equal(`${served.base}#me`);
      expect(top.mainEntity['@type']).to.equal('Person');
      expect(top.mainEntity.name).to.equal(facts(fixture.dir).person.name);
    });

    it('fits a 390 px wide phone screen with no horizontal scrolling: / and one page of each entity type', () => {
      expect(shots.filter((name) => name.endsWith('-390.png')), 'pages seen on the phone').to.have.length(typePages.length);
      expect(wide).to.deep.equal([]);
    });

    it('has no serious or critical axe-core violation on / and on one page of each entity type', () => {
      expect(Object.keys(axeFound).sort()).to.deep.equal([...typePages].sort());
      writeReport(fixture.name, 'axe', axeFound);
      const serious = Object.entries(axeFound).flatMap(([p, vs]) => vs.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${p}: ${v.id} (${v.impact}, ${v.nodes} nodes): ${v.help}`));
      expect(serious).to.deep.equal([]);
    });

    it('reads light and dark without JavaScript: the colours follow prefers-color-scheme', async () => {
      const colours: Record<string, string[]> = {};
      for (const scheme of ['light', 'dark'] as const) {
        const p = await context.newPage();
        await p.emulateMedia({ colorScheme: scheme });
        await p.goto(`${served.origin}/`);
        colours[scheme] = await p.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
        await p.close();
      }
      expect(colours.light).to.not.deep.equal(colours.dark);
      const luminance = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0);
      expect(luminance(colours.light[0])).to.be.greaterThan(luminance(colours.light[1]));
      expect(luminance(colours.dark[0])).to.be.lessThan(luminance(colours.dark[1]));
    });

    it('lets the reader switch to dark mode in the header, and keeps the choice on the next page, an error page and after a reload', async () => {
      const p = await context.newPage();
      await p.emulateMedia({ colorScheme: 'light' });
      const state = () => p.evaluate(() => ({
        pressed: document.querySelector('header.site li.scheme button')?.getAttribute('aria-pressed'),
        shown: !document.querySelector('header.site li.scheme')?.hasAttribute('hidden'),
        background: getComputedStyle(document.body).backgroundColor,
      }));
      await p.goto(`${served.origin}/`);
      const light = await state();
      expect(light.shown && light.pressed, 'shown, not pressed: the system is light').to.equal('false');
      await p.locator('header.site li.scheme button').click();
      const dark = await state();
      expect(dark.pressed).to.equal('true');
      const luminance = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0);
      expect(luminance(dark.background), 'dark pages').to.be.lessThan(luminance(light.background));
      await p.goto(`${served.origin}${typePages.find((t) => t !== '/')}`);
      expect(await state(), 'the next page, dark from the start').to.deep.equal(dark);
      await p.goto(`${served.origin}/no-such-page`);
      expect(await state(), 'the page for a path with no document, dark too').to.deep.equal(dark);
      await p.locator('header.site li.scheme button').click();
      await p.reload();
      expect(await state(), 'back to light, kept over a reload').to.deep.equal(light);
      await p.evaluate(() => localStorage.clear());
      await p.close();
    });

    it(`writes screenshots at 1280 and 390 px of / and one page of each entity type to test-output/screenshots/${fixture.name}/`, () => {
      expect(shots).to.have.length(2 * typePages.length);
      for (const name of shots) {
        const bytes = readFileSync(path.join(shotDir, name));
        expect(bytes.subarray(1, 4).toString(), name).to.equal('PNG');
      }
    });
  });
}

describe('a German site\'s pages in Chromium', function () {
  this.timeout(180_000);
  let served: ServedSite;
  let dir: string;
  before(async () => {
    // The second profile, in German: its homepage labels its topics "Forschungsinteressen" and a project's prize "Auszeichnung", words wider than a narrow label column.
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-german-'));
    await cp(secondDir, dir, { recursive: true });
    await writeFile(path.join(dir, 'site.yaml'), 'language: de\n');
    // A project's prize: its row in the project's compact list is labelled "Auszeichnung".
    await writeFile(path.join(dir, 'awards.yaml'), 'awards:\n  - id: uralmorph-prize\n    award: Uralic Language Technology Prize\n    date: 2024\n    recipients: [uralmorph]\n');
    served = await serveProfile(dir);
  });
  after(async () => {
    await served?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('never cuts a label\'s word in two, on a wide screen and on a phone: the label column is as wide as its longest word', async () => {
    const context = await newContext(chromium);
    const page = await context.newPage();
    const cut: string[] = [];
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const p of ['/', '/publications/tone-chapter', '/people/chloe-dubois']) {
        await page.goto(`${served.origin}${p}`);
        // A word laid out on two lines has boxes at two heights.
        const words = await page.evaluate(() => [...document.querySelectorAll('dl dt')].flatMap((dt) => {
          const split: string[] = [];
          const walker = document.createTreeWalker(dt, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of (node.textContent ?? '').matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(node, m.index);
              range.setEnd(node, m.index + m[0].length);
              if (new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size > 1) split.push(m[0]);
            }
          }
          return split;
        }));
        cut.push(...words.map((w) => `${p} at ${width} px: ${w}`));
      }
    }
    await context.close();
    expect(cut).to.deep.equal([]);
    expect(await (await fetch(`${served.origin}/`)).text(), 'the words the test is about').to.include('Forschungsinteressen').and.include('<dt>Auszeichnung</dt>');
  });
});

describe('a mathematician\'s pages in Chromium', function () {
  this.timeout(180_000);
  let served: ServedSite;
  let dir: string;
  before(async () => {
    // The second profile, with a paper whose title and abstract hold TeX math.
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-math-browser-'));
    await cp(secondDir, dir, { recursive: true });
    await writeFile(path.join(dir, 'math.yaml'), `publications:
  - id: lp-estimates
    name: '$L^p$ estimates for $\\bar\\partial$ and \\(\\mathbb{Z}_2\\)-covers'
    authors: [zoe-angstrom-lukasiewicz]
    datePublished: 2024
    abstract: |
      We prove that [$\\|f\\|_p$](https://example.org/norms) is bounded:

      $$\\sum_{i=1}^n x_i \\le C$$
`);
    served = await serveProfile(dir);
  });
  after(async () => {
    await served?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a title\'s math as MathML, laid out, as HTML and as XHTML, named by its TeX, with no serious axe-core violation', async () => {
    const context = await newContext(chromium);
    const page = await context.newPage();
    const problems = watch(page);
    const work = `${served.origin}/publications/lp-estimates`;
    for (const accept of ['text/html', 'application/xhtml+xml']) {
      await page.unrouteAll();
      await page.route(work, (route) => route.continue({ headers: { ...route.request().headers(), accept } }));
      await page.goto(work);
      const seen = await page.evaluate(() => ({
        type: document.contentType,
        broken: document.getElementsByTagName('parsererror').length,
        math: [...document.querySelectorAll('h1 > span > math')].map((m) => ({
          namespace: m.namespaceURI, laidOut: m.getBoundingClientRect().width > 5, tex: m.querySelector('annotation')?.textContent,
        })),
        display: [...document.querySelectorAll('math[display="block"]')].map((m) => m.getBoundingClientRect().width > 20),
      }));
      const mathml = 'http://www.w3.org/1998/Math/MathML';
      expect(seen, accept).to.deep.equal({
        type: accept, broken: 0, display: [true],
        math: ['L^p', '\\bar\\partial', '\\mathbb{Z}_2'].map((tex) => ({ namespace: mathml, laidOut: true, tex })),
      });
      // What a screen reader is given: the heading named with the TeX, each math a math node with the MathML inside.
      const tree = await page.locator('h1').ariaSnapshot();
      expect(tree, accept).to.include('heading "L^p estimates for \\\\bar\\\\partial and \\\\mathbb{Z}_2 -covers" [level=1]').and.include('- math "L^p": L p');
      const serious = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious, accept).to.deep.equal([]);
    }
    await context.close();
    expect(problems).to.deep.equal([]);
  });
});

/** Figures for review, next to the screenshots (test-output/ is git-ignored). */
function writeReport(profile: string, name: string, data: unknown): void {
  const dir = path.join(projectRoot, 'test-output');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `html-${name}-${profile}.json`), `${JSON.stringify(data, null, 2)}\n`);
}
