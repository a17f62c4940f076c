import type { SiteManifest } from '../publish/export.js';
import { clientAcceptHeaders } from './clients.js';
import { documentSets, kindsOf, ranking, type Kind } from './variants.js';

/**
 * Negotiation as a lookup, for servers that cannot weigh q-values (nginx's
 * `map` where njs is missing, Apache's `SetEnvIf`): every Accept header maps to a *rank*, the
 * kinds it accepts best first; a document answers with the first kind of
 * the rank that it has, and 406 when it has none.
 *
 * Exact for the headers of `clientAcceptHeaders` (and for no header at all):
 * their ranks are `negotiate()`'s own. Any other header takes the first
 * fallback pattern that matches it, in this order:
 *   1. its first entry names a kind (not at q=0): that kind, then, if the
 *      header has `*\/*` anywhere, the rest in the server's order;
 *   2. it names a kind anywhere (not at q=0), the server's order deciding
 *      between several: that kind, then as in 1;
 *   3. it has `*\/*`, `text/*` or `application/*`: the server's order
 *      among what those cover;
 *   4. nothing: 406.
 * What that cannot do: weigh two named kinds by their q-values when the
 * preferred one is not listed first (`text/html;q=0.5, application/x-bibtex`
 * gets HTML, where RFC 9110 gives BibTeX); find a second choice other
 * than through `*\/*` (`application/x-bibtex, text/html;q=0.1` at a
 * person's page is a 406, not HTML); or honour `q=0` on a kind a wildcard
 * would otherwise cover. Clients list their preference first in
 * practice, which is what the fallback relies on.
 */
export interface NegotiationPlan {
  /** Every kind, by id (its index). */
  kinds: Kind[];
  /** Rank id → kind ids, best first; rank 0 is the empty one (406). */
  ranks: number[][];
  /** Accept header (lower-cased, as given; '' for none) → rank id. */
  exact: Array<{ accept: string; rank: number }>;
  /** Tried in order after the exact headers (`fallbackPattern` writes each as one PCRE pattern). */
  fallbacks: Fallback[];
  /** The documents' sets of suffixes, each with the signature that tells it apart. */
  sets: Array<{ suffixes: string[]; signature: string }>;
  /** Suffixes whose presence tells the sets apart: a server tests which a document has. */
  distinguishing: string[];
  /** A suffix every document has: no file of it, no document. */
  common: string;
}

/**
 * A fallback: the header names `range` (a pattern, case-insensitive) as its
 * first entry, or `anywhere`; if `wildcard`, it also has `*\/*` somewhere.
 */
export interface Fallback { anywhere: boolean; wildcard: boolean; range: string; rank: number }

/** A fallback as one PCRE pattern (nginx, Apache), the test for `*\/*` anywhere in the header a lookahead. */
export function fallbackPattern(f: Fallback): string {
  return `^${f.wildcard ? '(?=.*\\*/\\*)' : ''}${f.anywhere ? '(?:.*,)?' : ''}\\s*${f.range}`;
}

export function negotiationPlan(manifest: SiteManifest): NegotiationPlan {
  const kinds = kindsOf(manifest);
  const ranks: number[][] = [[]];
  const rankOf = (accept: string | undefined): number => {
    const ids = ranking(accept, kinds).map((k) => kinds.indexOf(k));
    const key = ids.join(',');
    const found = ranks.findIndex((r) => r.join(',') === key);
    if (found !== -1) return found;
    ranks.push(ids);
    return ranks.length - 1;
  };
  const exact: NegotiationPlan['exact'] = [{ accept: '', rank: rankOf(undefined) }];
  const headers = [...clientAcceptHeaders, ...kinds.map((k) => k.mediaType)];
  for (const accept of headers) {
    const key = accept.toLowerCase();
    if (!exact.some((e) => e.accept === key)) exact.push({ accept: key, rank: rankOf(accept) });
  }
  const fallbacks: NegotiationPlan['fallbacks'] = [];
  for (const anywhere of [false, true]) {
    for (const k of kinds) {
      const range = `${rangePattern(k.mediaType)}${ACCEPTED}`;
      fallbacks.push({ anywhere, wildcard: true, range, rank: rankOf(`${k.mediaType}, */*;q=0.1`) });
      fallbacks.push({ anywhere, wildcard: false, range, rank: rankOf(k.mediaType) });
    }
  }
  for (const range of ['*/*', 'text/*', 'application/*']) {
    fallbacks.push({ anywhere: true, wildcard: false, range: `${escapeRegex(range)}${ACCEPTED}`, rank: rankOf(range) });
  }
  const sets = documentSets(manifest);
  const all = new Set(sets.flat());
  // As few file tests as tell the sets apart (each is a stat per request):
  // a suffix is tested only if it splits sets the ones before it do not.
  const distinguishing: string[] = [];
  const kindsCount = (tests: string[]) => new Set(sets.map((set) => signatureOf(set, tests))).size;
  for (const s of all) {
    if (kindsCount([...distinguishing, s]) > kindsCount(distinguishing)) distinguishing.push(s);
  }
  const common = [...all].find((s) => sets.every((set) => set.includes(s)));
  if (!common) throw new Error('the site\'s documents have no format in common; a server could not tell a document from no document');
  const signed = sets.map((suffixes) => ({ suffixes, signature: signatureOf(suffixes, distinguishing) }));
  // Sets told apart only by files that all exist or not together would share a signature.
  const clash = signed.find((s, i) => signed.findIndex((t) => t.signature === s.signature) !== i);
  if (clash) throw new Error(`two kinds of document have the same files to test (${clash.signature})`);
  return { kinds, ranks, exact, fallbacks, sets: signed, distinguishing, common };
}

/** Which of the distinguishing suffixes a set has, as a server builds it up: `+html+bib`. */
export function signatureOf(suffixes: readonly string[], distinguishing: readonly string[]): string {
  return distinguishing.filter((d) => suffixes.includes(d)).map((d) => `+${d}`).join('') || '+';
}

/** The kind a document of `suffixes` sends for `rank`, or undefined (406). */
export function choose(plan: NegotiationPlan, suffixes: readonly string[], rank: number): Kind | undefined {
  const id = plan.ranks[rank].find((i) => suffixes.includes(plan.kinds[i].suffix));
  return id === undefined ? undefined : plan.kinds[id];
}

/** Every kind's suffix as a regex alternation, the longest first: the suffix of a document's file. */
export function suffixPattern(plan: NegotiationPlan): string {
  return [...new Set(plan.kinds.map((k) => k.suffix))].sort((x, y) => y.length - x.length).map(escapeRegex).join('|');
}

/**
 * After a media range: a separator, the end, or parameters that are not
 * `q=0` (another parameter first, or a q with a digit that is not 0).
 * Without lookarounds, which Go's regular expressions (Caddy's) lack.
 */
export const ACCEPTED = '\\s*(?:,|$|;\\s*(?:[^q\\s]|q\\s*[^\\s=]|q\\s*=\\s*(?:0*[1-9]|0*\\.0*[1-9])))';

/** A media type as a range in a header: `text/x-bibliography;style=apa` with optional spaces and quotes. */
export function rangePattern(mediaType: string): string {
  const [name, ...params] = mediaType.split(';').map((p) => p.trim());
  return escapeRegex(name) + params.map((p) => {
    const [k, v] = p.split('=');
    return `\\s*;\\s*${escapeRegex(k)}\\s*=\\s*"?${escapeRegex(v)}"?`;
  }).join('');
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, (c) => (c === '/' ? '/' : `\\${c}`));
}
