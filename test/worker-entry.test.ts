import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { isCompiled } from '../src/worker-entry.js';

/**
 * The tests run the compiled dist/ for the commands and threads they start
 * only while it is current: a source edited since, or one never compiled,
 * sends them back to the sources.
 */
describe('Telling whether the compiled modules are current', () => {
  let tmp: string;
  const sources = () => path.join(tmp, 'src');
  const compiled = () => path.join(tmp, 'dist');
  const at = (file: string, seconds: number) => utimes(file, seconds, seconds);

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-compiled-'));
    for (const dir of [sources(), compiled()]) await mkdir(path.join(dir, 'http'), { recursive: true });
    for (const [file, seconds] of [['src/main.ts', 100], ['src/http/app.ts', 100], ['src/types.d.ts', 500], ['dist/main.js', 200], ['dist/http/app.js', 200]] as const) {
      await writeFile(path.join(tmp, file), '');
      await at(path.join(tmp, file), seconds);
    }
  });
  afterEach(async () => { await rm(tmp, { recursive: true, force: true }); });

  it('counts them current when every source, in every folder, was compiled no earlier than it was written', async () => {
    expect(isCompiled(sources(), compiled())).to.equal(true);
  });

  it('does not, once one source in a folder is newer than its compiled module', async () => {
    await at(path.join(sources(), 'http', 'app.ts'), 300);
    expect(isCompiled(sources(), compiled())).to.equal(false);
  });

  it('does not when a source was never compiled', async () => {
    await writeFile(path.join(sources(), 'http', 'log.ts'), '');
    await at(path.join(sources(), 'http', 'log.ts'), 100);
    expect(isCompiled(sources(), compiled())).to.equal(false);
  });
});
