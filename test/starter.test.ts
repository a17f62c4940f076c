import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { buildStatic } from '../src/build.js';
import { isDataFile, starterDir } from '../src/config.js';
import { sharedBuilder } from './support/profile.js';

/** The starter's examples: every data file but profile.yaml, which holds the person and what the examples point at. */
const examples = readdirSync(starterDir).filter(isDataFile).filter((name) => name !== 'profile.yaml').sort();

/** The paths of the site that a built page links to (its own `href="/…"`), without fragment or query. */
function linkedPaths(html: string): string[] {
  return [...html.matchAll(/href="(\/[^"#?]*)/g)].map((m) => m[1]).filter((p) => !p.startsWith('//'));
}

describe('The starter profile, one example to a file', function () {
  this.timeout(120_000);
  let tmp: string;
  before(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-starter-')); });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('holds each example in a file of its own, which no other file refers to', async () => {
    expect(examples.length).to.be.at.least(8);
    const ids = new Map<string, string>();
    const texts = new Map<string, string>();
    for (const name of examples) {
      const text = await readFile(path.join(starterDir, name), 'utf8');
      texts.set(name, text);
      const data = parse(text) as Record<string, Array<{ id: string }>>;
      for (const entries of Object.values(data)) for (const entry of entries) ids.set(entry.id, name);
    }
    texts.set('profile.yaml', await readFile(path.join(starterDir, 'profile.yaml'), 'utf8'));
    // An uncommented mention of an example's id in another file would be a reference that deleting the file leaves dangling.
    const uncommented = (text: string) => text.split('\n').map((line) => line.replace(/(^|\s)#.*$/, '')).join('\n');
    for (const [id, home] of ids) {
      const elsewhere = [...texts].filter(([name, text]) => name !== home && new RegExp(`\\b${id}\\b`).test(uncommented(text))).map(([name]) => name);
      expect(elsewhere, `${id} (${home}) is named in`).to.deep.equal([]);
    }
  });

  /** A copy of the starter without the example files named. */
  const without = async (label: string, left: readonly string[]): Promise<string> => {
    const dir = path.join(tmp, label);
    await cp(starterDir, dir, { recursive: true, filter: (src) => src === starterDir || (isDataFile(path.basename(src)) && !left.includes(path.basename(src))) });
    const files = await readdir(dir);
    expect(files).to.include('profile.yaml');
    expect(files).to.not.include.members([...left]);
    return dir;
  };

  it('validates without any one of its example files', async () => {
    for (const name of examples) {
      const profile = await (await sharedBuilder()).build(await without(name.replace(/\.yaml$/, ''), [name]), 'http://localhost:3000/');
      expect(profile.graph.size, name).to.be.above(100);
    }
  });

  it('builds without every example file, every page\'s links leading to a file of the site', async () => {
    // No example is named by another file (above): what deleting all of them would leave dangling, deleting one would too.
    const dir = await without('bare', examples);
    const out = path.join(dir, 'site');
    const built = await buildStatic({ dataDir: dir, base: 'http://localhost:3000/', out, builder: await sharedBuilder(), lastModified: new Date('2024-05-06T07:08:09Z'), threads: 0 });
    expect(built.triples).to.be.above(100);
    const missing: string[] = [];
    for (const page of ['index.html', 'cv.html']) {
      for (const linked of linkedPaths(await readFile(path.join(out, page), 'utf8'))) {
        const file = linked === '/' ? 'index.html' : linked.endsWith('/') ? `${linked}index.html` : linked;
        if (!existsSync(path.join(out, file)) && !existsSync(path.join(out, `${file}.html`))) missing.push(`${page} → ${linked}`);
      }
    }
    expect(missing).to.deep.equal([]);
  });
});
