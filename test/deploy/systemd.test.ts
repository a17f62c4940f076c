import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import { projectRoot } from '../../src/config.js';
import { demoDir } from '../support/fixtures.js';
import { builtSite } from './servers.js';

/**
 * The systemd unit docs/building.md gives for `serve --site` on a VM: a unit
 * systemd reads without a complaint, whose command line, started on a built
 * site, serves its pages and its SPARQL endpoint and stops on SIGTERM.
 */

const heading = '`serve --site` on a VM, kept running by systemd';

/** The `ini` block under the heading. */
function documentedUnit(): string {
  const tokens = new MarkdownIt().parse(readFileSync(path.join(projectRoot, 'docs', 'building.md'), 'utf8'), {});
  const at = tokens.findIndex((t, i) => t.type === 'heading_open' && tokens[i + 1].content === heading);
  expect(at, `a heading "${heading}" in docs/building.md`).to.be.at.least(0);
  const block = tokens.slice(at + 1).find((t) => t.type === 'fence' || t.type === 'heading_open');
  expect(block?.type, 'a code block under the heading').to.equal('fence');
  expect(block!.info).to.equal('ini');
  return block!.content;
}

/** The words of the unit's ExecStart (no quoting in it). */
function execStart(unit: string): string[] {
  const line = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  expect(line, 'an ExecStart line').to.be.a('string');
  return line!.slice('ExecStart='.length).trim().split(/\s+/);
}

describe('The systemd unit of the docs, for serve --site on a VM', function () {
  this.timeout(120_000);
  let running: ChildProcess | undefined;
  // Stopped whatever became of the test (a timeout leaves its promise pending).
  after(() => { if (running?.exitCode === null && running.signalCode === null) running.kill('SIGKILL'); });

  it('is a unit systemd-analyze verify accepts without a warning', async function () {
    if (!existsSync('/usr/bin/systemd-analyze')) {
      if (process.env.CI) throw new Error('missing Debian package: systemd');
      console.warn('    skipped: install systemd to run this');
      this.skip();
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'lodfolio-systemd-'));
    try {
      const file = path.join(dir, 'lodfolio.service');
      await writeFile(file, documentedUnit());
      const run = spawnSync('/usr/bin/systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
      expect(run.stderr, 'what systemd-analyze said').to.equal('');
      expect(run.status).to.equal(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts lodfolio with a command line that serves a built site, answers SPARQL, and stops on SIGTERM', async () => {
    const [node, main, ...args] = execStart(documentedUnit());
    expect(path.isAbsolute(node), 'systemd wants an absolute path').to.equal(true);
    expect(main.endsWith('/lodfolio/dist/main.js'), `${main} is the installed package's dist/main.js`).to.equal(true);
    expect(args.slice(0, 2)).to.deep.equal(['serve', '--site']);
    const site = await builtSite(demoDir, '/');
    // The documented words, with this checkout's main.js, the built site and its port in place of the VM's.
    const local = args.map((a, i) => (args[i - 1] === '--site' ? site.root : args[i - 1] === '--port' ? String(site.port) : a));
    const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'main.js'), ...local], { stdio: ['ignore', 'pipe', 'pipe'] });
    running = child;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let said = '';
    try {
      // Its start-up lines (on stdout, as the journal takes them) say where it serves and that the endpoint is loaded.
      await new Promise<void>((resolve, reject) => {
        const hear = (chunk: Buffer) => { said += chunk.toString('utf8'); if (/SPARQL at /.test(said)) resolve(); };
        child.stdout!.on('data', hear);
        child.stderr!.on('data', hear);
        child.once('exit', (code) => reject(new Error(`serve --site exited with ${code}:\n${said}`)));
      });
      const home = await fetch(site.base, { headers: { accept: 'text/html' } });
      expect(home.status).to.equal(200);
      expect(await home.text()).to.contain('<html');
      const query = new URL('sparql', site.base);
      query.searchParams.set('query', 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
      const answer = await fetch(query, { headers: { accept: 'application/sparql-results+json' } });
      expect(answer.status).to.equal(200);
      const n = Number((await answer.json() as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0].n.value);
      expect(n).to.be.above(100);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, `its exit on SIGTERM, after:\n${said}`).to.equal(0);
  });
});
