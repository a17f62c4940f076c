import { formatsOf } from '../formats.js';
import { negotiate } from '../http/negotiate.js';
import type { SiteManifest } from '../publish/export.js';

/**
 * What a web server must choose among, and the choice `lodfolio serve`
 * makes for each Accept header, as data the config generators write out.
 * A static server cannot run `negotiate()`; it can look its answer up.
 */

/** One representation a request can get: a file suffix, served under a media type. */
export interface Kind {
  /** The file's suffix, after the document's path: `ttl`, `csl.json`. */
  suffix: string;
  mediaType: string;
  contentType: string;
  /** Another name for the bytes of `suffix` (`application/json` for `.jsonld`). */
  alias: boolean;
}

/** The aliases `lodfolio serve` answers a document's formats by (formats.ts), with the Content-Type each is sent with. */
export const aliases: ReadonlyArray<{ of: string; mediaType: string; contentType: string }> = formatsOf('page', 'graph', 'citation')
  .flatMap((f) => f.aliases.map(({ mediaType, contentType }) => ({ of: f.mediaType, mediaType, contentType })));

/**
 * Every kind any document of the site has, in the server's order of
 * preference: the suffixes as documents list them (each document's list is
 * in this order, so the first of this order a document has is what it
 * prefers), then the aliases, as `lodfolio serve` lists them.
 */
export function kindsOf(manifest: SiteManifest): Kind[] {
  const suffixes: string[] = [];
  for (const list of Object.values(manifest.documents)) {
    let at = -1;
    for (const s of list) {
      const i = suffixes.indexOf(s);
      if (i === -1) suffixes.splice(at + 1, 0, s), at++;
      else at = i;
    }
  }
  const kinds: Kind[] = suffixes.map((suffix) => ({ suffix, ...manifest.types[suffix], alias: false }));
  for (const a of aliases) {
    const original = kinds.find((k) => k.mediaType === a.of && !k.alias);
    if (original) kinds.push({ suffix: original.suffix, mediaType: a.mediaType, contentType: a.contentType, alias: true });
  }
  return kinds;
}

/**
 * The kinds a request accepts, best first, as `negotiate()` orders them
 * (each pick is `negotiate` over what is left), one per suffix. For any
 * document, the first of these it has is what `lodfolio serve` sends it:
 * negotiation among a subset keeps the order of the whole.
 */
export function ranking(accept: string | undefined, kinds: readonly Kind[]): Kind[] {
  const left = [...kinds];
  const ranked: Kind[] = [];
  for (;;) {
    const chosen = negotiate(accept, left.map((k) => k.mediaType));
    if (chosen === undefined) break;
    const i = left.findIndex((k) => k.mediaType === chosen);
    const kind = left.splice(i, 1)[0];
    if (!ranked.some((r) => r.suffix === kind.suffix)) ranked.push(kind);
  }
  return ranked;
}

/** The sets of suffixes documents have (a person's page, a work's, the dataset's), each once. */
export function documentSets(manifest: SiteManifest): string[][] {
  const seen = new Map<string, string[]>();
  for (const list of Object.values(manifest.documents)) seen.set(list.join(' '), list);
  return [...seen.values()];
}
