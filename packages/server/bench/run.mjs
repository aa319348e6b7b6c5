// Benchmark of the reference server (@rmf-sim/server, the built package), in one run:
//   REST: p50/p99 latency and requests/s under autocannon on loopback for a snapshot and a range query, beside a bare
//         Fastify route returning the same pre-serialised body (the baseline; target: >= 0.7 of its requests/s).
//         Each is measured with the response cache on (repeated instants: the serialised answer is kept) and off
//         (every request computes). Median of ROUNDS rounds; the servers run in a child process, autocannon here.
//   WebSocket: 1,000 clients subscribed to the CPU family while the live feed runs at 15 intervals per second:
//         intervals delivered per second (all clients together, expected 15,000), missed intervals, server memory.
// Run: node packages/server/bench/run.mjs   (npm run bench builds first and runs it); it ends with bench/cli.mjs
// (generate and backfill beside their baselines; BENCH_CLI=0 leaves it out)
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
const CLIENTS = Number(process.env.BENCH_WS_CLIENTS ?? 1000);
const T = '2026-01-05T09:00:00Z';
const SNAPSHOT = `/api/v1/snapshot?at=${T}`;
const RANGE = `/api/v1/records?from=2026-01-05T08:55:00Z&to=${T}&lpar=PROD01&family=cpu&source=simulator`;

// ---------------------------------------------------------------- child: the servers
if (process.argv[2] === '--serve') {
  const { createSimulator } = await import('@rmf-sim/core');
  const { systemClock } = await import('@rmf-sim/core/system-clock');
  const { createRmfServer } = await import('@rmf-sim/server');
  const { default: Fastify } = await import('fastify');
  const common = { logger: false, rateLimit: false, port: 0, clock: systemClock };
  const cached = await createRmfServer({ ...common, simulator: createSimulator({ seed: 42 }), live: false, cache: { store: 'memory' } });
  const uncached = await createRmfServer({ ...common, simulator: createSimulator({ seed: 42 }), live: false });
  const streaming = await createRmfServer({ ...common, simulator: createSimulator({ seed: 42 }), live: { speed: 15 * 15 }, stream: { maxBufferedBytes: 1 << 20 } });
  for (const s of [cached, uncached]) await s.start();
  // the baseline serves the same bodies, serialised once
  const bodies = {};
  for (const url of [SNAPSHOT, RANGE]) bodies[url] = await (await fetch(`${cached.url}${url}`)).text();
  const bare = Fastify({ logger: false });
  bare.get('/api/v1/snapshot', (_req, reply) => reply.type('application/json; charset=utf-8').send(bodies[SNAPSHOT]));
  bare.get('/api/v1/records', (_req, reply) => reply.type('application/json; charset=utf-8').send(bodies[RANGE]));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  process.on('message', async (m) => {
    if (m === 'start-stream') {
      await streaming.start();
      process.send({ stream: streaming.url });
    } else if (m === 'stream-stats') {
      globalThis.gc?.();
      const mem = process.memoryUsage();
      process.send({ streamStats: streaming.streamStats(), rss: mem.rss, heapUsed: mem.heapUsed });
    } else if (m === 'stop') {
      await Promise.all([cached.stop(), uncached.stop(), streaming.stop(), bare.close()]);
      process.exit(0);
    }
  });
  process.send({ cached: cached.url, uncached: uncached.url, bare: `http://127.0.0.1:${bare.server.address().port}`, bytes: Object.fromEntries(Object.entries(bodies).map(([k, v]) => [k, v.length])) });
} else {
  // ---------------------------------------------------------------- parent: the load
  const { default: autocannon } = await import('autocannon');
  const { default: WebSocket } = await import('ws');
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--expose-gc'] });
  const messages = [];
  const waiters = [];
  child.on('message', (m) => {
    messages.push(m);
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (key) => {
    for (;;) {
      const i = messages.findIndex((m) => key in m);
      if (i >= 0) return messages.splice(i, 1)[0];
      await new Promise((r) => waiters.push(r));
    }
  };
  const urls = await next('cached');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const load = (url) => autocannon({ url, connections: 16, pipelining: 1, duration: DURATION });

  console.log(`server bench: ${ROUNDS} rounds of ${DURATION} s, 16 connections, loopback; body sizes: snapshot ${urls.bytes[SNAPSHOT]} B, range ${urls.bytes[RANGE]} B`);
  const rows = [];
  for (const [name, path] of [
    ['snapshot', SNAPSHOT],
    ['range (5 min, PROD01 cpu)', RANGE],
  ]) {
    const runs = { cached: [], uncached: [], bare: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const side of ['bare', 'cached', 'uncached']) {
        const res = await load(`${urls[side]}${path}`);
        if (res.non2xx > 0 || res.errors > 0) throw new Error(`${side} ${path}: ${res.non2xx} non-2xx, ${res.errors} errors`);
        runs[side].push({ rps: res.requests.average, p50: res.latency.p50, p99: res.latency.p99 });
      }
    }
    const pick = (side) => ({ rps: median(runs[side].map((x) => x.rps)), p50: median(runs[side].map((x) => x.p50)), p99: median(runs[side].map((x) => x.p99)) });
    const bare = pick('bare');
    for (const side of ['bare', 'cached', 'uncached']) {
      const m = pick(side);
      rows.push({ route: name, server: side === 'bare' ? 'bare Fastify' : `rmf-sim, cache ${side === 'cached' ? 'on' : 'off'}`, 'req/s': Math.round(m.rps), 'p50 ms': m.p50, 'p99 ms': m.p99, 'vs bare': (m.rps / bare.rps).toFixed(2) });
    }
  }
  console.table(rows);

  // ---------------------------------------------------------------- WebSocket fan-out
  child.send('start-stream');
  const { stream } = await next('stream');
  const wsUrl = `${stream.replace('http', 'ws')}/ws/metrics?family=cpu`;
  const counts = new Array(CLIENTS).fill(0);
  let bytes = 0;
  const sockets = [];
  for (let i = 0; i < CLIENTS; i++) {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    ws.on('message', (d) => {
      bytes += d.length;
      if (d[9] === 0x69) counts[i]++; // {"type":"interval"… (byte 9 is the i)
    });
    sockets.push(new Promise((resolve, reject) => (ws.once('open', () => resolve(ws)), ws.once('error', reject))));
  }
  const clients = await Promise.all(sockets);
  await new Promise((r) => setTimeout(r, 1000)); // warm-up
  const before = counts.reduce((a, b) => a + b, 0);
  const bytesBefore = bytes;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 5000));
  const seconds = (performance.now() - t0) / 1000;
  const delivered = counts.reduce((a, b) => a + b, 0) - before;
  child.send('stream-stats');
  const { streamStats, rss, heapUsed } = await next('streamStats');
  const perClient = counts.map((c) => c);
  console.log(
    `websocket fan-out: ${CLIENTS} clients (family=cpu, ${Math.round(streamStats.maxMessageBytes / 1024)} KiB per interval) at 15 intervals/s: ` +
      `${Math.round(delivered / seconds)} intervals delivered/s (expected ${15 * CLIENTS}; ${(delivered / seconds / (15 * CLIENTS)).toFixed(3)} of it), ` +
      `${(bytes - bytesBefore) / seconds / 1e6 >= 1 ? ((bytes - bytesBefore) / seconds / 1e6).toFixed(1) : '<1'} MB/s, per client ${Math.min(...perClient)}–${Math.max(...perClient)} intervals in total, ` +
      `missed ${streamStats.missed}, server memory: rss ${Math.round(rss / 2 ** 20)} MiB, heap ${Math.round(heapUsed / 2 ** 20)} MiB`,
  );
  for (const ws of clients) ws.terminate();
  child.send('stop');
  await new Promise((r) => child.on('exit', r));
}

// ---------------------------------------------------------------- the command line (generate, backfill)
if (process.argv[2] !== '--serve' && process.env.BENCH_CLI !== '0') await import('./cli.mjs');
