import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context } from 'mocha';
import { buildStatic } from '../../src/build.js';
import { serverConfig } from '../../src/deploy/command.js';
import { testLastModified } from '../http/support.js';
import { sharedBuilder } from '../support/profile.js';

/**
 * Debian's nginx, Apache httpd and Caddy, started by the tests as unprivileged
 * foreground processes (each in its own process group) on a loopback port,
 * everything they write under a temporary prefix, serving a site `lodfolio
 * build` wrote with the config `lodfolio server-config` generates.
 */

/** `apache-userdir`: Debian's stock Apache, the site a user's public_html with only the files build wrote. */
export type ServerName = 'nginx' | 'apache' | 'apache-userdir' | 'caddy';

const binaries: Record<ServerName, { bin: string; pkg: string }> = {
  nginx: { bin: '/usr/sbin/nginx', pkg: 'nginx' },
  apache: { bin: '/usr/sbin/apache2', pkg: 'apache2' },
  'apache-userdir': { bin: '/usr/sbin/apache2', pkg: 'apache2' },
  caddy: { bin: '/usr/bin/caddy', pkg: 'caddy' },
};

/** In a `before` hook: fails under CI when the server is missing, skips elsewhere. */
export function requireServer(context: Context, name: ServerName): void {
  const { bin, pkg } = binaries[name];
  if (existsSync(bin) && spawnSync(bin, [name === 'caddy' ? 'version' : '-v']).status === 0) return;
  if (process.env.CI) throw new Error(`missing Debian package: ${pkg}`);
  console.warn(`    skipped: install ${pkg} to run these`);
  context.skip();
}

/** A free loopback port (free now; the server binds it next), below the ephemeral ports (`BELOW_EPHEMERAL`). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = BELOW_EPHEMERAL.from + Math.floor(Math.random() * (BELOW_EPHEMERAL.to - BELOW_EPHEMERAL.from));
    const free = await new Promise<boolean>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(false) : reject(error)));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * Where `freePort` looks: below the kernel's ephemeral ports (Linux's 32768-60999), which every server the
 * tests start on port 0 is given, so that none of those (in this test process or another worker's) can take
 * a port chosen here before its web server binds it: the site is built for its port first, which takes
 * seconds, and a server that found its port taken was found answering by the other's 404s.
 */
const BELOW_EPHEMERAL = { from: 20_000, to: 32_000 };

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

/**
 * Starts `name` on the site's port with the generated config; resolves once it answers.
 * `variant`: another port, and the config as `edit` changes it (a module it does not load).
 */
export async function startServer(name: ServerName, site: BuiltSite, variant?: { port: number; edit: (config: string) => string }): Promise<RunningServer> {
  const prefix = await readableTemp(`lodfolio-${name}-`);
  const port = variant?.port ?? site.port;
  const listen = `127.0.0.1:${port}`;
  const generated = name === 'apache-userdir' ? await debianUserDirs(prefix, listen, site)
    : await serverConfig({ server: name, root: site.root, listen, prefix });
  const config = variant ? variant.edit(generated) : generated;
  const file = path.join(prefix, `${name}.conf`);
  await writeFile(file, config);
  const args = name === 'nginx' ? ['-p', prefix, '-c', file]
    : name === 'caddy' ? ['run', '--config', file, '--adapter', 'caddyfile'] : ['-f', file, '-DFOREGROUND'];
  // Debian's apache2.conf takes its run-time places from these (/etc/apache2/envvars sets them for a service).
  const env = { ...process.env, APACHE_RUN_DIR: prefix, APACHE_PID_FILE: path.join(prefix, 'apache2.pid'), APACHE_LOCK_DIR: prefix,
    APACHE_LOG_DIR: prefix, APACHE_RUN_USER: 'www-data', APACHE_RUN_GROUP: 'www-data',
    // Where Caddy keeps its autosaved config and its data: the prefix, not the home folder.
    XDG_CONFIG_HOME: prefix, XDG_DATA_HOME: prefix };
  const child = spawn(binaries[name].bin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout!.on('data', (c) => { output += c; });
  child.stderr!.on('data', (c) => { output += c; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, () => output);
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

/** The other user of the server, beside the site's owner, and what is in their public_html. */
export const otherUser = { name: 'other', files: { 'index.html': '<!doctype html><title>Other</title>', 'notes.txt': 'notes\n' } };

/**
 * Debian's stock Apache (what the apache2 package enables on a fresh install:
 * the modules and conf-available files of its postinst, apache2.conf itself)
 * plus mod_headers and mod_userdir with Debian's userdir.conf, as an
 * administrator enables them with `a2enmod headers userdir`, and nothing
 * else: no mod_rewrite, no virtual host. Two users: the site's owner (the
 * user of the base path, `/~prof/`), whose public_html is the built site, and
 * another. Homes are under the prefix, so userdir.conf's `/home/` is the
 * prefix's, and apache2.conf's `Include ports.conf` is the test's port.
 */
async function debianUserDirs(prefix: string, listen: string, site: BuiltSite): Promise<string> {
  const etc = '/etc/apache2';
  const homes = path.join(prefix, 'home');
  const owner = /^\/~([^/]+)\/$/.exec(new URL(site.base).pathname)?.[1];
  if (!owner) throw new Error(`a ~user site needs a base path /~user/, not ${site.base}`);
  await mkdir(path.join(homes, owner), { recursive: true });
  await symlink(site.root, path.join(homes, owner, 'public_html'));
  const other = path.join(homes, otherUser.name, 'public_html');
  await mkdir(other, { recursive: true });
  for (const [name, text] of Object.entries(otherUser.files)) await writeFile(path.join(other, name), text);
  await chmod(homes, 0o755);
  const modules = ['authz_host', 'auth_basic', 'access_compat', 'authn_file', 'authz_user', 'alias', 'dir', 'autoindex', 'env', 'mime',
    'negotiation', 'setenvif', 'filter', 'deflate', 'status', 'reqtimeout', 'mpm_event', 'authn_core', 'authz_core', 'headers', 'userdir'];
  const confs = ['charset', 'localized-error-pages', 'other-vhosts-access-log', 'security', 'serve-cgi-bin'];
  const includes = (names: string[], dir: string, exts: string[]) => names.flatMap((m) => exts.map((e) => path.join(etc, dir, `${m}.${e}`)))
    .filter((f) => existsSync(f)).map((f) => `Include ${f}`).join('\n');
  const userdirConf = (await readFile(path.join(etc, 'mods-available', 'userdir.conf'), 'utf8'))
    .replaceAll('/home/*/public_html', `${homes}/*/public_html`).replace(/^(\s*)UserDir public_html$/m, `$1UserDir ${homes}/*/public_html`);
  let conf = await readFile(path.join(etc, 'apache2.conf'), 'utf8');
  const replace = (line: RegExp, by: string) => {
    if (!line.test(conf)) throw new Error(`Debian's apache2.conf has no line ${line}: the test must follow its change`);
    conf = conf.replace(line, by);
  };
  replace(/^IncludeOptional mods-enabled\/\*\.load$/m, includes(modules, 'mods-available', ['load']));
  replace(/^IncludeOptional mods-enabled\/\*\.conf$/m, `${includes(modules.filter((m) => m !== 'userdir'), 'mods-available', ['conf'])}\n${userdirConf}`);
  replace(/^Include ports\.conf$/m, `Listen ${listen}\nServerName 127.0.0.1`);
  replace(/^IncludeOptional conf-enabled\/\*\.conf$/m, includes(confs, 'conf-available', ['conf']));
  replace(/^IncludeOptional sites-enabled\/\*\.conf$/m, '');
  return `ServerRoot ${etc}\n${conf}`;
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
