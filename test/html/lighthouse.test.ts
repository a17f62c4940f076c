import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import lighthouse from 'lighthouse';
import { projectRoot } from '../../src/config.js';
import { demoDir } from '../support/fixtures.js';
import { chromiumPath, serveProfile, type ServedSite } from './support.js';

/**
 * Lighthouse 12 (the pinned devDependency) on the demo's homepage and one
 * work's page, in one headless Chromium (Debian's, or CHROME_PATH): the
 * categories whose audits read the page as it is (accessibility, best
 * practices, SEO). Performance, a simulation that depends on the machine's
 * load, is measured by `npm run bench:lighthouse` instead. The browser is
 * kept off the network: any host but 127.0.0.1 is unknown to it. The
 * scores and the audits not passed are written to test-output/lighthouse-demo.json.
 */

const categories = ['accessibility', 'best-practices', 'seo'] as const;

/** Chromium with its DevTools protocol on a port of its choosing; the port, read from what it prints once it listens. */
async function startChromium(userDataDir: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.env.CHROME_PATH ?? chromiumPath, [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`, 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const listening = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(said);
      if (listening) resolve(Number(listening[1]));
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}) before listening: ${said}`)));
  });
  child.stderr!.resume();
  return { port, child };
}

describe('Lighthouse on the demo\'s homepage and a work\'s page', function () {
  this.timeout(180_000);
  let served: ServedSite;
  let chromium: { port: number; child: ChildProcess };
  let userDataDir: string;
  /** Page → category → score (0–1), and the audits of each page that did not pass. */
  const scores: Record<string, Record<string, number | null>> = {};
  const failed: Record<string, string[]> = {};

  before(async () => {
    served = await serveProfile(demoDir);
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-lighthouse-'));
    chromium = await startChromium(userDataDir);
    const work = served.site.documents.find((d) => d.path.startsWith('/publications/') && !d.path.endsWith('/'))!.path;
    for (const page of ['/', work]) {
      // Only what the three categories read: no full-page screenshot, no throttling (performance is not scored), no about:blank first.
      const result = await lighthouse(`${served.origin}${page}`, {
        port: chromium.port, onlyCategories: [...categories], logLevel: 'error',
        disableFullPageScreenshot: true, throttlingMethod: 'provided', skipAboutBlank: true,
      });
      const lhr = result!.lhr;
      scores[page] = Object.fromEntries(categories.map((c) => [c, lhr.categories[c].score]));
      const audited = new Set(categories.flatMap((c) => lhr.categories[c].auditRefs.filter((r) => r.weight > 0).map((r) => r.id)));
      failed[page] = [...audited].filter((id) => lhr.audits[id].score !== null && lhr.audits[id].score < 1).map((id) => `${id}: ${lhr.audits[id].title}`);
    }
    await mkdir(path.join(projectRoot, 'test-output'), { recursive: true });
    await writeFile(path.join(projectRoot, 'test-output', 'lighthouse-demo.json'), `${JSON.stringify({ scores, failed }, null, 2)}\n`);
  });

  after(async () => {
    if (chromium) {
      const exited = new Promise((resolve) => chromium.child.once('exit', resolve));
      chromium.child.kill();
      await exited;
    }
    await served?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  it('scores at least 0.95 in accessibility, best practices and SEO on both pages, naming every audit that did not pass', () => {
    expect(Object.keys(scores)).to.have.length(2);
    for (const [page, each] of Object.entries(scores)) {
      for (const c of categories) expect(each[c], `${page} ${c}; audits not passed: ${failed[page].join('; ') || 'none'}`).to.be.at.least(0.95);
    }
  });
});
