import { LRUCache } from 'lru-cache';

/** A serialized answer and the headers that go with it. */
export interface CachedBody {
  readonly body: string;
  readonly unstored: number;
}

/**
 * Serialized calendar views by (specialist, ETag): a revisit whose tag is unchanged is a version
 * lookup, a map lookup and a send, with no rows read, presented or serialized (that work was most
 * of a cached view's CPU in the server profile). Never stale across processes: the tag holds the
 * specialist's version, which every write bumps in its transaction, and the caller reads the
 * version from the database on every request before looking here. Bounded by entries and bytes.
 *
 * @example cache.get(7, '"v3-2026-12-07-2026-12-13"') // the body served for that tag, or undefined
 */
export class ViewBodyCache {
  private readonly lru: LRUCache<string, CachedBody>;

  constructor(options: { maxEntries?: number; maxBytes?: number } = {}) {
    this.lru = new LRUCache<string, CachedBody>({
      max: options.maxEntries ?? 10_000,
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (v) => Math.max(1, v.body.length),
    });
  }

  get(specialistId: number, etag: string): CachedBody | undefined {
    return this.lru.get(`${specialistId} ${etag}`);
  }

  set(specialistId: number, etag: string, value: CachedBody): void {
    this.lru.set(`${specialistId} ${etag}`, value);
  }
}
