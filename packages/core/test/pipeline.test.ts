import {
  createMemoryStore,
  createWritePipeline,
  recordKey,
  StorageError,
  toRecords,
  isTransientError,
  type DroppedEvent,
  type ListenerErrorEvent,
  type MetricRecord,
  type MetricSink,
  type RetryEvent,
  type Sample,
  type WriteResult,
  type WrittenEvent,
} from '@rmf-sim/core';
import { manualClock, settle, T0 } from '@rmf-sim/storage-contract';
import { describe, expect, it } from 'vitest';
import { sim42 } from './helpers.js';

const interval = (k: number) => sim42.samples(T0 + k * 15_000);
const N = sim42.series.length;

/** A sink that stores by key (like a real one) and can be scripted to fail before or after storing, or to wait. */
function scriptedSink(script: { fail?: (attempt: number) => unknown; afterStore?: (attempt: number) => unknown; gate?: () => Promise<void> } = {}) {
  const stored = new Map<string, number>();
  const batches: number[] = [];
  let attempts = 0;
  const sink: MetricSink = {
    async write(records): Promise<WriteResult> {
      const attempt = ++attempts;
      if (script.gate) await script.gate();
      const before = script.fail?.(attempt);
      if (before) throw before;
      let duplicates = 0;
      for (const r of records) {
        if (stored.has(r.key)) duplicates++;
        stored.set(r.key, r.value);
      }
      batches.push(records.length);
      const after = script.afterStore?.(attempt);
      if (after) throw after; // stored, but the acknowledgement is lost
      return { written: records.length, duplicates };
    },
  };
  return { sink, stored, batches, attempts: () => attempts };
}

const transient = () => new StorageError('ERR_RMF_STORE_UNAVAILABLE', 'connection lost');
const expectedKeys = (samples: Sample[]) => new Map(toRecords(samples).map((r) => [r.key, r.value]));

describe('write pipeline: batching', () => {
  it('cuts batches by size, keeps the rest buffered, and flushes it on close', async () => {
    const { clock } = manualClock(T0);
    const s = scriptedSink();
    const p = createWritePipeline({ sinks: { s: s.sink }, clock, batchSize: 2000 });
    const full = Math.floor(N / 2000);
    expect(N % 2000).toBeGreaterThan(0); // (the test needs a rest to buffer)
    await p.write(interval(1)); // N → full batches of 2000 cut, the rest buffered
    await settle();
    expect(s.batches).toEqual(Array(full).fill(2000));
    expect(p.stats()).toMatchObject({ accepted: N, buffered: N - 2000 * full, batches: full });
    const stats = await p.close();
    expect(s.batches).toEqual([...Array(full).fill(2000), N - 2000 * full]);
    expect(stats.sinks.s).toMatchObject({ written: N, batches: full + 1, dropped: 0, pendingRecords: 0, lagMs: 0 });
    expect(s.stored).toEqual(expectedKeys(interval(1)));
  });

  it('cuts a batch by time: maxBatchDelayMs after the first record entered an empty buffer', async () => {
    const { clock, advance } = manualClock(T0);
    const s = scriptedSink();
    const p = createWritePipeline({ sinks: { s: s.sink }, clock, batchSize: 1_000_000, maxBatchDelayMs: 1000 });
    await p.write(interval(1));
    await advance(600);
    await p.write(interval(2));
    await advance(399);
    expect(s.batches).toEqual([]);
    await advance(1);
    expect(s.batches).toEqual([2 * N]);
    await p.write(interval(3));
    await advance(999);
    expect(s.batches).toEqual([2 * N]);
    await advance(1);
    expect(s.batches).toEqual([2 * N, N]);
    await p.close();
  });

  it('cut() makes what is buffered a batch at once, without waiting (a writer’s own boundaries); a no-op on an empty buffer', async () => {
    const { clock, advance } = manualClock(T0);
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const s = scriptedSink({ gate: () => gate });
    const p = createWritePipeline({ sinks: { s: s.sink }, clock, batchSize: 1_000_000, maxBatchDelayMs: 60_000 });
    await p.write(interval(1));
    await p.write(interval(2));
    p.cut(); // returns at once though the sink is still busy
    p.cut();
    await p.write(interval(3));
    expect(p.stats()).toMatchObject({ batches: 1, buffered: N });
    release();
    await advance(0);
    await p.close();
    expect(s.batches).toEqual([2 * N, N]);
    expect(() => p.cut()).toThrow(/closed/);
  });

  it('flush() writes what is buffered and waits for every sink', async () => {
    const { clock } = manualClock(T0);
    const a = scriptedSink();
    const b = scriptedSink();
    const p = createWritePipeline({ sinks: { a: a.sink, b: b.sink }, clock });
    await p.write(interval(1));
    await p.flush();
    expect(a.batches).toEqual([N]);
    expect(b.batches).toEqual([N]);
    await p.close();
  });
});

describe('write pipeline: fan-out, isolation and retries', () => {
  it('delivers every record to every sink; a failing sink retries with backoff while the healthy one goes on', async () => {
    const { clock, advance } = manualClock(T0);
    const healthy = scriptedSink();
    const flaky = scriptedSink({ fail: (attempt) => (attempt <= 3 ? transient() : undefined) });
    const store = createMemoryStore();
    const p = createWritePipeline({ sinks: { healthy: healthy.sink, flaky: flaky.sink, store }, clock, batchSize: N, retry: { initialDelayMs: 100, maxDelayMs: 250, jitter: false } });
    const retries: RetryEvent[] = [];
    const written: WrittenEvent[] = [];
    p.on('retry', (e) => retries.push(e));
    p.on('written', (e) => written.push(e));
    await p.write(interval(1));
    await p.write(interval(2));
    await settle();
    // the healthy sinks have both batches while the flaky one is still on its first
    expect(healthy.batches).toEqual([N, N]);
    expect(flaky.batches).toEqual([]);
    expect(retries.map((r) => [r.sink, r.attempt, r.delayMs])).toEqual([['flaky', 1, 100]]);
    expect(p.stats().sinks.flaky).toMatchObject({ failures: 1, retries: 1, pendingRecords: 2 * N, written: 0 });
    await advance(100);
    await advance(200);
    expect(retries.map((r) => r.delayMs)).toEqual([100, 200, 250]); // doubled, capped
    await advance(250);
    const stats = await p.close();
    expect(flaky.batches).toEqual([N, N]);
    expect(stats.sinks.flaky).toMatchObject({ written: 2 * N, failures: 3, retries: 3, dropped: 0, batches: 2 });
    expect(stats.sinks.healthy).toMatchObject({ written: 2 * N, failures: 0, retries: 0 });
    const want = expectedKeys([...interval(1), ...interval(2)]);
    expect(flaky.stored).toEqual(want);
    expect(healthy.stored).toEqual(want);
    expect(store.size).toBe(2 * N);
    const flakyWritten = written.filter((e) => e.sink === 'flaky');
    expect(flakyWritten.map((e) => [e.attempt, e.records, e.from, e.to])).toEqual([
      [4, N, T0 + 15_000, T0 + 15_000],
      [1, N, T0 + 30_000, T0 + 30_000],
    ]);
    // the first batch waited through 550 ms of backoff, the second one as well (it was cut at the start)
    expect(flakyWritten[0]!.lagMs).toBe(550);
  });

  it('a retry after a lost acknowledgement never duplicates: the keys are the same, the sink reports duplicates', async () => {
    const { clock, advance } = manualClock(T0);
    const lossy = scriptedSink({ afterStore: (attempt) => (attempt % 2 === 1 ? transient() : undefined) });
    const p = createWritePipeline({ sinks: { lossy: lossy.sink }, clock, batchSize: 1000, maxQueuedBatches: 20, retry: { jitter: false, initialDelayMs: 10 } });
    await p.write(interval(1));
    await p.write(interval(2));
    const closing = p.close();
    for (let i = 0; i < 20; i++) await advance(10);
    const stats = await closing;
    // every batch was stored twice: once unacknowledged, once more on the retry
    expect(lossy.batches.length).toBe(2 * stats.batches);
    expect(stats.sinks.lossy).toMatchObject({ written: 2 * N, duplicates: 2 * N, dropped: 0 });
    expect(lossy.stored).toEqual(expectedKeys([...interval(1), ...interval(2)]));
  });

  it('drops a batch on a permanent error, or after maxAttempts, and reports what to write again', async () => {
    const { clock, advance } = manualClock(T0);
    const denied = scriptedSink({ fail: () => new StorageError('ERR_RMF_STORE_AUTH', 'access denied') });
    const down = scriptedSink({ fail: () => transient() });
    const ok = scriptedSink();
    const p = createWritePipeline({ sinks: { denied: denied.sink, down: { sink: down.sink, retry: { maxAttempts: 3, initialDelayMs: 50, jitter: false } }, ok: ok.sink }, clock, batchSize: N });
    const dropped: DroppedEvent[] = [];
    p.on('dropped', (e) => dropped.push(e));
    await p.write(interval(1));
    await p.write(interval(2));
    const closing = p.close();
    for (let i = 0; i < 10; i++) await advance(50);
    const stats = await closing;
    expect(dropped.filter((d) => d.sink === 'denied').map((d) => [d.reason, d.attempts, d.records, d.from, d.to])).toEqual([
      ['permanent', 1, N, T0 + 15_000, T0 + 15_000],
      ['permanent', 1, N, T0 + 30_000, T0 + 30_000],
    ]);
    expect(dropped.filter((d) => d.sink === 'down').map((d) => [d.reason, d.attempts])).toEqual([
      ['attempts', 3],
      ['attempts', 3],
    ]);
    expect((dropped[0]!.error as { code: string }).code).toBe('ERR_RMF_STORE_AUTH');
    expect(denied.attempts()).toBe(2);
    expect(down.attempts()).toBe(6);
    expect(stats.sinks.ok).toMatchObject({ written: 2 * N, dropped: 0 });
    expect(stats.sinks.denied).toMatchObject({ written: 0, dropped: 2 * N, failures: 2, retries: 0 });
    expect(stats.sinks.down).toMatchObject({ written: 0, dropped: 2 * N, failures: 6, retries: 4 });
  });

  it('spreads retry delays deterministically over [d/2, d] with jitter', async () => {
    const delays = async () => {
      const { clock, advance } = manualClock(T0);
      const s = scriptedSink({ fail: (attempt) => (attempt <= 6 ? transient() : undefined) });
      const p = createWritePipeline({ sinks: { s: s.sink }, clock, retry: { initialDelayMs: 1000, maxDelayMs: 8000 } });
      const seen: number[] = [];
      p.on('retry', (e) => seen.push(e.delayMs));
      await p.write(interval(1));
      const closing = p.close();
      for (let i = 0; i < 50; i++) await advance(1000);
      await closing;
      return seen;
    };
    const first = await delays();
    expect(first).toHaveLength(6);
    [1000, 2000, 4000, 8000, 8000, 8000].forEach((d, i) => {
      expect(first[i]).toBeGreaterThanOrEqual(d / 2);
      expect(first[i]).toBeLessThanOrEqual(d);
    });
    expect(new Set(first.slice(3)).size).toBeGreaterThan(1); // not in lockstep
    expect(await delays()).toEqual(first);
  });

  it('abandons a write attempt that hangs longer than attemptTimeoutMs and retries it', async () => {
    const { clock, advance } = manualClock(T0);
    let hang = true;
    const s = scriptedSink({ gate: () => (hang ? ((hang = false), new Promise<void>(() => {})) : Promise.resolve()) });
    const p = createWritePipeline({ sinks: { s: s.sink }, clock, retry: { attemptTimeoutMs: 5000, initialDelayMs: 100, jitter: false } });
    const retries: RetryEvent[] = [];
    p.on('retry', (e) => retries.push(e));
    await p.write(interval(1));
    const closing = p.close();
    await advance(4999);
    expect(retries).toHaveLength(0);
    await advance(1);
    expect((retries[0]!.error as { code: string; message: string }).code).toBe('ERR_RMF_STORE_UNAVAILABLE');
    await advance(100);
    const stats = await closing;
    expect(stats.sinks.s).toMatchObject({ written: N, failures: 1 });
  });

  it('a listener that throws never crashes the process: its error goes to the error event, the pipeline goes on', async () => {
    const { clock } = manualClock(T0);
    const s = scriptedSink();
    const p = createWritePipeline({ sinks: { s: s.sink }, clock, batchSize: N });
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.prependListener('uncaughtException', onUncaught);
    const routed: ListenerErrorEvent[] = [];
    try {
      const bug = new Error('listener bug');
      p.on('written', () => {
        throw bug;
      });
      p.on('error', (e) => routed.push(e));
      await p.write(interval(1));
      await p.write(interval(2));
      const stats = await p.close();
      await settle(); // a rethrow on a microtask would have happened by now
      expect(stats.sinks.s).toMatchObject({ written: 2 * N, failures: 0 });
      expect(stats.listenerErrors).toBe(2);
      expect(routed).toEqual([
        { event: 'written', error: bug },
        { event: 'written', error: bug },
      ]);
      // an error listener that throws too is counted, never rethrown
      const q = createWritePipeline({ sinks: { s: createMemoryStore() }, clock });
      q.on('written', () => {
        throw bug;
      });
      q.on('error', () => {
        throw new Error('error listener bug');
      });
      await q.write(interval(1));
      expect((await q.close()).listenerErrors).toBe(2);
      await settle();
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });

  it('a sink that throws a plain Error or TypeError (a bug) is not retried: the batch is dropped, reported, and nothing hangs', async () => {
    const { clock } = manualClock(T0);
    let calls = 0;
    const buggy: MetricSink = {
      async write() {
        calls++;
        if (calls === 1) throw new TypeError("Cannot read properties of undefined (reading 'length')");
        throw new Error('not implemented');
      },
    };
    const good = scriptedSink();
    const p = createWritePipeline({ sinks: { buggy, good: good.sink }, clock, batchSize: N });
    const dropped: DroppedEvent[] = [];
    const retries: RetryEvent[] = [];
    p.on('dropped', (e) => dropped.push(e));
    p.on('retry', (e) => retries.push(e));
    await p.write(interval(1));
    await p.write(interval(2));
    const stats = await p.close(); // resolves: no clock time needed, nothing is waiting for a retry
    expect(retries).toEqual([]);
    expect(calls).toBe(2);
    expect(dropped.map((d) => [d.sink, d.reason, d.attempts, d.records, d.from, (d.error as Error).name])).toEqual([
      ['buggy', 'permanent', 1, N, T0 + 15_000, 'TypeError'],
      ['buggy', 'permanent', 1, N, T0 + 30_000, 'Error'],
    ]);
    expect(stats.sinks.buggy).toMatchObject({ written: 0, dropped: 2 * N, failures: 2, retries: 0, pendingRecords: 0 });
    expect(stats.sinks.good).toMatchObject({ written: 2 * N, dropped: 0 });
  });

  it('only typed transient storage errors are retried by default', () => {
    expect(isTransientError(new StorageError('ERR_RMF_STORE_UNAVAILABLE', 'connection lost'))).toBe(true);
    expect(isTransientError({ code: 'ERR_RMF_STORE_UNAVAILABLE', message: 'from another copy of core' })).toBe(true);
    for (const e of [new Error('bug'), new TypeError('bug'), Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'a string', undefined, null]) {
      expect(isTransientError(e), String(e)).toBe(false);
    }
    for (const code of ['ERR_RMF_STORE_RECORD', 'ERR_RMF_STORE_AUTH', 'ERR_RMF_STORE_SCHEMA', 'ERR_RMF_STORE_QUERY', 'ERR_RMF_CLOSED', 'ERR_RMF_ABORTED'] as const) {
      expect(isTransientError({ code }), code).toBe(false);
    }
  });

  it("with permanentErrors: 'fail' the first permanent error stops the pipeline: write() rejects, what is left is reported dropped", async () => {
    const { clock } = manualClock(T0);
    const gates: (() => void)[] = [];
    const denied = new StorageError('ERR_RMF_STORE_AUTH', 'access denied');
    const bad = scriptedSink({ fail: () => denied });
    const slow = scriptedSink({ gate: () => new Promise<void>((r) => gates.push(r)) });
    const p = createWritePipeline({ sinks: { bad: bad.sink, slow: slow.sink }, clock, batchSize: N, permanentErrors: 'fail' });
    const dropped: DroppedEvent[] = [];
    p.on('dropped', (e) => dropped.push(e));
    await p.write(interval(1));
    await settle();
    const e = await p.write(interval(2)).then(
      () => undefined,
      (error: unknown) => error as { code: string; message: string; cause: unknown },
    );
    expect(e).toMatchObject({ code: 'ERR_RMF_ABORTED', message: 'the write pipeline stopped: sink bad failed permanently: access denied', cause: denied });
    await expect(p.flush()).rejects.toMatchObject({ code: 'ERR_RMF_ABORTED', cause: denied });
    const stats = await p.close(); // resolves with the counters, so that cleanup in a finally block works
    // the slow sink's write in flight was abandoned: reported as dropped, with the reason
    expect(dropped.map((d) => [d.sink, d.reason, d.from])).toEqual([
      ['bad', 'permanent', T0 + 15_000],
      ['slow', 'failed', T0 + 15_000],
    ]);
    expect(bad.attempts()).toBe(1);
    expect(stats.sinks.slow).toMatchObject({ written: 0, dropped: N, pendingRecords: 0 });
    expect(stats.accepted).toBe(N); // the second write() took nothing
  });
});

describe('write pipeline: back-pressure and bounded memory', () => {
  it('write() waits while a sink has more than maxQueuedBatches batches waiting, then resumes', async () => {
    const { clock } = manualClock(T0);
    const gates: (() => void)[] = [];
    const slow = scriptedSink({ gate: () => new Promise<void>((r) => gates.push(r)) });
    const fast = scriptedSink();
    const p = createWritePipeline({ sinks: { slow: slow.sink, fast: fast.sink }, clock, batchSize: N, maxQueuedBatches: 2 });
    const pressure: string[][] = [];
    p.on('backpressure', (e) => pressure.push(e.sinks));
    for (let k = 1; k <= 3; k++) await p.write(interval(k)); // 1 writing + 2 waiting: still room
    let resolved = false;
    const fourth = p.write(interval(4)).then(() => (resolved = true));
    await settle();
    expect(resolved).toBe(false);
    expect(pressure).toEqual([['slow']]);
    expect(fast.batches).toEqual([N, N, N, N]); // the fast sink is not held back by what is queued
    expect(p.stats().sinks.slow).toMatchObject({ pendingRecords: 4 * N });
    gates.shift()!();
    await settle();
    expect(resolved).toBe(true);
    await fourth;
    const closing = p.close();
    for (let i = 0; i < 3; i++) {
      await settle();
      gates.shift()!();
    }
    const stats = await closing;
    expect(stats.sinks.slow).toMatchObject({ written: 4 * N, pendingRecords: 0 });
  });

  it('never holds more than (maxQueuedBatches + 2) batches plus the buffer, however slow the sink', async () => {
    const { clock, advance } = manualClock(T0);
    // a sink that takes 1 s per batch on the manual clock
    const slow: MetricSink = { write: async (records) => (await clock.sleep(1000), { written: records.length, duplicates: 0 }) };
    const batchSize = 3000;
    const maxQueuedBatches = 3;
    const p = createWritePipeline({ sinks: { slow }, clock, batchSize, maxQueuedBatches });
    let maxPending = 0;
    let producing = true;
    const producer = (async () => {
      for (let k = 1; k <= 40; k++) {
        await p.write(interval(k));
        const st = p.stats();
        maxPending = Math.max(maxPending, st.buffered + st.sinks.slow!.pendingRecords);
      }
      producing = false;
    })();
    while (producing) await advance(1000);
    await producer;
    const closing = p.close();
    while (p.stats().sinks.slow!.pendingRecords > 0) await advance(1000);
    const stats = await closing;
    expect(stats.sinks.slow).toMatchObject({ written: 40 * N, dropped: 0 });
    expect(maxPending).toBeLessThanOrEqual((maxQueuedBatches + 2) * batchSize + N);
    expect(maxPending).toBeGreaterThan(maxQueuedBatches * batchSize); // the bound was actually reached
  });
});

describe('write pipeline: input, closing and aborting', () => {
  it('rejects an invalid sample with ERR_RMF_STORE_RECORD and takes nothing of that call', async () => {
    const { clock } = manualClock(T0);
    const s = scriptedSink();
    const p = createWritePipeline({ sinks: { s: s.sink }, clock });
    const good = interval(1);
    const bad = [...good.slice(0, 10), { ...good[10]!, value: Number.NaN }];
    await expect(p.write(bad)).rejects.toMatchObject({ code: 'ERR_RMF_STORE_RECORD', message: expect.stringMatching(/finite/) });
    await expect(p.write([{ ...good[0]!, metric: 'rmf_nope' }])).rejects.toMatchObject({ code: 'ERR_RMF_STORE_RECORD' });
    expect(p.stats()).toMatchObject({ accepted: 0, buffered: 0 });
    await p.write(good);
    await p.close();
    expect(s.stored.size).toBe(N);
  });

  it('gives every record its deterministic key', async () => {
    const { clock } = manualClock(T0);
    const seen: MetricRecord[] = [];
    const p = createWritePipeline({ sinks: { s: { write: async (r) => (seen.push(...r), { written: r.length, duplicates: 0 }) } }, clock });
    await p.write(interval(1));
    await p.close();
    expect(seen.map((r) => r.key)).toEqual(interval(1).map(recordKey));
    expect(new Set(seen.map((r) => r.key)).size).toBe(N);
  });

  it('rejects write() after close() with ERR_RMF_CLOSED; close() is idempotent', async () => {
    const { clock } = manualClock(T0);
    const p = createWritePipeline({ sinks: { m: createMemoryStore() }, clock });
    const [a, b] = [p.close(), p.close()];
    expect(await a).toEqual(await b);
    await expect(p.write(interval(1))).rejects.toMatchObject({ code: 'ERR_RMF_CLOSED' });
  });

  it('on abort: retries stop, undelivered batches are reported as dropped, write() rejects with ERR_RMF_ABORTED', async () => {
    const { clock, advance } = manualClock(T0);
    const down = scriptedSink({ fail: () => transient() });
    const ac = new AbortController();
    const p = createWritePipeline({ sinks: { down: down.sink }, clock, batchSize: N, signal: ac.signal });
    const dropped: DroppedEvent[] = [];
    p.on('dropped', (e) => dropped.push(e));
    await p.write(interval(1));
    await p.write(interval(2));
    await advance(1000);
    ac.abort(new Error('shutting down'));
    const stats = await p.close();
    expect(dropped.map((d) => [d.reason, d.records])).toEqual([
      ['aborted', N],
      ['aborted', N],
    ]);
    expect(stats.sinks.down).toMatchObject({ written: 0, dropped: 2 * N, pendingRecords: 0 });
    await expect(p.write(interval(3))).rejects.toMatchObject({ code: 'ERR_RMF_ABORTED', cause: { message: 'shutting down' } });
  });
});

describe('write pipeline: options', () => {
  it('rejects invalid options with a ConfigError naming every path', () => {
    const { clock } = manualClock();
    const error = (() => {
      try {
        createWritePipeline({ sinks: { bad: {} as MetricSink }, clock, batchSize: 0, maxQueuedBatches: -1, retry: { maxAttempts: 0 } });
      } catch (e) {
        return e as { code: string; issues: { path: (string | number)[] }[]; message: string };
      }
    })();
    expect(error?.code).toBe('ERR_RMF_CONFIG');
    expect(error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['batchSize', 'maxQueuedBatches', 'retry.maxAttempts', 'sinks.bad']);
    expect(error?.message).toMatch(/batchSize: Too small/);
    expect(() => createWritePipeline({ sinks: {}, clock })).toThrow(/sinks: give at least one sink/);
    expect(() => createWritePipeline({ sinks: { m: createMemoryStore() } } as never)).toThrow(/clock: a clock has now\(\) and sleep/);
    expect(() => createWritePipeline({ sinks: { m: { sink: createMemoryStore(), retry: { initialDelayMs: 500, maxDelayMs: 100 } } }, clock })).toThrow(/sinks\.m\.retry\.maxDelayMs: maxDelayMs \(100\) is less than initialDelayMs \(500\)/);
  });
});
