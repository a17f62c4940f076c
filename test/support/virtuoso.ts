import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real Virtuoso (Debian's virtuoso-opensource 7, the store behind DBpedia)
 * for the store tests: its own database in a temporary folder, on two free
 * loopback ports (SQL and HTTP), with a random dba password. Started by the
 * suite, stopped after it (the whole process group), the folder removed.
 *
 *   const store = useVirtuoso();        // in a describe: before/after hooks; skips without virtuoso-t
 *   store().graphStore, store().sparql, store().password
 *
 * Without virtuoso-t the suite is skipped with the reason, except under CI
 * (CI installs it), where that is a failure.
 */

export interface Virtuoso {
  /** The SPARQL endpoint (`/sparql`), open for queries. */
  sparql: string;
  /** The Graph Store endpoint that takes writes, with Digest authentication. */
  graphStore: string;
  user: string;
  password: string;
  /** The end of the server's own log, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

const VAD_DIR = '/usr/share/virtuoso-opensource-7/vad';

/** The server binary, where it is installed. */
export function virtuosoBinary(): string | undefined {
  for (const dir of ['/usr/bin', ...(process.env.PATH ?? '').split(path.delimiter)]) {
    const file = path.join(dir, 'virtuoso-t');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch { /* not here */ }
  }
  return undefined;
}

/** Hooks for a describe: the store is started before its tests and stopped after them. */
export function useVirtuoso(): () => Virtuoso {
  let store: Virtuoso | undefined;
  before(async function () {
    if (!virtuosoBinary()) {
      if (process.env.CI) throw new Error('virtuoso-t is not installed, and CI should have installed virtuoso-opensource');
      console.log('      (skipped: virtuoso-t is not installed; apt-get install virtuoso-opensource)');
      this.skip();
    }
    this.timeout(120_000);
    store = await startVirtuoso();
  });
  after(async function () {
    this.timeout(30_000);
    await store?.stop();
  });
  return () => {
    if (!store) throw new Error('the Virtuoso of this suite did not start');
    return store;
  };
}

export async function startVirtuoso(): Promise<Virtuoso> {
  const binary = virtuosoBinary();
  if (!binary) throw new Error('virtuoso-t is not installed');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-virtuoso-'));
  const [sqlPort, httpPort] = await freePorts(2);
  // Short: a 24-character password given to +pwddba left Virtuoso 7.2 refusing both it and the old one.
  const password = `p${randomBytes(6).toString('hex')}`;
  const ini = path.join(dir, 'virtuoso.ini');
  await writeFile(ini, iniFor(dir, sqlPort, httpPort));
  const logFile = path.join(dir, 'virtuoso.log');
  const log = () => { try { return readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n'); } catch { return ''; } };
  try {
    // First run: creates the database, sets the dba password and exits
    // (+pwddba does only that); the second run serves.
    const init = spawn(binary, ['-f', '-c', ini, '+pwdold', 'dba', '+pwddba', password], { cwd: dir, stdio: 'ignore' });
    const status = await new Promise<string>((resolve) => init.once('exit', (code, signal) => resolve(String(code ?? signal))));
    if (status !== '0') throw new Error(`virtuoso-t could not create its database (exit ${status}):\n${log()}`);
    const out = openSync(path.join(dir, 'stdout.log'), 'a');
    // Its own process group (detached), so that stopping it stops everything it started.
    const child = spawn(binary, ['-f', '-c', ini], { cwd: dir, detached: true, stdio: ['ignore', out, out] });
    closeSync(out);
    // Detached, it would outlive a test run that ends without its after hook (an error, ^C).
    const orphaned = () => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } };
    process.once('exit', orphaned);
    child.once('exit', () => process.off('exit', orphaned));
    const base = `http://127.0.0.1:${httpPort}`;
    const store: Virtuoso = {
      sparql: `${base}/sparql`,
      graphStore: `${base}/sparql-graph-crud-auth`,
      user: 'dba',
      password,
      log,
      stop: async () => {
        await stopGroup(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
    try {
      await ready(`${store.sparql}?query=${encodeURIComponent('ASK {}')}`, child, log);
    } catch (error) {
      await store.stop();
      throw error;
    }
    return store;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The settings of Debian's /etc/virtuoso-opensource-7/virtuoso.ini that
 * matter, written out rather than edited from it (every path and port
 * changes): every file under `dir`, both ports on loopback, small buffers.
 */
function iniFor(dir: string, sqlPort: number, httpPort: number): string {
  const file = (name: string) => path.join(dir, name);
  return `[Database]
DatabaseFile = ${file('virtuoso.db')}
ErrorLogFile = ${file('virtuoso.log')}
LockFile = ${file('virtuoso.lck')}
TransactionFile = ${file('virtuoso.trx')}
xa_persistent_file = ${file('virtuoso.pxa')}
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = ${file('virtuoso-temp.db')}
TransactionFile = ${file('virtuoso-temp.trx')}
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:${sqlPort}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., ${dir}, ${VAD_DIR}
VADInstallDir = ${VAD_DIR}/
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort = 127.0.0.1:${httpPort}
ServerRoot = ${dir}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0

[Client]
SQL_PREFETCH_ROWS = 100

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
`;
}

async function ready(url: string, child: ChildProcess, log: () => string): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => { exited = String(code ?? signal); });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`virtuoso-t exited (${exited}) before it was ready:\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`virtuoso-t was not ready in 90 s:\n${log()}`);
}

/** SIGTERM to the group; SIGKILL if it has not gone in 15 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals) => { try { process.kill(-child.pid!, s); } catch { /* already gone */ } };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

/** Ports free now on loopback (the kernel's choice; the server binds them a moment later). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
