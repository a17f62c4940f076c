import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { readMicroformats, requireClients } from '../support/clients.js';
import { secondDir } from '../support/fixtures.js';
import { launchChromium, newContext, serveProfile, stayOffline, watch, type ServedSite } from './support.js';

/**
 * A long author line in a list of works, as a reader sees it in Chromium:
 * the second fixture profile with `authorsShown: 3`, so that its paper of
 * eight authors (the owner the fourth) is cut after three.
 */
describe('A list of works\' long author line, in Chromium', function () {
  this.timeout(120_000);
  let dir: string;
  let served: ServedSite;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const line = () => page.locator('li.work:has(details.more-authors) .byline').first();

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-authors-'));
    await cp(secondDir, dir, { recursive: true });
    await writeFile(path.join(dir, 'site.yaml'), 'authorsShown: 3\n');
    served = await serveProfile(dir);
    browser = await launchChromium();
    const context = await newContext(browser);
    // Her photo is on her university's server: answered here, as every test answers other origins.
    await stayOffline(context, served.origin);
    page = await context.newPage();
    problems = watch(page);
    await page.goto(`${served.origin}/`);
  });

  it('gives a microformats reader (mf2py) each of the work\'s authors as a p-author, in order, not the toggle\'s words', async function () {
    requireClients(this, ['mf2py']);
    const html = await (await fetch(`${served.origin}/`)).text();
    const items = (await readMicroformats(html, `${served.origin}/`)).items;
    const cites = items.flatMap(function all(i): typeof items { return [i, ...((i.children ?? []) as typeof items).flatMap(all), ...Object.values(i.properties).flat().filter((v): v is typeof items[number] => typeof v === 'object' && v !== null && 'type' in v).flatMap(all)]; })
      .filter((i) => i.type.includes('h-cite') && String(i.properties.name?.[0]).startsWith('Cross-Lingual Transfer'));
    expect(cites.length).to.be.greaterThan(0);
    for (const cite of cites) {
      expect(cite.properties.author).to.deep.equal(['José Núñez', 'Øyvind Ødegård', 'Chloé Dubois', 'Zoë Ångström-Łukasiewicz', 'Wáng Xiǎoyàn', 'Þórunn Guðmundsdóttir', 'İlkay Çağlar', 'Ngozi Adébáyọ̀']);
    }
  });

  after(async () => {
    await browser?.close();
    await served?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the first three authors and "and 5 more, among them" the owner, then every author in order, in the line, once opened', async () => {
    expect(await line().innerText()).to.equal('José Núñez, Øyvind Ødegård, Chloé Dubois and 5 more, among them Zoë Ångström-Łukasiewicz');
    await line().locator('summary').click();
    const all = 'José Núñez, Øyvind Ødegård, Chloé Dubois, Zoë Ångström-Łukasiewicz, Wáng Xiǎoyàn, Þórunn Guðmundsdóttir, İlkay Çağlar, Ngozi Adébáyọ̀';
    expect(await line().innerText()).to.equal(all);
    // The names go on in the line they started, no block pushed in: the fourth name beside the third.
    const top = (name: string) => line().getByText(name, { exact: true }).evaluate((a) => a.getBoundingClientRect().top);
    expect(await top('Zoë Ångström-Łukasiewicz')).to.equal(await top('Chloé Dubois'));
    await page.emulateMedia({ media: 'print' });
    await page.reload();
    expect(await line().innerText(), 'printed: every author').to.equal(all);
    expect(problems).to.deep.equal([]);
  });
});
