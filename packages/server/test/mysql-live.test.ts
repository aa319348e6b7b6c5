/**
 * A live run writing into MariaDB (opened from a mysql:// URL by the store registry) through a TCP proxy that goes
 * away for 1.5 s mid-run: /ready reports the outage, the write pipeline retries, and afterwards the database holds
 * every interval the feed produced exactly once (count = distinct = expected), with the simulator's values.
 */
import { createSimulator, seriesKey } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { contractTopology } from '@rmf-sim/storage-contract';
import { createMysqlStore } from '@rmf-sim/storage-mysql';
import { tcpProxy } from '@rmf-sim/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionOf, freshDatabase } from '../../storage-mysql/test/db.js';
import { openStores } from '../src/index.js';
import { startServer, stopAll, until } from './server-helpers.js';

afterAll(stopAll);


describe('live run into MariaDB through an outage', () => {
  it('loses nothing and duplicates nothing', async () => {
    const db = await freshDatabase('serverlive');
    const upstream = connectionOf(db.url);
    const proxy = await tcpProxy(upstream.host, upstream.port);
    try {
      const sim = createSimulator({ seed: 9, topology: contractTopology('PLEXM') });
      const url = new URL(db.url);
      url.port = String(proxy.port);
      url.searchParams.set('partitioning', 'daily');
      const [opened] = await openStores([url.href]);
      expect(opened).toMatchObject({ name: 'mysql', kind: 'mysql' });
      const s = await startServer({
        simulator: sim,
        clock: systemClock,
        stores: { [opened!.name]: { store: opened!.store, kind: opened!.kind, close: true } },
        live: { speed: 15 * 20 },
        pipeline: { batchSize: 4000, maxBatchDelayMs: 100, retry: { initialDelayMs: 50, maxDelayMs: 400, attemptTimeoutMs: 5000 } },
        readyTimeoutMs: 500,
      });
      const written = () => s.pipeline!.stats().sinks.mysql!.written;
      await until('the first writes', () => written() > 0);
      expect((await fetch(`${s.url}/ready`)).status).toBe(200);
      const outage = proxy.outage(1500);
      await until('/ready to report the outage', async () => (await fetch(`${s.url}/ready`)).status === 503, 1400);
      await outage;
      await until('30 intervals', () => (s.feed?.intervals ?? 0) >= 30);
      const report = await s.stop();
      const n = report.intervals;
      const stats = report.pipeline!.sinks.mysql!;
      expect(stats.failures).toBeGreaterThan(0); // the outage was felt
      expect(stats).toMatchObject({ dropped: 0, pendingRecords: 0 });

      // read back directly, not through the proxy
      const check = createMysqlStore({ connection: db.url, partitioning: 'daily' });
      try {
        const all = await check.read({ from: 0, to: 8_000_000_000_000 });
        expect(all.length).toBe(n * sim.series.length);
        expect(new Set(all.map((r) => r.key)).size).toBe(all.length);
        const times = [...new Set(all.map((r) => r.timestamp))].sort((a, b) => a - b);
        expect(times).toHaveLength(n);
        for (let i = 1; i < n; i++) expect(times[i]! - times[i - 1]!).toBe(15_000);
        const mid = times[Math.floor(n / 2)]!;
        const stored = new Map(all.filter((r) => r.timestamp === mid).map((r) => [seriesKey(r.metric, r.labels), r.value]));
        for (const x of sim.samples(mid)) expect(stored.get(seriesKey(x.metric, x.labels))).toBe(x.value);
      } finally {
        await check.close();
      }
    } finally {
      await proxy.close();
      await db.drop();
    }
  }, 90_000);
});
