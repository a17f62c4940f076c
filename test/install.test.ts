import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { projectRoot } from '../src/config.js';
import { isCompiled } from '../src/worker-entry.js';

const run = promisify(execFile);

/** A command's exit code and output, whether it succeeds or not. */
async function result(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Every file under `dir` with its size and date: what a command that wrote there would change. */
async function snapshot(dir: string): Promise<string[]> {
  const names = (await readdir(dir, { recursive: true })).filter((n) => !n.startsWith('node_modules')).sort();
  return Promise.all(names.map(async (n) => { const s = await stat(path.join(dir, n)); return `${n} ${s.size} ${s.mtimeMs}`; }));
}

/**
 * lodfolio installed as a tool: `npm pack` (which compiles it), and the
 * packed files installed with `npm install -g` into a prefix of their own,
 * then run from a folder outside the checkout. Tests reach no registry, so
 * the packed package is installed as a folder whose dependencies are the
 * checkout's; `npm install -g lodfolio-VERSION.tgz` fetches the same ones.
 */
describe('lodfolio installed with npm pack and npm install -g', function () {
  this.timeout(300_000);
  let tmp: string;
  let lodfolio: string;
  let installed: string;
  let files: string[];
  let work: string;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-install-'));
    // npm pack compiles dist/ first (the prepare script), unless it is current already, as npm test leaves it.
    const current = isCompiled(path.join(projectRoot, 'src'), path.join(projectRoot, 'dist'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp, ...(current ? ['--ignore-scripts'] : [])], { cwd: projectRoot, maxBuffer: 64 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = packed.files.map((f) => f.path);
    const unpacked = path.join(tmp, 'unpacked');
    await mkdir(unpacked);
    await run('tar', ['xzf', path.join(tmp, packed.filename), '-C', unpacked]);
    await symlink(path.join(projectRoot, 'node_modules'), path.join(unpacked, 'package', 'node_modules'));
    const prefix = path.join(tmp, 'prefix');
    await run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', path.join(unpacked, 'package')], { cwd: tmp });
    lodfolio = path.join(prefix, 'bin', 'lodfolio');
    installed = path.join(unpacked, 'package');
    work = path.join(tmp, 'work');
    await mkdir(work);
  });
  after(async () => { if (tmp) await rm(tmp, { recursive: true, force: true }); });

  it('packs the compiled command with the vocabulary, styles, starter profile, stylesheet and example, and nothing of the sources or tests', () => {
    expect(files).to.include('dist/main.js').and.include('ontology/profile.schema.json').and.include('ontology/labels.ttl')
      .and.include('starter/profile.yaml').and.include('public/style.css').and.include('data/person.yaml'); // not read: the example is shipped
    expect(files.some((f) => f.startsWith('styles/csl/'))).to.equal(true);
    expect(files.filter((f) => /^(src|test|bench|scripts)\//.test(f))).to.deep.equal([]);
  });

  it('packs the manual every starter profile points at, and the README links to', async () => {
    const starters = (await readdir(path.join(projectRoot, 'starter'), { recursive: true })).filter((f) => f.endsWith('.yaml'));
    const named = new Set<string>();
    for (const text of [...await Promise.all(starters.map((f) => readFile(path.join(projectRoot, 'starter', f), 'utf8'))), await readFile(path.join(projectRoot, 'README.md'), 'utf8')]) {
      for (const [page] of text.matchAll(/docs\/[\w-]+\.md/g)) named.add(page);
    }
    expect([...named]).to.include('docs/data-format.md');
    for (const page of named) expect(files, page).to.include(page);
  });

  it('runs from any folder: --version, init, validate, and build, which writes the site with its .htaccess', async () => {
    const { version } = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    expect((await result(lodfolio, ['--version'], work)).stdout).to.equal(`lodfolio ${version}\n`);
    const before = await snapshot(installed);
    const init = await result(lodfolio, ['init', 'mine'], work);
    expect(init.code, init.stderr).to.equal(0);
    expect(init.stdout).to.include('lodfolio validate mine').and.not.include('npx');
    const valid = await result(lodfolio, ['validate', 'mine'], work);
    expect(valid.code, valid.stderr).to.equal(0);
    expect(valid.stdout).to.match(/mine: valid, \d+ triples/);
    const built = await result(lodfolio, ['build', '--out', '../site', '--base', 'https://www.uni.example/~me/'], path.join(work, 'mine'));
    expect(built.code, built.stderr).to.equal(0);
    expect(await readFile(path.join(work, 'site', '.htaccess'), 'utf8')).to.include('DirectoryIndex index.var');
    expect(await snapshot(installed), 'the installed package is never written to').to.deep.equal(before);
  });

  it('outside a profile folder, refuses to build or import without DIR, and says that validate shows the built-in example', async () => {
    const empty = path.join(work, 'empty');
    await mkdir(empty);
    await writeFile(path.join(empty, 'refs.bib'), '@article{a, title={A}, author={Lovelace, Ada}, journal={J}, year={1843}}\n');
    const before = await snapshot(installed);
    const build = await result(lodfolio, ['build', '--out', 'site'], empty);
    expect(build.code).to.equal(2);
    expect(build.stderr).to.include('no profile here').and.include('build DIR').and.include('lodfolio init DIR');
    const imported = await result(lodfolio, ['import', 'bibtex', 'refs.bib'], empty);
    expect(imported.code).to.equal(2);
    expect(imported.stderr).to.include('import --into DIR');
    const intoExample = await result(lodfolio, ['import', 'bibtex', 'refs.bib', '--into', path.join(installed, 'data')], empty); // not read: refused before
    expect(intoExample.code).to.equal(2);
    expect(intoExample.stderr).to.include('built-in example');
    const shown = await result(lodfolio, ['validate'], empty);
    expect(shown.code).to.equal(0);
    expect(shown.stderr).to.include('showing the built-in example');
    expect(await readdir(empty)).to.deep.equal(['refs.bib']);
    expect(await snapshot(installed), 'the installed package is never written to').to.deep.equal(before);
  });
});
