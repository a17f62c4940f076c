import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { customDir } from '../support/fixtures.js';
import { launchChromium, serveProfile, stayOffline, type Chromium, type ServedSite } from './support.js';

/**
 * The filter over a list of works (public/filter.js): without script the
 * list is whole and the box hidden; with it, typing leaves the works that
 * have every word typed, and the years that still have one.
 */
describe('The publications filter in Chromium', function () {
  this.timeout(180_000);
  let served: ServedSite;
  let browser: Chromium;
  let page: Page;
  before(async () => {
    served = await serveProfile(customDir);
    browser = await launchChromium();
    await stayOffline(browser.context, served.origin);
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
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
