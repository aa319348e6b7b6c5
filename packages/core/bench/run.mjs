// npm run bench: throughput of samples() and snapshots() for one simulated day of the default topology,
// beside a baseline loop that emits the same samples with one value-noise number each, in the same run.
// Prints medians and ratios; BENCH_ROUNDS, BENCH_HOURS, BENCH_MONTH=0 (skip the month-long memory check).
import { createSimulator, valueNoise, hashString } from '@rmf-sim/core';

const DAY_START = Date.parse('2026-01-05T00:00:00Z');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const HOURS = Number(process.env.BENCH_HOURS ?? 24);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
const now = () => Number(process.hrtime.bigint()) / 1e9;

const sim = createSimulator({ seed: 42 });
const intervals = (HOURS * 3600_000) / sim.intervalMs;
const seriesCount = sim.series.length;
const keys = Uint32Array.from(sim.series, (s, i) => hashString(`${s.metric}/${i}`));
const metrics = sim.series.map((s) => s.metric);
const labels = sim.series.map((s) => s.labels);

// The baselines use their own copy of core's value noise (the same algorithm, see packages/core/src/noise.ts), so
// that V8's type feedback from the simulator's calls cannot slow them down (or the other way round).
function mix32(x) {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
function hashSigned(key, counter) {
  const lo = counter | 0;
  const hi = Math.floor(counter / 4294967296) | 0;
  return (mix32(mix32(key ^ lo) + Math.imul(hi, 0x9e3779b9) + 0x632be5ab) / 4294967296) * 2 - 1;
}
function noise(key, x, period) {
  const p = x / period;
  const i = Math.floor(p);
  const f = p - i;
  const a = hashSigned(key, i);
  const b = hashSigned(key, i + 1);
  return a + (b - a) * (f * f * (3 - 2 * f));
}
if (noise(keys[0], DAY_START + 7, 900_000) !== valueNoise(keys[0], DAY_START + 7, 900_000)) throw new Error('baseline noise differs from core');

/** The target's baseline: the cheapest loop that emits the same samples, one value-noise number each. */
function baseline() {
  let n = 0;
  let acc = 0;
  const t0 = now();
  for (let k = 1; k <= intervals; k++) {
    const t = DAY_START + k * sim.intervalMs;
    const out = new Array(seriesCount);
    for (let i = 0; i < seriesCount; i++) out[i] = { timestamp: t, metric: metrics[i], labels: labels[i], value: noise(keys[i], t, 900_000) };
    n += out.length;
    acc += out[k % seriesCount].value;
  }
  return { seconds: now() - t0, n, acc };
}

/** For reference: value noise alone into a typed array (no sample objects). */
function bareNoise() {
  const out = new Float64Array(seriesCount);
  let acc = 0;
  const t0 = now();
  for (let k = 1; k <= intervals; k++) {
    const t = DAY_START + k * sim.intervalMs;
    for (let i = 0; i < seriesCount; i++) out[i] = noise(keys[i], t, 900_000);
    acc += out[k % seriesCount];
  }
  return { seconds: now() - t0, n: intervals * seriesCount, acc };
}

function samplesLoop() {
  let n = 0;
  let acc = 0;
  const t0 = now();
  for (let k = 1; k <= intervals; k++) {
    const s = sim.samples(DAY_START + k * sim.intervalMs);
    n += s.length;
    acc += s[k % s.length].value;
  }
  return { seconds: now() - t0, n, acc };
}

async function snapshotsLoop() {
  let n = 0;
  const t0 = now();
  for await (const snap of sim.snapshots({ from: DAY_START, to: DAY_START + HOURS * 3600_000 })) {
    n += snap.lpars.length;
  }
  return { seconds: now() - t0, n: (n / sim.topology.lpars.length) * seriesCount };
}

const rate = (r) => r.n / r.seconds;
const results = { baseline: [], bare: [], samples: [], snapshots: [] };
for (let w = 0; w < 2; w++) {
  // warm-up: let V8 optimise every loop before measuring
  baseline();
  bareNoise();
  samplesLoop();
}
for (let r = 0; r < ROUNDS; r++) {
  results.baseline.push(rate(baseline()));
  results.bare.push(rate(bareNoise()));
  results.samples.push(rate(samplesLoop()));
  results.snapshots.push(rate(await snapshotsLoop()));
}
const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const fmt = (x) => `${(x / 1e6).toFixed(2)} M samples/s`;
console.log(`default topology: ${seriesCount} series x ${intervals} intervals (${HOURS} h) = ${(seriesCount * intervals / 1e6).toFixed(2)} M samples per round; median of ${ROUNDS} rounds`);
console.log(`baseline (one sample object + one value-noise number per sample): ${fmt(m.baseline)}`);
console.log(`samples():   ${fmt(m.samples)}  ratio to baseline ${(m.samples / m.baseline).toFixed(3)}  (target >= 0.25)`);
console.log(`snapshots(): ${fmt(m.snapshots)} (sample-equivalents)  ratio to baseline ${(m.snapshots / m.baseline).toFixed(3)}`);
console.log(`for reference, value noise alone into a Float64Array: ${fmt(m.bare)} (samples() is ${(m.samples / m.bare).toFixed(3)} of it)`);

// Cost of a snapshot against the number of address spaces per image (the jobs stage and their part of the
// snapshot): the default topology with every LPAR's addressSpaces set, one simulated hour of snapshots each.
if (process.env.BENCH_SCALING !== '0') {
  const { defaultTopology } = await import('@rmf-sim/core');
  const perSnapshot = (n) => {
    const topology = { ...defaultTopology, lpars: defaultTopology.lpars.map((l) => ({ ...l, addressSpaces: n })) };
    const s = createSimulator({ seed: 42, topology });
    const count = s.snapshot(DAY_START).lpars.reduce((a, l) => a + l.addressSpaces.length, 0);
    const times = [];
    for (let r = 0; r < 3; r++) {
      const t0 = now();
      for (let k = 1; k <= 240; k++) s.snapshot(DAY_START + 10 * 3600_000 + k * s.intervalMs);
      times.push((now() - t0) / 240);
    }
    return { count, seconds: median(times) };
  };
  const rows = [200, 750, 1500, 2000].map((n) => ({ n, ...perSnapshot(n) }));
  const base = rows[0];
  for (const r of rows) {
    const marginal = r === base ? '' : `, ${(((r.seconds - base.seconds) / (r.count - base.count)) * 1e6).toFixed(2)} µs per extra address space`;
    console.log(`snapshot() with addressSpaces ${String(r.n).padStart(4)} per image (${r.count} in use): ${(r.seconds * 1e3).toFixed(2)} ms median${marginal}`);
  }
}

// Memory while iterating snapshots() over a simulated month: heap after GC, sampled every simulated day.
if (process.env.BENCH_MONTH !== '0' && typeof globalThis.gc === 'function') {
  const heap = [];
  let k = 0;
  const monthEnd = DAY_START + 30 * 86_400_000;
  const t0 = now();
  for await (const _ of sim.snapshots({ from: DAY_START, to: monthEnd })) {
    if (++k % 5760 === 0) {
      globalThis.gc();
      heap.push(process.memoryUsage().heapUsed / 2 ** 20);
    }
  }
  const first = heap[0];
  const last = heap[heap.length - 1];
  console.log(`snapshots() over 30 simulated days (${k} intervals, ${(now() - t0).toFixed(1)} s): heap after GC day 1 ${first.toFixed(1)} MiB, day 30 ${last.toFixed(1)} MiB, max ${Math.max(...heap).toFixed(1)} MiB (growth ${(last - first).toFixed(1)} MiB)`);
}
