import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { RenderThreads } from '../../src/publish/render-threads.js';
import type { DocumentFormat } from '../../src/formats.js';
import { built, testLastModified } from '../http/support.js';
import { demoDir } from '../support/fixtures.js';

/** The render threads of `lodfolio build`, on their own: documents in, files out, errors back. */
describe('The render threads of the export', function () {
  this.timeout(60_000);
  let tmp: string;
  before(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-threads-')); });
  after(async () => { await rm(tmp, { recursive: true, force: true }); });

  async function setupFor(dir: string) {
    const { representations } = await built({ dataDir: demoDir });
    return { setup: { dir, lastModified: testLastModified.getTime(), basePath: '/', frame: representations.frame, precompress: true, inPlace: false }, representations };
  }

  it('write a document\'s files as the main thread does, and say which they wrote', async () => {
    const [onThread, inline] = [path.join(tmp, 'thread'), path.join(tmp, 'inline')];
    const { setup, representations } = await setupFor(onThread);
    const work = representations.resources.find((r) => r.source?.citation)!;
    const threads = new RenderThreads(1, setup);
    const local = new RenderThreads(0, { ...setup, dir: inline });
    try {
      const [a, b] = [await threads.render(work.source!), await local.render(work.source!)];
      // The same files but for their inodes, each folder's own.
      const withoutInode = ([name, size, digest, , mtime, changed]: (typeof a)[number]) => [name, size, digest, mtime, changed];
      expect(a.map(withoutInode)).to.deep.equal(b.map(withoutInode));
      expect(a.map(([name]) => name)).to.include.members(['publications/' + path.basename(work.path) + '.html', 'publications/' + path.basename(work.path) + '.apa.txt']);
      for (const [name, size, , ino, mtime] of a) {
        const [x, y] = [await readFile(path.join(onThread, name)), await readFile(path.join(inline, name))];
        expect(x.length, name).to.equal(size);
        expect(x.equals(y), name).to.equal(true);
        const info = await stat(path.join(onThread, name), { bigint: true });
        expect([info.ino.toString(), info.mtimeNs.toString()], name).to.deep.equal([ino, mtime]);
      }
    } finally {
      await threads.close();
      await local.close();
    }
  });

  it('reject a document they cannot render with the thread\'s error, and go on with the next', async () => {
    const dir = path.join(tmp, 'errors');
    const { setup, representations } = await setupFor(dir);
    const doc = representations.resources.find((r) => r.source)!.source!;
    const threads = new RenderThreads(2, setup);
    try {
      let failure: Error | undefined;
      try { await threads.render({ ...doc, formats: ['no-such-format' as DocumentFormat] }); } catch (error) { failure = error as Error; }
      expect(failure?.message).to.match(/TypeError/);
      expect(await threads.render(doc)).to.have.length.greaterThan(5);
    } finally {
      await threads.close();
    }
    expect(await readdir(dir)).to.not.be.empty;
  });

  it('fail every waiting document when a thread stops, and every later one', async () => {
    const { setup, representations } = await setupFor(path.join(tmp, 'stopped'));
    const docs = representations.resources.filter((r) => r.source).slice(0, 4).map((r) => r.source!);
    const threads = new RenderThreads(1, setup);
    const waiting = docs.map((d) => threads.render(d).then(() => 'written', (e: Error) => e.message));
    await (threads as unknown as { slots: Array<{ worker: { terminate(): Promise<number> } }> }).slots[0].worker.terminate();
    const outcomes = await Promise.all(waiting);
    expect(outcomes.at(-1)).to.match(/a render thread stopped/);
    let later: Error | undefined;
    try { await threads.render(docs[0]); } catch (error) { later = error as Error; }
    expect(later?.message).to.match(/a render thread stopped/);
    await threads.close();
  });
});
