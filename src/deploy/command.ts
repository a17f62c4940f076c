import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apacheConfig } from './apache.js';
import { caddyConfig } from './caddy.js';
import { nginxConfig } from './nginx.js';
import { luaModuleName } from './lua.js';
import { njsModuleName } from './njs.js';
import type { ServerConfigOptions } from './options.js';
import { serverNames, type ServerName } from './servers.js';

const servers: Record<ServerName, (options: ServerConfigOptions) => string> = { nginx: nginxConfig, apache: apacheConfig, caddy: caddyConfig };

export interface ServerConfigRequest {
  server: string;
  root: string;
  listen: string;
  base?: string;
  /** Made if missing; default: a new temporary folder. */
  prefix?: string;
  snippet?: boolean;
}

/** Where packages put nginx's njs module: Debian's and nginx.org's, then Red Hat's. */
const njsPaths = ['/usr/lib/nginx/modules/ngx_http_js_module.so', '/usr/lib64/nginx/modules/ngx_http_js_module.so'];
/** Where packages put Apache's mod_lua: Debian's, then Red Hat's. */
const luaPaths = ['/usr/lib/apache2/modules/mod_lua.so', '/usr/lib64/httpd/modules/mod_lua.so'];
/** Where packages put Apache's mod_brotli: Debian's, then Red Hat's. */
const brotliPaths = ['/usr/lib/apache2/modules/mod_brotli.so', '/usr/lib64/httpd/modules/mod_brotli.so'];

/** `lodfolio server-config nginx|apache|caddy`: the configuration text for a built site. */
export async function serverConfig(request: ServerConfigRequest): Promise<string> {
  if (!(serverNames as readonly string[]).includes(request.server)) {
    throw new Error(`unknown server "${request.server}" (choose from ${serverNames.join(', ')})`);
  }
  const root = path.resolve(request.root);
  const { readManifest } = await import('../publish/site-files.js');
  const manifest = await readManifest(root);
  const prefix = request.prefix ? path.resolve(request.prefix)
    : request.snippet ? '' : await mkdtemp(path.join(tmpdir(), `lodfolio-${request.server}-`));
  // Made if missing, as the temporary one is: nginx creates its temporary folders inside it, not it.
  if (request.prefix && !request.snippet) await mkdir(prefix, { recursive: true });
  const njs = existsSync(path.join(root, njsModuleName)) ? njsPaths.find((p) => existsSync(p)) : undefined;
  const lua = existsSync(path.join(root, luaModuleName)) ? luaPaths.find((p) => existsSync(p)) : undefined;
  const brotli = brotliPaths.find((p) => existsSync(p));
  const options: ServerConfigOptions = { root, manifest, listen: request.listen, base: request.base, prefix, snippet: request.snippet, njs, lua, brotli };
  return servers[request.server as ServerName](options);
}
