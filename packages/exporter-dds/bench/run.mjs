// Benchmark of @rmf-sim/exporter-dds over loopback, on the built package.
// Run: node --expose-gc packages/exporter-dds/bench/run.mjs   (npm run bench builds first and runs it)
//
// For CPC, DEVR and SYSINFO of the default topology (one MVS image), it times whole HTTP answers (JSON form) from
// a DDS server on 127.0.0.1, keep-alive, one request at a time: p50/p99 and answers/s. Beside it, the baseline:
// JSON.stringify of a core snapshot of the same topology (made outside the timing), the cheapest possible
// "answer" of that data; the ratio is answer p50 / stringify p50. An answer also evaluates the window's four
// intervals, averages them and goes through HTTP: the ratio is the whole cost of a DDS answer over serialising. Each request asks a new MINTIME window (range=),
// so no answer comes from the server's window cache. Then 10,000 requests, heap after GC before and after.
import { Agent, request } from 'node:http';
import { createSimulator } from '@rmf-sim/core';
import { startDdsServer } from '@rmf-sim/exporter-dds';

const N = Number(process.env.BENCH_DDS_REQUESTS ?? 300);
const LEAK_N = Number(process.env.BENCH_DDS_LEAK ?? 10_000);
const T0 = Date.parse('2026-01-05T09:00:00Z');
const now = () => Number(process.hrtime.bigint()) / 1e6;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const gc = () => {
  globalThis.gc?.();
  globalThis.gc?.();
};
const stamp = (ms) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);

const sim = createSimulator({ seed: 42 });
const server = await startDdsServer({ simulator: sim, port: 0, timeZone: 'UTC' });
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const get = (path) =>
  new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { agent, headers: { accept: 'application/json' } }, (res) => {
      let n = 0;
      res.on('data', (c) => (n += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
const path = (report, k) => {
  const start = T0 + k * 60_000;
  return `/gpm/rmfm3?resource=%2CPROD01%2CMVS_IMAGE&report=${report}&range=${stamp(start)}%2C${stamp(start + 60_000)}`;
};

console.log(`exporter-dds bench: default topology, MINTIME ${server.dds.mintime} s (${server.dds.mintime / 15} intervals of 15 s per answer), ${N} answers per report, node ${process.version}`);
let k = 0;
for (const report of ['CPC', 'DEVR', 'SYSINFO']) {
  for (let i = 0; i < 20; i++) await get(path(report, k++)); // warm-up
  const ms = [];
  let bytes = 0;
  const t0 = now();
  for (let i = 0; i < N; i++) {
    const t = now();
    bytes = await get(path(report, k++));
    ms.push(now() - t);
  }
  const wall = now() - t0;
  const base = [];
  for (let i = 0; i < N; i++) {
    const snap = sim.snapshot(T0 + (k + i) * 60_000);
    const t = now();
    const s = JSON.stringify(snap);
    s.charCodeAt(s.length >> 1);
    base.push(now() - t);
  }
  const p50 = pct(ms, 50);
  console.log(
    `${report.padEnd(7)} answer p50 ${p50.toFixed(2)} ms  p99 ${pct(ms, 99).toFixed(2)} ms  ${(N / (wall / 1000)).toFixed(0)} answers/s  (${(bytes / 1024).toFixed(1)} KiB)` +
      `  | JSON.stringify(snapshot) p50 ${pct(base, 50).toFixed(2)} ms  ratio ${(p50 / pct(base, 50)).toFixed(1)}`,
  );
}

if (typeof globalThis.gc !== 'function') console.log('memory: run with node --expose-gc');
else {
  gc();
  const before = process.memoryUsage().heapUsed;
  const reports = ['CPC', 'DEVR', 'SYSINFO'];
  for (let i = 0; i < LEAK_N; i++) await get(path(reports[i % 3], k + Math.floor(i / 3)));
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(`heap after GC: ${(before / 2 ** 20).toFixed(1)} MiB before, ${(after / 2 ** 20).toFixed(1)} MiB after ${LEAK_N} requests (${((after - before) / 2 ** 20).toFixed(2)} MiB growth)`);
}
agent.destroy();
await server.stop();
