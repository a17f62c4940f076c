import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { resolveConfig } from '../../src/config.js';
import { serve, type Serving } from '../../src/server.js';
import { demoDir } from '../support/fixtures.js';
import { launchChromium, newContext, watch } from './support.js';

/**
 * What the scholar sees in Chromium while she edits under `lodfolio serve
 * --watch`: the open page reloads with her change when it is published, and
 * shows the problems of a change that was refused, over the last good version,
 * until she fixes it. (The events themselves: test/http/live-reload.test.ts.)
 */
describe('a page open in Chromium under serve --watch', function () {
  this.timeout(120_000);
  let dir: string;
  let serving: Serving;
  let chromium: Browser;
  let page: Page;
  let problems: string[];
  const home = () => `http://127.0.0.1:${serving.listening.port}/`;
  /** Resolves once the page listens to the server (its event stream is open). */
  const listening = () => page.waitForResponse((r) => r.url().endsWith('/.lodfolio/events') && r.status() === 200);

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-live-browser-'));
    await cp(demoDir, dir, { recursive: true });
    serving = await serve(resolveConfig({ dataDir: dir, port: 0, host: '127.0.0.1' }, {}), { write: () => {}, sparql: false, watch: () => {} });
    chromium = await launchChromium();
    page = await (await newContext(chromium)).newPage();
    problems = watch(page);
  });
  after(async () => {
    await chromium?.close();
    await serving?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a refused change\'s problems with file and line over the page, and reloads with the change once it is fixed', async () => {
    const person = path.join(dir, 'person.yaml');
    const original = await readFile(person, 'utf8');
    const open = listening();
    await page.goto(home());
    await open;
    expect(await page.locator('h1').first().textContent()).to.equal('Jonathan Mace');

    // A YAML mistake: a box over the page names the file and the line; the page stays as it was.
    await writeFile(person, `${original}\nname: [unclosed\n`);
    const box = page.getByRole('alert');
    await box.waitFor();
    expect(await box.locator('p').textContent()).to.equal('Not published: 1 problem in the profile. This page shows the last valid version.');
    expect(await box.locator('li').first().textContent()).to.match(/person\.yaml:\d+/);
    expect(await page.locator('h1').first().textContent()).to.equal('Jonathan Mace');

    // Fixed, with a new name: the page reloads by itself and shows it, without the box.
    const reloaded = page.waitForEvent('load');
    await writeFile(person, original.replace('name: Jonathan Mace', 'name: Jonathan Q. Mace'));
    await reloaded;
    expect(await page.locator('h1').first().textContent()).to.equal('Jonathan Q. Mace');
    expect(await page.getByRole('alert').count()).to.equal(0);
    // (The reload ends the old page's stream: the one request the browser calls aborted.)
    expect(problems.filter((p) => !/\/\.lodfolio\/events net::ERR_ABORTED$/.test(p))).to.deep.equal([]);
  });
});
