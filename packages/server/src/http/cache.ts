/**
 * The optional response cache of computed snapshots, samples and store queries: in memory (one process) or in Redis
 * (shared by replicas). Values are the serialised response bodies.
 * @module
 */
import type { Redis } from 'ioredis';

/** A cache of serialised responses. */
export interface ResponseCache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | undefined>;
  set(key: string, body: string, ttlMs: number): Promise<void>;
}

/**
 * An LRU cache in memory, bounded by entries and by bytes.
 *
 * @example
 * ```ts
 * const cache = memoryCache({ maxEntries: 500, maxBytes: 64 << 20 });
 * ```
 */
export function memoryCache({ maxEntries = 500, maxBytes = 64 * 1024 * 1024, now = () => performance.now() }: { maxEntries?: number; maxBytes?: number; now?: () => number } = {}): ResponseCache {
  const entries = new Map<string, { body: string; expires: number }>();
  let bytes = 0;
  const drop = (key: string) => {
    const e = entries.get(key);
    if (e) {
      bytes -= e.body.length;
      entries.delete(key);
    }
  };
  return {
    kind: 'memory',
    async get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.expires <= now()) {
        drop(key);
        return undefined;
      }
      // most recently used last
      entries.delete(key);
      entries.set(key, e);
      return e.body;
    },
    async set(key, body, ttlMs) {
      if (body.length > maxBytes) return;
      drop(key);
      entries.set(key, { body, expires: now() + ttlMs });
      bytes += body.length;
      for (const k of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        drop(k);
      }
    },
  };
}

/**
 * A cache in Redis under `prefix`, with the TTL set on each key (`SET … PX`). Redis errors are not fatal: a failed
 * get is a miss, a failed set is ignored (the response is computed again).
 *
 * @example
 * ```ts
 * const cache = redisCache(new Redis('redis://127.0.0.1:6379'), 'rmf-sim:cache:');
 * ```
 */
export function redisCache(client: Redis, prefix: string): ResponseCache {
  return {
    kind: 'redis',
    async get(key) {
      try {
        return (await client.get(prefix + key)) ?? undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, body, ttlMs) {
      try {
        await client.set(prefix + key, body, 'PX', Math.max(1, Math.round(ttlMs)));
      } catch {
        // best effort
      }
    },
  };
}
