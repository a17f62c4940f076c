import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { parseRdf, sameTriples } from '../http/support.js';
import { fixturesDir } from '../support/profile.js';
import { islandQuads, islandTriples, lexical, splitBreadcrumbs } from '../support/structured-data.js';
import { COLOR_SCHEME_SCRIPT } from '../../src/render/html/color-scheme.js';
import { launchChromium, newContext, serveProfile, watch, type ServedSite } from './support.js';

/**
 * A profile whose texts try to break out of the page (test/fixtures/html/
 * hostile/: </script>, <!--, <img onerror>, <svg onload>, quotes, &),
 * served by the real app and opened in Chromium. Every payload that ran
 * would set window.__pwned or open a dialog.
 */
describe('hostile data in the pages, in Chromium', function () {
  this.timeout(120_000);
  let served: ServedSite;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const dialogs: string[] = [];
  /** Every page, loaded once: its status, what loading reported, what its DOM holds, its two data blocks. */
  const visits = new Map<string, { status?: number; problems: string[]; state: PageState; blocks: { jsonld: string[]; turtle: string[] } }>();

  before(async () => {
    served = await serveProfile(path.join(fixturesDir, 'html', 'hostile'));
    browser = await launchChromium();
    page = await (await newContext(browser)).newPage();
    problems = watch(page);
    page.on('dialog', (d) => { dialogs.push(`${page.url()}: ${d.type()} ${d.message()}`); void d.dismiss(); });
    for (const doc of documents()) {
      problems.length = 0;
      const response = await page.goto(`${served.origin}${doc.path}`, { waitUntil: 'load' });
      const { state, blocks } = await page.evaluate(() => ({
        state: {
          pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
          made: document.querySelectorAll('img, svg, iframe, object, embed, [onerror], [onload], [onmouseover], b').length,
          scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('type') ?? s.getAttribute('src') ?? s.textContent),
          comments: document.createTreeWalker(document, NodeFilter.SHOW_COMMENT).nextNode() !== null,
        },
        blocks: {
          jsonld: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent ?? ''),
          turtle: [...document.querySelectorAll('script[type="text/turtle"]')].map((s) => s.textContent ?? ''),
        },
      }));
      visits.set(doc.path, { status: response?.status(), problems: [...problems], state, blocks });
    }
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  const documents = () => [...served.site.documents, served.site.void];

  it('runs no script on any page: no dialog, no flag set, no element made from the data', () => {
    expect(served.site.documents.length).to.be.at.least(8);
    expect([...visits.keys()]).to.deep.equal(documents().map((doc) => doc.path));
    for (const doc of documents()) {
      const { status, problems, state } = visits.get(doc.path)!;
      expect(status, doc.path).to.equal(200);
      expect(state.pwned, doc.path).to.equal(null);
      expect(state.made, `${doc.path}: elements made from the data`).to.equal(0);
      // The site's own dark mode switch, word for word, the data blocks, and where there is a list of works the site's own filter (public/filter.js), nothing else.
      expect(state.scripts.filter((s) => s !== '/filter.js'), doc.path).to.deep.equal([COLOR_SCHEME_SCRIPT, 'application/ld+json', 'text/turtle']);
      expect(COLOR_SCHEME_SCRIPT, 'the switch\'s script reads the same as XHTML: no < or &').to.not.match(/[<&]/);
      expect(state.comments, `${doc.path}: a comment opened by the data`).to.equal(false);
      expect(problems, doc.path).to.deep.equal([]);
    }
    expect(dialogs).to.deep.equal([]);
  });

  it('shows the hostile texts as text, in the body, the title and the metadata', async () => {
    await page.goto(`${served.origin}/`);
    const shown = await page.evaluate(() => ({
      title: document.title,
      h1: document.querySelector('h1')?.textContent,
      body: document.body.textContent ?? '',
      description: document.querySelector('meta[name="description"]')?.getAttribute('content'),
    }));
    const name = 'Mallory </title><script>window.__pwned = \'title\'</script> "Quote" & \'Apostrophe\'';
    expect(shown.title).to.equal(name);
    expect(shown.h1).to.equal(name);
    expect(shown.body).to.include('Bio </script><script>window.__pwned = \'script\'</script> and <!-- an open comment, then <img src=x onerror="window.__pwned=\'img\';alert(1)"> & more ]]> &amp; &#60;');
    expect(shown.body).to.include('Chief <script>alert(\'role\')</script> Officer');
    expect(shown.description).to.include('Summary <svg onload="window.__pwned=\'svg\'"> with </script>');
    await page.goto(`${served.origin}/publications/paper`);
    const pdf = await page.evaluate(() => document.querySelector('meta[name="citation_pdf_url"]')?.getAttribute('content'));
    expect(pdf, 'a PDF URL with & and \' survives the attribute').to.equal('https://example.org/paper.pdf?a=1&b=\'2\'');
  });

  it('keeps both data blocks whole on every page: the island holds the schema.org triples, the Turtle block every triple', async () => {
    for (const doc of documents()) {
      const url = `${served.origin}${doc.path}`;
      const { blocks } = visits.get(doc.path)!;
      expect(blocks.jsonld, doc.path).to.have.length(1);
      expect(blocks.turtle, doc.path).to.have.length(1);
      for (const block of blocks.jsonld) expect(block, `${doc.path}: no raw < in the JSON-LD`).to.not.include('<');
      // Inside the Turtle block, < only opens an absolute IRI: data cannot write </script, <!-- or ]]> there.
      const inside = /^\n# <!\[CDATA\[\n([\s\S]*)# \]\]>\n$/.exec(blocks.turtle[0])?.[1];
      expect(inside, `${doc.path}: the Turtle in its commented CDATA markers`).to.be.a('string');
      expect(inside, `${doc.path}: a < that is not an IRI's`).to.not.match(/<(?![a-z][a-z0-9+.-]*:)/i);
      expect(inside, `${doc.path}: ]]> inside the CDATA section`).to.not.include(']]>');
      expect(inside, `${doc.path}: </script in the block`).to.not.match(/<\/script/i);
      const fromTurtle = await parseRdf(await (await fetch(url, { headers: { accept: 'text/turtle' } })).text(), 'text/turtle', url);
      expect(sameTriples(await parseRdf(blocks.turtle[0], 'text/turtle', url), fromTurtle), `${doc.path}: the Turtle block`).to.equal(true);
      expect(sameTriples(await parseRdf(blocks.turtle[0], 'text/turtle', url), doc.slice()), doc.path).to.equal(true);
      const island = lexical(blocks.jsonld.length === 0 ? [] : splitBreadcrumbs(await islandQuads(JSON.parse(blocks.jsonld[0]) as object)).rest);
      expect(sameTriples(island, lexical(islandTriples(fromTurtle, served.base))), `${doc.path}: the island`).to.equal(true);
    }
  });
});

/** What a page's DOM holds that a payload would have changed. */
interface PageState { pwned: unknown; made: number; scripts: Array<string | null>; comments: boolean }
