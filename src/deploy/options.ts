import { aliasesOf, isCompressible } from '../formats.js';
import { allowedMethods, allowedRequestHeaders, documentCors } from '../http/cors.js';
import type { SiteManifest } from '../publish/export.js';
import { mementoLinks } from '../publish/mementos.js';
import { linkHeader } from '../render/linkset.js';
import { mementoStamp, SiteUrls } from '../site/layout.js';
import type { NegotiationPlan } from './plan.js';

/** What every generator takes: options → configuration text, nothing read or written. */
export interface ServerConfigOptions {
  /** The folder `lodfolio build` wrote. */
  root: string;
  /** Its `.lodfolio-site.json`. */
  manifest: SiteManifest;
  /** `127.0.0.1:8080`, `8080`, `[::]:80`. */
  listen: string;
  /** The URL the site is served at; its path is what counts (default: the base it was built for). */
  base?: string;
  /** Where a complete configuration keeps its pid file, logs and temporary files. */
  prefix: string;
  /** Only the part to paste into an existing server's configuration. */
  snippet?: boolean;
  /**
   * nginx's njs module (`ngx_http_js_module.so`), when it is installed and
   * the site has the negotiation module build writes: nginx then negotiates
   * as `lodfolio serve` does (njs.ts), not by the table of plan.ts.
   */
  njs?: string;
  /**
   * Apache's mod_lua (`mod_lua.so`), when it is installed and the site has
   * the Lua module build writes: Apache then negotiates as `lodfolio serve`
   * does (lua.ts) where mod_lua is loaded, and by the table of plan.ts
   * elsewhere; the complete configuration loads it.
   */
  lua?: string;
  /**
   * Apache's mod_brotli (`mod_brotli.so`), when it is installed: the
   * complete configuration loads it (an Apache without it would refuse a
   * LoadModule of it), and a file without copies is then sent
   * brotli-encoded as well as gzipped.
   */
  brotli?: string;
}

/** The CORS headers `lodfolio serve` sends, from http/cors.ts. */
export const exposeHeaders = documentCors[documentCors.indexOf('Access-Control-Expose-Headers') + 1];
export const preflightHeaders = allowedRequestHeaders.documents;
export const allowed = allowedMethods.documents;

/**
 * File extension → Content-Type, as far as the last extension tells: the
 * fixed files' types first, then the formats'. A format whose type this
 * gets wrong (`.apa.txt` is no `.txt`) needs its own rule.
 */
export function contentTypeTable(manifest: SiteManifest, plan: NegotiationPlan): Map<string, string> {
  const table = new Map<string, string>();
  const ext = (name: string) => name.slice(name.lastIndexOf('.') + 1);
  for (const p of Object.keys(manifest.files)) if (!table.has(ext(p))) table.set(ext(p), manifest.files[p]);
  for (const k of plan.kinds) if (!k.alias && !table.has(ext(k.suffix))) table.set(ext(k.suffix), k.contentType);
  return table;
}

/**
 * The type of a file sent as it is, by the end of its name, the longest
 * first: the formats whose suffix has two parts (`.apa.txt`), then the
 * fixed files the last extension gets wrong (a whole URL path, from `/`),
 * then each last extension.
 */
export function typesByName(manifest: SiteManifest, plan: NegotiationPlan, basePath: string): Array<[string, string]> {
  const table = contentTypeTable(manifest, plan);
  return [
    ...plan.kinds.filter((k) => !k.alias && k.suffix.includes('.')).map((k) => [`.${k.suffix}`, k.contentType] as [string, string]),
    ...servedEntries(manifest.files, manifest, basePath).filter(([, t, p]) => table.get(lastExtension(p)) !== t).map(([at, t]) => [at, t] as [string, string]),
    ...[...table].map(([ext, t]) => [`.${ext}`, t] as [string, string]),
  ];
}

export function lastExtension(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * The entries of a manifest's record (path → value) with each path under
 * the base the site is served at (`at`), beside its value and the path the
 * manifest gives; leaving out what belongs to the origin's root (robots.txt
 * of a site under a sub-path), which is no concern of this site's config.
 */
export function servedEntries<T>(record: Readonly<Record<string, T>> | undefined, manifest: SiteManifest, basePath: string): Array<[at: string, value: T, path: string]> {
  const built = new URL(manifest.base).pathname;
  const served: Array<[at: string, value: T, path: string]> = [];
  // By its keys: Object.entries is several times slower on a record of thousands (a dictionary).
  for (const p of Object.keys(record ?? {})) if (p.startsWith(built)) served.push([basePath + p.slice(built.length), record![p], p]);
  return served;
}

/**
 * The file of the person's WebFinger descriptor (`.well-known/webfinger`
 * under the base it was built for), relative to the site's folder, if the
 * build wrote one: a complete configuration answers `/.well-known/webfinger`
 * of the origin with it, for any resource asked about.
 */
export function webfingerFile(manifest: SiteManifest): { file: string; type: string } | undefined {
  const file = '.well-known/webfinger';
  const type = manifest.files[`${new URL(manifest.base).pathname}${file}`];
  return type ? { file, type } : undefined;
}

/** The extensions of the files build may have precompressed: every format's, and every fixed file's but a .gz's. */
export function compressibleExtensions(manifest: SiteManifest): string[] {
  const exts = new Set<string>();
  for (const s of Object.keys(manifest.types)) exts.add(lastExtension(s));
  for (const p of Object.keys(manifest.files)) if (!p.endsWith('.gz')) exts.add(lastExtension(p));
  return [...exts];
}

/**
 * The types a web server compresses as it sends them, where the build wrote
 * no copy (a work's RDF and citations, any file under
 * publish/output-folder.ts's MIN_PRECOMPRESSED_BYTES): every type of the
 * site's files that `serve` compresses, and the other names of their
 * formats (JSON-LD's `application/json`) a document is sent under, in a stable order. As media types
 * (what Apache matches), or as the Content-Types the site sends
 * (nginx matches the whole header, parameters and all).
 */
export function compressibleTypes(manifest: SiteManifest, as: 'mediaType' | 'contentType'): string[] {
  const formats = Object.values(manifest.types);
  const types = [...formats.map((t) => t.contentType), ...formats.flatMap((t) => aliasesOf(t.mediaType).map((a) => a.contentType)),
    ...new Set(Object.values(manifest.files))].filter(isCompressible);
  return [...new Set(as === 'contentType' ? types : types.map((t) => t.split(';')[0].trim()))].sort();
}

/**
 * A character of a document's path below the base, as a regular expression's
 * class (a path the build writes is made of these): what a memento's URL may
 * send back in its `Link` header. A path with any other character is no
 * document's, and must not reach a header (it could close a link and add one).
 */
export const DOCUMENT_PATH_CHAR = '[A-Za-z0-9._~%/-]';

/**
 * What a built memento is sent with (Memento, RFC 7089), when the build
 * wrote mementos: each version's stamp (`YYYYMMDDhhmmss`, as its URLs name
 * it) with its datetime, for `Memento-Datetime`; and the `Link` header of a
 * memento of the document at `{base}{below}`, `below` a server's variable
 * holding the path below the base (for a folder document, `folder`: its
 * path with its slash, or nothing for the base itself).
 */
export function mementoHeaders(manifest: SiteManifest, base: string): { datetimes: Array<[stamp: string, datetime: string]>; link: (below: string, folder: boolean) => string } | undefined {
  if (!manifest.mementos) return undefined;
  const datetimes = new Map<string, string>();
  for (const dates of Object.values(manifest.mementos.documents)) for (const date of dates) datetimes.set(mementoStamp(new Date(date)), date);
  const urls = new SiteUrls(base);
  const placeholder = 'LODFOLIO-DOCUMENT';
  return {
    datetimes: [...datetimes].sort(),
    link: (below, folder) => linkHeader(mementoLinks(urls, `${urls.basePath}${placeholder}${folder ? '/' : ''}`, false)).replaceAll(`${placeholder}${folder ? '/' : ''}`, below),
  };
}

/** The folders under the base a built site serves although their names start with a dot. */
export function servedDotFolders(manifest: SiteManifest): string[] {
  return ['.well-known/', ...(manifest.mementos ? ['.memento/', '.timemap/'] : [])];
}
