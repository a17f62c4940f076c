import { createHash, randomBytes } from 'node:crypto';

/**
 * HTTP authentication for a store's Graph Store endpoint: Basic (RFC 7617)
 * and Digest (RFC 7616, qop=auth, MD5 or SHA-256, plain or -sess), as the
 * server's challenge asks. Virtuoso's `/sparql-graph-crud-auth` wants
 * Digest; Fuseki, GraphDB and a reverse proxy in front of Oxigraph usually
 * Basic. Node's own crypto is enough: no dependency for a dozen lines.
 *
 * The password only ever goes into a hash or a Basic header: nothing here
 * returns or throws it.
 */

export interface Credentials {
  user: string;
  password: string;
}

/** One challenge of a WWW-Authenticate header: its scheme (lower case) and parameters (names lower case). */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * The credentials of `LODFOLIO_STORE_USER` and `LODFOLIO_STORE_PASSWORD`:
 * from the environment only, so that they are in no shell history, process
 * list or log. Neither set: none (a store open for writing, or behind its
 * own network rules).
 */
export function credentialsFrom(env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const user = env.LODFOLIO_STORE_USER;
  const password = env.LODFOLIO_STORE_PASSWORD;
  if (user === undefined && password === undefined) return undefined;
  if (!user) throw new Error('LODFOLIO_STORE_PASSWORD is set but LODFOLIO_STORE_USER is not: set both, or neither');
  if (password === undefined) throw new Error('LODFOLIO_STORE_USER is set but LODFOLIO_STORE_PASSWORD is not: set both, or neither');
  return { user, password };
}

/**
 * The challenges of one or more WWW-Authenticate headers (RFC 9110 §11.6.1):
 * `Digest realm="SPARQL", nonce="…", qop="auth", Basic realm="x"`. Commas
 * separate both parameters and challenges; a token followed by a space
 * and no `=` starts a new challenge.
 */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const text = Array.isArray(header) ? header.join(', ') : header ?? '';
  const out: Challenge[] = [];
  const token = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
  let i = 0;
  const skip = (chars: RegExp) => { while (i < text.length && chars.test(text[i])) i++; };
  while (i < text.length) {
    skip(/[\s,]/);
    token.lastIndex = i;
    const scheme = token.exec(text);
    if (!scheme) break;
    i = token.lastIndex;
    const challenge: Challenge = { scheme: scheme[0].toLowerCase(), params: {} };
    out.push(challenge);
    for (;;) {
      skip(/[\s,]/);
      token.lastIndex = i;
      const name = token.exec(text);
      if (!name) break;
      let j = token.lastIndex;
      while (text[j] === ' ') j++;
      if (text[j] !== '=') break; // the next challenge's scheme
      j++;
      while (text[j] === ' ') j++;
      let value = '';
      if (text[j] === '"') {
        j++;
        while (j < text.length && text[j] !== '"') {
          if (text[j] === '\\') j++;
          value += text[j++] ?? '';
        }
        j++;
      } else {
        token.lastIndex = j;
        value = token.exec(text)?.[0] ?? '';
        j = token.lastIndex || j;
      }
      challenge.params[name[0].toLowerCase()] = value;
      i = j;
    }
  }
  return out;
}

/** The Authorization header for Basic. */
export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
}

const DIGEST_ALGORITHMS: Record<string, string> = { 'md5': 'md5', 'md5-sess': 'md5', 'sha-256': 'sha256', 'sha-256-sess': 'sha256' };

/**
 * The Authorization header answering a challenge (Digest or Basic) for
 * `method` on `uri` (the request target: path and query), the `count`th
 * request on the challenge's nonce, or undefined when the server offers no
 * scheme this client speaks. Of several
 * challenges, Digest with SHA-256 is preferred, then Digest MD5, then Basic.
 */
export function authorizationFor(challenges: Challenge[], credentials: Credentials, method: string, uri: string,
  count = 1, cnonce = randomBytes(16).toString('hex')): string | undefined {
  const digests = challenges.filter((c) => c.scheme === 'digest' && (c.params.algorithm ?? 'MD5').toLowerCase() in DIGEST_ALGORITHMS
    && (c.params.qop === undefined || c.params.qop.split(',').map((q) => q.trim()).includes('auth')));
  const best = digests.find((c) => (c.params.algorithm ?? '').toLowerCase().startsWith('sha-256')) ?? digests[0];
  if (best) return digestAuthorization(best.params, credentials, method, uri, count, cnonce);
  if (challenges.some((c) => c.scheme === 'basic')) return basicAuthorization(credentials);
  return undefined;
}

/** RFC 7616 §3.4: the response hash, for the `count`th use of the server's nonce (nc). */
function digestAuthorization(params: Record<string, string>, credentials: Credentials, method: string, uri: string, count: number, cnonce: string): string {
  const algorithm = params.algorithm ?? 'MD5';
  const name = algorithm.toLowerCase();
  const h = (text: string) => createHash(DIGEST_ALGORITHMS[name]).update(text, 'utf8').digest('hex');
  const realm = params.realm ?? '';
  const nonce = params.nonce ?? '';
  const nc = count.toString(16).padStart(8, '0');
  let ha1 = h(`${credentials.user}:${realm}:${credentials.password}`);
  if (name.endsWith('-sess')) ha1 = h(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = h(`${method}:${uri}`);
  const qop = params.qop === undefined ? undefined : 'auth';
  const response = qop ? h(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : h(`${ha1}:${nonce}:${ha2}`);
  const quoted = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
  const fields = [
    `username=${quoted(credentials.user)}`, `realm=${quoted(realm)}`, `nonce=${quoted(nonce)}`, `uri=${quoted(uri)}`,
    `algorithm=${algorithm}`, `response=${quoted(response)}`,
    ...(params.opaque !== undefined ? [`opaque=${quoted(params.opaque)}`] : []),
    ...(qop ? [`qop=${qop}`, `nc=${nc}`, `cnonce=${quoted(cnonce)}`] : []),
  ];
  return `Digest ${fields.join(', ')}`;
}
