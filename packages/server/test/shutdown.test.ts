/**
 * Graceful shutdown: a live run at high speed stopped mid-flight loses nothing (every interval the feed produced is
 * in the store, once), an in-flight request completes, and new connections are refused.
 */
import { createMemoryStore, createSimulator, seriesKey, type MetricStore } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { contractTopology } from '@rmf-sim/storage-contract';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, stopAll, until } from './server-helpers.js';

afterAll(stopAll);


describe('graceful shutdown', () => {
  it('stops the live feed, finishes in-flight requests, flushes the pipeline: nothing lost, nothing twice', async () => {
    const sim = createSimulator({ seed: 5, topology: contractTopology('PLEXS') });
    const memory = createMemoryStore();
    // a store whose counts are slow, so that a request is in flight when stop() begins
    let slowCalls = 0;
    const slow: MetricStore = Object.assign(createMemoryStore(), {});
    const realCount = slow.count.bind(slow);
    slow.count = async (q) => {
      slowCalls++;
      await new Promise((r) => setTimeout(r, 300));
      return realCount(q);
    };
    const s = await startServer({ simulator: sim, clock: systemClock, stores: { memory, slow }, live: { speed: 15 * 50 }, pipeline: { batchSize: 5000, maxBatchDelayMs: 50 } });
    await until('20 intervals', () => (s.feed?.intervals ?? 0) >= 20);

    const inFlight = fetch(`${s.url}/api/v1/records/count?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z&source=slow`);
    await until('the request to reach the store', () => slowCalls > 0);
    const report = await s.stop();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ count: 0, source: 'slow' });
    await expect(fetch(`http://127.0.0.1:${s.port}/health`)).rejects.toThrow();

    expect(report.clean).toBe(true);
    const n = report.intervals;
    expect(n).toBeGreaterThanOrEqual(20);
    const series = sim.series.length;
    for (const name of ['memory', 'slow']) expect(report.pipeline!.sinks[name]).toMatchObject({ written: n * series, dropped: 0, pendingRecords: 0, duplicates: 0 });
    // the store holds exactly the feed's intervals: contiguous, each once, with the simulator's values
    const all = await memory.read({ from: 0, to: 8_000_000_000_000 });
    expect(all).toHaveLength(n * series);
    expect(new Set(all.map((r) => r.key)).size).toBe(n * series);
    const times = [...new Set(all.map((r) => r.timestamp))].sort((a, b) => a - b);
    expect(times).toHaveLength(n);
    for (let i = 1; i < n; i++) expect(times[i]! - times[i - 1]!).toBe(15_000);
    const last = new Map(all.filter((r) => r.timestamp === times.at(-1)).map((r) => [seriesKey(r.metric, r.labels), r.value]));
    for (const x of sim.samples(times.at(-1)!)) expect(last.get(seriesKey(x.metric, x.labels))).toBe(x.value);
    expect(await s.stop()).toBe(report); // idempotent
  });
});
