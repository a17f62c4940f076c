import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { contextDocument } from '../../src/render/jsonld.js';
import type { SiteDocument } from '../../src/site/index.js';
import { variantUrl } from '../../src/site/layout.js';
import { built, servedBytes, servedText } from '../http/support.js';
import { scaleProfiles } from '../support/fixtures.js';
import { writeGeneratedProfile } from '../support/generate.js';
import { embeddedIslands } from '../support/structured-data.js';

/**
 * Outputs that grow linearly with what they hold: every node written in
 * full once in the JSON-LD and in the HTML's schema.org island, their bytes
 * within a constant factor of the N-Triples', and a homepage whose HTML
 * grows with the entries it lists, not with the profile. (That the served
 * JSON-LD reads back as the document's triples, on the same profiles, is
 * test/http/representations.test.ts.)
 */

/** What a document's JSON-LD may add to its N-Triples: its inline context. */
const CONTEXT_HEADER = Buffer.byteLength(JSON.stringify(contextDocument(), null, 2));
const RATIO = 1.5;

/** Every node object written in full (with more than its @id), by @id; blank nodes without a label cannot repeat. */
function fullNodeIds(json: unknown, found: string[] = []): string[] {
  if (Array.isArray(json)) { for (const v of json) fullNodeIds(v, found); return found; }
  if (json === null || typeof json !== 'object') return found;
  const object = json as Record<string, unknown>;
  const keys = Object.keys(object).filter((k) => k !== '@context');
  if (typeof object['@id'] === 'string' && keys.some((k) => k !== '@id')) found.push(object['@id']);
  for (const [k, v] of Object.entries(object)) if (k !== '@context') fullNodeIds(v, found);
  return found;
}

function repeated(ids: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => seen.has(id) || !seen.add(id)))];
}

describe('outputs that grow linearly', function () {
  this.timeout(300_000);

  for (const profile of scaleProfiles) {
    describe(`on the ${profile.name} profile`, () => {
      let b: Awaited<ReturnType<typeof built>>;
      before(async () => { b = await built({ dataDir: profile.dir }); });
      const body = (doc: SiteDocument, suffix: string) => servedBytes(b.representations, new URL(variantUrl(doc.url, suffix)).pathname)!;
      const all = () => [...b.site.documents, b.site.void, b.site.dataset];

      it('writes every document\'s JSON-LD in at most 1.5 times the bytes of its N-Triples, plus the inline context', () => {
        const over: string[] = [];
        for (const doc of all()) {
          const jsonld = body(doc, 'jsonld').length;
          const nt = body(doc, 'nt').length;
          if (jsonld > RATIO * nt + CONTEXT_HEADER) over.push(`${doc.path}: ${jsonld} bytes of JSON-LD, ${nt} of N-Triples`);
        }
        expect(over).to.deep.equal([]);
      });

      it('writes every node in full at most once in each JSON-LD document, and refers to it by @id elsewhere', () => {
        for (const doc of all()) {
          const ids = fullNodeIds(JSON.parse(body(doc, 'jsonld').toString()));
          expect(repeated(ids), doc.path).to.deep.equal([]);
        }
      });

      it('embeds in every page an island with every node in full at most once, within the same bound', () => {
        for (const doc of [...b.site.documents, b.site.void]) {
          const page = servedText(b.representations, doc.path)!;
          const islands = embeddedIslands(page);
          const ids = fullNodeIds(islands);
          expect(repeated(ids), doc.path).to.deep.equal([]);
          const bytes = Buffer.byteLength(JSON.stringify(islands, null, 2));
          expect(bytes, doc.path).to.be.at.most(RATIO * body(doc, 'nt').length + CONTEXT_HEADER);
        }
      });
    });
  }

  describe('the homepage of a profile ten times larger', () => {
    const sizes = [30, 300];
    const pages: Array<{ bytes: number; entries: number; works: number; html: string }> = [];
    const dirs: string[] = [];
    before(async () => {
      for (const papers of sizes) {
        const dir = await mkdtemp(path.join(os.tmpdir(), `lodfolio-linear-${papers}-`));
        dirs.push(dir);
        // The same 150 co-authors for both: the generator's pool otherwise grows
        // with the papers, and the 25 papers shown would name more of them.
        await writeGeneratedProfile(dir, { papers, people: 150 });
        const { representations } = await built({ dataDir: dir });
        const html = servedText(representations, '/')!;
        const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
        pages.push({
          html, bytes: Buffer.byteLength(html),
          // What a reader counts as an entry: a list item or an article (a project, a group).
          entries: (main.match(/<li[\s>]|<article[\s>]/g) ?? []).length,
          works: (main.match(/<li class="work[ "]/g) ?? []).length,
        });
      }
    });
    after(async () => { for (const dir of dirs) await rm(dir, { recursive: true, force: true }); });

    it('grows by at most 2 KB per entry it lists more', () => {
      const [small, large] = pages;
      const grown = large.bytes - small.bytes;
      expect(grown, `${small.bytes} → ${large.bytes} bytes for ${small.entries} → ${large.entries} entries`)
        .to.be.at.most(2048 * Math.max(1, large.entries - small.entries));
    });

    it('lists the 25 most recent publications and links to all of them', () => {
      expect(pages[0].works).to.equal(25);
      expect(pages[1].works).to.equal(25);
      expect(pages[1].html).to.include('The 25 most recent of 300: <a href="/publications/">all publications, by year</a>');
    });
  });
});
