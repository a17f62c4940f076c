import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../src/config.js';
import type { Representations } from '../../src/publish/representations.js';
import { createServer } from '../../src/server.js';
import type { Site } from '../../src/site/index.js';
import { testLastModified } from '../http/support.js';
import { sharedBuilder } from '../support/profile.js';

/** Debian's Chromium, which .ci/run installs when it is missing. */
export const chromiumPath = '/usr/bin/chromium';

/** Where the browser tests write screenshots for review (git-ignored), one folder per profile. */
export const screenshotDir = path.join(projectRoot, 'test-output', 'screenshots');

export interface ServedSite {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The base the site was built for: the same origin, so absolute links (canonical, og:url) resolve too. */
  base: string;
  site: Site;
  representations: Representations;
  close: () => Promise<void>;
}

/**
 * The real server (`createServer`, documents only) on an ephemeral
 * 127.0.0.1 port, built for a base on that very port: what
 * `lodfolio serve --port 0 DIR` does, in process, for a fixture folder.
 */
export async function serveProfile(dataDir: string): Promise<ServedSite> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const base = `${origin}/`;
  try {
    const { site, representations, app } = await createServer({ dataDir, base, lastModified: testLastModified, sparql: false, builder: await sharedBuilder() });
    server.on('request', app);
    return {
      origin, base, site, representations,
      close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    };
  } catch (error) {
    server.close();
    throw error;
  }
}

/**
 * Headless Chromium, launched once per test file (a root `before`, closed in
 * a root `after`); each suite opens a context of its own in it. A missing
 * Chromium fails the suite with what to install: these tests never skip.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not installed at ${chromiumPath}: the browser tests need Debian's chromium package ` +
      '(apt-get install chromium; .ci/run installs it when it is missing)');
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context (its own cookies, storage and routes) at 1280 × 900: what one suite browses in. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // tsx compiles the functions these tests pass to page.evaluate with esbuild,
  // which names arrow functions through a helper the page does not have.
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  return context;
}

/** A 1×1 transparent PNG. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/**
 * Keeps the browser off the network: a request to another origin (a photo
 * the data links to) gets a 1×1 PNG if it is an image, and fails otherwise,
 * so that a page needing anything else from elsewhere shows as a failed
 * request. Returns the URLs the pages asked other origins for.
 */
export async function stayOffline(context: BrowserContext, origin: string): Promise<Set<string>> {
  const asked = new Set<string>();
  await context.route((url) => url.origin !== origin, async (route) => {
    asked.add(route.request().url());
    if (route.request().resourceType() === 'image') await route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL });
    else await route.abort('blockedbyclient');
  });
  return asked;
}

/** Problems a page reports while loading: console errors, uncaught exceptions, failed requests. */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return problems;
}

let axeSource: Promise<string> | undefined;

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }

/**
 * axe-core, run in the page as it is loaded (its script evaluated in the page's own world, as a script
 * tag would run it: by evaluation, Chromium spends about 0.1 s of CPU less a page on its 500 kB than by a
 * script tag of its text; bench/README.md, "The test suite"), on the whole document.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(`${await axeSource}\n;undefined`);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
}

/**
 * The pages worth checking one of: `/`, and for each kind of entity (the
 * schema.org types of a document's root: a person, a paper, a book, a
 * project, an organisation, an award, a news item, a course…) the page with
 * the most triples; and the VoID description.
 */
export function onePagePerType(site: Site): string[] {
  const best = new Map<string, { path: string; size: number }>();
  for (const d of site.documents) {
    if (d.url === site.base || !d.root) continue;
    const quads = d.slice();
    const type = quads.filter((q) => q.subject.value === d.root && q.predicate.value === RDF_TYPE && q.object.value.startsWith(SCHEMA))
      .map((q) => q.object.value).sort().join(' ');
    const current = best.get(type);
    if (!current || quads.length > current.size) best.set(type, { path: d.path, size: quads.length });
  }
  return ['/', ...[...best.values()].map((b) => b.path).sort(), site.void.path];
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SCHEMA = 'http://schema.org/';
