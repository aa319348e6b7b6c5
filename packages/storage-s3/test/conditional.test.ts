import { createSimulator, createWritePipeline, recordKey, toRecords, type MetricRecord } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { gunzipSync } from 'node:zlib';
import { contractTopology, describeStoreContract } from '@rmf-sim/storage-contract';
import { rejection } from '@rmf-sim/test-utils';
import { describe, expect, it } from 'vitest';
import { createS3Store, type S3StoreOptions } from '../src/index.js';
import { MemoryS3, type Conditionals } from './memory-s3.js';

// Conditional writes against an S3 server in memory (test/memory-s3.ts: the real SDK client, its request handler
// replaced) that honours If-None-Match and If-Match, ignores them, or answers 501 as Swift's s3api does.

const sim = createSimulator({ seed: 23, topology: contractTopology('PLEXC') });
const T0 = Date.parse('2026-02-10T08:00:00Z');
/** Records of the intervals ending at T0 + 15 s · i, i = from … to. */
const intervals = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => toRecords(sim.samples(T0 + (from + i) * 15_000))).flat();
const byKey = (rs: readonly MetricRecord[]) => new Map(rs.map((r) => [r.key, r.value]));
const ALL = { from: 0, to: Date.parse('2030-01-01T00:00:00Z') };
const WINDOW = /metrics\//;

function server(conditionals: Conditionals = 'honour') {
  const s3 = new MemoryS3(conditionals);
  const client = s3.client();
  const store = (options: Partial<S3StoreOptions> = {}) => createS3Store({ client, bucket: 'rmf', window: '5m', concurrency: 8, ...options });
  return { s3, client, store };
}

/** The records of the same keys with other values (another writer's version). */
const changed = (rs: readonly MetricRecord[], by: number) => rs.map((r) => ({ ...r, value: r.value + by }));

describe('conditional writes on a server that honours them', () => {
  it('the probe finds both headers honoured and leaves nothing behind; a new window costs exactly one request, its PUT with If-None-Match', async () => {
    const { s3, store } = server();
    const a = store();
    expect((await a.migrate()).conditionalWrites).toBe('create-and-replace');
    expect([...s3.buckets.get('rmf')!.keys()]).toEqual(['_rmf-sim/layout.json']);
    const records = intervals(1, 20); // 08:00:15 … 08:05:00: windows 08:00 and 08:05
    const from = s3.log.length;
    expect(await a.write(records)).toEqual({ written: records.length, duplicates: 0 });
    const log = s3.log.slice(from);
    const requests = log.filter((r) => WINDOW.test(r.key));
    const keys = new Set(records.map((r) => a.keyOf(r)));
    expect(requests.length).toBe(keys.size);
    for (const r of requests) expect([r.method, r.ifNoneMatch, r.status]).toEqual(['PUT', '*', 200]);
    expect(new Set(requests.map((r) => r.key))).toEqual(keys);
    expect(byKey(await a.read(ALL))).toEqual(byKey(records));
    // the only other requests: one LIST of the month's archive folder
    expect(log.filter((r) => !WINDOW.test(r.key)).map((r) => [r.method, r.query.prefix])).toEqual([['GET', 'archive/monthly/2026/02/']]);
  });

  it('a second writer that knows nothing of the window gets 412, reads, merges and PUTs with If-Match: both writers\u2019 records are kept', async () => {
    const { s3, store } = server();
    const a = store();
    const b = store();
    await a.migrate();
    const first = intervals(1, 8); // 08:00:15 … 08:02:00
    const second = intervals(9, 16); // 08:02:15 … 08:04:00, the same windows
    const overlap = changed(intervals(7, 8), 0.25); // keys a wrote, new values
    await a.write(first);
    const from = s3.log.length;
    expect(await b.write([...second, ...overlap])).toEqual({ written: second.length + overlap.length, duplicates: overlap.length });
    const keys = [...new Set(second.map((r) => b.keyOf(r)))];
    for (const key of keys) {
      const mine = s3.log.slice(from).filter((r) => r.key === key);
      expect(mine.map((r) => [r.method, r.ifNoneMatch ?? (r.ifMatch ? 'If-Match' : ''), r.status])).toEqual([
        ['PUT', '*', 412],
        ['GET', '', 200],
        ['PUT', 'If-Match', 200],
      ]);
    }
    expect(byKey(await a.read(ALL))).toEqual(byKey([...first, ...second, ...overlap]));
    // b now knows the windows exist: its next write into them reads first (no refused PUT)
    const next = s3.log.length;
    await b.write(intervals(17, 18));
    expect(s3.log.slice(next).filter((r) => r.status === 412)).toEqual([]);
  });

  it('a write that lands between a writer\u2019s GET and its PUT is detected (412 on If-Match) and merged, not lost', async () => {
    const { s3, store } = server();
    const a = store();
    const b = store();
    const c = store();
    await a.migrate();
    const base = intervals(1, 4);
    const mine = intervals(5, 8);
    const theirs = intervals(9, 12);
    await a.write(base);
    // when b's first If-Match PUT arrives, c writes the same windows to the end; then b's PUT is decided
    let interleaved = 0;
    s3.beforePut = async (key, r) => {
      if (!WINDOW.test(key) || r.ifMatch === undefined || interleaved++ > 0) return;
      await c.write(theirs);
    };
    await b.write(mine);
    s3.beforePut = undefined;
    expect(interleaved).toBeGreaterThan(0);
    const refused = s3.log.filter((r) => r.ifMatch !== undefined && r.status === 412);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(byKey(await a.read(ALL))).toEqual(byKey([...base, ...mine, ...theirs]));
  });

  it('three writers at once into the same windows: every record of each is kept', async () => {
    const { s3, store } = server();
    const stores = [store(), store(), store()];
    await stores[0]!.migrate();
    const parts = [intervals(1, 4), intervals(5, 8), changed(intervals(3, 6), 1)];
    await Promise.all(stores.map((s, i) => s.write(parts[i]!)));
    expect(s3.count('PUT', WINDOW)).toBeGreaterThan(new Set(parts.flat().map((r) => stores[0]!.keyOf(r))).size); // they met
    const back = byKey(await stores[0]!.read(ALL));
    const expected = byKey([...parts[0]!, ...parts[1]!]);
    expect(new Set(back.keys())).toEqual(new Set(expected.keys()));
    // each key holds the value of one of the writers that wrote it
    for (const [k, v] of back) {
      const candidates = parts.flatMap((p) => p.filter((r) => r.key === k).map((r) => r.value));
      expect(candidates).toContain(v);
    }
  });

  it('a PUT stored whose answer was lost: the retry (this store or a new one) finds it, merges, writes nothing twice', async () => {
    const { s3, store } = server();
    const a = store();
    await a.migrate();
    const records = intervals(1, 20);
    let lost = 0;
    s3.afterPut = (key) => {
      if (WINDOW.test(key) && lost++ === 0) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    };
    const e = await rejection(a.write(records));
    expect(e.code).toBe('ERR_RMF_STORE_UNAVAILABLE');
    s3.afterPut = undefined;
    const stored = countIn(s3, a, records);
    expect(stored).toBeGreaterThan(0);
    const from = s3.log.length;
    expect(await a.write(records)).toEqual({ written: records.length, duplicates: stored });
    expect(s3.log.slice(from).filter((r) => r.status === 412)).toEqual([]); // it knew the key may exist: GET first
    const b = store();
    expect((await b.write(records)).duplicates).toBe(records.length);
    const keys = new Set(records.map((r) => a.keyOf(r)));
    expect(s3.log.filter((r) => r.method === 'PUT' && keys.has(r.key) && r.status === 200).length).toBe(keys.size);
    expect(byKey(await b.read(ALL))).toEqual(byKey(records));
  });

  it('with listBeforeWrite, a window the listing misses is merged after the 412, not replaced', async () => {
    const { s3, store } = server();
    const a = store();
    await a.migrate();
    const first = intervals(1, 4);
    await a.write(first);
    for (const k of s3.buckets.get('rmf')!.keys()) if (WINDOW.test(k)) s3.unlisted.add(k); // a listing that lags
    const b = store({ listBeforeWrite: true });
    const second = intervals(5, 8);
    await b.write(second);
    expect(s3.log.filter((r) => WINDOW.test(r.key) && r.status === 412).length).toBe(new Set(second.map((r) => b.keyOf(r))).size);
    s3.unlisted.clear(); // the listing catches up: a read sees what is there
    expect(byKey(await b.read(ALL))).toEqual(byKey([...first, ...second]));
  });
});

/** How many of `records` the bucket's window objects hold now (through a store of its own). */
function countIn(s3: MemoryS3, like: { keyOf: (r: MetricRecord) => string }, records: readonly MetricRecord[]): number {
  const keys = new Set(records.map((r) => like.keyOf(r)));
  const stored = [...(s3.buckets.get('rmf')?.keys() ?? [])].filter((k) => keys.has(k));
  return records.filter((r) => stored.includes(like.keyOf(r))).length;
}

describe('servers that do not honour conditional PUTs', () => {
  for (const [conditionals, found] of [
    ['ignore', 'none'],
    ['not-implemented', 'none'],
    ['create-only', 'create'],
  ] as const) {
    it(`a server that ${conditionals === 'ignore' ? 'ignores the headers (and would overwrite)' : conditionals === 'not-implemented' ? 'answers 501 (Swift)' : 'honours If-None-Match only'}: the probe says ${found}, and no record is lost`, async () => {
      const { s3, store } = server(conditionals);
      const a = store();
      expect((await a.migrate()).conditionalWrites).toBe(found);
      expect([...s3.buckets.get('rmf')!.keys()]).toEqual(['_rmf-sim/layout.json']);
      const first = intervals(1, 8);
      let from = s3.log.length;
      await a.write(first);
      const keys = new Set(first.map((r) => a.keyOf(r)));
      const windowRequests = () => s3.log.slice(from).filter((r) => WINDOW.test(r.key));
      if (found === 'none') {
        // GET-then-PUT, no condition sent
        expect(windowRequests().filter((r) => r.method === 'GET').length).toBe(keys.size);
        expect(windowRequests().filter((r) => r.ifNoneMatch !== undefined || r.ifMatch !== undefined)).toEqual([]);
      } else {
        expect(windowRequests().map((r) => [r.method, r.ifNoneMatch])).toEqual([...keys].map(() => ['PUT', '*']));
      }
      // another writer into the same windows (one at a time): merged
      const b = store();
      const second = intervals(9, 16);
      from = s3.log.length;
      await b.write(second);
      if (found === 'create') expect(windowRequests().filter((r) => r.method === 'PUT' && r.status === 200).every((r) => r.ifMatch === undefined)).toBe(true);
      expect(byKey(await a.read(ALL))).toEqual(byKey([...first, ...second]));
    });
  }

  it("conditionalWrites: 'off' sends no probe and a GET before each window's PUT; 'require' fails with ERR_RMF_STORE_SCHEMA where they are not honoured", async () => {
    const { s3, store } = server();
    const off = store({ conditionalWrites: 'off' });
    expect((await off.migrate()).conditionalWrites).toBe('off');
    expect(s3.log.filter((r) => r.key.includes('conditional-probe'))).toEqual([]);
    const records = intervals(1, 4);
    await off.write(records);
    expect(s3.count('GET', WINDOW)).toBe(new Set(records.map((r) => off.keyOf(r))).size);
    expect(s3.log.filter((r) => r.ifNoneMatch !== undefined || r.ifMatch !== undefined)).toEqual([]);

    expect((await store({ conditionalWrites: 'require' }).migrate()).conditionalWrites).toBe('create-and-replace');
    const plain = server('ignore');
    const strict = plain.store({ conditionalWrites: 'require' });
    const e = await rejection(strict.migrate());
    expect(e.code).toBe('ERR_RMF_STORE_SCHEMA');
    expect(e.message).toMatch(/conditional PUTs/);
    const w = await rejection(strict.write(records));
    expect(w.code).toBe('ERR_RMF_STORE_SCHEMA');
    expect([...plain.s3.buckets.get('rmf')!.keys()].filter((k) => WINDOW.test(k))).toEqual([]);
    expect(() => createS3Store({ bucket: 'rmf', conditionalWrites: 'yes' as never })).toThrow(/conditionalWrites/);
  });

  it('a probe that fails on the network is asked again by the next write', async () => {
    const { s3, store } = server();
    const a = store();
    await store({ conditionalWrites: 'off' }).migrate();
    let fail = true;
    s3.afterPut = (key) => {
      if (fail && key.includes('conditional-probe')) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    };
    const e = await rejection(a.write(intervals(1, 2)));
    expect(e.code).toBe('ERR_RMF_STORE_UNAVAILABLE');
    fail = false;
    const from = s3.log.length;
    await a.write(intervals(1, 2));
    expect(s3.log.slice(from).filter((r) => WINDOW.test(r.key)).every((r) => r.method === 'PUT' && r.ifNoneMatch === '*')).toBe(true);
  });
});

// The shared store contract, unchanged, on the conditional path (a server that honours both headers), and on a
// server that honours only If-None-Match.
for (const conditionals of ['honour', 'create-only'] as const) {
  describeStoreContract(`s3 on a memory server (conditionals: ${conditionals})`, {
    async create() {
      const { store } = server(conditionals);
      const s = store({ concurrency: 16 });
      expect((await s.migrate()).conditionalWrites).toBe(conditionals === 'honour' ? 'create-and-replace' : 'create');
      return s;
    },
    async destroy(store) {
      await store.close();
    },
  });
}

describe('conditional writes under faults', () => {
  it('requests lost and answers lost at random during a backfill: every record once, and a re-run changes no object', async () => {
    const { s3, store } = server();
    const a = store({ concurrency: 16 });
    await a.migrate();
    // a seeded generator (the test is the same every run): 1.5 % of the window and archive requests lost, 1.5 %
    // unanswered (a write touches about 50 objects, and any fault fails the whole write, which the pipeline retries)
    let seed = 0x2545f491;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let faults = 0;
    s3.fault = (_method, path) => {
      if (!/metrics\/|archive\//.test(path)) return undefined;
      const x = random();
      if (x < 0.03) faults++;
      return x < 0.015 ? 'lost' : x < 0.03 ? 'unanswered' : undefined;
    };
    const n = 24; // 6 simulated minutes: windows 08:00, 08:05
    const expected = byKey(intervals(1, n));
    const backfill = async () => {
      const pipeline = createWritePipeline({ sinks: { s3: a }, clock: systemClock, batchSize: 4 * sim.series.length, retry: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 50 } });
      const dropped: unknown[] = [];
      pipeline.on('dropped', (e) => dropped.push(e));
      for (let k = 1; k <= n; k++) await pipeline.write(sim.samples(T0 + k * 15_000));
      const stats = await pipeline.close();
      expect(dropped).toEqual([]);
      return stats.sinks.s3!;
    };
    expect(await backfill()).toMatchObject({ written: expected.size, dropped: 0, pendingRecords: 0 });
    expect(faults).toBeGreaterThanOrEqual(5);
    // the raw objects: every record once, each in the object its key names, every value the generated one
    const raw = () => {
      const seen = new Map<string, number>();
      const etags = new Map<string, string>();
      let lines = 0;
      for (const [key, o] of s3.buckets.get('rmf')!) {
        if (!WINDOW.test(key)) continue;
        etags.set(key, o.etag);
        for (const line of gunzipSync(o.body).toString('utf8').trim().split('\n')) {
          const r = JSON.parse(line) as MetricRecord;
          expect(a.keyOf(r)).toBe(key);
          seen.set(recordKey(r), r.value);
          lines++;
        }
      }
      return { seen, lines, etags };
    };
    const after = raw();
    expect(after.lines).toBe(expected.size);
    expect(after.seen).toEqual(expected);
    // the whole backfill again (faults still on): every record a duplicate, no object rewritten
    expect(await backfill()).toMatchObject({ written: expected.size, duplicates: expected.size, dropped: 0 });
    const rerun = raw();
    expect(rerun.lines).toBe(expected.size);
    expect(rerun.etags).toEqual(after.etags);
  }, 300_000);
});

describe('batches of whole windows (batchWindowMs, what rmf-sim backfill cuts at)', () => {
  it('the store names its object window; batches cut at its boundaries PUT each window object once, batches that end inside windows rewrite them', async () => {
    const count = async (perBatch: number, aligned: boolean) => {
      const { s3, store } = server('not-implemented'); // as this Swift: GET before every PUT
      const a = store();
      expect(a.batchWindowMs).toBe(300_000);
      await a.migrate();
      const from = s3.log.length;
      const pipeline = createWritePipeline({ sinks: { s3: a }, clock: systemClock, batchSize: perBatch * sim.series.length, maxBatchDelayMs: 60_000 });
      // 08:02:15 … 08:12:00: a partial window, then two whole ones
      for (let k = 9; k <= 48; k++) {
        const t = T0 + k * 15_000;
        await pipeline.write(sim.samples(t));
        // (a window holds the intervals that end in it: 08:05:00 is the first of the 08:05 window)
        if (aligned && (t + 15_000) % a.batchWindowMs === 0) pipeline.cut();
      }
      await pipeline.close();
      const puts = s3.log.slice(from).filter((r) => r.method === 'PUT' && WINDOW.test(r.key));
      const perKey = new Map<string, number>();
      for (const r of puts) perKey.set(r.key, (perKey.get(r.key) ?? 0) + 1);
      expect(byKey(await a.read(ALL))).toEqual(byKey(intervals(9, 48)));
      return [...perKey.values()];
    };
    const aligned = await count(20, true);
    expect(aligned.length).toBeGreaterThan(0);
    expect(new Set(aligned)).toEqual(new Set([1]));
    // three intervals per batch (backfill's size without a window): each window object is written 7 times or so
    const small = await count(3, false);
    expect(Math.max(...small)).toBeGreaterThanOrEqual(6);
  });
});
