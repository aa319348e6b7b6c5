import { createSimulator, createWritePipeline, StorageError, toRecords, type MetricSink, type PipelineStats } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import type { RowDataPacket } from 'mysql2/promise';
import { tcpProxy } from '@rmf-sim/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { createMysqlStore } from '../src/index.js';
import { adminPool, connectionOf, freshDatabase } from './db.js';

// 1. A backfill of 10 simulated minutes of the default topology (40 intervals, 234,040 rows) across midnight into daily partitions,
// while a second connection KILLs the store's connections again and again, and one acknowledgement in five is
// "lost" (the batch was committed, the sink reports a failure, the pipeline writes it again). Afterwards the table
// must hold exactly what was generated: every key once, every value exact.
// 2. A backfill through a TCP proxy that goes away twice for 1.5 s (connections cut, new ones refused): the pipeline
// retries with backoff until the server is back, and the tables hold exactly what was generated.
describe('mysql store under faults', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('loses nothing and duplicates nothing when connections are killed and acknowledgements lost mid-backfill', async () => {
    const db = await freshDatabase('fault');
    cleanups.push(db.drop);
    const store = createMysqlStore({ connection: { ...connectionOf(db.url), connectionLimit: 4, connectTimeout: 5000 }, partitioning: 'daily' });
    cleanups.push(() => store.close());
    await store.migrate();

    const sim = createSimulator({ seed: 42 });
    const from = Date.parse('2026-01-05T23:55:00Z');
    const intervals = 40;
    const expected = intervals * sim.series.length;

    let calls = 0;
    let committed = 0;
    const lossy: MetricSink = {
      async write(records, options) {
        const result = await store.write(records, options);
        committed++;
        if (++calls % 5 === 0) throw new StorageError('ERR_RMF_STORE_UNAVAILABLE', 'injected: the acknowledgement was lost');
        return result;
      },
    };
    const pipeline = createWritePipeline({ sinks: { mysql: lossy }, clock: systemClock, batchSize: 10_000, retry: { initialDelayMs: 20, maxDelayMs: 400 } });
    const errors = new Map<string, number>();
    pipeline.on('retry', (e) => {
      const code = (e.error as { cause?: { code?: string }; code?: string }).cause?.code ?? (e.error as { code?: string }).code ?? '?';
      errors.set(code, (errors.get(code) ?? 0) + 1);
    });

    // the killer: a second connection that KILLs every connection of the test database 150–550 ms after the last
    // round, once some batch has committed since then (so the backfill always progresses, however slow the machine)
    const admin = adminPool(1);
    cleanups.push(() => admin.end());
    let done = false;
    let kills = 0;
    let killsMidStatement = 0;
    const killer = (async () => {
      for (let round = 0; !done; round++) {
        const before = committed;
        await new Promise((r) => setTimeout(r, 150 + ((round * 97) % 400)));
        while (!done && committed === before) await new Promise((r) => setTimeout(r, 20));
        const [rows] = await admin.query<RowDataPacket[]>('SELECT ID AS id, COMMAND AS command FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [db.name]);
        for (const r of rows) {
          try {
            await admin.query(`KILL ${Number(r.id)}`);
            kills++;
            if (r.command === 'Query') killsMidStatement++;
          } catch {
            // gone already
          }
        }
      }
    })();

    const started = Date.now();
    let stats: PipelineStats;
    try {
      for (let k = 1; k <= intervals; k++) await pipeline.write(sim.samples(from + k * sim.intervalMs));
    } finally {
      stats = await pipeline.close();
      done = true;
      await killer;
    }
    const seconds = (Date.now() - started) / 1000;
    const s = stats.sinks.mysql!;
    console.log(
      `fault test: ${expected} rows in ${seconds.toFixed(1)} s; ${kills} connections killed (${killsMidStatement} mid-statement); ` +
        `${s.failures} failed attempts (${[...errors].map(([c, n]) => `${c} ${n}`).join(', ')}), ${s.retries} retries, ${s.duplicates} rows rewritten, ${s.dropped} dropped`,
    );
    expect(s).toMatchObject({ written: expected, dropped: 0, pendingRecords: 0 });
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(killsMidStatement).toBeGreaterThanOrEqual(1);
    expect(s.failures).toBeGreaterThan(calls / 5 - 1); // at least the injected ones
    expect(s.duplicates).toBeGreaterThan(0); // lost acknowledgements were written again, and replaced instead of added

    // exactly what was generated: COUNT(*) and COUNT(DISTINCT natural key) per table
    const { rows, distinct } = await countRows(admin, store, db.name);
    expect(rows).toBe(expected);
    expect(distinct).toBe(expected);

    // and every value is the generated one
    const back = await store.read({ from, to: from + intervals * sim.intervalMs });
    expect(back).toHaveLength(expected);
    const want = new Map<string, number>();
    for (let k = 1; k <= intervals; k++) for (const r of toRecords(sim.samples(from + k * sim.intervalMs))) want.set(r.key, r.value);
    let mismatches = 0;
    for (const r of back) if (want.get(r.key) !== r.value) mismatches++;
    expect(mismatches).toBe(0);
    expect(new Set(back.map((r) => r.key)).size).toBe(expected);
  }, 300_000);

  it('rides out outages: every connection cut and new ones refused for seconds, twice, mid-backfill', async () => {
    const db = await freshDatabase('outage');
    cleanups.push(db.drop);
    const upstream = connectionOf(db.url);
    const proxy = await tcpProxy(upstream.host, upstream.port);
    cleanups.push(() => proxy.close());
    const store = createMysqlStore({ connection: { ...upstream, host: '127.0.0.1', port: proxy.port, connectTimeout: 2000 } });
    cleanups.push(() => store.close());
    await store.migrate();

    const sim = createSimulator({ seed: 42 });
    const from = Date.parse('2026-01-05T12:00:00Z');
    const intervals = 40; // 10 simulated minutes
    const expected = intervals * sim.series.length;
    const pipeline = createWritePipeline({ sinks: { mysql: store }, clock: systemClock, retry: { initialDelayMs: 50, maxDelayMs: 500 } });
    const causes = new Map<string, number>();
    pipeline.on('retry', (e) => {
      const code = (e.error as { cause?: { code?: string } }).cause?.code ?? '?';
      causes.set(code, (causes.get(code) ?? 0) + 1);
    });
    const outages: Promise<void>[] = [];
    const started = Date.now();
    for (let k = 1; k <= intervals; k++) {
      await pipeline.write(sim.samples(from + k * sim.intervalMs));
      if (k === 12 || k === 28) outages.push(proxy.outage(1500));
    }
    const stats = await pipeline.close();
    await Promise.all(outages);
    const s = stats.sinks.mysql!;
    console.log(`outage test: ${expected} rows in ${((Date.now() - started) / 1000).toFixed(1)} s through 2 outages of 1.5 s; ${s.failures} failed attempts (${[...causes].map(([c, n]) => `${c} ${n}`).join(', ')}), ${s.dropped} dropped`);
    expect(s).toMatchObject({ written: expected, dropped: 0 });
    expect(s.failures).toBeGreaterThanOrEqual(2);
    expect(causes.get('ECONNREFUSED') ?? 0).toBeGreaterThanOrEqual(1); // retried while the server was away
    const admin = adminPool(1);
    cleanups.push(() => admin.end());
    const { rows, distinct } = await countRows(admin, store, db.name);
    expect([rows, distinct]).toEqual([expected, expected]);
  }, 300_000);
});

/** COUNT(*) and COUNT(DISTINCT natural key) over every family table of the store. */
async function countRows(admin: ReturnType<typeof adminPool>, store: ReturnType<typeof createMysqlStore>, database: string) {
  let rows = 0;
  let distinct = 0;
  for (const t of store.tables) {
    const key = ['ts', 'metric', ...t.labels].map((c) => `\`${c}\``).join(', ');
    const [[c]] = await admin.query<RowDataPacket[]>(`SELECT COUNT(*) AS n, COUNT(DISTINCT ${key}) AS d FROM \`${database}\`.\`${t.name}\``);
    rows += Number(c!.n);
    distinct += Number(c!.d);
  }
  return { rows, distinct };
}
