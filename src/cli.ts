import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RequestHandler } from 'express';
import { projectRoot, resolveConfig, type Config } from './config.js';
import { toFramedJsonLd } from './formats/jsonld.js';
import { sortQuads, toNTriples, toTurtle } from './formats/turtle.js';
import { ProfileBuilder, type Profile } from './graph/profile.js';
import { createApp, type ResponseRecord } from './http/app.js';
import { buildRepresentations } from './http/representations.js';
import { listen } from './http/server.js';
import { loadPublic } from './http/static.js';
import { InvalidProfileError, formatIssue } from './issues.js';
import { loadOntology, ontologyDir } from './ontology.js';
import { buildSite } from './site/index.js';
import { createSparqlService, type SparqlService } from './sparql/index.js';

const usage = `lodfolio: a scholar's profile, published as linked data

Usage:
  lodfolio validate [DIR]                 check the data (default: the project's data/)
  lodfolio dump [--format F] [DIR]        print the whole dataset (F: turtle, ntriples, jsonld)
  lodfolio serve [--port N] [--host H] [DIR]
                                          serve the profile as linked data until SIGTERM
  lodfolio --help

Options:
  --base URL     base of every IRI (default: $BASE_URL or http://localhost:PORT/)
  --port N       port the IRIs are minted for, and served on (default: $PORT or 3000;
                 0 picks a free port, and the default base follows it)
  --host H       address to listen on (default: 127.0.0.1; 0.0.0.0 or :: for every interface)
  --format F     dump format: turtle (default), ntriples, jsonld
  -h, --help     show this help
`;

interface Values { format?: string; host?: string; baseGiven?: boolean }
type Command = (config: Config, values: Values) => Promise<void>;

const commands: Record<string, Command> = {
  async validate(config) {
    const profile = await build(config);
    process.stdout.write(`${config.dataDir}: valid, ${profile.graph.size} triples\n`);
  },
  async dump(config, { format = 'turtle' }) {
    const writers: Record<string, (p: Profile) => Promise<string> | string> = {
      turtle: (p) => toTurtle(p.graph, undefined),
      ntriples: (p) => toNTriples(p.graph),
      jsonld: (p) => `${JSON.stringify(toFramedJsonLd(sortQuads(p.graph)), null, 2)}\n`,
    };
    const write = Object.hasOwn(writers, format) ? writers[format] : undefined;
    if (!write) throw new UsageError(`unknown format "${format}" (choose from ${Object.keys(writers).join(', ')})`);
    process.stdout.write(await write(await build(config)));
  },
  async serve(config, { host = '127.0.0.1', baseGiven }) {
    // Listen first: a taken port fails before a second is spent building,
    // and with port 0 the base can name the port actually bound.
    const running = await listen({ port: config.port, host });
    const stop = (signal: string) => {
      process.stdout.write(`lodfolio: ${signal}: finishing requests in flight, then stopping\n`);
      void running.close();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    let sparql: SparqlService | undefined;
    try {
      const base = baseGiven || config.port !== 0 ? config.base : `http://localhost:${running.port}/`;
      const onResponse = (r: ResponseRecord) => running.log.response(r);
      const profile = await build({ ...config, base });
      const endpoint = `${base}sparql`;
      const { representations, documents, triples } = await buildServed(config, profile, endpoint);
      // Documents are served as soon as they are built; the query workers
      // start after, so they do not compete with the site for the CPU, and
      // the endpoint answers 503 + Retry-After for the moment it takes.
      const starting = Buffer.from('503 Service Unavailable: the SPARQL endpoint is starting; retry in a second\n');
      const queries: RequestHandler = (req, res, next) => {
        if (sparql) return sparql.router(req, res, next);
        const started = performance.now();
        res.writeHead(503, ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(starting.length),
          'Retry-After', '1', 'Cache-Control', 'no-store', 'Access-Control-Allow-Origin', '*',
          'Access-Control-Expose-Headers', 'Retry-After', 'X-Content-Type-Options', 'nosniff']);
        res.end(req.method === 'HEAD' ? undefined : starting);
        onResponse({ method: req.method, url: req.originalUrl, status: 503, bytes: starting.length, contentType: 'text/plain', started });
      };
      running.ready(createApp(representations, { onResponse, mounts: [{ path: new URL(endpoint).pathname, router: queries }] }));
      // (A signal that came while building has already stopped the server: no workers to start.)
      if (!running.stopping) {
        sparql = await createSparqlService({ profile, endpoint, onResponse, stylesheet: `${new URL(base).pathname}style.css`,
          log: (m) => process.stderr.write(`lodfolio: ${m}\n`) });
      }
      const where = host.includes(':') ? `[${host}]:${running.port}` : `${host}:${running.port}`;
      // (A signal that came while building has already stopped it: nothing to announce.)
      if (!running.stopping) {
        process.stdout.write(`lodfolio: serving ${documents} documents (${triples} triples) ` +
          `at ${base} (listening on ${where}, ready in ${Math.round(performance.now())} ms)\n`);
      }
    } catch (error) {
      await running.close();
      await sparql?.close();
      throw error;
    }
    await running.closed;
    await sparql?.close();
    process.stdout.write('lodfolio: stopped\n');
  },
};

/**
 * Everything the server sends, built once. The graph and the site are not
 * kept: once serialised they are garbage, and the server holds bytes only.
 */
async function buildServed(config: Config, profile: Profile, sparqlEndpoint: string) {
  const site = buildSite(profile, { lastModified: await lastModifiedOf([config.dataDir, ontologyDir]), sparqlEndpoint });
  const publicFiles = await loadPublic(path.join(projectRoot, 'public'), (m) => process.stderr.write(`lodfolio: ${m}\n`));
  return { representations: buildRepresentations(site, { publicFiles }), documents: site.documents.length, triples: profile.graph.size };
}

/** When the published data last changed: the newest file among the data and the ontology. */
async function lastModifiedOf(dirs: string[]): Promise<Date> {
  let newest = 0;
  for (const dir of dirs) {
    for (const name of await readdir(dir)) {
      const info = await stat(path.join(dir, name));
      if (info.isFile()) newest = Math.max(newest, info.mtimeMs);
    }
  }
  // HTTP dates have whole seconds; so do the comparisons made with them.
  return new Date(Math.floor((newest || Date.now()) / 1000) * 1000);
}

class UsageError extends Error {}

async function build(config: Config): Promise<Profile> {
  return new ProfileBuilder(await loadOntology()).build(config.dataDir, config.base);
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
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`lodfolio: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [name, dataDir, ...extra] = positionals;
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
    const baseGiven = (values.base ?? process.env.BASE_URL) !== undefined;
    await command(resolveConfig({ dataDir, base: values.base, port: values.port }), { ...values, baseGiven });
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
