import type { ExtraFile, SiteManifest } from '../publish/export.js';
import { formats } from '../formats.js';
import { linkHeader } from '../render/linkset.js';
import { fileNameOf } from '../publish/export.js';
import { cacheControlLines, compressedTagLines, compressionFilterLines, mementoHeaderLines, preflightHeaderLines, q } from './apache.js';
import { allowed, exposeHeaders, servedDotFolders, servedEntries, typesByName } from './options.js';
import { ACCEPTED, escapeRegex, negotiationPlan, rangePattern, suffixPattern, type NegotiationPlan } from './plan.js';
import type { Kind } from './variants.js';

/**
 * A site in a folder of its own on someone else's Apache httpd, such as
 * `~user/public_html`: only what a user may write there (`.htaccess`, the
 * site's files) and only what Debian's stock configuration has
 * (mods-available/userdir.conf: `AllowOverride FileInfo AuthConfig Limit
 * Indexes`, `Options MultiViews …`; mod_mime, mod_negotiation, mod_alias,
 * mod_setenvif, mod_dir, mod_userdir; no mod_rewrite), with mod_headers for
 * the headers `lodfolio serve` sends. Every directive that needs a module is
 * in its `<IfModule>`: without mod_headers (a server whose administrator did
 * not `a2enmod headers`), mod_negotiation still negotiates and sends its own
 * Vary, so a cache keeps the formats apart; without mod_negotiation, or
 * without MultiViews in the Options (which an .htaccess cannot change under
 * `AllowOverride FileInfo`), a document's URL is sent to its first format's
 * file. Every directive is the folder's own: nothing changes for other folders.
 *
 * Negotiation is mod_negotiation's, over a type map beside each document
 * (`people/x.var`: each file of the document with its media type, the aliases
 * too, and its precompressed copies with their encoding), which MultiViews
 * takes for the extensionless URL and `DirectoryIndex index.var` for a
 * folder. The `qs` of each type is the server's order. Apache weighs
 * `q × qs`, and where that ties, prefers an encoded copy the client takes,
 * then the smaller file; it takes the q of the most specific range that
 * matches (the first one, if a type is listed twice), and ignores media type
 * parameters other than `q`. So, unlike `negotiate()`: types of equal q go
 * in the server's order, not the client's (`text/turtle, text/html` gets
 * HTML); a citation style cannot be asked for by its `style` (they are all
 * `text/x-bibliography`: the first style wins); and q-values that differ by
 * less than the spacing of the `qs` values (0.001) can tie. `q=0`,
 * wildcards and specificity are as RFC 9110 has them. An alias (JSON-LD
 * asked for as `application/json`) is sent under the type asked for when the
 * header names the alias and not the format itself.
 *
 * A file asked for by its own name is sent as it is (no precompressed copy:
 * that would need mod_rewrite), compressed by mod_deflate (and mod_brotli
 * where loaded) as it goes out, as is a negotiated file without a copy.
 */

const MAP = 'var';

/**
 * What a process that builds the site again and again (build.ts
 * `ResidentBuild`) keeps of the ~user files of its last build, so that the
 * next makes again only what changed: each document's type map, by what
 * the document's files were made from (export.ts's `madeFrom`: the same,
 * the same files, so the same map), and each document's typed links in its folder's
 * `.htaccess`, by the links themselves (a document's first memento adds one
 * without changing its files).
 */
export class UserDirMemory {
  /** The type maps' entries they were made with (`typeMapEntries`, as JSON), and each document's map. */
  entries = '';
  typeMaps = new Map<string, { madeFrom: string; bytes: Buffer }>();
  /** A document's files' pattern and links, as JSON → its line of the `.htaccess`. */
  links = new Map<string, string>();
}

/**
 * The `.htaccess` files and the type maps, as `lodfolio build` writes them into the site's folders;
 * with `kept`, a resident build's memory of the last ones, and what each document's files were made from.
 */
export function userDirFiles(manifest: SiteManifest, written: ReadonlySet<string>, kept?: { memory: UserDirMemory; madeFrom: ReadonlyMap<string, string> }): ExtraFile[] {
  const plan = negotiationPlan(manifest);
  const basePath = new URL(manifest.base).pathname;
  const files: ExtraFile[] = htaccessFiles(manifest, plan, basePath, kept?.memory);
  const entries = typeMapEntries(plan);
  const documents = Object.keys(manifest.documents).map((p) => ({
    path: p, stem: fileNameOf(`${p.endsWith('/') ? `${p}index` : p}.${MAP}`, basePath).slice(0, -MAP.length - 1), suffixes: manifest.documents[p],
  }));
  const entriesKey = JSON.stringify(entries);
  const before = kept?.memory.entries === entriesKey ? kept.memory.typeMaps : undefined;
  const madeFrom = (p: string) => kept?.madeFrom.get(p);
  const known = new Map<string, Buffer>();
  for (const { path: p } of documents) {
    const was = before?.get(p);
    if (was !== undefined && was.madeFrom === madeFrom(p)) known.set(p, was.bytes);
  }
  // A dump's .gz is a download of its own, not an encoding to negotiate.
  const downloads = new Set(Object.keys(manifest.files).map((p) => fileNameOf(p, basePath)));
  const found = filesOf(documents.filter((d) => !known.has(d.path)).map((d) => d.stem), entries.map((e) => e.ending), written, downloads);
  const typeMaps = new Map<string, { madeFrom: string; bytes: Buffer }>();
  for (const { path: p, stem, suffixes } of documents) {
    const bytes = known.get(p) ?? Buffer.from(typeMap(entries, stem, suffixes, found.get(stem)!));
    files.push({ name: `${stem}.${MAP}`, bytes });
    const from = madeFrom(p);
    if (from !== undefined) typeMaps.set(p, { madeFrom: from, bytes });
  }
  if (kept) Object.assign(kept.memory, { entries: entriesKey, typeMaps });
  return files;
}

/**
 * Which of the endings each stem has a file of (`stem + ending` written,
 * and not one of `except`), by the ending's index: in one pass over the
 * names, each cut at its last segment's dots. (Asking the names for each
 * stem and ending would hash a new string in a set of every file of the
 * site for each: a second of CPU at 10,000 papers.)
 */
function filesOf(stems: readonly string[], endings: readonly string[], names: Iterable<string>, except: ReadonlySet<string>): Map<string, Uint8Array> {
  const found = new Map(stems.map((stem) => [stem, new Uint8Array(endings.length)]));
  const indexOf = new Map<string, number[]>();
  endings.forEach((ending, i) => indexOf.set(ending, [...indexOf.get(ending) ?? [], i]));
  for (const name of names) {
    for (let dot = name.indexOf('.', name.lastIndexOf('/') + 1); dot !== -1; dot = name.indexOf('.', dot + 1)) {
      // The ending first: a small map, and most cuts are no ending of a document's file.
      const indices = indexOf.get(name.slice(dot));
      const row = indices && found.get(name.slice(0, dot));
      if (row && !except.has(name)) for (const i of indices) row[i] = 1;
    }
  }
  return found;
}

/** A file a type map may list: its suffix, and what follows its URI, the same in every document's map. */
interface TypeMapEntry { suffix: string; ending: string; lines: string }

/** Every file a type map may list, in the server's order, each with its `qs` (and its encoding, for a copy). */
function typeMapEntries(plan: NegotiationPlan): TypeMapEntry[] {
  return plan.kinds.flatMap((kind, i) => ([['', undefined], ['.br', 'br'], ['.gz', 'gzip']] as const).map(([ending, encoding]) => ({
    suffix: kind.suffix, ending: `.${kind.suffix}${ending}`,
    lines: `Content-Type: ${mapType(kind)}; qs=${qs(i)}\n${encoding ? `Content-Encoding: ${encoding}\n` : ''}`,
  })));
}

/** A document's type map: every file a request may get (`found`: which entries it has), in the server's order, with its `qs`. */
function typeMap(entries: readonly TypeMapEntry[], stem: string, suffixes: readonly string[], found: Uint8Array): string {
  const base = stem.slice(stem.lastIndexOf('/') + 1);
  let text = '# The representations of this document, for Apache\'s mod_negotiation (written by lodfolio build).\n';
  entries.forEach(({ suffix, ending, lines }, i) => {
    if (found[i] && suffixes.includes(suffix)) text += `\nURI: ${base}${ending}\n${lines}`;
  });
  return text;
}

/** The server's order as source quality: 1, 0.999, 0.998… (Apache reads three decimals). */
function qs(index: number): string {
  return (1 - index / 1000).toFixed(3);
}

/** A media type as a type map states it: its own parameters are kept, but Apache matches on the name alone. */
function mapType(kind: Kind): string {
  return kind.mediaType.split(';').map((p) => p.trim()).join('; ');
}

/**
 * The `.htaccess` files: the site's folder's, with every directive of the site and the
 * conditions of its own documents (the homepage, the dataset), and one in each other folder
 * that has documents, with theirs (`documentsByFolder`). With `memory`, the typed links'
 * lines are taken from the last build's. An error if a line would be longer than Apache reads.
 * `layout: 'one file'`: every document's conditions in the site's .htaccess, read on every
 * request, as builds wrote them before (bench/userdir.ts measures the two).
 */
export function htaccessFiles(manifest: SiteManifest, plan: NegotiationPlan, basePath: string, memory?: UserDirMemory, layout: 'by folder' | 'one file' = 'by folder'): ExtraFile[] {
  const negotiated = '-n resp(\'Content-Location\')';
  const out = new ApacheLines();
  out.push(
    `# Apache httpd: the lodfolio site built for ${manifest.base}, served from this folder`,
    '# (a ~user/public_html, or any folder whose .htaccess Apache reads) as `lodfolio serve`',
    '# would. Written by `lodfolio build`, with a type map (.var) beside each document.',
    '# Needs what Debian\'s stock Apache has (MultiViews and FileInfo, Indexes overrides, as its',
    '# userdir.conf allows; mod_mime, mod_dir, mod_negotiation, mod_alias, mod_setenvif). What needs',
    '# mod_headers (CORS, Link, Vary and Content-Location as lodfolio serve sends them, Cache-Control,',
    '# mementos\' headers, the 406 list) is in <IfModule mod_headers.c>: without it every file is',
    '# still answered, with mod_negotiation\'s own Vary. Without mod_negotiation or MultiViews, a',
    '# document\'s URL is redirected (302) to its first format\'s file.',
    ...(layout === 'one file' ? ['# Every directive here applies to this folder alone.'] : [
      '# Every directive here applies to this folder alone (and the folders below it); each folder of',
      '# documents has a .htaccess of its own with theirs, which Apache reads only for a request there.']),
    '',
    '# Each directive that needs a module beyond the core is in its <IfModule>: a server without the',
    '# module answers without what it does, never with a 500 for an unknown directive.',
    '<IfModule mod_dir.c>',
    ...(manifest.mementos ? ['# (A memento of a folder document has no type map: its HTML.)'] : []),
    '<IfModule mod_negotiation.c>',
    `DirectoryIndex index.${MAP}${manifest.mementos ? ` index.${formats.html.suffix}` : ''}`,
    '</IfModule>',
    '# Without mod_negotiation no type map is read: a folder\'s document is its first format\'s file.',
    '# (Two DirectoryIndex in one place would make one list.)',
    '<IfModule !mod_negotiation.c>',
    `DirectoryIndex ${[...new Set(plan.sets.map((set) => `index.${set.suffixes[0]}`))].join(' ')}`,
    '</IfModule>',
    '</IfModule>',
    '<IfModule mod_mime.c>',
    '# A type map by its type, which MultiViews takes under its default MultiviewsMatch (a handler it would not).',
    `AddType application/x-type-map .${MAP}`,
    '# Precompressed copies are encodings of the file they copy (Debian calls .gz a type and .br Breton).',
    'RemoveType .gz .br',
    'RemoveLanguage .br',
    'AddEncoding gzip .gz',
    'AddEncoding br .br',
    '</IfModule>',
    'FileETag MTime Size',
    '<IfModule !mod_headers.c>',
    '# A negotiated answer\'s ETag comes without its closing quote (below), which only mod_headers can',
    '# mend: no ETag at all (Last-Modified still answers a conditional request with 304).',
    'FileETag None',
    '</IfModule>',
    '<IfModule mod_headers.c>',
    '# A negotiated answer\'s ETag (the file\'s, then the type map\'s) comes without its closing quote:',
    '# closed on the way out, and opened again in a condition the client sends back. mod_deflate and',
    '# mod_brotli leave such a tag as it is: the encoding is added here, so that the compressed body\'s',
    '# tag is its own, and taken off again in a condition.',
    ...['gzip', 'br'].map((encoding) => `Header edit ETag "^(\\"[^\\"]*;[^\\"]*)$" "$1-${encoding}\\"" "expr=resp('Content-Encoding') == '${encoding}'"`),
    'Header edit ETag "^(\\"[^\\"]*;[^\\"]*)$" "$1\\""',
    'RequestHeader edit* If-None-Match "(\\"[^\\",]*;[^\\",]*)-(?:gzip|br)\\"" "$1"',
    'RequestHeader edit* If-None-Match "(\\"[^\\",]*;[^\\",]*)\\"" "$1"',
    '</IfModule>',
    `ErrorDocument 404 ${basePath}404.html`,
    '# A document\'s URL that nothing negotiated (no mod_negotiation, or MultiViews not in the Options',
    '# the server gives this folder, which no .htaccess can change) is sent to its first format\'s file.',
    ...[...new Set(plan.sets.map((set) => set.suffixes[0]))].flatMap((first, i) => [
      // (Not for a path below a document, `people/x/.x`: Apache gives its file as people/x and the rest as PATH_INFO,
      // and the redirect would be to people/x/.x.html, then people/x/.x.html.html...)
      `<${i === 0 ? 'If' : 'ElseIf'} ${q(`!-e %{REQUEST_FILENAME} && -z %{PATH_INFO} && -f '%{REQUEST_FILENAME}.${first}'`)}>`,
      `  ErrorDocument 404 ${q(`${new URL(manifest.base).origin}%{REQUEST_URI}.${first}`)}`,
      `</${i === 0 ? 'If' : 'ElseIf'}>`]),
    `# Dot-files are never served (the manifest among them), but for ${servedDotFolders(manifest).join(', ')}.`,
    '<IfModule mod_alias.c>',
    `RedirectMatch 404 ${q(`^${escapeRegex(basePath)}(?:.*/)?\\.(?!${servedDotFolders(manifest).map((f) => f.slice(1)).join('|')})`)}`,
    '</IfModule>',
    '',
    '# The type of each file: a format\'s, and its precompressed copies\' (TypesConfig would call them',
    '# application/gzip), by its suffix; a fixed file\'s by its last extension, else by its path.',
    '<IfModule mod_mime.c>',
  );
  const formatSuffixes = new Set(plan.kinds.map((k) => `.${k.suffix}`));
  // A fixed file named like a precompressed copy (a dump's .gz) is that type, not an encoding.
  const encodingsAsFiles = servedEntries(manifest.files, manifest, basePath).filter(([at]) => /\.(?:gz|br)$/.test(at)).map(([at, t]) => [at, t] as [string, string]);
  // A fixed file without an extension (.well-known/webfinger) by its path: typesByName takes what
  // follows its last dot (`.well-known/webfinger`) for an extension, which AddType never matches.
  const withoutExtension = servedEntries(manifest.files, manifest, basePath).filter(([at]) => !/\.[^/]*$/.test(at)).map(([at, t]) => [at, t] as [string, string]);
  const byName = typesByName(manifest, plan, basePath).filter(([e]) => e !== '.gz' && e !== '.br' && (e.startsWith('/') || !e.includes('/')));
  for (const [end, type] of [...encodingsAsFiles, ...withoutExtension.filter(([at]) => !byName.some(([e]) => e === at)), ...byName]) {
    if (end.startsWith('/')) {
      out.push(`<If ${q(`%{REQUEST_URI} == '${end}'`)}>`, `  ForceType ${q(type)}`, '  RemoveEncoding .gz .br', '</If>');
    } else if (formatSuffixes.has(end)) {
      out.push(`<FilesMatch ${q(`${escapeRegex(end)}(?:\\.gz|\\.br)?$`)}>`, `  ForceType ${q(type)}`, '</FilesMatch>');
    } else {
      out.push(`AddType ${q(type)} ${end}`);
    }
  }
  out.push('</IfModule>', '',
    ...compressionFilterLines(manifest),
    '',
    '# Headers: mod_headers\'s. Without it, no CORS, Link, Cache-Control or nosniff, and mod_negotiation\'s',
    '# own Vary (negotiate,accept,accept-encoding), TCN and Content-Location (the file\'s name).',
    '<IfModule mod_headers.c>',
    'Header always set Access-Control-Allow-Origin "*"',
    `Header always set Access-Control-Expose-Headers ${q(exposeHeaders)}`,
    'Header always set X-Content-Type-Options nosniff',
    '# (An error answer sends the onsuccess table, which mod_negotiation filled: both are cleared.)',
    'Header always unset Alternates',
    'Header unset Alternates',
    'Header always unset TCN',
    'Header unset TCN',
    '# A negotiated answer: the chosen file\'s URL (mod_negotiation gives its name alone), and',
    '# the same, for now, as Link: the kind of document below turns it into the links to the others.',
    `Header always set Link "expr=%{REQUEST_URI}" ${q(`expr=${negotiated}`)}`,
    `Header always set Content-Location "expr=%{REQUEST_URI}" ${q(`expr=${negotiated}`)}`,
    'Header always edit Content-Location "\\.(?:gz|br)$" ""',
    `Header always set Vary "Accept, Accept-Encoding" ${q(`expr=${negotiated}`)}`,
    'Header always set Vary "Accept" "expr=%{REQUEST_STATUS} == 406"',
    'Header set Vary "Accept" "expr=%{REQUEST_STATUS} == 406"',
    'Header always set Content-Type "text/plain; charset=utf-8" "expr=%{REQUEST_STATUS} == 406"',
    ...cacheControlLines(manifest, basePath),
    ...compressedTagLines(),
    '# An alias the header names, without the format itself: sent under the alias.');
  for (const alias of plan.kinds.filter((k) => k.alias)) {
    const own = plan.kinds.find((k) => !k.alias && k.suffix === alias.suffix)!;
    const names = (k: Kind) => `%{HTTP:Accept} =~ m#(?:^|,)\\s*${rangePattern(k.mediaType)}${ACCEPTED}#i`;
    out.push(`Header set Content-Type ${q(alias.contentType)} ${q(`expr=${negotiated} && %{REQUEST_URI} =~ m#\\.${escapeRegex(own.suffix)}(?:\\.gz|\\.br)?$# && ${names(alias)} && !(${names(own)})`)}`);
  }
  out.push('</IfModule>');
  const folders = documentsByFolder(manifest, plan, basePath, memory, layout === 'one file');
  documentLines(out, folders.get('') ?? { kinds: new Map(), links: [] }, plan);
  out.push('<IfModule mod_setenvif.c>', '# A folder\'s document is its index.', 'SetEnvIf Request_URI "/$" LF_INDEX=index', '</IfModule>',
    '<IfModule mod_headers.c>',
    '<IfModule mod_setenvif.c>',
    ...mementoHeaderLines(manifest, manifest.base, suffixPattern(plan)),
    '</IfModule>',
    '',
    '# CORS preflight: Apache answers OPTIONS itself, with 200 (negotiation has picked a file before',
    '# any redirect could answer 204); these are the headers it adds.',
    `Header set Allow ${q(allowed)} "expr=%{REQUEST_METHOD} == 'OPTIONS'"`,
    `Header always set Allow ${q(allowed)} "expr=%{REQUEST_STATUS} == 405"`,
    ...preflightHeaderLines("%{REQUEST_METHOD} == 'OPTIONS'"),
    '</IfModule>',
    '');
  const files: ExtraFile[] = [{ name: HTACCESS, bytes: out.bytes() }];
  for (const [folder, documents] of folders) {
    if (folder === '') continue;
    const own = new ApacheLines();
    own.push(`# Apache httpd: the documents in this folder of the lodfolio site built for ${manifest.base}.`,
      '# Written by `lodfolio build`. The site\'s directives are in the .htaccess of the site\'s folder, which',
      '# Apache reads before this one.');
    documentLines(own, documents, plan);
    files.push({ name: `${folder}${HTACCESS}`, bytes: own.bytes() });
  }
  return files;
}

const HTACCESS = '.htaccess';

/** A folder's documents, as its .htaccess states them: each kind's (by its set of suffixes), and each document's typed links. */
interface FolderDocuments {
  /** The plan's set's key → the set, its suffixes as a pattern, and its documents' stems (as patterns) in this folder. */
  kinds: Map<string, { set: NegotiationPlan['sets'][number]; suffixes: string; stems: string[] }>;
  /** Each document's `<If>` of its typed links. */
  links: string[][];
}

/**
 * The site's documents by the folder their files are in (`''`, the site's
 * own; `people/`): Apache reads the `.htaccess` of each folder from the
 * user's root down to the file's, and no other, so a document's conditions
 * are weighed only by requests for the files of its folder, and a request
 * weighs those of its folder and the root's, however many other folders
 * the site has. (A memento's headers are the root's: they are the same for
 * every memento but by the version's stamp.) With `memory`, each
 * document's typed links' line is taken from the last build's.
 */
function documentsByFolder(manifest: SiteManifest, plan: NegotiationPlan, basePath: string, memory?: UserDirMemory, oneFile = false): Map<string, FolderDocuments> {
  const stemOf = (p: string) => (p.endsWith('/') ? `${p}index` : p);
  const sets = new Map(plan.sets.map((set) => [set.suffixes.join(' '), { set, suffixes: set.suffixes.map(escapeRegex).join('|') }]));
  const folders = new Map<string, FolderDocuments>();
  const documents = new Map<string, { stem: string; suffixes: string; folder: FolderDocuments }>();
  for (const [at, suffixes, p] of servedEntries(manifest.documents, manifest, basePath)) {
    const name = fileNameOf(stemOf(p), new URL(manifest.base).pathname);
    const folderName = oneFile ? '' : name.slice(0, name.lastIndexOf('/') + 1);
    let folder = folders.get(folderName);
    if (!folder) folders.set(folderName, folder = { kinds: new Map(), links: [] });
    const key = suffixes.join(' ');
    const { set, suffixes: pattern } = sets.get(key)!;
    let kind = folder.kinds.get(key);
    if (!kind) folder.kinds.set(key, kind = { set, suffixes: pattern, stems: [] });
    const stem = escapeRegex(stemOf(at));
    kind.stems.push(stem);
    documents.set(p, { stem, suffixes: pattern, folder });
  }
  // Each folder's kinds in the plan's order, whatever order its documents came in.
  for (const folder of folders.values()) {
    folder.kinds = new Map([...sets.keys()].filter((key) => folder.kinds.has(key)).map((key) => [key, folder.kinds.get(key)!]));
  }
  const linkLines = new Map<string, string>();
  for (const [, links, p] of servedEntries(manifest.links, manifest, basePath)) {
    if (links.length === 0) continue;
    const { stem, suffixes, folder } = documents.get(p)!;
    const files = `^${stem}\\.(?:${suffixes})(?:\\.gz|\\.br)?$`;
    const key = `${files} ${JSON.stringify(links)}`;
    const line = memory?.links.get(key) ?? `  Header always edit Link "^(.+)$" ${q(`${linkHeader(links).replace(/%/g, '%%')}, $1`)}`;
    linkLines.set(key, line);
    folder.links.push([`<If ${q(`%{REQUEST_URI} =~ m#${files}#`)}>`, line, '</If>']);
  }
  if (memory) memory.links = linkLines;
  return folders;
}

/**
 * A folder's documents' conditions: each kind's (the links to its other
 * formats, and what a 406 lists), then each document's typed links. Apache
 * adds each folder's `<If>` sections after those of the folders above it,
 * so a document's headers are edited in the order one file would give them.
 */
function documentLines(out: ApacheLines, folder: FolderDocuments, plan: NegotiationPlan): void {
  // Each kind's documents in as many conditions as keep a line within Apache's limit.
  const blocks = [...folder.kinds.values()].flatMap(({ set, stems }) => inGroups(stems, PATTERN_CHARS).map((group) => ({ set, group })));
  out.push('', '# Each kind of document: the links to its other formats, and what a 406 lists (mod_headers\'s; without it,',
    '# mod_negotiation\'s own 406 page lists the files).', '<IfModule mod_headers.c>');
  blocks.forEach(({ set, group }, i) => {
    const pattern = `^(?:${group.join('|')})(?:\\.|$)`;
    out.push(`<${i === 0 ? 'If' : 'ElseIf'} ${q(`%{REQUEST_URI} =~ m#${pattern}#`)}>`);
    const typeOf = (s: string) => plan.kinds.find((k) => k.suffix === s && !k.alias)!.mediaType;
    const link = (stem: string, s: string) => `<${stem}.${s}>; rel=alternate; type=\\"${typeOf(s)}\\"`;
    // A file of the document asked for by its own URL: its URL too, as Link, to be edited like a chosen one's.
    out.push(`  Header always set Link "expr=%{REQUEST_URI}" ${q(`expr=%{REQUEST_URI} =~ m#\\.(?:${set.suffixes.map(escapeRegex).join('|')})$#`)}`);
    // The file's URL, edited into the links to the others (mod_headers has no other way to cut a string).
    for (const chosen of set.suffixes) {
      const others = set.suffixes.filter((s) => s !== chosen).map((s) => link('$1', s)).join(', ');
      out.push(`  Header always edit Link ${q(`^\\s*(.*?)\\.${escapeRegex(chosen)}(?:\\.gz|\\.br)?$`)} "${others}"`);
    }
    const stem = '%{REQUEST_URI}%{reqenv:LF_INDEX}';
    const lines = set.suffixes.map((s) => `\\n  ${typeOf(s)}  ${stem}.${s}`).join('');
    out.push(`  ErrorDocument 406 "Not Acceptable: this document is available as${lines}\\n"`);
    for (const s of set.suffixes) out.push(`  Header always append Link "expr=${link(stem, s)}" "expr=%{REQUEST_STATUS} == 406"`);
    out.push(`</${i === 0 ? 'If' : 'ElseIf'}>`);
  });
  out.push('', '# Each document\'s typed links (FAIR Signposting, from the manifest) before the links to its',
    '# other formats, as lodfolio serve sends them: on each of its files, not with a 406.');
  for (const block of folder.links) out.push(...block);
  out.push('</IfModule>', '');
}

/**
 * Apache reads a configuration line (an .htaccess's too) of at most
 * 8,191 bytes (MAX_STRING_LEN); one longer fails the whole file: "Line too
 * long", and a 500 for every request in the folder.
 */
const APACHE_LINE_BYTES = 8192;

/**
 * The lines of an .htaccess, as UTF-8 as they come: the file is tens of
 * megabytes at 10,000 papers, and its lines kept as strings until the end
 * would outlive the young generation, whose copying of them was most of
 * the file's CPU. Apache refuses the whole file over one line too long,
 * with a 500 for every request below it: such a line is an error here.
 */
class ApacheLines {
  private readonly full: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private started = false;

  push(...lines: string[]): void {
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      if (bytes >= APACHE_LINE_BYTES) throw new Error(`a line of the .htaccess would be ${bytes} bytes, more than Apache reads (${APACHE_LINE_BYTES - 1}): ${line.slice(0, 120)}…`);
      if (this.used + 1 + bytes > CHUNK_BYTES) {
        this.full.push(this.chunk.subarray(0, this.used));
        this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
        this.used = 0;
      }
      if (this.started) this.chunk[this.used++] = 0x0a;
      this.started = true;
      this.used += this.chunk.write(line, this.used);
    }
  }

  /** The lines, each after a newline but the first. */
  bytes(): Buffer {
    return Buffer.concat([...this.full, this.chunk.subarray(0, this.used)]);
  }
}

/** What ApacheLines fills before it starts another buffer: more than a line may take. */
const CHUNK_BYTES = 64 * 1024;

/** How much of a line a condition's list of documents may take: the rest of the line is the directive's. */
const PATTERN_CHARS = 6000;

/** Patterns joined by `|` in groups of at most `chars` characters each (a longer one alone). */
function inGroups(patterns: readonly string[], chars: number): string[][] {
  const groups: string[][] = [];
  let length = Infinity;
  for (const pattern of patterns) {
    if (length + 1 + pattern.length > chars) { groups.push([]); length = -1; }
    groups[groups.length - 1].push(pattern);
    length += 1 + pattern.length;
  }
  return groups;
}

