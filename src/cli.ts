import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig, webSources, type Config } from './config.js';
import { importBibtex } from './import/importer.js';
import { importDois, importOrcid } from './import/web.js';
import { initProfile } from './init.js';
import { dumpFormats } from './formats.js';
import { formatIssue, InvalidProfileError } from './issues.js';
import { ProfileBuilder, type Profile } from './pipeline.js';
import { sortQuads } from './rdf/quads.js';
import { graphWriters } from './render/writers.js';
import { buildStatic } from './build.js';
import { serverConfig } from './deploy/command.js';
import { progressBar } from './progress.js';
import { serve, serveSite, type Rebuilt } from './server.js';
import { describeLoad } from './sparql/index.js';
import { credentialsFrom } from './store/auth.js';
import { describePush, pushProfile } from './store/push.js';

const dumpNames = dumpFormats.map((f) => f.name);

const usage = `lodfolio: a scholar's profile, published as linked data

Usage:
  lodfolio init [DIR]                     start a new profile in DIR (default: ./profile) from a
                                          commented example of every collection
  lodfolio validate [DIR]                 check the data (DIR defaults to the current folder if it
                                          holds .yaml files, else the demo profile data/)
  lodfolio dump [--format F] [DIR]        print the whole dataset (F: ${dumpNames.join(', ')})
  lodfolio serve [--port N] [--host H] [--watch] [--sparql-endpoint URL] [DIR]
                                          serve the profile as linked data until SIGTERM;
                                          with --watch, republish it whenever its files change
  lodfolio build [DIR] --out SITE [--base URL] [--sparql-endpoint URL] [--jobs N]
                                          write the whole site as files (every document in every
                                          format, compressed copies, dumps, VoID, sitemap) for any
                                          web server or static host; SITE is replaced only by a
                                          complete, valid build, which takes the documents that did
                                          not change from the SITE it replaces
  lodfolio serve --site SITE [--port N] [--host H]
                                          serve a site that build wrote, with content negotiation
  lodfolio push --store URL [--graph IRI] [--base URL] [DIR]
                                          replace a named graph of a SPARQL store with the dataset
                                          (Graph Store protocol PUT; credentials, if it needs them,
                                          from LODFOLIO_STORE_USER and LODFOLIO_STORE_PASSWORD)
  lodfolio server-config nginx|apache --root SITE [--listen ADDR] [--base URL] [--prefix DIR]
                         [--snippet]      print a configuration that makes nginx or Apache httpd
                                          serve a site build wrote with the same negotiation
  lodfolio import bibtex FILE.bib [--into DIR] [--force] [--prune]
                                          add the works of a BibTeX file to the profile in DIR (as
                                          DIR/bibtex.yaml); again, to update them from the file
  lodfolio import doi DOI... [--into DIR] [--force]
                                          add works by DOI (their CSL-JSON records, by content
                                          negotiation at $LODFOLIO_DOI_RESOLVER, default
                                          https://doi.org/) as DIR/doi.yaml
  lodfolio import orcid ORCID-ID [--into DIR] [--force] [--prune]
                                          add the works of an ORCID record (public API v3.0 at
                                          $LODFOLIO_ORCID_API, default https://pub.orcid.org/v3.0/;
                                          their DOIs resolved as above) as DIR/orcid.yaml
  lodfolio --help

Options:
  --base URL     base of every IRI (default: $BASE_URL or http://localhost:PORT/)
  --port N       port the IRIs are minted for, and served on (default: $PORT or 3000;
                 0 picks a free port, and the default base follows it)
  --host H       address to listen on (default: 127.0.0.1; 0.0.0.0 or :: for every interface)
  --format F     dump format: ${dumpNames[0]} (default), ${dumpNames.slice(1).join(', ')}
  --out SITE     build: the folder to write the site to (created, or replaced if build wrote it)
  --jobs N       build: how many threads render documents (default: one per core, or none for
                 fewer than 500 documents: the main thread renders them)
  --site SITE    serve: a folder build wrote, served as it is (its IRIs are the ones it was built for)
  --watch        serve: rebuild on every change to the profile or ontology/; invalid data is
                 reported and never published (the last valid version stays)
  --into DIR     import: the profile folder to import into (default: as DIR above)
  --root SITE    server-config: the folder build wrote
  --listen ADDR  server-config: address:port to listen on (default: 127.0.0.1:8080)
  --prefix DIR   server-config: where the server keeps its pid file, logs and temporary files
                 (default: a new temporary folder); --base: the URL the site is served at
                 (default: the base it was built for)
  --snippet      server-config: only the part for an existing server's configuration
  --force        import: also overwrite entries edited by hand since the last import
  --prune        import: remove the works imported before whose entries are gone from the .bib
                 (or the ORCID record), and the people and venues nothing else uses
  --store URL    push: the store's Graph Store endpoint (Virtuoso: http://HOST:8890/sparql-graph-crud-auth)
  --graph IRI    push: the named graph to replace (default: the dataset's IRI, BASE/dataset)
  --sparql-endpoint URL
                 serve: a SPARQL store holding the data (see push): VoID and the query page name it,
                 /sparql redirects queries to it, and no embedded endpoint is started
  -h, --help     show this help
`;

/** `dir` is the folder argument as given (config.dataDir has the default applied); `args`, all positional arguments after the command's name. */
type Command = (config: Config, values: { format?: string; watch?: boolean; force?: boolean; prune?: boolean; out?: string; site?: string; store?: string; graph?: string; 'sparql-endpoint'?: string; jobs?: string },
  dir: string | undefined, args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  async init(_config, _values, dir = 'profile') {
    const written = await initProfile(path.resolve(dir));
    const shown = path.relative(process.cwd(), path.resolve(dir)) || '.';
    process.stdout.write(`lodfolio: wrote a starter profile: ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}\n\n` +
      'Next:\n' +
      `  1. edit the YAML files in ${shown}/ into your own profile (README: The data format)\n` +
      `  2. npx lodfolio validate ${shown}     check it; every problem names its file and line\n` +
      `  3. npx lodfolio serve ${shown}        see it at http://localhost:3000/\n`);
  },
  async validate(config) {
    const profile = await build(config);
    process.stdout.write(`${config.dataDir}: valid, ${profile.graph.size} triples\n`);
  },
  async dump(config, { format = dumpNames[0] }) {
    const chosen = dumpFormats.find((f) => f.name === format);
    if (!chosen) throw new UsageError(`unknown format "${format}" (choose from ${dumpNames.join(', ')})`);
    process.stdout.write(graphWriters[chosen.name](sortQuads((await build(config)).graph), {}));
  },
  async build(config, { out, 'sparql-endpoint': sparqlEndpoint, jobs }) {
    if (!out) throw new UsageError('build needs --out SITE, the folder to write the site to');
    if (jobs !== undefined && !/^\d{1,3}$/.test(jobs)) throw new UsageError(`--jobs must be a number of threads, 0 or more (got "${jobs}")`);
    if (sparqlEndpoint !== undefined && !/^https?:\/\/[^/]/.test(sparqlEndpoint)) throw new UsageError(`--sparql-endpoint must be an http(s) URL (got "${sparqlEndpoint}")`);
    const bar = progressBar();
    const built = await buildStatic({
      dataDir: config.dataDir, base: config.base, out: path.resolve(out), sparqlEndpoint, threads: jobs === undefined ? undefined : Number(jobs),
      warn: (m) => { bar.clear(); process.stderr.write(`lodfolio: ${m}\n`); },
      onProgress: (phase, done, total) => (done === undefined ? bar.phase(phase) : bar.update(done, total!, phase)),
    }).finally(() => bar.clear());
    process.stdout.write(`lodfolio: built ${built.documents} documents (${built.triples} triples) for ${config.base} into ${path.relative(process.cwd(), path.resolve(out)) || '.'}: ` +
      `${built.files} files, ${(built.bytes / 1024 / 1024).toFixed(1)} MiB, ${built.changed} new or changed, ${built.reused} documents reused from the previous build, in ${(built.ms / 1000).toFixed(1)} s\n`);
  },
  // `server-config nginx`: the server's name is the argument; the site is --root.
  async 'server-config'(config, values, server) {
    const { root, listen, prefix, snippet } = values as { root?: string; listen?: string; prefix?: string; snippet?: boolean };
    if (!server || !root) throw new UsageError('server-config needs a server (nginx or apache) and --root SITE, a folder build wrote');
    process.stdout.write(await serverConfig({ server, root, listen: listen ?? '127.0.0.1:8080', prefix, snippet, base: config.baseGiven ? config.base : undefined }));
  },
  async serve(config, { watch, site, 'sparql-endpoint': sparqlEndpoint }) {
    if (site) return serveBuilt(config, site, watch);
    const warn = (m: string) => process.stderr.write(`lodfolio: ${m}\n`);
    if (sparqlEndpoint !== undefined && !/^https?:\/\/[^/]/.test(sparqlEndpoint)) throw new UsageError(`--sparql-endpoint must be an http(s) URL (got "${sparqlEndpoint}")`);
    const serving = await serve(config, { warn, watch: watch ? reportRebuild : undefined, sparqlEndpoint });
    const stop = (signal: string) => {
      process.stdout.write(`lodfolio: ${signal}: finishing requests in flight, then stopping\n`);
      void serving.stop();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    // (A signal that came while building has already stopped it: nothing to announce.)
    if (!serving.listening.stopping) {
      const { host } = config;
      const where = host.includes(':') ? `[${host}]:${serving.listening.port}` : `${host}:${serving.listening.port}`;
      const { site, profile } = serving.server;
      process.stdout.write(`lodfolio: serving ${site.documents.length} documents (${profile.graph.size} triples) ` +
        `at ${serving.base} (listening on ${where}, ready in ${Math.round(performance.now())} ms)\n`);
      const sparql = serving.server.sparql;
      if (sparql?.lastLoad) process.stdout.write(`lodfolio: SPARQL at ${sparql.endpoint}: ${describeLoad(sparql.lastLoad)}\n`);
    }
    await serving.closed;
    process.stdout.write('lodfolio: stopped\n');
  },
  async push(config, { store, graph }) {
    if (!store) throw new UsageError('push needs --store URL, the store\'s Graph Store endpoint');
    const credentials = credentialsFrom();
    // IRIs minted for localhost are rarely what a store should hold.
    if (!config.baseGiven) process.stderr.write(`lodfolio: the IRIs are minted under ${config.base} (give --base or BASE_URL for the public one)\n`);
    const report = await pushProfile(await build(config), { store, graph, credentials });
    process.stdout.write(`lodfolio: ${describePush(report)}\n`);
  },
  async import(config, { force, prune }, _dir, [format, ...inputs]) {
    if (!['bibtex', 'doi', 'orcid'].includes(format)) {
      throw new UsageError(`cannot import "${format ?? ''}" (import bibtex FILE.bib, import doi DOI..., import orcid ORCID-ID)`);
    }
    const needs = { bibtex: 'a .bib file', doi: 'one or more DOIs', orcid: 'an ORCID iD' }[format as 'bibtex' | 'doi' | 'orcid'];
    if (inputs.length === 0) throw new UsageError(`import ${format} needs ${needs}`);
    if (format !== 'doi' && inputs.length > 1) throw new UsageError(`unexpected argument "${inputs[1]}" (import ${format} takes ${needs})`);
    if (prune && format === 'doi') throw new UsageError('--prune is for import bibtex and import orcid, whose sources list every work they have');
    const shown = (f: string) => path.relative(process.cwd(), f) || '.';
    const from = format === 'bibtex' ? shown(path.resolve(inputs[0])) : format === 'doi' ? `${inputs.length} DOI${inputs.length === 1 ? '' : 's'}` : `ORCID ${inputs[0]}`;
    let report;
    const bar = progressBar();
    try {
      const options = { dir: config.dataDir, force, prune, builder: await ProfileBuilder.create(), base: config.base,
        onProgress: (phase: string, done?: number, total?: number) => (done === undefined ? bar.phase(phase) : bar.update(done, total!, phase)) };
      report = format === 'bibtex' ? await importBibtex({ ...options, bibFile: path.resolve(inputs[0]) })
        : format === 'doi' ? await importDois(inputs, { ...options, ...webSources() })
          : await importOrcid(inputs[0], { ...options, ...webSources() });
    } catch (error) {
      bar.clear();
      if (!(error instanceof InvalidProfileError)) throw error;
      for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
      throw new Error(`${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} in the profile as the import would leave it; nothing was written`);
    }
    bar.clear();
    const where = (line: number) => (format === 'bibtex' ? ` (${from}:${line})` : '');
    const out: string[] = [`lodfolio: imported ${report.imported}, updated ${report.updated}, unchanged ${report.unchanged}, skipped ${report.skipped.length} ` +
      `(from ${from} into ${shown(config.dataDir)})`];
    const added = Object.entries(report.added).map(([c, n]) => `${c} ${n}`);
    if (added.length > 0) out.push(`  new entries they need: ${added.join(', ')}`);
    for (const s of report.skipped) out.push(`  skipped ${s.key}${where(s.line)}: ${s.reason}`);
    for (const n of report.notes) out.push(`  note ${n.key}${where(n.line)}: ${n.reason}`);
    const unread = Object.entries(report.unread).sort(([a], [b]) => a.localeCompare(b)).map(([f, n]) => `${f} (${n})`);
    if (unread.length > 0) out.push(`  fields not imported: ${unread.join(', ')}`);
    const gone = report.gone.filter((g) => !report.pruned.includes(g.id));
    if (gone.length > 0) out.push(`  gone from ${from}, still in the profile (--prune removes them): ${gone.map((g) => `${g.key} (${g.id})`).join(', ')}`);
    if (report.pruned.length > 0) out.push(`  pruned: ${report.pruned.join(', ')}`);
    out.push(report.written.length > 0 ? `  wrote ${report.written.map(shown).join(', ')}` : '  nothing to write: the profile already has it all');
    process.stdout.write(`${out.join('\n')}\n`);
  },
};

async function serveBuilt(config: Config, siteDir: string, watch: boolean | undefined): Promise<void> {
  if (watch) throw new UsageError('--watch rebuilds a profile; a built site is served as it is (run build again to change it)');
  const warn = (m: string) => process.stderr.write(`lodfolio: ${m}\n`);
  const serving = await serveSite(config, path.resolve(siteDir), { warn });
  const stop = (signal: string) => {
    process.stdout.write(`lodfolio: ${signal}: finishing requests in flight, then stopping\n`);
    void serving.stop();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  const { host } = config;
  const where = host.includes(':') ? `[${host}]:${serving.listening.port}` : `${host}:${serving.listening.port}`;
  process.stdout.write(`lodfolio: serving the site in ${siteDir} (${Object.keys(serving.site.manifest.documents).length} documents, built for ${serving.site.base}) ` +
    `on ${where}, ready in ${Math.round(performance.now())} ms\n`);
  const sparql = await serving.sparqlReady.catch((error: Error) => { warn(`the SPARQL endpoint could not load the site's dump: ${error.message}`); return undefined; });
  if (sparql?.lastLoad) process.stdout.write(`lodfolio: SPARQL at ${sparql.endpoint}: ${describeLoad(sparql.lastLoad)}\n`);
  await serving.closed;
  process.stdout.write('lodfolio: stopped\n');
}

/** A line per rebuild under --watch; the problems of data that was not published, located. */
function reportRebuild(outcome: Rebuilt): void {
  if (outcome.published) {
    process.stdout.write(`lodfolio: republished ${outcome.documents} documents (${outcome.triples} triples) in ${outcome.ms} ms\n`);
    return;
  }
  const { error } = outcome;
  if (error instanceof InvalidProfileError) {
    for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    process.stderr.write(`lodfolio: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}; still serving the last valid version\n`);
  } else {
    process.stderr.write(`lodfolio: rebuild failed (${(error as Error).message}); still serving the last valid version\n`);
  }
}

class UsageError extends Error {}

async function build(config: Config): Promise<Profile> {
  return (await ProfileBuilder.create()).build(config.dataDir, config.base);
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        format: { type: 'string', short: 'f' },
        watch: { type: 'boolean' },
        into: { type: 'string' },
        force: { type: 'boolean' },
        prune: { type: 'boolean' },
        out: { type: 'string' },
        site: { type: 'string' },
        store: { type: 'string' },
        graph: { type: 'string' },
        'sparql-endpoint': { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        root: { type: 'string' },
        listen: { type: 'string' },
        prefix: { type: 'string' },
        snippet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`lodfolio: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [name, ...args] = positionals;
  // `import FORMAT FILE` names its folder with --into; every other command takes it as its argument.
  // (`import doi` takes any number of DOIs; the others, one file or id: the command says.)
  const [dataDir, ...extra] = name === 'import' ? [values.into] : args;
  if (values.help || !name) {
    (values.help ? process.stdout : process.stderr).write(usage);
    return values.help ? 0 : 2;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command || extra.length > 0) {
    process.stderr.write(`lodfolio: ${command ? `unexpected argument "${extra[0]}"` : `unknown command "${name}"`}\n\n${usage}`);
    return 2;
  }
  try {
    await command(resolveConfig({ dataDir, base: values.base, port: values.port, host: values.host }), values, dataDir, args);
    return 0;
  } catch (error) {
    if (error instanceof InvalidProfileError) {
      for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
      process.stderr.write(`lodfolio: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}; nothing was published\n`);
      return 1;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`lodfolio: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`lodfolio: ${(error as Error).message}\n`);
    return 1;
  }
}
