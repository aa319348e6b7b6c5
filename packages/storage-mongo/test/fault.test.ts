import { createSimulator, createWritePipeline, StorageError, toRecords, type MetricSink } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { tcpProxy } from '@rmf-sim/test-utils';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createMongoStore, type MongoStore } from '../src/index.js';
import { freshDatabase, MONGO_URL, withDatabase } from './env.js';

// A backfill of 4 simulated minutes of the default topology (16 intervals) through a TCP proxy that
// goes away twice for 1.5 s (every connection cut, new ones refused), while one acknowledgement in five is thrown
// away after the server applied the batch (the pipeline writes it again). Afterwards the collections must hold
// exactly what was generated: every record once (counted in the raw documents, not through the store), every value
// equal to the regenerated one. In both write paths.
describe('mongo store under faults', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  for (const timeSeries of [false, true] as const) {
    it(`loses nothing and duplicates nothing through outages and lost acknowledgements (timeSeries: ${timeSeries})`, async () => {
      const db = freshDatabase(timeSeries ? 'fts' : 'freg');
      cleanups.push(db.drop);
      const upstream = new URL(MONGO_URL.replace(/^mongodb(\+srv)?:/, 'http:'));
      const proxy = await tcpProxy(upstream.hostname, Number(upstream.port || 27017));
      cleanups.push(() => proxy.close());
      const viaProxy = withDatabase(MONGO_URL.replace(/^(mongodb:\/\/(?:[^@/]*@)?)[^/?]*/, `$1127.0.0.1:${proxy.port}`), db.name);
      const store = createMongoStore({ url: viaProxy, timeSeries, serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
      cleanups.push(() => store.close());
      await store.migrate();

      const sim = createSimulator({ seed: 42 });
      const from = Date.parse('2026-01-05T23:56:00Z'); // across midnight
      const intervals = 16;
      const expected = intervals * sim.series.length;
      let calls = 0;
      const lossy: MetricSink = {
        async write(records, options) {
          const result = await store.write(records, options);
          if (++calls % 5 === 0) throw new StorageError('ERR_RMF_STORE_UNAVAILABLE', 'injected: the acknowledgement was lost');
          return result;
        },
      };
      const pipeline = createWritePipeline({ sinks: { mongo: lossy }, clock: systemClock, retry: { initialDelayMs: 50, maxDelayMs: 400 } });
      const causes = new Map<string, number>();
      pipeline.on('retry', (e) => {
        const err = e.error as { message?: string; cause?: { name?: string } };
        const what = err.cause?.name ?? (err.message?.startsWith('injected') ? 'lost ack' : '?');
        causes.set(what, (causes.get(what) ?? 0) + 1);
      });
      const dropped: string[] = [];
      pipeline.on('dropped', (e) => dropped.push(`${e.reason}: ${(e.error as Error).message}`));
      const outages: Promise<void>[] = [];
      const started = Date.now();
      for (let k = 1; k <= intervals; k++) {
        await pipeline.write(sim.samples(from + k * sim.intervalMs));
        if (k === 5 || k === 11) outages.push(proxy.outage(1500));
      }
      const stats = await pipeline.close();
      await Promise.all(outages);
      const s = stats.sinks.mongo!;
      console.log(
        `fault test (timeSeries: ${timeSeries}): ${expected} records in ${((Date.now() - started) / 1000).toFixed(1)} s, ${calls} writes; ` +
          `${s.failures} failed attempts (${[...causes].map(([c, n]) => `${c} ${n}`).join(', ')}), ${s.duplicates} rewritten, ${s.dropped} dropped`,
      );
      expect(dropped).toEqual([]);
      expect(s).toMatchObject({ written: expected, dropped: 0, pendingRecords: 0 });
      expect(causes.get('lost ack') ?? 0).toBeGreaterThanOrEqual(Math.floor(calls / 5) - 1);
      expect(s.failures - (causes.get('lost ack') ?? 0)).toBeGreaterThanOrEqual(2); // the outages failed attempts too
      expect(s.duplicates).toBeGreaterThan(0); // the lost acknowledgements were written again, and found stored

      // the raw documents, read directly: every element once
      const { elements, distinct } = await countElements(store, db.name);
      expect([elements, distinct]).toEqual([expected, expected]);

      // and every value is the generated one
      const want = new Map<string, number>();
      for (let k = 1; k <= intervals; k++) for (const r of toRecords(sim.samples(from + k * sim.intervalMs))) want.set(r.key, r.value);
      const back = await store.read({ from, to: from + intervals * sim.intervalMs });
      expect(back).toHaveLength(expected);
      let mismatches = 0;
      for (const r of back) if (want.get(r.key) !== r.value) mismatches++;
      expect(mismatches).toBe(0);
      expect(new Set(back.map((r) => r.key)).size).toBe(expected);
    }, 180_000);
  }
});

/** Elements in every family collection, and distinct (interval, sysplex, entity, metric, labels) among them. */
async function countElements(store: MongoStore, database: string) {
  const client = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 5000 });
  try {
    let elements = 0;
    const keys = new Set<string>();
    for (const c of store.collections) {
      for await (const d of client.db(database).collection(c.name).find({}, { batchSize: 5000 })) {
        for (const e of d.metrics as { metric: string; labels: Record<string, string> }[]) {
          elements++;
          keys.add(JSON.stringify([d.timestamp.getTime(), d.meta.sysplex, d.meta.kind, d.meta.entity, e.metric, Object.entries(e.labels).sort()]));
        }
      }
    }
    return { elements, distinct: keys.size };
  } finally {
    await client.close();
  }
}
