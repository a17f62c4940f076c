import { createHash } from 'node:crypto';
import { ByteCache, DEFAULT_CACHE_BYTES } from '../publish/cache.js';

/**
 * Answers to queries, kept for as long as the data they were computed from
 * is the data served. The endpoint's data is read-only between reloads, so
 * an answer only goes stale when the version changes, and then the whole
 * cache is dropped with it (the service makes a new one per version). An
 * answer served from here costs a lookup on the main thread: no worker, no
 * query, no serialisation.
 *
 * Bounded by bytes (bodies plus keys plus a fixed overhead per entry), least
 * recently used out first. One answer larger than an eighth of the bound is
 * not kept: it would push out many small ones for one client's sake.
 */

export interface CachedAnswer {
  body: Buffer;
  contentType: string;
  /** A strong ETag (with its quotes): the same bytes of the same version have the same tag. */
  etag: string;
  /** Headers of the answer besides the common ones (X-SPARQL-MaxRows). */
  headers: readonly string[];
}


/** What an entry costs beyond its body and key: the Map's entry, the object, the tag. */
const ENTRY_OVERHEAD = 200;

export class ResultCache {
  private readonly entries: ByteCache<string, CachedAnswer>;
  /**
   * Answers being computed: the same query asked again meanwhile waits for
   * the one running. `clients` counts those still waiting for it; when the
   * last has gone, `abandon` tells the computation.
   */
  private readonly pending = new Map<string, { running: Promise<CachedAnswer>; clients: number; abandon: AbortController }>();
  /** Set while the next version loads: answers computed then may be of either version, and are not kept. */
  private frozen = false;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number = DEFAULT_CACHE_BYTES) {
    if (!Number.isFinite(maxBytes) || maxBytes < 0) throw new RangeError(`the cache bound must be a number of bytes (got ${maxBytes})`);
    this.entries = new ByteCache(maxBytes);
  }

  /** Bytes held now (bodies, keys and overhead). */
  get bytes(): number {
    return this.entries.size;
  }

  get size(): number {
    return this.entries.count;
  }

  get(key: string): CachedAnswer | undefined {
    const answer = this.entries.get(key);
    if (answer) this.hits++; else this.misses++;
    return answer;
  }

  set(key: string, answer: CachedAnswer): void {
    if (this.frozen) return;
    const cost = answer.body.length + key.length * 2 + ENTRY_OVERHEAD;
    if (cost > this.maxBytes / 8) return;
    this.entries.set(key, answer, cost);
  }

  /**
   * The answer under `key`: kept, being computed, or computed now by
   * `compute` (and kept). A failure is not kept: every request waiting for
   * it fails, and the next one computes again. `gone`: this client went
   * away; `compute`'s signal aborts once every client waiting for the
   * answer has.
   */
  async answer(key: string, compute: (abandoned: AbortSignal) => Promise<CachedAnswer>, gone?: AbortSignal): Promise<CachedAnswer> {
    const kept = this.get(key);
    if (kept) return kept;
    let pending = this.pending.get(key);
    if (!pending) {
      const abandon = new AbortController();
      const running = compute(abandon.signal).then((answer) => { this.set(key, answer); return answer; })
        .finally(() => this.pending.delete(key));
      pending = { running, clients: 0, abandon };
      this.pending.set(key, pending);
    }
    const waiting = pending;
    waiting.clients++;
    gone?.addEventListener('abort', () => { if (--waiting.clients === 0) waiting.abandon.abort(); }, { once: true });
    return waiting.running;
  }

  /** Keeps nothing more (what is kept is still given out). */
  freeze(): void {
    this.frozen = true;
  }

  /** Keeps answers again (the next version was refused: this one stays). */
  thaw(): void {
    this.frozen = false;
  }
}

/**
 * The cache key: everything the answer's bytes depend on besides the
 * version (which has a cache of its own). Fields are joined by a character
 * that cannot occur in the media type or in IRIs, and the query comes last.
 */
export function cacheKey(parts: { format: string; query: string; defaultGraphs?: readonly string[]; namedGraphs?: readonly string[] }): string {
  const graphs = (list?: readonly string[]) => (list ? list.join(' ') : '-');
  return `${parts.format}\u0000${graphs(parts.defaultGraphs)}\u0000${graphs(parts.namedGraphs)}\u0000${parts.query}`;
}

/** A strong ETag for an answer: its bytes, its Content-Type and the data version it was computed from. */
export function etagOf(version: string, contentType: string, body: Buffer): string {
  const hash = createHash('sha256').update(version).update('\u0000').update(contentType).update('\u0000').update(body);
  return `"${hash.digest('base64url').slice(0, 27)}"`;
}
