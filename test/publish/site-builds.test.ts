import { fork } from 'node:child_process';
import fs from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildStatic } from '../../src/build.js';
import { MANIFEST } from '../../src/publish/export.js';
import { SiteBuild } from '../../src/publish/site-builds.js';
import { serveSite } from '../../src/server.js';
import { commandExecArgv, commandModule } from '../support/command.js';
import { demoDir, secondDir } from '../support/fixtures.js';
import { sharedBuilder } from '../support/profile.js';

/**
 * A built site is a link to its current build. `lodfolio build` interrupted
 * as people interrupt it: Ctrl-C, SIGTERM and `kill -9`, each at a chosen
 * step (the build, run with LODFOLIO_PAUSE_BUILD, tells this test over IPC
 * when it has reached the step, and waits there). The site must always be
 * there, whole, and nothing may pile up beside it; `serve --site` must
 * follow the link to each new build as a whole.
 */

/** A build of the second profile into `out`, stopped by `signal` once it reaches `step`; resolves when it has exited. */
function interruptedBuild(out: string, step: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = fork(commandModule, ['build', secondDir, '--out', out], {
    execArgv: commandExecArgv, env: { ...process.env, LODFOLIO_PAUSE_BUILD: step }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk; });
  child.on('message', (message: { paused?: string }) => { if (message.paused === step) child.kill(signal); });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, exitSignal) => {
      if (code !== null) reject(new Error(`the build exited ${code} before it was stopped at ${step}:\n${stderr}`));
      else resolve({ code, signal: exitSignal });
    });
  });
}

/** A build that finishes, in this process. */
async function fullBuild(out: string, dataDir = secondDir): Promise<void> {
  await buildStatic({ dataDir, base: 'http://localhost:3000/', out, builder: await sharedBuilder() });
}

describe('A built site and its builds', function () {
  this.timeout(300_000);
  let tmp: string;
  let site: string;
  let builds: string;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-interrupted-'));
    site = path.join(tmp, 'site');
    builds = path.join(tmp, '.site.builds');
    await fullBuild(site);
  });
  after(async () => { await rm(tmp, { recursive: true, force: true }); });

  const manifestOf = async () => JSON.parse(await readFile(path.join(site, MANIFEST), 'utf8')) as { base: string };
  /** The current build and its stamps (where its files are on this disk, for the next build). */
  const current = async () => [path.basename(await readlink(site)), `${path.basename(await readlink(site))}.stamps`];

  it('is a link to its build, which is all there is beside it with its stamps', async () => {
    expect((await lstat(site)).isSymbolicLink()).to.equal(true);
    expect((await readdir(builds)).sort()).to.deep.equal(await current());
    expect((await readdir(tmp)).sort()).to.deep.equal(['.site.builds', 'site']);
  });

  it('leaves the site whole at every step, removes its own folder on SIGINT and SIGTERM, and what kill -9 left at the next build', async () => {
    const served = await readlink(site);
    const stops: Array<[step: string, signal: NodeJS.Signals]> = [
      ['written', 'SIGINT'], ['linked', 'SIGTERM'], ['written', 'SIGKILL'], ['linked', 'SIGKILL'],
    ];
    for (const [step, signal] of stops) {
      const { signal: exitedBy } = await interruptedBuild(site, step, signal);
      expect(exitedBy, `${signal} at ${step}`).to.equal(signal);
      // The old build is still the site, whole.
      expect(await readlink(site), `${signal} at ${step}`).to.equal(served);
      expect((await manifestOf()).base).to.be.a('string');
      // Ctrl-C and SIGTERM take their folder with them; only kill -9 leaves one (and its link, once linked).
      const left = (await readdir(builds)).filter((name) => ![served, `${served}.stamps`].includes(`.site.builds/${name}`));
      if (signal !== 'SIGKILL') expect(left, `${signal} at ${step}`).to.deep.equal([]);
    }
    // Each build removes what the dead before it left: only the last kill -9's folder, stamps and link are there.
    expect((await readdir(builds)).length).to.equal(5);
    await fullBuild(site);
    expect((await readdir(builds)).sort()).to.deep.equal(await current());
    expect(await readlink(site)).to.not.equal(served);
    expect((await readdir(tmp)).sort()).to.deep.equal(['.site.builds', 'site']);
  });

  it('is served by serve --site from one build at a time, the new one once the link names it, and never through a link out of the site', async () => {
    const outside = path.join(tmp, 'outside.txt');
    await writeFile(outside, 'not the site\n');
    // A file of the build replaced by a link to a file elsewhere.
    await rm(path.join(site, 'robots.txt'));
    await symlink(outside, path.join(site, 'robots.txt'));
    const notices: string[] = [];
    const serving = await serveSite({ port: 0, host: '127.0.0.1' }, site, { write: () => {}, warn: (m) => notices.push(m), sparql: false });
    try {
      const origin = `http://127.0.0.1:${serving.listening.port}`;
      const title = async (p: string) => {
        const response = await fetch(`${origin}${p}`, { headers: { accept: 'text/html' } });
        return { status: response.status, title: /<title>([^<]*)<\/title>/.exec(await response.text())?.[1] };
      };
      expect((await fetch(`${origin}/robots.txt`)).status).to.equal(404);
      const before = await title('/');
      expect(before.title).to.include('Zoë Ångström-Łukasiewicz');
      const onlyBefore = '/people/jose-nunez'; // (of the second profile, not the demo)
      expect((await title(onlyBefore)).status).to.equal(200);
      await fullBuild(site, demoDir);
      // The next request is answered from the new build alone: its homepage, and no page of the old.
      expect((await title('/')).title).to.include('Jonathan Mace');
      expect((await title(onlyBefore)).status).to.equal(404);
      expect(notices.some((m) => m.includes('serving the new build'))).to.equal(true);
    } finally {
      await serving.stop();
    }
  });
});

describe('Publishing a build over the one before', () => {
  let tmp: string;
  beforeEach(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-publish-')); });
  afterEach(async () => { await rm(tmp, { recursive: true, force: true }); });

  it('publishes the new build and removes the old one even when another build removes parts of it at the same time', async () => {
    const site = path.join(tmp, 'site');
    const first = await SiteBuild.begin(site);
    await mkdir(path.join(first.dir, 'works'));
    for (const name of ['index.html', 'works/a.html', 'works/b.html']) await writeFile(path.join(first.dir, name), 'old');
    await first.publish();
    const second = await SiteBuild.begin(site);
    await writeFile(path.join(second.dir, 'index.html'), 'new');
    // The other build's removal of the same old build: each of its files is gone by the time this one unlinks it.
    const unlink = fs.unlinkSync;
    fs.unlinkSync = (file) => { unlink(file); if (String(file).startsWith(first.dir)) unlink(file); };
    syncBuiltinESMExports();
    try {
      await second.publish();
    } finally {
      fs.unlinkSync = unlink;
      syncBuiltinESMExports();
    }
    expect(await readFile(path.join(site, 'index.html'), 'utf8')).to.equal('new');
    expect(await lstat(first.dir).catch(() => undefined)).to.equal(undefined);
  });
});
