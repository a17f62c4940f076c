/**
 * Proactive content negotiation (RFC 9110 §12.5): which of the available
 * media types, and which content coding, a request prefers. Pure functions
 * of header strings; nothing here knows about the site.
 *
 * Leniency: an Accept entry that cannot be read is skipped, and an Accept
 * header with nothing readable in it counts as absent (HTML), rather than
 * answering a sloppy client with an error. Media type parameters other than
 * `q` do not have to match (a client asking for
 * `application/ld+json;profile=…#expanded` still gets JSON-LD), but they
 * make a range more specific, as RFC 9110 orders them. The exception: an
 * available type that itself has a parameter (`text/x-bibliography;
 * style=ieee`, one variant per citation style) is matched on it, so a range
 * naming a different value of that parameter does not match it.
 *
 * nginx runs these same functions (deploy/njs.ts sends their text to its
 * njs module), so everything down to `better` is written in what njs 0.7
 * (Debian 12) reads: no destructuring, spread, `for…of`, `?.`, default
 * parameters, shorthand properties, Map or Set. test/deploy/nginx.test.ts
 * fails if it cannot. Apache runs a Lua port of them (deploy/lua.ts): a
 * change here is a change there, and test/deploy/apache.test.ts fails on
 * any answer the two give differently.
 */

export interface MediaRange {
  type: string;
  subtype: string;
  /** Number of parameters before `q` (they raise specificity). */
  params: number;
  /** Those parameters, names lower-cased, values unquoted. */
  parameters: Record<string, string>;
  q: number;
  /** Position in the header, for ties. */
  order: number;
}

const TOKEN = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

/** Splits on `separator` outside double quotes. */
function split(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && quoted) { current += c + (text[++i] ?? ''); continue; }
    if (c === separator && !quoted) { parts.push(current); current = ''; } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Reads a weight: `0`, `0.5`, `1.000`, leniently `.5`; anything else is unreadable. */
function parseQ(value: string): number | undefined {
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value)) return undefined;
  const q = Math.min(1, Math.max(0, Number(value)));
  return Math.round(q * 1000) / 1000;
}

export function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  split(header, ',').forEach((entry, order) => {
    const parameters = split(entry, ';').map((p) => p.trim());
    const parts = parameters.shift()!.toLowerCase().split('/');
    if (parts.length > 2) return;
    const type = parts[0];
    // Old Java clients send a bare `*` for `*/*`.
    const subtype = type === '*' && parts.length === 1 ? '*' : parts[1];
    if (!type || !subtype || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) return;
    let q = 1;
    let params = 0;
    const named: Record<string, string> = {};
    for (let i = 0; i < parameters.length; i++) {
      const parameter = parameters[i];
      const eq = parameter.indexOf('=');
      const name = (eq === -1 ? parameter : parameter.slice(0, eq)).trim().toLowerCase();
      if (name === 'q') {
        const weight = parseQ(parameter.slice(eq + 1));
        if (weight === undefined) return;
        q = weight;
        break; // what follows q is accept-ext, not part of the range
      }
      if (name) { params++; named[name] = parameter.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'); }
    }
    ranges.push({ type: type, subtype: subtype, params: params, parameters: named, q: q, order: order });
  });
  return ranges;
}

interface Preference { q: number; specificity: number; order: number }

/** The most specific range that matches `mediaType` decides its weight (RFC 9110 §12.5.1). */
export function preferenceFor(ranges: readonly MediaRange[], mediaType: string): Preference | undefined {
  const own = mediaType.toLowerCase().split(';').map((p) => p.trim());
  const name = own.shift()!.split('/');
  // The available type's own parameters: a range that names one must name the same value.
  const fixed = own.map((p) => p.split('=').map((x) => x.trim()));
  let best: Preference | undefined;
  ranges.forEach((r) => {
    if ((r.type !== '*' && r.type !== name[0]) || (r.subtype !== '*' && r.subtype !== name[1])) return;
    if (fixed.some((f) => f[0] in r.parameters && r.parameters[f[0]].toLowerCase() !== f[1])) return;
    const specificity = (r.type === '*' ? 0 : 1) + (r.subtype === '*' ? 0 : 1) + (r.params > 0 ? 1 : 0);
    // A type listed twice at the same specificity (roqet lists text/html twice) counts at its higher weight.
    if (!best || specificity > best.specificity || (specificity === best.specificity && r.q > best.q)) {
      best = { q: r.q, specificity: specificity, order: r.order };
    }
  });
  return best;
}

/**
 * The media type to send, from `available` in the server's order of
 * preference, or undefined when the request accepts none of them (406).
 * Highest weight wins; then the more specific match (`text/html` over
 * `*\/*`); then the client's order; then the server's.
 */
export function negotiate(accept: string | undefined, available: readonly string[]): string | undefined {
  const ranges = accept === undefined ? [] : parseAccept(accept);
  if (ranges.length === 0) return available[0];
  let chosen: { type: string; index: number; pref: Preference } | undefined;
  available.forEach((type, index) => {
    const pref = preferenceFor(ranges, type);
    if (!pref || pref.q <= 0) return;
    if (!chosen || better(pref, index, chosen.pref, chosen.index)) chosen = { type: type, index: index, pref: pref };
  });
  return chosen === undefined ? undefined : chosen.type;
}

function better(a: Preference, ai: number, b: Preference, bi: number): boolean {
  if (a.q !== b.q) return a.q > b.q;
  if (a.specificity !== b.specificity) return a.specificity > b.specificity;
  if (a.order !== b.order) return a.order < b.order;
  return ai < bi;
}

/**
 * The content coding to send (RFC 9110 §12.5.3). Without Accept-Encoding,
 * identity. Identity stays acceptable unless excluded (`identity;q=0`, or
 * `*;q=0` with no identity entry); if everything is excluded the response is
 * sent uncoded anyway, which RFC 9110 permits. Ties go to the smaller coding.
 * `x-gzip` is gzip (RFC 9110 §8.4.1.3).
 */
export function negotiateEncoding<C extends string = 'br' | 'gzip'>(header: string | undefined,
  available: readonly C[] = ['br', 'gzip'] as readonly string[] as readonly C[]): C | 'identity' {
  if (!header) return 'identity';
  const weights = new Map<string, number>();
  for (const entry of split(header, ',')) {
    const [name, ...parameters] = entry.split(';').map((p) => p.trim().toLowerCase());
    if (!name || !TOKEN.test(name)) continue;
    let q: number | undefined = 1;
    for (const p of parameters) if (p.startsWith('q=')) q = parseQ(p.slice(2));
    if (q === undefined) continue;
    const coding = name === 'x-gzip' ? 'gzip' : name;
    weights.set(coding, Math.max(weights.get(coding) ?? 0, q));
  }
  const star = weights.get('*');
  // Identity is acceptable unless excluded, but only at the lowest weight
  // when unlisted: `gzip;q=0.5` still means "gzip, please".
  const weightOf = (c: string) => weights.get(c) ?? star ?? (c === 'identity' ? 0.0005 : 0);
  let best: C | 'identity' = 'identity';
  let bestQ = weightOf('identity');
  for (const coding of available) {
    const q = weightOf(coding);
    if (q > 0 && q >= bestQ) {
      if (q > bestQ || best === 'identity') { best = coding; bestQ = q; }
    }
  }
  return best;
}

/**
 * A negotiation remembered per header value: real traffic repeats a handful
 * of Accept strings, so a request is usually one Map lookup. Bounded, so odd
 * headers cannot grow it without limit.
 */
export function memoize<T>(compute: (header: string | undefined) => T, limit = 512): (header: string | undefined) => T {
  const cache = new Map<string | undefined, T>();
  return (header) => {
    const hit = cache.get(header);
    if (hit !== undefined || cache.has(header)) return hit as T;
    const value = compute(header);
    if (header === undefined || header.length <= 1024) {
      if (cache.size >= limit) cache.clear();
      cache.set(header, value);
    }
    return value;
  };
}

/** negotiate() and everything it calls, as nginx's njs module runs them (deploy/njs.ts). */
export const negotiation = { TOKEN, functions: [split, parseQ, parseAccept, preferenceFor, better, negotiate] } as const;
