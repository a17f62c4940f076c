import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder, where ontology/, public/ and the default data/ live. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultDataDir = path.join(projectRoot, 'data');
export const ontologyDir = path.join(projectRoot, 'ontology');
export const publicDir = path.join(projectRoot, 'public');
/** The CSL citation styles formatted references are written in. */
export const stylesDir = path.join(projectRoot, 'styles', 'csl');
/** The profile `lodfolio init` starts from. */
export const starterDir = path.join(projectRoot, 'starter');
/** How long each request of `push` to a store may take by default, from connecting to the end of its answer. */
export const PUSH_TIMEOUT_MS = 10 * 60_000;

export interface Config {
  /** Folder of YAML files to publish. */
  dataDir: string;
  /**
   * Every IRI the graph mints starts with this; ends with `/`. Given, or
   * made from the port; see `baseFor` for a server on port 0.
   */
  base: string;
  /** Whether the base was given (flag or BASE_URL) rather than made from the port. */
  baseGiven: boolean;
  port: number;
  /** The address to listen on. */
  host: string;
}

export interface ConfigInput {
  dataDir?: string;
  base?: string;
  port?: string | number;
  host?: string;
}

/** A profile's site settings (ontology/site.schema.json): about its pages, not data. */
export const SITE_FILE = 'site.yaml';
/** A profile's own stylesheet, added after the built-in one. */
export const STYLE_FILE = 'style.css';

/**
 * A profile's data files are its `.yaml`/`.yml` files but its site settings
 * (SITE_FILE); hidden ones (`.gitlab-ci.yml` in a profile kept in git) are
 * tools' settings, not data. Here, below both the loader and the default
 * folder, which must agree.
 */
export function isDataFile(name: string): boolean {
  return /\.ya?ml$/.test(name) && !name.startsWith('.') && name !== SITE_FILE;
}

/**
 * The folder a command works on when none is given: the current directory
 * when it holds data files (the user is inside their own profile, and
 * checking the demo instead would pass silently), else the demo data/.
 */
export function defaultDataDirFor(cwd: string): string {
  let names: string[];
  try {
    names = readdirSync(cwd);
  } catch {
    return defaultDataDir;
  }
  return names.some(isDataFile) ? cwd : defaultDataDir;
}

/** Flags win over the environment (PORT, BASE_URL), which wins over defaults. */
export function resolveConfig(input: ConfigInput = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const given = String(input.port ?? env.PORT ?? 3000);
  const port = Number(given);
  if (!/^\d+$/.test(given) || port > 65535) {
    throw new Error(`port must be a whole number from 0 to 65535 (got "${given}")`);
  }
  const explicit = input.base ?? env.BASE_URL;
  return {
    dataDir: path.resolve(input.dataDir ?? defaultDataDirFor(process.cwd())),
    base: normalizeBase(explicit ?? `http://localhost:${port}/`),
    baseGiven: explicit !== undefined,
    port,
    host: input.host ?? '127.0.0.1',
  };
}

/**
 * Where `import doi` and `import orcid` look works up: `LODFOLIO_DOI_RESOLVER`
 * (default https://doi.org/) and `LODFOLIO_ORCID_API` (default
 * https://pub.orcid.org/v3.0/), so that a mirror (or a test's server) can
 * stand in.
 */
export function webSources(env: NodeJS.ProcessEnv = process.env): { doiResolver: string; orcidApi: string } {
  const base = (name: string, fallback: string) => {
    const value = env[name] || fallback;
    if (!/^https?:\/\/[^/]/.test(value)) throw new Error(`${name} must be an http(s) URL (got "${value}")`);
    return value.endsWith('/') ? value : `${value}/`;
  };
  return { doiResolver: base('LODFOLIO_DOI_RESOLVER', 'https://doi.org/'), orcidApi: base('LODFOLIO_ORCID_API', 'https://pub.orcid.org/v3.0/') };
}

/** The base a server bound to `port` publishes under: the given one, else one naming the port it got (for port 0). */
export function baseFor(config: Config, port: number): string {
  return config.baseGiven ? config.base : `http://localhost:${port}/`;
}

function normalizeBase(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`base must be an absolute http(s) URL like https://example.org/ (got "${base}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`base must be an http(s) URL (got "${base}")`);
  }
  if (url.search || url.hash) throw new Error(`base must have no query or fragment (got "${base}")`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
