import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, defaultDataDirFor, ontologyDir, projectRoot, PUSH_TIMEOUT_MS, resolveConfig, stylesDir, webSources, type Config } from './config.js';
import type { ImportOptions, ImportReport } from './import/importer.js';
import { initProfile } from './init.js';
import { documentFormats, dumpFormats, type DocumentFormat } from './formats.js';
import { formatIssue, InvalidProfileError } from './issues.js';
import type { Profile } from './pipeline.js';
import { serverNames } from './deploy/servers.js';
import { progressBar } from './progress.js';
import type { Rebuilt, SiteServeOptions } from './server.js';
import type { StaticBuild, StaticBuildOptions } from './build.js';
import { credentialsFrom } from './store/auth.js';

// A command's modules are imported when it runs: the graph, the server and the
// importers take about a second of CPU to load, which --help, init and a
// refused option do not need.

/** One option of a command: its parseArgs type, the name of its value in the usage (`URL`), and its help line. */
interface Option {
  type: 'string' | 'boolean';
  short?: string;
  value?: string;
  help: string;
}

type Values = Record<string, string | boolean | undefined>;

/** A size as people read it: `4.2 KiB`, `1.3 MiB`. */
function kibibytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * A command: what follows `lodfolio` to name it (`validate`, `import
 * bibtex`), its forms (usage line and what it does), its own options, how
 * many arguments it takes, and what it runs. The help, each command's help
 * and the check of its options are all made from this table: a command or
 * an option is one entry here.
 */
interface Command {
  name: string;
  forms: Array<{ usage: string; does: string }>;
  options: Record<string, Option>;
  /** Its arguments after its name (DIR, FILE.bib, SERVER): how many, at least and at most, and what they are. */
  args: { min: number; max: number; what: string };
  run(values: Values, args: string[]): Promise<void>;
}

const DIR = 'DIR, the profile folder, is by default the current folder if it holds .yaml files; elsewhere, validate, dump and serve show the built-in example (and say so), and build, push and import ask for DIR (for init: ./profile).';
const base: Option = { type: 'string', value: 'URL', help: 'the base of every IRI (default: $BASE_URL or http://localhost:PORT/)' };
const sparqlEndpoint: Option = { type: 'string', value: 'URL', help: 'a SPARQL store holding the data (see push): VoID and the query page name it, and /sparql redirects queries to it' };

const dumpNames = dumpFormats.map((f) => f.name);

const profileFolder = { min: 0, max: 1, what: 'a profile folder' };
const into: Option = { type: 'string', value: 'DIR', help: 'the profile folder to import into (default: as DIR of the other commands)' };
const force: Option = { type: 'boolean', help: 'also overwrite entries edited by hand since the last import' };
const prune = (source: string): Option => ({ type: 'boolean', help: `remove the works imported before that are gone from ${source}, and the people and venues nothing else uses` });

const commands: Command[] = [
  {
    name: 'init',
    forms: [{ usage: '[--empty] [DIR]', does: 'start a new profile in DIR (default: ./profile) from a commented example of every collection, or with --empty only the person' }],
    options: { empty: { type: 'boolean', help: 'write only the person, no examples' } },
    args: { min: 0, max: 1, what: 'a folder' },
    async run(values, [dir = 'profile']) {
      const written = await initProfile(path.resolve(dir), { empty: values.empty === true });
      const shown = path.relative(process.cwd(), path.resolve(dir)) || '.';
      process.stdout.write(`lodfolio: wrote a ${values.empty === true ? 'profile of only the person' : 'starter profile'}: ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}\n\n` +
        'Next:\n' +
        // The manual by where it is: a profile is made anywhere, and the package's docs/ are where it was installed.
        `  1. edit the YAML files in ${shown}/ into your own profile, person (you) first (${path.join(projectRoot, 'docs', 'data-format.md')})\n` +
        `  2. lodfolio validate ${shown}     check it; every problem names its file and line\n` +
        `  3. lodfolio serve ${shown}        see it at http://localhost:3000/\n`);
    },
  },
  {
    name: 'validate',
    forms: [{ usage: '[DIR]', does: 'check the data: every problem, with its file, line and field' }],
    options: { base },
    args: profileFolder,
    async run(values, [dir]) {
      const config = configOf(values, profileDir(dir, 'validate'));
      const profile = await build(config);
      process.stdout.write(`${config.dataDir}: valid, ${profile.graph.size} triples\n`);
    },
  },
  {
    name: 'words',
    forms: [{ usage: 'LANG [DIR]', does: 'print every word of the site with its English and its text in LANG (the shipped words with the profile\'s labels.ttl over them): a labels.ttl to start a translation from' }],
    options: {},
    args: { min: 1, max: 2, what: 'a language tag (ja, nl, pt-BR) and a profile folder' },
    async run(_values, [language, dir]) {
      if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(language)) throw new UsageError(`"${language}" is not a language tag (ja, nl, pt-BR)`);
      const { loadLabels, problemText, profileLabels, translationFile } = await import('./labels.js');
      const { table, problems } = profileLabels(profileDir(dir, 'words'), loadLabels());
      if (problems.length > 0) throw new Error(problems.map(problemText).join('\n'));
      process.stdout.write(translationFile(table, language));
    },
  },
  {
    name: 'dump',
    forms: [{ usage: '[--format F] [--base URL] [DIR]', does: 'print the whole dataset' }],
    options: { format: { type: 'string', short: 'f', value: 'F', help: `${dumpNames[0]} (the default), ${dumpNames.slice(1).join(', ')}` }, base },
    args: profileFolder,
    async run(values, [dir]) {
      const format = string(values.format) ?? dumpNames[0];
      const chosen = dumpFormats.find((f) => f.name === format);
      if (!chosen) throw new UsageError(`unknown format "${format}" (choose from ${dumpNames.join(', ')})`);
      const [{ graphWriters }, { sortQuads }, { profileDataset }] = await Promise.all([
        import('./render/writers.js'), import('./rdf/quads.js'), import('./publish/profile-site.js'),
      ]);
      process.stdout.write(graphWriters[chosen.name](sortQuads(profileDataset(await build(configOf(values, profileDir(dir, 'dump'))))), {}));
    },
  },
  {
    name: 'serve',
    forms: [
      { usage: '[--port N] [--host H] [--base URL] [--watch] [--sparql-endpoint URL] [--sparql-queue N] [DIR]', does: 'serve the profile as linked data until SIGTERM; with --watch, republish it whenever its files change' },
      { usage: '--site SITE [--port N] [--host H] [--sparql-queue N]', does: 'serve a site that build wrote, with content negotiation' },
    ],
    options: {
      port: { type: 'string', value: 'N', help: 'the port to listen on, and the IRIs are minted for (default: $PORT or 3000; 0 picks a free port, and the default base follows it)' },
      host: { type: 'string', value: 'H', help: 'the address to listen on (default: 127.0.0.1; 0.0.0.0 or :: for every interface)' },
      base,
      watch: { type: 'boolean', help: 'rebuild on every change to the profile or ontology/; invalid data is reported and never published (the last valid version stays)' },
      'sparql-endpoint': { ...sparqlEndpoint, help: `${sparqlEndpoint.help}; no embedded endpoint is started` },
      site: { type: 'string', value: 'SITE', help: 'a folder build wrote, served as it is (its IRIs are the ones it was built for)' },
      'sparql-queue': { type: 'string', value: 'N', help: 'SPARQL queries that may wait for a worker; one more is answered 503 with Retry-After (default: 8 per worker)' },
    },
    args: profileFolder,
    async run(values, [dir]) {
      const site = string(values.site);
      if (site && dir !== undefined) throw new UsageError(`serve --site serves a site build wrote, not a profile (got "${dir}" too)`);
      const config = configOf(values, site ? undefined : profileDir(dir, 'serve'));
      const queue = string(values['sparql-queue']);
      if (queue !== undefined && !/^[1-9]\d{0,5}$/.test(queue)) throw new UsageError(`--sparql-queue must be a number of queries, 1 or more (got "${queue}")`);
      const sparql = queue === undefined ? undefined : { queueLength: Number(queue) };
      (await import('./server.js')).boundHeapGrowth();
      if (site) return serveBuilt(config, site, values.watch === true, sparql);
      const sparqlEndpoint = string(values['sparql-endpoint']);
      const warn = (m: string) => process.stderr.write(`lodfolio: ${m}\n`);
      if (sparqlEndpoint !== undefined && !/^https?:\/\/[^/]/.test(sparqlEndpoint)) throw new UsageError(`--sparql-endpoint must be an http(s) URL (got "${sparqlEndpoint}")`);
      const { serve } = await import('./server.js');
      const serving = await serve(config, { warn, watch: values.watch ? reportRebuild : undefined, sparqlEndpoint, sparql });
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
        const { site: served, profile } = serving.server;
        process.stdout.write(`lodfolio: serving ${served.documents.length} documents (${profile.graph.size} triples) ` +
          `at ${serving.base} (listening on ${where}, ready in ${Math.round(performance.now())} ms)\n`);
        const sparql = serving.server.sparql;
        if (sparql?.lastLoad) process.stdout.write(`lodfolio: SPARQL at ${sparql.endpoint}: ${(await import('./sparql/index.js')).describeLoad(sparql.lastLoad)}\n`);
      }
      await serving.closed;
      process.stdout.write('lodfolio: stopped\n');
    },
  },
  {
    name: 'build',
    forms: [{
      usage: '[DIR] --out SITE [--base URL] [--sparql-endpoint URL] [--jobs N] [--formats LIST] [--no-precompress] [--mementos LIST] [--watch]',
      does: 'write the whole site as files (every document in every format, compressed copies, dumps, VoID, sitemap) for any web server or static host; ' +
        'SITE is replaced only by a complete, valid build, which takes the documents that did not change from the SITE it replaces',
    }],
    options: {
      out: { type: 'string', value: 'SITE', help: 'the folder to write the site to (created, or replaced if build wrote it)' },
      base,
      'sparql-endpoint': sparqlEndpoint,
      jobs: { type: 'string', short: 'j', value: 'N', help: 'how many threads render documents (default: one per core, or none for fewer than 500 documents: the main thread renders them)' },
      formats: { type: 'string', value: 'LIST', help: `the formats to write, comma-separated, from ${documentFormats.join(', ')} (default: all); html is always written, and the dumps are those of the list` },
      'no-precompress': { type: 'boolean', help: 'write no .gz and .br copies beside the files (nor a .gz of each dump): fewer files and bytes; the server compresses, if it does' },
      mementos: { type: 'string', value: 'LIST', help: `for a profile kept in git, the formats of its past versions' mementos, comma-separated, from ${documentFormats.join(', ')}; or all (citations too), or none (default: html,turtle)` },
      watch: { type: 'boolean', help: 'build again after every change to the profile or ontology/, until Ctrl-C, keeping between builds what the next can take (a rebuild costs what the edit touched); invalid data is reported and SITE keeps its last build' },
    },
    args: profileFolder,
    async run(values, [dir]) {
      const config = configOf(values, profileDir(dir, 'build'));
      const asked = string(values.mementos);
      const mementos = asked === 'all' ? 'all' : asked === 'none' ? false : documentFormatsIn(asked, '--mementos');
      const out = string(values.out);
      const jobs = string(values.jobs);
      const sparqlEndpoint = string(values['sparql-endpoint']);
      if (!out) throw new UsageError('build needs --out SITE, the folder to write the site to');
      if (jobs !== undefined && !/^\d{1,3}$/.test(jobs)) throw new UsageError(`--jobs must be a number of threads, 0 or more (got "${jobs}")`);
      if (sparqlEndpoint !== undefined && !/^https?:\/\/[^/]/.test(sparqlEndpoint)) throw new UsageError(`--sparql-endpoint must be an http(s) URL (got "${sparqlEndpoint}")`);
      const listed = documentFormatsIn(string(values.formats), '--formats');
      const bar = progressBar();
      const { buildStatic, ResidentBuild } = await import('./build.js');
      const options: StaticBuildOptions = {
        dataDir: config.dataDir, base: config.base, out: path.resolve(out), sparqlEndpoint, threads: jobs === undefined ? undefined : Number(jobs),
        formats: listed, precompress: values['no-precompress'] !== true,
        mementos,
        warn: (m) => { bar.clear(); process.stderr.write(`lodfolio: ${m}\n`); },
        onProgress: (phase, done, total) => (done === undefined ? bar.phase(phase) : bar.update(done, total!, phase)),
      };
      const report = (built: StaticBuild) => {
        process.stdout.write(`lodfolio: built ${built.documents} documents (${built.triples} triples) for ${config.base} into ${shown(options.out)}: ` +
          `${built.files} files, ${(built.bytes / 1024 / 1024).toFixed(1)} MiB, ${built.changed} new or changed, ${built.reused} documents reused from the previous build` +
          `${built.versions ? `, ${built.mementos} mementos of ${built.versions} past versions` : ''}, in ${(built.ms / 1000).toFixed(1)} s\n`);
        for (const file of built.profileFiles) process.stdout.write(`  ${file.path}  ${kibibytes(file.bytes)}\n`);
      };
      const repository = gitWorkTreeOf(path.dirname(options.out));
      // SITE is a link to its build (docs/building.md): a repository that publishes a folder would record the link alone.
      const inRepository = () => {
        if (repository !== undefined) process.stderr.write(`lodfolio: ${shown(options.out)} is inside the git repository ${shown(repository)}: git records it as a link to .${path.basename(options.out)}.builds/, not as the site; to publish it from the repository (GitHub Pages), build outside it and copy the site in (cp -rL SITE/. ${shown(repository)}/docs/), see docs/building.md\n`);
      };
      if (!values.watch) {
        report(await buildStatic(options).finally(() => bar.clear()));
        inRepository();
        return;
      }
      inRepository();
      const resident = new ResidentBuild(options);
      await buildWatching(() => resident.build().finally(() => bar.clear()), config.dataDir, options.out, report);
    },
  },
  {
    name: 'push',
    forms: [{
      usage: '--store URL [--graph IRI] [--timeout SECONDS] [--base URL] [DIR]',
      does: 'replace a named graph of a SPARQL store with the dataset (Graph Store protocol PUT; credentials, if it needs them, from LODFOLIO_STORE_USER and LODFOLIO_STORE_PASSWORD)',
    }],
    options: {
      store: { type: 'string', value: 'URL', help: 'the store\'s Graph Store endpoint (Virtuoso: http://HOST:8890/sparql-graph-crud-auth)' },
      graph: { type: 'string', value: 'IRI', help: 'the named graph to replace (default: the dataset\'s IRI, BASE/dataset)' },
      timeout: { type: 'string', value: 'SECONDS', help: `how long each request to the store may take, connecting, sending and answering (default ${PUSH_TIMEOUT_MS / 1000})` },
      base,
    },
    args: profileFolder,
    async run(values, [dir]) {
      const config = configOf(values, profileDir(dir, 'push'));
      const store = string(values.store);
      if (!store) throw new UsageError('push needs --store URL, the store\'s Graph Store endpoint');
      const timeout = string(values.timeout);
      if (timeout !== undefined && !/^[1-9]\d{0,5}$/.test(timeout)) throw new UsageError(`--timeout must be a number of seconds, 1 or more (got "${timeout}")`);
      const credentials = credentialsFrom();
      // IRIs minted for localhost are rarely what a store should hold.
      if (!config.baseGiven) process.stderr.write(`lodfolio: the IRIs are minted under ${config.base} (give --base or BASE_URL for the public one)\n`);
      const { describePush, pushProfile } = await import('./store/push.js');
      const report = await pushProfile(await build(config), {
        store, graph: string(values.graph), credentials, timeoutMs: timeout === undefined ? undefined : Number(timeout) * 1000,
      });
      process.stdout.write(`lodfolio: ${describePush(report)}\n`);
    },
  },
  {
    name: 'server-config',
    forms: [{
      usage: `${serverNames.join('|')} --root SITE [--listen ADDR] [--base URL] [--prefix DIR] [--snippet]`,
      does: `print a configuration that makes ${serverNames.join(' or ')} serve a site build wrote, with the same negotiation`,
    }],
    options: {
      root: { type: 'string', value: 'SITE', help: 'the folder build wrote' },
      listen: { type: 'string', value: 'ADDR', help: 'the address:port to listen on (default: 127.0.0.1:8080)' },
      base: { ...base, help: 'the URL the site is served at (default: the base it was built for)' },
      prefix: { type: 'string', value: 'DIR', help: 'where the server keeps its pid file, logs and temporary files (default: a new temporary folder)' },
      snippet: { type: 'boolean', help: 'only the part for an existing server\'s configuration' },
    },
    args: { min: 0, max: 1, what: `a server (${serverNames.join(' or ')})` },
    async run(values, [server]) {
      const root = string(values.root);
      if (!server || !root) throw new UsageError(`server-config needs a server (${serverNames.join(' or ')}) and --root SITE, a folder build wrote`);
      const config = configOf(values, undefined);
      process.stdout.write(await (await import('./deploy/command.js')).serverConfig({ server, root, listen: string(values.listen) ?? '127.0.0.1:8080', prefix: string(values.prefix), snippet: values.snippet === true, base: config.baseGiven ? config.base : undefined }));
    },
  },
  {
    name: 'import bibtex',
    forms: [{ usage: 'FILE.bib [--into DIR] [--force] [--prune]', does: 'add the works of a BibTeX file to the profile in DIR (as DIR/bibtex.yaml); again, to update them from the file' }],
    options: { into, force, prune: prune('the .bib'), base },
    args: { min: 1, max: 1, what: 'a .bib file' },
    run: (values, [file]) => runImport(values, { from: shown(path.resolve(file)), lines: true }, async (options) => (await import('./import/importer.js')).importBibtex({ ...options, bibFile: path.resolve(file) })),
  },
  {
    name: 'import csl',
    forms: [{ usage: 'FILE.json [--into DIR] [--force] [--prune]', does: 'add the works of a CSL-JSON file (Zotero\'s "CSL JSON" export, Better BibTeX\'s, Mendeley\'s) to the profile in DIR (as DIR/csl.yaml); again, to update them from the file' }],
    options: { into, force, prune: prune('the CSL-JSON file'), base },
    args: { min: 1, max: 1, what: 'a CSL-JSON file' },
    run: (values, [file]) => runImport(values, { from: shown(path.resolve(file)), lines: true }, async (options) => (await import('./import/importer.js')).importCslFile({ ...options, file: path.resolve(file) })),
  },
  {
    name: 'import al-folio',
    forms: [{ usage: 'SITE [--into DIR] [--force] [--prune]', does: 'add the news (_news/) and projects (_projects/) of an al-folio site\'s folder to the profile in DIR (as DIR/al-folio.yaml); its publications: import bibtex SITE/_bibliography/papers.bib' }],
    options: { into, force, prune: prune('the site'), base },
    args: { min: 1, max: 1, what: 'an al-folio site\'s folder' },
    run: (values, [site]) => runImport(values, { from: shown(path.resolve(site)), lines: false }, async (options) => (await import('./import/alfolio.js')).importAlFolio({ ...options, site: path.resolve(site) })),
  },
  {
    name: 'import doi',
    forms: [{
      usage: 'DOI... [--into DIR] [--force]',
      does: 'add works by DOI (their CSL-JSON records, by content negotiation at $LODFOLIO_DOI_RESOLVER, default https://doi.org/) as DIR/doi.yaml',
    }],
    options: { into, force, base },
    args: { min: 1, max: Infinity, what: 'one or more DOIs' },
    run: (values, dois) => runImport(values, { from: `${dois.length} DOI${dois.length === 1 ? '' : 's'}`, lines: false }, async (options) => (await import('./import/web.js')).importDois(dois, { ...options, ...webSources() })),
  },
  {
    name: 'import orcid',
    forms: [{
      usage: 'ORCID-ID [--into DIR] [--force] [--prune]',
      does: 'add the works of an ORCID record (public API v3.0 at $LODFOLIO_ORCID_API, default https://pub.orcid.org/v3.0/; their DOIs resolved as import doi resolves them) as DIR/orcid.yaml',
    }],
    options: { into, force, prune: prune('the ORCID record'), base },
    args: { min: 1, max: 1, what: 'an ORCID iD' },
    run: (values, [orcid]) => runImport(values, { from: `ORCID ${orcid}`, lines: false }, async (options) => (await import('./import/web.js')).importOrcid(orcid, { ...options, ...webSources() })),
  },
];

const help: Option = { type: 'boolean', short: 'h', help: 'show this help' };

/** `--out SITE`, `-f, --format F`: an option as the help lists it. */
function optionLabel(name: string, option: Option): string {
  return `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : ''}`;
}

/** Text wrapped to `width` columns, its lines after the first indented by `indent`. */
function wrap(text: string, indent: number, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join(`\n${' '.repeat(indent)}`);
}

/** `  left     text...`, the text in a column of its own from `column`, or under left when left is too long. */
function entry(left: string, text: string, column: number): string {
  const pad = left.length + 2 <= column ? ' '.repeat(column - left.length) : `\n${' '.repeat(column)}`;
  return `${left}${pad}${wrap(text, column)}\n`;
}

const usage = `lodfolio: a scholar's profile, published as linked data

Usage:
${commands.flatMap((c) => c.forms.map((f) => entry(`  lodfolio ${c.name} ${f.usage}`, f.does, 42))).join('')}${entry('  lodfolio COMMAND --help', 'a command\'s options', 42)}${entry('  lodfolio --help', 'show this help', 42)}${entry('  lodfolio --version', 'the version of lodfolio', 42)}
${wrap(DIR, 0)}
`;

/** A command's own help: its forms, what they do, its options. */
function commandUsage(command: Command): string {
  const options = { ...command.options, help };
  const width = Math.max(...Object.entries(options).map(([name, o]) => optionLabel(name, o).length)) + 4;
  const dir = command.forms.some((f) => f.usage.includes('[DIR]')) ? `\n${wrap(DIR, 0)}\n` : '';
  return `Usage:\n${command.forms.map((f) => `  lodfolio ${command.name} ${f.usage}\n    ${wrap(f.does, 4)}\n`).join('')}\nOptions:\n` +
    `${Object.entries(options).map(([name, o]) => entry(`  ${optionLabel(name, o)}`, o.help, width)).join('')}${dir}`;
}

/** The command named at the start of `argv` (`dump`, `import bibtex`), and the arguments after its name. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | { error: string } {
  const command = commands.find((c) => c.name.split(' ').every((word, i) => argv[i] === word));
  if (command) return { command, rest: argv.slice(command.name.split(' ').length) };
  const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
  if (group.length > 0) return { error: `cannot ${argv[0]} "${argv[1] ?? ''}" (choose from: ${group.map((c) => c.name).join(', ')})` };
  return { error: argv[0].startsWith('-') ? `the command comes first: lodfolio COMMAND [OPTIONS] (got "${argv[0]}")` : `unknown command "${argv[0]}"` };
}

/** The options and arguments of a command's part of the command line; only its own options, and says which those are. */
function parseCommand(command: Command, rest: string[]): { values: Values; args: string[] } | { error: string } {
  const options = { ...command.options, help };
  try {
    const { values, positionals } = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
    const { min, max, what } = command.args;
    if (!values.help && positionals.length > max) return { error: `unexpected argument "${positionals[max]}" (${command.name} takes ${what})` };
    if (!values.help && positionals.length < min) return { error: `${command.name} needs ${what}` };
    return { values, args: positionals };
  } catch (error) {
    const { tokens } = parseArgs({ args: rest, options, allowPositionals: true, strict: false, tokens: true });
    const unknown = tokens.find((t) => t.kind === 'option' && !Object.hasOwn(options, t.name));
    if (unknown?.kind !== 'option') return { error: (error as Error).message };
    const own = Object.entries(command.options).map(([name, o]) => optionLabel(name, o));
    return { error: `${command.name} does not take ${unknown.rawName} (${own.length > 0 ? `its options: ${own.join(', ')}` : 'it has no options'})` };
  }
}

/** The commands that show the built-in example outside a profile; the others write or send, and ask for DIR. */
const showsExample = new Set(['validate', 'dump', 'serve', 'words']);

/**
 * The profile a command works on: DIR, else the current folder if it holds
 * data files. Elsewhere, a command that only shows a profile shows the
 * built-in example and says so; one that writes or sends asks for DIR, and
 * none writes into the example, which is lodfolio's own.
 */
function profileDir(dir: string | undefined, command: string): string {
  const cwd = process.cwd();
  const chosen = dir !== undefined ? path.resolve(dir) : defaultDataDirFor(cwd);
  const example = chosen === defaultDataDir;
  if (!example) return chosen;
  if (!showsExample.has(command)) {
    const given = command === 'import' ? '--into DIR' : 'DIR';
    throw new UsageError(dir !== undefined
      ? `${shown(chosen)} is lodfolio's built-in example, which ${command} does not change: copy it (lodfolio init DIR starts a profile) and give that folder`
      : `no profile here (${cwd} has no .yaml files): give the profile folder (${command} ${given}), or start one with lodfolio init DIR`);
  }
  if (dir === undefined) process.stderr.write(`lodfolio: no profile here (no .yaml files in ${cwd}): showing the built-in example; give DIR for yours, or start one with lodfolio init DIR\n`);
  return chosen;
}

/** A string option's value (parseArgs has checked its type). */
/** A comma-separated list of document formats, each checked (`--formats`, `--mementos`). */
function documentFormatsIn(list: string | undefined, option: string): DocumentFormat[] | undefined {
  const listed = list?.split(',').map((f) => f.trim());
  const unknown = listed?.find((f) => !(documentFormats as readonly string[]).includes(f));
  if (unknown !== undefined) throw new UsageError(`${option}: unknown format "${unknown}" (choose from ${documentFormats.join(', ')})`);
  return listed as DocumentFormat[] | undefined;
}

function string(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The folder, base, port and host a command works with: its options, else the environment, else the defaults. */
function configOf(values: Values, dataDir: string | undefined): Config {
  return resolveConfig({ dataDir, base: string(values.base), port: string(values.port), host: string(values.host) });
}

/**
 * An import command's run: the import into --into (or DIR's default), with a
 * progress bar, then what it did. `from` names the source in messages; with
 * `lines`, its entries are lines of a file, named with them.
 */
async function runImport(values: Values, { from, lines }: { from: string; lines: boolean }, run: (options: ImportOptions) => Promise<ImportReport>): Promise<void> {
  const config = configOf(values, profileDir(string(values.into), 'import'));
  let report;
  const bar = progressBar();
  try {
    report = await run({ dir: config.dataDir, force: values.force === true, prune: values.prune === true, builder: await (await import('./pipeline.js')).ProfileBuilder.create(), base: config.base,
      onProgress: (phase, done, total) => (done === undefined ? bar.phase(phase) : bar.update(done, total!, phase)) });
  } catch (error) {
    bar.clear();
    if (!(error instanceof InvalidProfileError)) throw error;
    for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    throw new Error(`${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} in the profile as the import would leave it; nothing was written`);
  }
  bar.clear();
  process.stdout.write(`${importSummary(report, { from, lines, into: shown(config.dataDir) }).join('\n')}\n`);
}

/**
 * What an import command prints of its report: a line of counts, then each
 * entry skipped and each note (at `from`'s line when `lines`), the works not
 * the scholar's, the fields not imported, the works gone, the files written.
 */
export function importSummary(report: ImportReport, { from, lines, into }: { from: string; lines: boolean; into: string }): string[] {
  const where = (line: number) => (lines ? ` (${from}:${line})` : '');
  const out: string[] = [`lodfolio: imported ${report.imported}, updated ${report.updated}, unchanged ${report.unchanged}, skipped ${report.skipped.length} ` +
    `(from ${from} into ${into})`];
  const added = Object.entries(report.added).map(([c, n]) => `${c} ${n}`);
  if (added.length > 0) out.push(`  new entries they need: ${added.join(', ')}`);
  for (const s of report.skipped) out.push(`  skipped ${s.key}${where(s.line)}: ${s.reason}`);
  for (const n of report.notes) out.push(`  note ${n.key}${where(n.line)}: ${n.reason}`);
  const notTheirs = report.notTheirs?.keys ?? [];
  if (notTheirs.length > 0) {
    const one = notTheirs.length === 1;
    out.push(`  ${one ? '1 work names' : `${notTheirs.length} works name`} you (${report.notTheirs!.person}) as none of ${one ? 'its' : 'their'} authors or editors, so ${one ? 'it is' : 'they are'} published but not listed as yours`
      + ` (is your name spelled there as person.yaml spells it, or as one of its alternateName?): ${notTheirs.join(', ')}`);
  }
  const unread = Object.entries(report.unread).sort(([a], [b]) => a.localeCompare(b)).map(([f, n]) => `${f} (${n})`);
  if (unread.length > 0) out.push(`  fields not imported: ${unread.join(', ')}`);
  const gone = report.gone.filter((g) => !report.pruned.includes(g.id));
  if (gone.length > 0) out.push(`  gone from ${from}, still in the profile (--prune removes them): ${gone.map((g) => `${g.key} (${g.id})`).join(', ')}`);
  if (report.pruned.length > 0) out.push(`  pruned: ${report.pruned.join(', ')}`);
  out.push(report.written.length > 0 ? `  wrote ${report.written.map(shown).join(', ')}` : '  nothing to write: the profile already has it all');
  return out;
}

/** A path as messages show it: relative to the current folder. */
function shown(file: string): string {
  return path.relative(process.cwd(), file) || '.';
}

async function serveBuilt(config: Config, siteDir: string, watch: boolean | undefined, limits: SiteServeOptions['sparql']): Promise<void> {
  if (watch) throw new UsageError('--watch rebuilds a profile; a built site is served as it is (run build again to change it)');
  const warn = (m: string) => process.stderr.write(`lodfolio: ${m}\n`);
  const { serveSite } = await import('./server.js');
  const serving = await serveSite(config, path.resolve(siteDir), { warn, sparql: limits });
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
  // The endpoint's IRI is the built base's; where it answers is this server's address.
  if (sparql?.lastLoad) process.stdout.write(`lodfolio: SPARQL at http://${where}${new URL(sparql.endpoint).pathname} (${sparql.endpoint}): ${(await import('./sparql/index.js')).describeLoad(sparql.lastLoad)}\n`);
  await serving.closed;
  process.stdout.write('lodfolio: stopped\n');
}

/** A line per rebuild under --watch; the problems of data that was not published, located. */
function reportRebuild(outcome: Rebuilt): void {
  if (outcome.published) {
    process.stdout.write(`lodfolio: republished ${outcome.documents} documents (${outcome.triples} triples) in ${outcome.ms} ms\n`);
    return;
  }
  reportRefused(outcome.error, 'still serving the last valid version');
}

/** Why a version under --watch was not published, its problems located; then what stays (`keeps`). */
function reportRefused(error: unknown, keeps: string): void {
  if (error instanceof InvalidProfileError) {
    for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    process.stderr.write(`lodfolio: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}; ${keeps}\n`);
  } else {
    process.stderr.write(`lodfolio: rebuild failed (${(error as Error).message}); ${keeps}\n`);
  }
}

/**
 * `build --watch`: a build, then one after each change to the profile, the
 * ontology or the citation styles, until SIGINT or SIGTERM. The folders are
 * watched from the start (a save during the first build makes a second);
 * SITE and its builds are not, should they be inside the profile. Invalid
 * data, or a build that fails, is reported and the site stays as it was; a
 * first build that fails for another reason (SITE not a site, say) ends the
 * command.
 */
async function buildWatching(build: () => Promise<StaticBuild>, dataDir: string, out: string, report: (built: StaticBuild) => void): Promise<void> {
  const { watchFolders } = await import('./watch.js');
  const { gitBookkeeping } = await import('./history.js');
  const builds = path.join(path.dirname(out), `.${path.basename(out)}.builds`);
  const keeps = () => (existsSync(out) ? `${shown(out)} keeps its last build` : `nothing written to ${shown(out)}`);
  let queue = Promise.resolve();
  /** One build after the one under way (the watch's calls never overlap; the first build is not one of them). */
  const once = (first: boolean) => {
    queue = queue.then(async () => {
      try {
        report(await build());
      } catch (error) {
        if (first && !(error instanceof InvalidProfileError)) throw error;
        reportRefused(error, keeps());
      }
    });
    return queue;
  };
  const watcher = watchFolders([dataDir, ontologyDir, stylesDir], () => once(false), { ignore: [out, builds, ...gitBookkeeping(dataDir)] });
  try {
    await once(true);
  } catch (error) {
    watcher.close();
    throw error;
  }
  process.stdout.write(`lodfolio: watching ${shown(dataDir)}, the ontology and the citation styles for changes (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      watcher.close();
      process.stdout.write(`lodfolio: ${signal}: stopped\n`);
      // A build under way is removed by its own handler, called with this one (publish/site-builds.ts): the site stays as it was.
      setImmediate(() => process.exit(0));
      resolve();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

class UsageError extends Error {}

async function build(config: Config): Promise<Profile> {
  const { ProfileBuilder } = await import('./pipeline.js');
  return (await ProfileBuilder.create()).build(config.dataDir, config.base);
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    (argv.length === 0 ? process.stderr : process.stdout).write(usage);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    process.stdout.write(`lodfolio ${version}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if ('error' in found) {
    process.stderr.write(`lodfolio: ${found.error}\n\n${usage}`);
    return 2;
  }
  const { command } = found;
  const parsed = parseCommand(command, found.rest);
  if ('error' in parsed) {
    process.stderr.write(`lodfolio: ${parsed.error}\n\n${commandUsage(command)}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(commandUsage(command));
    return 0;
  }
  try {
    await command.run(parsed.values, parsed.args);
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

/** The work tree of the git repository a folder is in (a `.git` folder or file in it or above it), if any. */
function gitWorkTreeOf(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}
