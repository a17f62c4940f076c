/**
 * A map that holds at most `limit` bytes of values, forgetting the least
 * recently used first. A Map keeps insertion order, so re-inserting on a hit
 * keeps the oldest entry first. A value larger than the whole limit is not
 * kept at all (it would evict everything and then itself).
 */
/** The default bound of the caches of made answers (documents, SPARQL results): 64 MiB. */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

export class ByteCache<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private used = 0;

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, bytes: number): void {
    const before = this.entries.get(key);
    if (before) { this.entries.delete(key); this.used -= before.bytes; }
    if (bytes > this.limit) return;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.limit) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }

  /** Bytes held now. */
  get size(): number {
    return this.used;
  }

  get count(): number {
    return this.entries.size;
  }
}
