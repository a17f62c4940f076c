import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder, where ontology/ and the default data/ live. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  /** Folder of YAML files to publish. */
  dataDir: string;
  /** Every IRI the graph mints starts with this; ends with `/`. */
  base: string;
  port: number;
}

export interface ConfigInput {
  dataDir?: string;
  base?: string;
  port?: string | number;
}

/** Flags win over the environment (PORT, BASE_URL), which wins over defaults. */
export function resolveConfig(input: ConfigInput = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const given = String(input.port ?? env.PORT ?? 3000);
  const port = Number(given);
  if (!/^\d+$/.test(given) || port > 65535) {
    throw new Error(`port must be a whole number from 0 to 65535 (got "${given}")`);
  }
  const base = normalizeBase(input.base ?? env.BASE_URL ?? `http://localhost:${port}/`);
  return { dataDir: path.resolve(input.dataDir ?? path.join(projectRoot, 'data')), base, port };
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
