// npm run bench (after core's bench): MySQL/MariaDB write throughput of @rmf-sim/storage-mysql, and the write
// pipeline's memory under a slow sink. Plain Node ESM against the built packages.
//
// 1. Throughput, in the same run and on the same server, of the same rows (the default topology, 4265 series per
//    15 s interval), each into a fresh database with the store's schema:
//      adapter    simulator → createWritePipeline (default batching) → createMysqlStore
//      plain      simulator → mysql2 `INSERT INTO t (…) VALUES ?` (its own escaping), statements sized to
//                 max_allowed_packet, autocommit: what one writes by hand
//      load data  simulator → TSV → `LOAD DATA LOCAL INFILE` per table and quarter hour: the ceiling
//    BENCH_MYSQL_HOURS simulated hours each (default 1; 24 is one simulated day, 24.6 M rows per method, about 10
//    minutes per method on a 2-core machine), BENCH_ROUNDS rounds (default 3, order rotated); prints the median
//    rows/s of each and the adapter's ratio to both.
// 2. Memory: BENCH_MEMORY_DAYS simulated days (default 7, a week: 172 M samples) through the pipeline into a sink
//    that sleeps BENCH_SLOW_SINK_MS per batch (default 2), then one simulated hour into a sink 100 times slower;
//    heap after a full GC every simulated hour (12 times in the short run); needs node --expose-gc, which the root
//    bench script passes.
//
// Connects to RMF_SIM_MYSQL_URL, else to the server scripts/services/mariadb.mjs ensures (127.0.0.1:3306).
import { createSimulator, createWritePipeline, getMetric } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { createMysqlStore, familyTables } from '@rmf-sim/storage-mysql';
import mysql from 'mysql2/promise';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_URL, ensure } from '../../../scripts/services/mariadb.mjs';

const HOURS = Number(process.env.BENCH_MYSQL_HOURS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MEMORY_DAYS = Number(process.env.BENCH_MEMORY_DAYS ?? 7);
const SLOW_MS = Number(process.env.BENCH_SLOW_SINK_MS ?? 2);
const START = Date.parse('2026-01-05T00:00:00Z');

if (!process.env.RMF_SIM_MYSQL_URL) console.log(`bench mysql: ${await ensure()}`);
const baseUrl = new URL(process.env.RMF_SIM_MYSQL_URL ?? DEFAULT_URL);
const admin = mysql.createPool({ host: baseUrl.hostname, port: Number(baseUrl.port || 3306), user: decodeURIComponent(baseUrl.username), password: decodeURIComponent(baseUrl.password), connectionLimit: 1 });
const [[server]] = await admin.query('SELECT VERSION() AS v, @@max_allowed_packet AS packet, @@innodb_buffer_pool_size AS pool, @@innodb_flush_log_at_trx_commit AS flush');

const sim = createSimulator({ seed: 42 });
const intervals = Math.round((HOURS * 3_600_000) / sim.intervalMs);
const rowsPerMethod = intervals * sim.series.length;
const tables = familyTables('');
const now = () => performance.now() / 1000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const times = () => Array.from({ length: intervals }, (_, i) => START + (i + 1) * sim.intervalMs);

// per series: its table and label values in column order (for the hand-written baselines)
const seriesRow = sim.series.map((s) => {
  const t = tables.findIndex((x) => x.family === getMetric(s.metric).family);
  return { t, labels: tables[t].labels.map((l) => s.labels[l] ?? '') };
});
const dt = (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

async function freshDatabase(tag) {
  const name = `rmf_bench_${tag}_${process.pid}_${Date.now().toString(36)}`;
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  const store = createMysqlStore({ connection: u.toString() });
  await store.migrate();
  return { name, url: u.toString(), store, drop: () => admin.query(`DROP DATABASE IF EXISTS \`${name}\``) };
}

async function countRows(db) {
  let n = 0;
  for (const t of tables) n += Number((await admin.query(`SELECT COUNT(*) AS n FROM \`${db}\`.\`${t.name}\``))[0][0].n);
  return n;
}

async function adapter(db) {
  const pipeline = createWritePipeline({ sinks: { mysql: db.store }, clock: systemClock });
  for (const t of times()) await pipeline.write(sim.samples(t));
  const stats = await pipeline.close();
  if (stats.sinks.mysql.dropped) throw new Error('the adapter dropped rows');
}

async function plain(db) {
  const conn = await mysql.createConnection(db.url);
  const budget = Number(server.packet) * 0.9;
  const pending = tables.map(() => ({ rows: [], bytes: 0 }));
  const flush = async (i) => {
    const p = pending[i];
    if (!p.rows.length) return;
    await conn.query(`INSERT INTO \`${tables[i].name}\` (ts, metric, ${tables[i].labels.map((l) => `\`${l}\``).join(', ')}, value) VALUES ?`, [p.rows]);
    p.rows = [];
    p.bytes = 0;
  };
  for (const t of times()) {
    const ts = dt(t);
    const samples = sim.samples(t);
    for (let k = 0; k < samples.length; k++) {
      const { t: i, labels } = seriesRow[k];
      const p = pending[i];
      p.rows.push([ts, samples[k].metric, ...labels, samples[k].value]);
      p.bytes += 40 + samples[k].metric.length + labels.reduce((a, l) => a + l.length + 3, 0) + 24;
      if (p.bytes > budget) await flush(i);
    }
  }
  for (let i = 0; i < tables.length; i++) await flush(i);
  await conn.end();
}

async function loadData(db) {
  const conn = await mysql.createConnection({ uri: db.url, infileStreamFactory: () => Readable.from([]) });
  const chunk = Math.round(900_000 / sim.intervalMs); // a quarter of an hour per LOAD DATA
  const all = times();
  for (let c = 0; c < all.length; c += chunk) {
    const parts = tables.map(() => []);
    for (const t of all.slice(c, c + chunk)) {
      const ts = dt(t);
      const samples = sim.samples(t);
      for (let k = 0; k < samples.length; k++) {
        const { t: i, labels } = seriesRow[k];
        parts[i].push(`${ts}\t${samples[k].metric}\t${labels.join('\t')}\t${samples[k].value}\n`);
      }
    }
    for (let i = 0; i < tables.length; i++) {
      const body = Buffer.from(parts[i].join(''));
      const pieces = Array.from({ length: Math.ceil(body.length / 1048576) }, (_, j) => body.subarray(j * 1048576, (j + 1) * 1048576));
      await conn.query({
        sql: `LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE \`${tables[i].name}\` FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' (ts, metric, ${tables[i].labels.map((l) => `\`${l}\``).join(', ')}, value)`,
        infileStreamFactory: () => Readable.from(pieces),
      });
    }
  }
  await conn.end();
}

const methods = { adapter, plain, 'load data': loadData };
const rates = Object.fromEntries(Object.keys(methods).map((m) => [m, []]));
console.log(
  `bench mysql: ${server.v}, max_allowed_packet ${fmt(server.packet / 1024)} KiB, buffer pool ${fmt(server.pool / 1048576)} MiB, ` +
    `flush_log_at_trx_commit ${server.flush}; ${HOURS} simulated hour(s) = ${fmt(rowsPerMethod)} rows per method, ${ROUNDS} round(s)`,
);
for (let r = 0; r < ROUNDS; r++) {
  const names = Object.keys(methods);
  const order = names.map((_, i) => names[(i + r) % names.length]);
  for (const name of order) {
    const db = await freshDatabase(name.replace(' ', ''));
    try {
      const t0 = now();
      await methods[name](db);
      const seconds = now() - t0;
      const n = await countRows(db.name);
      if (n !== rowsPerMethod) throw new Error(`${name}: ${n} rows in the tables, expected ${rowsPerMethod}`);
      rates[name].push(rowsPerMethod / seconds);
      console.log(`  round ${r + 1} ${name.padEnd(9)} ${fmt(rowsPerMethod / seconds).padStart(9)} rows/s (${seconds.toFixed(1)} s)`);
    } finally {
      await db.store.close();
      await db.drop();
    }
  }
}
const med = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, median(v)]));
console.log('\nmysql write throughput (median rows/s)');
for (const [k, v] of Object.entries(med)) console.log(`  ${k.padEnd(9)} ${fmt(v).padStart(9)}`);
console.log(`  adapter / plain multi-row INSERT: ${(med.adapter / med.plain).toFixed(2)}x (target ≥ 0.90x)`);
console.log(`  adapter / LOAD DATA LOCAL INFILE: ${(med.adapter / med['load data']).toFixed(2)}x (the ceiling)`);
await admin.end();

// ---- memory: the pipeline's heap during a long backfill into a slow sink ----
if (typeof globalThis.gc !== 'function' || !(MEMORY_DAYS > 0)) {
  console.log(`\npipeline memory: skipped (${MEMORY_DAYS > 0 ? 'run with node --expose-gc' : 'BENCH_MEMORY_DAYS=0'})`);
} else {
  const heapMb = () => {
    globalThis.gc();
    return process.memoryUsage().heapUsed / 1048576;
  };
  async function backfill(days, sleepMs, label) {
    let batches = 0;
    const slow = {
      async write(records) {
        await sleep(sleepMs);
        batches++;
        return { written: records.length, duplicates: 0 };
      },
    };
    const pipeline = createWritePipeline({ sinks: { slow }, clock: systemClock });
    let maxPending = 0;
    pipeline.on('backpressure', (e) => (maxPending = Math.max(maxPending, e.pendingRecords)));
    const total = Math.round((days * 86_400_000) / sim.intervalMs);
    const every = Math.min(3_600_000 / sim.intervalMs, Math.max(1, Math.floor(total / 12))); // hourly, or 12 samples of a short run
    const heap = [];
    const t0 = now();
    for (let k = 1; k <= total; k++) {
      await pipeline.write(sim.samples(START + k * sim.intervalMs));
      if (k % every === 0) heap.push(heapMb());
    }
    const stats = await pipeline.close();
    const seconds = now() - t0;
    const tail = heap.slice(Math.floor(heap.length / 2));
    console.log(
      `  ${label}: ${fmt(stats.sinks.slow.written)} samples in ${batches} batches, ${seconds.toFixed(0)} s; heap after GC (${heap.length} samples, MiB): ` +
        `first ${heap[0].toFixed(1)}, min ${Math.min(...heap).toFixed(1)}, max ${Math.max(...heap).toFixed(1)}, last ${heap.at(-1).toFixed(1)}; ` +
        `second half ${Math.min(...tail).toFixed(1)}–${Math.max(...tail).toFixed(1)}; most buffered at a back-pressure wait ${fmt(maxPending)} records`,
    );
    return heap;
  }
  console.log(`\npipeline memory (default batchSize 10000, maxQueuedBatches 4; bound ≈ 6 batches + the buffer ≈ 64k records)`);
  const base = heapMb();
  console.log(`  heap before: ${base.toFixed(1)} MiB`);
  const week = await backfill(MEMORY_DAYS, SLOW_MS, `${MEMORY_DAYS} simulated day(s), sink sleeping ${SLOW_MS} ms per batch`);
  const slower = await backfill(1 / 24, SLOW_MS * 100, `1 simulated hour, sink sleeping ${SLOW_MS * 100} ms per batch`);
  const growth = week.at(-1) - week[Math.floor(week.length / 2)];
  console.log(`  growth over the second half of the backfill: ${growth.toFixed(1)} MiB; the slower sink peaked at ${Math.max(...slower).toFixed(1)} MiB`);
}
