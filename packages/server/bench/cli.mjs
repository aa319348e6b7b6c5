// Benchmark of the command line (@rmf-sim/server, the built package), each beside a baseline in the same run:
//   generate: NDJSON lines/s of writeSamples (to a descriptor: the code of `rmf-sim generate --out`; to a WriteStream) into a file, beside writing the
//             same bytes, built beforehand, to the same file in the same chunk size with fs.writeSync
//             (targets: >= 0.5 of the baseline and >= 3 M lines/s); then `rmf-sim generate --out` itself (runCli)
//             with --workers 1 (one thread) and --workers min(4, cores) (worker threads, joined in order), each
//             beside the same baseline.
//   backfill: records/s of `rmf-sim backfill` into MariaDB (a fresh database each round: schema, generation, the
//             store's multi-row INSERTs through the write pipeline, checkpoints), beside LOAD DATA LOCAL INFILE of
//             the same rows, built beforehand as tab-separated text, into the same tables (target >= 1.0).
// Medians of ROUNDS rounds, baseline and subject alternating. MariaDB: RMF_SIM_MYSQL_URL or root@127.0.0.1:3306.
// Run: node packages/server/bench/cli.mjs   (npm run bench builds first and runs it after run.mjs)
//      BENCH_SECTIONS=generate (or backfill) runs one section only.
import { createWriteStream, mkdtempSync, openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '@rmf-sim/core';
import { createMysqlStore } from '@rmf-sim/storage-mysql';
import { availableParallelism } from 'node:os';
import { GENERATE_CHUNK_CHARS, runCli, writeSamples } from '@rmf-sim/server';
import mysql from 'mysql2/promise';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GEN_HOURS = Number(process.env.BENCH_GENERATE_HOURS ?? 1);
const BACKFILL_INTERVALS = Number(process.env.BENCH_BACKFILL_INTERVALS ?? 40);
const MYSQL_URL = process.env.RMF_SIM_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/rmf_sim_bench';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${(n / 1e3).toFixed(1)} k`);
const dir = mkdtempSync(join(tmpdir(), 'rmf-bench-cli-'));
const FROM = Date.parse('2026-01-05T08:00:00Z');
// writeSamples takes { fd } since issue 16's second pass; a checkout before it runs without that subject
const WITH_FD = !process.env.BENCH_NO_FD;
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'generate,backfill').split(','));

// ---------------------------------------------------------------- generate
if (SECTIONS.has('generate')) {
  const sim = createSimulator({ seed: 42 });
  const to = FROM + GEN_HOURS * 3600_000;
  // the bytes, once, in the writer's chunk size
  const chunks = [];
  let pending = '';
  let lines = 0;
  await writeSamples({
    sim, from: FROM, to, stream: new Writable({ write(c, _e, cb) { pending += c; while (pending.length >= GENERATE_CHUNK_CHARS) { chunks.push(Buffer.from(pending.slice(0, GENERATE_CHUNK_CHARS))); pending = pending.slice(GENERATE_CHUNK_CHARS); } cb(); } }),
  }).then((r) => (lines = r.samples));
  if (pending) chunks.push(Buffer.from(pending));
  const bytes = chunks.reduce((n, c) => n + c.length, 0);
  const file = join(dir, 'out.ndjson');
  const baseline = () => {
    const t = performance.now();
    const fd = openSync(file, 'w');
    for (const c of chunks) writeSync(fd, c);
    closeSync(fd);
    return lines / ((performance.now() - t) / 1000);
  };
  const check = (what) => {
    if (statSync(file).size !== bytes) throw new Error(`${what} wrote other bytes than the baseline`);
  };
  const cliArgs = ['generate', '--seed', '42', '--from', new Date(FROM).toISOString(), '--to', new Date(to).toISOString(), '--out', file];
  const quiet = new Writable({ write: (_c, _e, cb) => cb() });
  const workersDefault = Math.max(2, Math.min(4, availableParallelism() - 1)); // the default on long ranges, at least 2
  const subjects = [
    ...(WITH_FD ? [['writeSamples to a descriptor (writeSync, one thread)', async () => {
      const fd = openSync(file, 'w');
      try {
        await writeSamples({ sim: createSimulator({ seed: 42 }), from: FROM, to, stream: { fd } });
      } finally {
        closeSync(fd);
      }
    }]] : []),
    ['writeSamples to a WriteStream (one thread)', async () => {
      const out = createWriteStream(file, { highWaterMark: 256 * 1024 });
      await writeSamples({ sim: createSimulator({ seed: 42 }), from: FROM, to, stream: out });
      out.end();
      await finished(out);
    }],
    ['rmf-sim generate --workers 1', async () => {
      if ((await runCli([...cliArgs, '--workers', '1'], { stderr: quiet })) !== 0) throw new Error('generate --workers 1 failed');
    }],
    [`rmf-sim generate --workers ${workersDefault} (worker threads)`, async () => {
      if ((await runCli([...cliArgs, '--workers', String(workersDefault)], { stderr: quiet })) !== 0) throw new Error(`generate --workers ${workersDefault} failed`);
    }],
  ];
  const results = subjects.map(() => ({ base: [], ours: [], cpu: [] }));
  const cpuMs = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < subjects.length; i++) {
      results[i].base.push(baseline());
      const [t, c] = [performance.now(), cpuMs()];
      await subjects[i][1]();
      results[i].ours.push(lines / ((performance.now() - t) / 1000));
      results[i].cpu.push(cpuMs() - c);
      check(subjects[i][0]);
    }
  }
  console.log(`generate NDJSON to a file, ${GEN_HOURS} simulated hour(s) = ${lines.toLocaleString('en-US')} lines, ${(bytes / 2 ** 20).toFixed(0)} MiB, median of ${ROUNDS}, ${availableParallelism()} cores:`);
  const oneIndex = subjects.findIndex(([name]) => name.includes('--workers 1'));
  const one = median(results[oneIndex].ours);
  subjects.forEach(([name], i) => {
    const [b, o] = [median(results[i].base), median(results[i].ours)];
    const cpu = median(results[i].cpu);
    console.log(`  baseline (pre-built bytes, writeSync) ${fmt(b)} lines/s   ${name} ${fmt(o)} lines/s   ratio ${(o / b).toFixed(2)} (target >= 0.5; >= 3 M lines/s: ${o >= 3e6 ? 'met' : 'not met'})   main-thread+workers CPU ${cpu.toFixed(0)} ms = ${fmt(lines / (cpu / 1000))} lines per CPU-s${i === subjects.length - 1 ? `   vs --workers 1: ${(o / one).toFixed(2)}x` : ''}`);
  });
  console.log(`  all rounds (lines/s, subject / baseline): ${subjects.map(([name], i) => `${name.split(' (')[0]}: ${results[i].ours.map((o, r) => `${fmt(o)}/${fmt(results[i].base[r])}`).join(', ')}`).join('; ')}`);
}

// ---------------------------------------------------------------- backfill into MariaDB
if (SECTIONS.has('backfill')) {
  const admin = new URL(MYSQL_URL);
  const connection = { host: admin.hostname, port: Number(admin.port || 3306), user: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) };
  const pool = mysql.createPool({ ...connection, connectionLimit: 2 });
  const fresh = async (tag) => {
    const name = `rmf_bench_${tag}_${process.pid}`;
    await pool.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await pool.query(`CREATE DATABASE \`${name}\``);
    const u = new URL(MYSQL_URL);
    u.pathname = `/${name}`;
    return { name, url: u.href };
  };
  const sim = createSimulator({ seed: 42 });
  const to = FROM + BACKFILL_INTERVALS * sim.intervalMs;
  // the same rows as tab-separated text per family table
  const probe = createMysqlStore({ connection: { ...connection, database: 'mysql' } });
  const tables = probe.tables;
  await probe.close();
  const tableOf = new Map(tables.flatMap((t, i) => t.metrics.map((m) => [m, i])));
  const text = tables.map(() => []);
  let rows = 0;
  for (let end = FROM + sim.intervalMs; end <= to; end += sim.intervalMs) {
    const iso = new Date(end).toISOString();
    const ts = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
    for (const s of sim.samples(end)) {
      const i = tableOf.get(s.metric);
      text[i].push(`${ts}\t${s.metric}\t${tables[i].labels.map((l) => s.labels[l] ?? '').join('\t')}\t${s.value}\n`);
      rows++;
    }
  }
  const files = text.map((lines) => Buffer.from(lines.join('')));
  const load = [];
  const backfill = [];
  for (let r = 0; r < ROUNDS; r++) {
    const a = await fresh('load');
    const store = createMysqlStore({ connection: a.url });
    await store.migrate();
    await store.close();
    const conn = await mysql.createConnection({ ...connection, database: a.name, flags: ['+LOCAL_FILES'] });
    let t = performance.now();
    for (let i = 0; i < tables.length; i++) {
      if (files[i].length === 0) continue;
      const cols = ['ts', 'metric', ...tables[i].labels, 'value'].map((c) => `\`${c}\``).join(', ');
      await conn.query({ sql: `LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE \`${tables[i].name}\` FIELDS TERMINATED BY '\\t' ESCAPED BY '' (${cols})`, infileStreamFactory: () => Readable.from([files[i]]) });
    }
    load.push(rows / ((performance.now() - t) / 1000));
    await conn.end();
    await pool.query(`DROP DATABASE \`${a.name}\``);

    const b = await fresh('backfill');
    t = performance.now();
    const code = await runCli(['backfill', '--seed', '42', '--from', new Date(FROM).toISOString(), '--to', new Date(to).toISOString(), '--store', b.url, '--progress', 'none'], { stderr: new Writable({ write: (_c, _e, cb) => cb() }) });
    backfill.push(rows / ((performance.now() - t) / 1000));
    if (code !== 0) throw new Error(`backfill exited ${code}`);
    const [[{ n }]] = await pool.query(`SELECT SUM(TABLE_ROWS) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`, [b.name]);
    void n;
    await pool.query(`DROP DATABASE \`${b.name}\``);
  }
  await pool.end();
  const [l, f] = [median(load), median(backfill)];
  console.log(`backfill into MariaDB, ${BACKFILL_INTERVALS} intervals of the default topology = ${rows.toLocaleString('en-US')} records, median of ${ROUNDS}:`);
  console.log(`  LOAD DATA LOCAL INFILE (pre-built rows) ${fmt(l)} records/s   rmf-sim backfill ${fmt(f)} records/s   ratio ${(f / l).toFixed(2)} (target >= 1.0)`);
}
rmSync(dir, { recursive: true, force: true });
