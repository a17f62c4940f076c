import { parseArgs } from 'node:util';
import { resolveConfig, type Config } from './config.js';
import { toJsonLd } from './formats/jsonld.js';
import { toNTriples, toTurtle } from './formats/turtle.js';
import { ProfileBuilder, type Profile } from './graph/profile.js';
import { InvalidProfileError, formatIssue } from './issues.js';
import { loadOntology } from './ontology.js';

const usage = `lodfolio: a scholar's profile, published as linked data

Usage:
  lodfolio validate [DIR]                 check the data (default: the project's data/)
  lodfolio dump [--format F] [DIR]        print the whole dataset (F: turtle, ntriples, jsonld)
  lodfolio --help

Options:
  --base URL     base of every IRI (default: $BASE_URL or http://localhost:PORT/)
  --port N       port the IRIs are minted for (default: $PORT or 3000)
  --format F     dump format: turtle (default), ntriples, jsonld
  -h, --help     show this help
`;

type Command = (config: Config, values: { format?: string }) => Promise<void>;

const commands: Record<string, Command> = {
  async validate(config) {
    const profile = await build(config);
    process.stdout.write(`${config.dataDir}: valid, ${profile.graph.size} triples\n`);
  },
  async dump(config, { format = 'turtle' }) {
    const writers: Record<string, (p: Profile) => Promise<string> | string> = {
      turtle: (p) => toTurtle(p.graph, undefined),
      ntriples: (p) => toNTriples(p.graph),
      jsonld: async (p) => `${JSON.stringify(await toJsonLd(p.graph), null, 2)}\n`,
    };
    const write = Object.hasOwn(writers, format) ? writers[format] : undefined;
    if (!write) throw new UsageError(`unknown format "${format}" (choose from ${Object.keys(writers).join(', ')})`);
    process.stdout.write(await write(await build(config)));
  },
};

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
    await command(resolveConfig({ dataDir, base: values.base, port: values.port }), values);
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
