import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { publicDir } from '../../src/config.js';
import { icons } from '../../src/render/html/links.js';
import { customDir } from '../support/fixtures.js';
import { launchChromium, newContext, runAxe, screenshotDir, serveProfile, stayOffline, type ServedSite } from './support.js';

/** One Chromium for the file; each suite browses in a context of its own. */
let chromium: Browser;
before(async () => { chromium = await launchChromium(); });
after(async () => { await chromium?.close(); });

/**
 * The filter over a list of works (public/filter.js): without script the
 * list is whole and the box hidden; with it, typing leaves the works that
 * have every word typed, and the years that still have one.
 */
describe('The publications filter in Chromium', function () {
  this.timeout(180_000);
  let served: ServedSite;
  let context: BrowserContext;
  let page: Page;
  before(async () => {
    served = await serveProfile(customDir);
    context = await newContext(chromium);
    await stayOffline(context, served.origin);
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await served?.close();
  });

  const shown = () => page.evaluate(() => ({
    works: [...document.querySelectorAll('#publications li.work:not([hidden])')].map((li) => li.querySelector('.title a')!.textContent),
    headings: [...document.querySelectorAll('#publications :is(h3, h4):not([hidden])')].map((h) => h.textContent),
  }));

  it('shows every work and no box without script, and filters as one types with it', async () => {
    await page.goto(served.origin, { waitUntil: 'load' });
    expect(await page.isVisible('#publications-filter')).to.equal(true);
    expect((await shown()).works).to.have.length(4);
    await page.fill('#publications-filter', 'strong');
    expect(await shown()).to.deep.equal({ works: ['The Decline of Strong Verbs in Middle Low German'], headings: ['Aufsätze', '2023'] });
    await page.fill('#publications-filter', '');
    expect((await shown()).works).to.have.length(4);

    await page.route('**/filter.js', (route) => route.abort());
    await page.goto(served.origin, { waitUntil: 'load' });
    expect(await page.isVisible('#publications-filter'), 'the box, without its script').to.equal(false);
    expect((await shown()).works).to.have.length(4);
  });
});

/**
 * The customised profile as a reader sees it, at a desk and on a phone, in
 * light and dark (its theme set to follow the reader, on a copy): no
 * accessibility violation axe-core finds, and screenshots in
 * test-output/screenshots/custom/ for a person to judge.
 */
describe('The customised profile in Chromium', function () {
  this.timeout(180_000);
  let copy: string;
  let served: ServedSite;
  let context: BrowserContext;
  before(async () => {
    copy = path.join(await mkdtemp(path.join(os.tmpdir(), 'lodfolio-custom-')), 'profile');
    await cp(customDir, copy, { recursive: true });
    const site = path.join(copy, 'site.yaml');
    await writeFile(site, (await readFile(site, 'utf8')).replace(/^theme: .*$/m, 'theme: auto'));
    // Accounts on services with an icon (ORCID, Scholar, Mastodon) and on one without (her own site), beside her GitHub.
    const person = path.join(copy, 'profile.yaml');
    await writeFile(person, (await readFile(person, 'utf8')).replace('  sameAs:\n', `  sameAs:\n${[
      'https://orcid.org/0000-0002-1825-0097', 'https://scholar.google.com/citations?user=ines', 'https://fediscience.example/@ines', 'https://ines-albrecht.example/',
    ].map((u) => `    - ${u}\n`).join('')}`));
    served = await serveProfile(copy);
    context = await newContext(chromium);
    await stayOffline(context, served.origin);
  });
  after(async () => {
    await context?.close();
    await served?.close();
    await rm(path.dirname(copy), { recursive: true, force: true });
  });

  it('has no axe-core violation in light or dark, at 1280 and 390 px, and is photographed in each', async () => {
    const dir = path.join(screenshotDir, 'custom');
    await mkdir(dir, { recursive: true });
    const found: Record<string, string[]> = {};
    for (const scheme of ['light', 'dark'] as const) {
      for (const width of [1280, 390]) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(served.origin, { waitUntil: 'load' });
        await page.screenshot({ path: path.join(dir, `home-${width}-${scheme}.png`), fullPage: true });
        found[`${scheme} ${width}`] = (await runAxe(page)).map((v) => `${v.id}: ${v.help} (${v.nodes})`);
        await page.close();
      }
    }
    expect(found).to.deep.equal({ 'light 1280': [], 'light 390': [], 'dark 1280': [], 'dark 390': [] });
  });

  it('shows her accounts and e-mail in the header as icons in the link colour, each named by its service, and a site without an icon by its name', async () => {
    const page = await context.newPage();
    await page.goto(served.origin, { waitUntil: 'load' });
    const row = await page.evaluate(() => [...document.querySelectorAll('header.intro .elsewhere a')].map((a) => {
      const mark = getComputedStyle(a, '::before');
      return {
        name: a.textContent, mask: mark.maskImage === 'none' ? undefined : mark.maskImage.replace(/^url\("?(.*?)"?\)$/, '$1'),
        painted: mark.backgroundColor === getComputedStyle(a).color, width: Math.round(a.getBoundingClientRect().width),
      };
    }));
    await page.close();
    expect(row.map((l) => l.name)).to.deep.equal(['ORCID', 'Google Scholar', 'GitHub', 'ines-albrecht.example', 'Mastodon (fediscience.example)', 'E-Mail']);
    const iconed = row.filter((l) => l.name !== 'ines-albrecht.example');
    expect(iconed.map((l) => new URL(l.mask!).pathname)).to.deep.equal(['/icons/orcid.svg', '/icons/googlescholar.svg', '/icons/github.svg', '/icons/mastodon.svg', '/icons/mail.svg']);
    for (const l of iconed) {
      const answer = await fetch(l.mask!);
      expect([answer.status, answer.headers.get('content-type')], l.mask).to.deep.equal([200, 'image/svg+xml']);
      expect(l.painted, `${l.name}: its icon is painted in the link's colour`).to.equal(true);
      expect(l.width, `${l.name}: an icon, not its name, at least 24 px to tap`).to.be.within(24, 32);
    }
    const text = row.find((l) => l.name === 'ines-albrecht.example')!;
    expect([text.mask, text.width > 60], 'a site with no icon shows its name').to.deep.equal([undefined, true]);
    // Every icon the registry names is a file of public/icons/.
    expect(icons.filter((icon) => !existsSync(path.join(publicDir, 'icons', `${icon}.svg`)))).to.deep.equal([]);
  });
});
