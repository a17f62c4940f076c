import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import type { Quad } from '@rdfjs/types';
import { PUSH_TIMEOUT_MS } from '../config.js';
import { formats } from '../formats.js';
import type { Profile } from '../pipeline.js';
import { profileDataset } from '../publish/profile-site.js';
import { toNTriples } from '../render/turtle.js';
import { SiteUrls } from '../site/layout.js';
import { authorizationFor, parseChallenges, type Challenge, type Credentials } from './auth.js';

/**
 * `lodfolio push`: the whole dataset into one named graph of a SPARQL
 * store, by the SPARQL 1.1 Graph Store HTTP Protocol
 * (https://www.w3.org/TR/sparql11-http-rdf-update/): one
 * `PUT STORE?graph=GRAPH` of N-Triples, which replaces the graph: a second
 * push leaves the new triples, never the old ones beside them.
 *
 * How atomic the replacement is belongs to the store: Fuseki clears and
 * loads in one write transaction, so queries see the old graph or the new
 * one; Oxigraph server clears the graph, then loads it, in two; Virtuoso
 * likewise (queries during a push were seen to find the graph empty until
 * the load committed). Where that matters, push to a new graph name and
 * point queries at it once the push has succeeded (see the README).
 *
 * The body is streamed in slices of N-Triples as they are written, so a
 * large dump (a million triples are about 150 MB) is never held in memory
 * whole: one pass measures it (for Content-Length), a second sends it.
 * Credentials come from the caller (the environment, in the CLI) and go only
 * into the Authorization header: no error, log line or report holds them.
 */

export interface PushOptions {
  /** The store's Graph Store endpoint, e.g. `http://localhost:8890/sparql-graph-crud-auth`. */
  store: string;
  /** The named graph to replace. */
  graph: string;
  quads: readonly Quad[];
  credentials?: Credentials;
  /** Triples per slice of the streamed body (default 10 000). */
  sliceSize?: number;
  /** How long each request may take, from connecting to the end of the store's answer (default 10 minutes: `PUSH_TIMEOUT_MS`). */
  timeoutMs?: number;
}

export interface PushReport {
  store: string;
  graph: string;
  triples: number;
  /** Bytes of N-Triples sent. */
  bytes: number;
  ms: number;
  /** The store's answer: 200, 201 or 204. */
  status: number;
}

/** The graph the credentials are tried on: a name no one uses. */
const PROBE_GRAPH = 'urn:x-lodfolio:credentials-check';

/** A push that failed, with what to do about it; never holding a credential. */
export class PushError extends Error {}

export async function pushGraph(options: PushOptions): Promise<PushReport> {
  const started = performance.now();
  const target = graphStoreUrl(options.store, options.graph);
  const where = displayUrl(target);
  const uri = `${target.pathname}${target.search}`;
  const slices = () => nTriplesSlices(options.quads, options.sliceSize ?? 10_000);
  // The length first, from a pass that keeps nothing: Virtuoso 7 ignores a
  // chunked request body (it answers 201 and loads nothing), so the body is
  // sent with its Content-Length, still a slice at a time.
  let length = 0;
  for (const slice of slices()) length += slice.length;
  const timeoutMs = options.timeoutMs ?? PUSH_TIMEOUT_MS;
  // Every Authorization sent: the store's answers are quoted without them.
  const sent: string[] = [];
  const ask = (url: URL, method: string, authorization?: string, body?: Body) => {
    if (authorization) sent.push(authorization);
    return request(url, method, timeoutMs, authorization, body);
  };
  const put = (authorization?: string) => ask(target, 'PUT', authorization, { length, slices });

  let authorization: string | undefined;
  const { credentials } = options;
  if (credentials) {
    // Ask first without a body: Digest cannot be sent unasked, and a refusal
    // found now spares sending a large body for nothing (a store that refuses
    // mid-body may close the connection before its answer can be read). The
    // question is a GET of a graph that is never there: cheap whatever the
    // store holds (Virtuoso answers no HEAD on its Graph Store).
    const probe = graphStoreUrl(options.store, PROBE_GRAPH);
    const probeUri = `${probe.pathname}${probe.search}`;
    const asked = await ask(probe, 'GET');
    if (asked.status === 401) {
      const challenges = parseChallenges(asked.challenge);
      const check = await ask(probe, 'GET', authorize(challenges, credentials, 'GET', probeUri, 1));
      if (check.status === 401) throw new PushError(explain(check, where, true, secretsOf(sent, credentials)));
      authorization = authorize(challenges, credentials, 'PUT', uri, 2);
    }
  }
  let answer = await put(authorization);
  // A stale nonce, or a server that challenges only a PUT: answer its challenge once.
  if (answer.status === 401 && credentials && answer.challenge) {
    answer = await put(authorize(parseChallenges(answer.challenge), credentials, 'PUT', uri, 1));
  }
  if (answer.status >= 200 && answer.status < 300) {
    return { store: options.store, graph: options.graph, triples: options.quads.length, bytes: answer.sent, ms: Math.round(performance.now() - started), status: answer.status };
  }
  throw new PushError(explain(answer, where, credentials !== undefined, secretsOf(sent, credentials)));
}

/**
 * A profile's whole dataset (every triple its documents serve, as the
 * dumps hold it) into the store; by default into the graph named as the dataset (`{base}dataset`), the name the embedded endpoint gives it too.
 */
export function pushProfile(profile: Profile, options: Omit<PushOptions, 'quads' | 'graph'> & { graph?: string }): Promise<PushReport> {
  return pushGraph({ ...options, graph: options.graph ?? new SiteUrls(profile.base).dataset, quads: profileDataset(profile) });
}

/** The summary line: how much went where, how fast. */
export function describePush(report: PushReport): string {
  const size = report.bytes >= 1e6 ? `${(report.bytes / 1e6).toFixed(1)} MB` : `${(report.bytes / 1e3).toFixed(1)} kB`;
  return `pushed ${report.triples} triples (${size} of N-Triples) into <${report.graph}> at ${report.store} ` +
    `in ${(report.ms / 1000).toFixed(2)} s (${report.status})`;
}

/** `STORE?graph=GRAPH` (or `&graph=` where the store URL has a query already, as GraphDB's may). */
export function graphStoreUrl(store: string, graph: string): URL {
  let url: URL;
  try {
    url = new URL(store);
  } catch {
    throw new PushError(`the store must be an absolute http(s) URL of its Graph Store endpoint (got "${redact(store)}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PushError(`the store must be an http(s) URL (got "${redact(store)}")`);
  if (url.username || url.password) {
    throw new PushError('the store URL holds credentials: give them as LODFOLIO_STORE_USER and LODFOLIO_STORE_PASSWORD in the environment instead');
  }
  try {
    new URL(graph);
  } catch {
    throw new PushError(`the graph must be an absolute IRI (got "${graph}")`);
  }
  url.searchParams.delete('graph');
  url.searchParams.delete('default');
  url.searchParams.append('graph', graph);
  return url;
}

/** The dataset as N-Triples, a slice of triples at a time, as the request body reads it. */
function* nTriplesSlices(quads: readonly Quad[], size: number): Generator<Buffer> {
  for (let i = 0; i < quads.length; i += size) yield Buffer.from(toNTriples(quads.slice(i, i + size)), 'utf8');
}

interface Answer {
  status: number;
  statusMessage: string;
  /** The first part of the answer's body, for the error message. */
  text: string;
  challenge?: IncomingMessage['headers']['www-authenticate'];
  /** Bytes of body sent. */
  sent: number;
}

function authorize(challenges: Challenge[], credentials: Credentials, method: string, uri: string, count: number): string {
  const authorization = authorizationFor(challenges, credentials, method, uri, count);
  if (!authorization) {
    throw new PushError(`the store asks for an authentication scheme lodfolio does not speak (${challenges.map((c) => c.scheme).join(', ') || 'none named'}); ` +
      'it speaks Basic and Digest');
  }
  return authorization;
}

/** A request's body: its length, and its slices as they are made. */
interface Body { length: number; slices: () => Iterable<Buffer> }

/**
 * One request; resolves with the answer (any status), rejects with a
 * PushError on a network failure or when the whole exchange (connecting,
 * sending, the answer to its last byte) takes longer than `timeoutMs`.
 */
function request(target: URL, method: string, timeoutMs: number, authorization?: string, body?: Body): Promise<Answer> {
  const where = displayUrl(target);
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise((resolve, reject) => {
    const timedOut = () => new PushError(`the store at ${where} did not answer within ${timeoutMs / 1000} s (--timeout SECONDS to wait longer)`);
    let sent = 0;
    const headers: Record<string, string> = { 'Accept': 'text/plain, */*;q=0.5', 'User-Agent': 'lodfolio' };
    if (authorization) headers.Authorization = authorization;
    if (body) {
      headers['Content-Type'] = formats.ntriples.contentType;
      headers['Content-Length'] = String(body.length);
    }
    let answered: (() => void) | undefined;
    const req = (target.protocol === 'https:' ? https : http).request(target, { method, headers, signal }, (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      answered = () => (signal.aborted ? reject(timedOut()) : resolve({
        status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '',
        text: Buffer.concat(chunks).toString('utf8').slice(0, 4096), challenge: res.headers['www-authenticate'], sent,
      }));
      res.on('data', (chunk: Buffer) => { if (kept < 4096) { chunks.push(chunk); kept += chunk.length; } });
      res.on('end', answered);
      res.on('error', answered);
    });
    // A store that answers before it has read the whole body (a refusal) may
    // close the connection under the upload: its answer is what counts.
    req.on('error', (error) => (answered ? answered() : reject(signal.aborted ? timedOut() : networkError(error, where))));
    if (!body) { req.end(); return; }
    const stream = Readable.from((function* () { for (const chunk of body.slices()) { sent += chunk.length; yield chunk; } })());
    stream.on('error', (error) => req.destroy(error));
    stream.pipe(req);
  });
}

function networkError(error: Error & { code?: string }, where: string): PushError {
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused: is the store running, on that host and port?',
    ENOTFOUND: 'no such host',
    EAI_AGAIN: 'the host name could not be resolved',
    ECONNRESET: 'the store closed the connection',
    ETIMEDOUT: 'the connection timed out',
    EPIPE: 'the store closed the connection while the data was being sent',
  };
  return new PushError(`cannot reach the store at ${where}: ${(error.code && reasons[error.code]) ?? error.message}`);
}

/** What a refusal means, and what to do, by status; the store's words quoted at most 300 characters, and never a secret. */
function explain(answer: Answer, where: string, withCredentials: boolean, secrets: readonly string[]): string {
  const said = redactSecrets(answer.text.replace(/<[^>]*>/g, ' '), secrets).replace(/\s+/g, ' ').trim().slice(0, 300);
  const status = `${answer.status}${answer.statusMessage ? ` ${answer.statusMessage}` : ''}`;
  const tail = said ? `; the store said: ${said}` : '';
  switch (answer.status) {
    case 401: return withCredentials
      ? `the store refused the credentials (${status}) at ${where}: check LODFOLIO_STORE_USER and LODFOLIO_STORE_PASSWORD`
      : `the store asks for credentials (${status}) at ${where}: set LODFOLIO_STORE_USER and LODFOLIO_STORE_PASSWORD in the environment`;
    case 403: return `the store does not let this user write (${status}) at ${where}` +
      ' (Virtuoso: the user needs the SPARQL_UPDATE role)';
    case 404: case 405: case 501: return `no Graph Store endpoint at ${where} (${status}): for Virtuoso it is /sparql-graph-crud-auth, ` +
      'for Fuseki /DATASET/data, for Oxigraph /store, for GraphDB /repositories/ID/rdf-graphs/service (not the query endpoint)';
    case 413: return `the store refused a body this large (${status}) at ${where}: raise its upload limit${tail}`;
    default: return `the store answered ${status} at ${where}${tail}`;
  }
}

/** The URL as error messages show it: never with a user or password (there should be none). */
function displayUrl(url: URL): string {
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  shown.search = '';
  return shown.href;
}

function redact(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//…@');
}

/** What must never be quoted: every Authorization sent (and its token alone), and the password. */
function secretsOf(sent: readonly string[], credentials: Credentials | undefined): string[] {
  return [...sent, ...sent.map((value) => value.replace(/^\S+\s+/, '')), ...(credentials ? [credentials.password] : [])].filter((secret) => secret.length > 0);
}

/**
 * A store's words with the secrets taken out: an error page that echoes the
 * request's headers would show the Authorization sent (and a Cookie, were
 * there one), whatever the scheme.
 */
function redactSecrets(text: string, secrets: readonly string[]): string {
  let shown = text.replace(/((?:proxy-)?authorization|cookie)(\s*[:=]\s*)[^\r\n]*/gi, '$1$2…');
  for (const secret of secrets) shown = shown.split(secret).join('…');
  return shown;
}
