import { fork } from 'node:child_process';
import fs from 'node:fs';
import { appendFile, cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildStatic } from '../../src/build.js';
import { BUILD_RECORD, type BuildRecord } from '../../src/publish/build-record.js';
import { fileNameOf, MANIFEST } from '../../src/publish/export.js';
import { SiteBuild } from '../../src/publish/site-builds.js';
import { serveSite } from '../../src/server.js';
import { variantUrl } from '../../src/site/layout.js';
import { commandExecArgv, commandModule } from '../support/command.js';
import { demoDir, secondDir } from '../support/fixtures.js';
import { sharedBuilder } from '../support/profile.js';
import { siteTree } from '../support/site-tree.js';

/**
 * A built site is a link to its current build. `lodfolio build` interrupted
 * as people interrupt it: Ctrl-C, SIGTERM and `kill -9`, each at a chosen
 * step (the build, run with LODFOLIO_PAUSE_BUILD, tells this test over IPC
 * when it has reached the step, and waits there). The site must always be
 * there, whole, and nothing may pile up beside it; `serve --site` must
 * follow the link to each new build as a whole.
 */

/** A build of the second profile into `out`, as a process of its own, that waits at `step` for a message; `paused` resolves when it is there. */
function pausedBuild(out: string, step: string) {
  const child = fork(commandModule, ['build', secondDir, '--out', out], {
    execArgv: commandExecArgv, env: { ...process.env, LODFOLIO_PAUSE_BUILD: step }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
  const paused = new Promise<void>((resolve, reject) => {
    child.on('message', (message: { paused?: string }) => { if (message.paused === step) resolve(); });
    void exited.then(({ code }) => reject(new Error(`the build exited ${code} before it reached ${step}:\n${stderr}`)));
  });
  return { child, paused, exited };
}

/** A build of the second profile into `out`, stopped by `signal` once it reaches `step`; resolves when it has exited. */
async function interruptedBuild(out: string, step: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const build = pausedBuild(out, step);
  await build.paused;
  build.child.kill(signal);
  return build.exited;
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
  /** The current build, its stamps (where its files are on this disk, for the next build) and where its dumps' parts are. */
  const current = async () => {
    const build = path.basename(await readlink(site));
    return [build, `${build}.parts`, `${build}.stamps`];
  };
  const dumps = async () => Promise.all(['dataset.ttl', 'dataset.nt', 'dataset.rdf', 'dataset.jsonld'].map((name) => readFile(path.join(site, name), 'utf8')));

  it('is a link to its build, which is all there is beside it with its stamps and its dumps\' parts', async () => {
    expect((await lstat(site)).isSymbolicLink()).to.equal(true);
    expect((await readdir(builds)).sort()).to.deep.equal(await current());
    expect((await readdir(tmp)).sort()).to.deep.equal(['.site.builds', 'site']);
  });

  it('leaves the site whole at every step, removes its own folder on SIGINT and SIGTERM, and what kill -9 left at the next build', async () => {
    const served = await readlink(site);
    const dumpsBefore = await dumps();
    const stops: Array<[step: string, signal: NodeJS.Signals]> = [
      ['written', 'SIGINT'], ['linked', 'SIGTERM'], ['written', 'SIGKILL'], ['linked', 'SIGKILL'],
    ];
    for (const [step, signal] of stops) {
      const { signal: exitedBy } = await interruptedBuild(site, step, signal);
      expect(exitedBy, `${signal} at ${step}`).to.equal(signal);
      // The old build is still the site, whole.
      expect(await readlink(site), `${signal} at ${step}`).to.equal(served);
      expect((await manifestOf()).base).to.be.a('string');
      expect(await dumps(), `${signal} at ${step}`).to.deep.equal(dumpsBefore);
      // Ctrl-C and SIGTERM take their folder with them; only kill -9 leaves one (and its link, once linked).
      const left = (await readdir(builds)).filter((name) => ![served, `${served}.stamps`, `${served}.parts`].includes(`.site.builds/${name}`));
      if (signal !== 'SIGKILL') expect(left, `${signal} at ${step}`).to.deep.equal([]);
    }
    // Each build removes what the dead before it left: only the last kill -9's folder, stamps, parts and link are there.
    expect((await readdir(builds)).length).to.equal(7);
    await fullBuild(site);
    expect(await dumps()).to.deep.equal(dumpsBefore);
    // And the build it replaced is kept as the spare, for the next one to update.
    expect((await readdir(builds)).sort()).to.deep.equal([...await current(), 'spare']);
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
    // A spare there already (two builds finished at once): the old build goes.
    await mkdir(path.join(tmp, '.site.builds', 'spare', 'works'), { recursive: true });
    await writeFile(path.join(tmp, '.site.builds', 'spare', 'works', 'a.html'), 'older');
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

describe('A rebuild over the spare (the build the current one replaced), updated in place', function () {
  this.timeout(300_000);
  let tmp: string;
  /** The second profile with one title changed. */
  let edited: string;
  /** A site built from the second profile, then from the edited one: its spare is the first build. */
  let site: string;
  let builds: string;
  /** The names and bytes of a fresh build of the second profile. */
  let fresh: Array<[string, string]>;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-spare-'));
    edited = path.join(tmp, 'edited');
    await cp(secondDir, edited, { recursive: true });
    const works = path.join(edited, 'works.yaml');
    await writeFile(works, (await readFile(works, 'utf8')).replace('name: "Tokenisation', 'name: "Revisited, Tokenisation'));
    site = path.join(tmp, 'spare', 'site');
    builds = path.join(tmp, 'spare', '.site.builds');
    for (const dataDir of [secondDir, edited]) await fullBuild(site, dataDir);
    await fullBuild(path.join(tmp, 'fresh', 'site'));
    fresh = hashes(await siteTree(path.join(tmp, 'fresh', 'site')));
  });
  after(async () => { await rm(tmp, { recursive: true, force: true }); });

  const hashes = (tree: Map<string, { hash: string }>) => [...tree].map(([name, { hash }]): [string, string] => [name, hash]);
  const spare = () => path.join(builds, 'spare');
  const inode = async (file: string) => (await lstat(file)).ino;

  it('gives the names and bytes a fresh build gives, and the dates a rebuild without a spare gives; the spare shares every unchanged file with the site', async () => {
    const spareFolder = await inode(spare());
    const replaced = await inode(await realpath(site));
    await fullBuild(site);
    // The spare became this build; the build it replaced is the spare now.
    expect(await inode(await realpath(site))).to.equal(spareFolder);
    expect(await inode(spare())).to.equal(replaced);
    expect((await readdir(builds)).sort()).to.deep.equal([path.basename(await readlink(site)), `${path.basename(await readlink(site))}.parts`, `${path.basename(await readlink(site))}.stamps`, 'spare']);
    const updated = await siteTree(site);
    expect(hashes(updated)).to.deep.equal(fresh);
    // The same three builds, each into an empty folder.
    const other = path.join(tmp, 'no-spare', 'site');
    for (const dataDir of [secondDir, edited, secondDir]) {
      await rm(path.join(tmp, 'no-spare', '.site.builds', 'spare'), { recursive: true, force: true });
      await fullBuild(other, dataDir);
    }
    expect([...updated]).to.deep.equal([...await siteTree(other)]);
    // A page the edit did not reach is one file in both; the edited work's page is two.
    const record = JSON.parse(await readFile(path.join(site, BUILD_RECORD), 'utf8')) as BuildRecord;
    const pages = Object.entries(record.documents).filter(([, { files }]) => files.some(([suffix]) => suffix === 'html')).map(([p]) => `${fileNameOf(variantUrl(p, ''), '/')}html`);
    const shared = await Promise.all(pages.map(async (page) => await inode(path.join(site, page)) === await inode(path.join(spare(), page))));
    expect(shared.filter((same) => !same).length).to.be.greaterThan(0);
    expect(shared.filter((same) => same).length).to.be.greaterThan(pages.length / 2);
  });

  it('notices a file of the site edited by hand in place (the spare sees the edit: it is the same file) or replaced, and makes it again', async () => {
    const record = JSON.parse(await readFile(path.join(site, BUILD_RECORD), 'utf8')) as BuildRecord;
    const person = Object.keys(record.documents).find((p) => p.startsWith('/people/'))!;
    const stem = fileNameOf(variantUrl(person, ''), '/');
    await fullBuild(site, edited);
    await fullBuild(site);
    expect(await inode(path.join(site, `${stem}html`))).to.equal(await inode(path.join(spare(), `${stem}html`)));
    await appendFile(path.join(site, `${stem}html`), '<!-- edited -->');
    await writeFile(path.join(site, `${stem}ttl.new`), 'edited\n');
    await rename(path.join(site, `${stem}ttl.new`), path.join(site, `${stem}ttl`));
    await fullBuild(site);
    expect(hashes(await siteTree(site))).to.deep.equal(fresh);
  });

  it('lets two builds run at once: one updates the spare, the other builds into an empty folder, and the last to finish is the site', async () => {
    expect(await lstat(spare()).then((info) => info.isDirectory())).to.equal(true);
    const slow = pausedBuild(site, 'updated');
    await slow.paused;
    // The spare is the slow build's: this one starts from an empty folder.
    expect(await lstat(spare()).catch(() => undefined)).to.equal(undefined);
    await fullBuild(site, edited);
    expect(await lstat(spare()).then((info) => info.isDirectory())).to.equal(true);
    slow.child.send('go on');
    expect((await slow.exited).code).to.equal(0);
    // The fresh build's tree, but the two files that name the code that made them (compiled, here; run from source, there).
    const byCode = [BUILD_RECORD, '.lodfolio-negotiate.js'];
    expect(hashes(await siteTree(site)).filter(([name]) => !byCode.includes(name))).to.deep.equal(fresh.filter(([name]) => !byCode.includes(name)));
    // Nothing beside the site, its stamps and the spare (the build it replaced, the other one's).
    expect((await readdir(builds)).sort()).to.deep.equal([path.basename(await readlink(site)), `${path.basename(await readlink(site))}.parts`, `${path.basename(await readlink(site))}.stamps`, 'spare']);
  });

  it('leaves the site whole when killed (kill -9) while updating the spare, which the next build removes as a dead builder\'s, and builds whole', async () => {
    await fullBuild(site, edited);
    const served = await readlink(site);
    const before = await siteTree(site);
    const { signal } = await interruptedBuild(site, 'updated', 'SIGKILL');
    expect(signal).to.equal('SIGKILL');
    expect(await readlink(site)).to.equal(served);
    expect([...await siteTree(site)]).to.deep.equal([...before]);
    // The spare it claimed, half updated, its stamps and its dumps' parts: no spare is left.
    expect((await readdir(builds)).filter((name) => ![path.basename(served), `${path.basename(served)}.stamps`, `${path.basename(served)}.parts`].includes(name)).length).to.equal(3);
    await fullBuild(site);
    expect(hashes(await siteTree(site))).to.deep.equal(fresh);
    expect((await readdir(builds)).sort()).to.deep.equal([path.basename(await readlink(site)), `${path.basename(await readlink(site))}.parts`, `${path.basename(await readlink(site))}.stamps`, 'spare']);
  });
});
