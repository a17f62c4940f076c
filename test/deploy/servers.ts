import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context } from 'mocha';
import { buildStatic } from '../../src/build.js';
import { serverConfig } from '../../src/deploy/command.js';
import { testLastModified } from '../http/support.js';
import { sharedBuilder } from '../support/profile.js';

/**
 * Debian's nginx and Apache httpd, started by the tests as unprivileged
 * foreground processes (each in its own process group) on a loopback port,
 * everything they write under a temporary prefix, serving a site `lodfolio
 * build` wrote with the config `lodfolio server-config` generates.
 */

export type ServerName = 'nginx' | 'apache';

const binaries: Record<ServerName, { bin: string; pkg: string }> = {
  nginx: { bin: '/usr/sbin/nginx', pkg: 'nginx' },
  apache: { bin: '/usr/sbin/apache2', pkg: 'apache2' },
};

/** In a `before` hook: fails under CI when the server is missing, skips elsewhere. */
export function requireServer(context: Context, name: ServerName): void {
  const { bin, pkg } = binaries[name];
  if (existsSync(bin) && spawnSync(bin, ['-v']).status === 0) return;
  if (process.env.CI) throw new Error(`missing Debian package: ${pkg}`);
  console.warn(`    skipped: install ${pkg} to run these`);
  context.skip();
}

/** A free loopback port (free now; the server binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface BuiltSite { root: string; base: string; port: number }

const sites = new Map<string, Promise<BuiltSite>>();

/** The demo profile built once per base path for the run, for a port of its own. */
export function builtSite(dataDir: string, basePath: string): Promise<BuiltSite> {
  const key = `${dataDir} ${basePath}`;
  let site = sites.get(key);
  if (!site) {
    site = (async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}${basePath}`;
      const dir = await readableTemp('lodfolio-site-');
      // Shared by every suite of the run, so removed when the run ends.
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const root = path.join(dir, 'site');
      await buildStatic({ dataDir, base, out: root, lastModified: testLastModified, builder: await sharedBuilder() });
      return { root, base, port };
    })();
    sites.set(key, site);
  }
  return site;
}

/**
 * A temporary folder others may read: started by root (a container), the
 * servers' workers run as an unprivileged user, and mkdtemp's 0700 would
 * shut them out.
 */
async function readableTemp(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

export interface RunningServer {
  url: string;
  config: string;
  stop: () => Promise<void>;
}

/** Starts `name` on the site's port with the generated config; resolves once it answers. */
export async function startServer(name: ServerName, site: BuiltSite): Promise<RunningServer> {
  const prefix = await readableTemp(`lodfolio-${name}-`);
  const listen = `127.0.0.1:${site.port}`;
  const config = await serverConfig({ server: name, root: site.root, listen, prefix });
  const file = path.join(prefix, `${name}.conf`);
  await writeFile(file, config);
  const args = name === 'nginx' ? ['-p', prefix, '-c', file] : ['-f', file, '-DFOREGROUND'];
  const child = spawn(binaries[name].bin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => { output += c; });
  child.stderr!.on('data', (c) => { output += c; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(site.port, child, () => output);
  } catch (error) {
    killGroup(child);
    throw error;
  }
  return {
    url: `http://${listen}`,
    config,
    stop: async () => {
      killGroup(child);
      await exited;
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

/** The whole process group: nginx's and Apache's workers with their master. */
function killGroup(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not listen on ${port} within 20 s:\n${output()}`);
}
