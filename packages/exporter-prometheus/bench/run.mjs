// Benchmark of @rmf-sim/exporter-prometheus against prom-client alone, in the same run, on the built package.
// Run: node --expose-gc packages/exporter-prometheus/bench/run.mjs   (npm run bench builds first and runs it)
//
// Both sides get the same pre-generated samples of ~100,000 series (a 12-LPAR, 2,200-volume topology), one
// interval per round, so the simulator's own cost is outside both timings:
//   exporter:    exporter.update(samples) + exporter.render()      (gauges set, histograms accumulated, text out)
//   prom-client: gauge.set(labels, value) for every sample + await registry.metrics()
// Each produced string is flattened the same way before the clock stops. Prints the median of ROUNDS rounds
// and the ratio (target: exporter time <= 1.2 x prom-client), then the heap held per series after GC by each
// (target: exporter <= prom-client).
import { createSimulator, defaultTopology } from '@rmf-sim/core';
import { createPrometheusExporter, renderExposition } from '@rmf-sim/exporter-prometheus';
import { Gauge, Registry } from 'prom-client';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const T0 = Date.parse('2026-01-05T09:00:00Z');

function bigTopology(lparCount, volumes) {
  const base = defaultTopology;
  const lpars = Array.from({ length: lparCount }, (_, i) => ({ ...base.lpars[i % base.lpars.length], name: `SYS${String(i + 1).padStart(2, '0')}` }));
  const names = lpars.map((l) => l.name);
  const serviceClasses = base.serviceClasses.map((sc) => ({ ...sc, systems: Object.fromEntries(names.map((n) => [n, 1])) }));
  const shares = [0.02, 0.25, 0.6, 0.13];
  const volumeGroups = base.volumeGroups.map((g, i) => ({ ...g, prefix: ['S', 'W', 'U', 'T'][i], count: Math.max(1, Math.round(volumes * shares[i])) }));
  return { ...base, lpars, serviceClasses, volumeGroups };
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Strings built by concatenation may be ropes: flatten every result the same way before stopping the clock.
const flatten = (s) => s.charCodeAt(s.length >> 1) + s.length;
const gc = () => {
  globalThis.gc?.();
  globalThis.gc?.();
};
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const sim = createSimulator({ seed: 42, topology: bigTopology(12, 2200) });
const n = sim.series.length;
const intervals = Array.from({ length: ROUNDS + 2 }, (_, k) => sim.samples(T0 + k * sim.intervalMs));

/** prom-client alone: one Gauge per sample name (histogram parts as gauges too), the same label sets. */
function promClientSide() {
  const registry = new Registry();
  const gauges = new Map();
  for (const s of sim.series) {
    if (!gauges.has(s.metric)) gauges.set(s.metric, new Gauge({ name: s.metric, help: s.metric, labelNames: Object.keys(s.labels), registers: [registry] }));
  }
  const list = sim.series.map((s) => gauges.get(s.metric));
  return {
    registry,
    async round(samples) {
      for (let i = 0; i < samples.length; i++) list[i].set(samples[i].labels, samples[i].value);
      return registry.metrics();
    },
  };
}

function exporterSide() {
  const exporter = createPrometheusExporter({ simulator: sim });
  return {
    exporter,
    async round(samples) {
      exporter.update(samples);
      return exporter.render();
    },
  };
}

async function time(side, samples) {
  const t = now();
  const text = await side.round(samples);
  flatten(text);
  return { ms: now() - t, bytes: text.length };
}

const pc = promClientSide();
const ex = exporterSide();
// warm-up (JIT, layout caches) on interval 0
await time(pc, intervals[0]);
await time(ex, intervals[0]);
const pcMs = [];
const exMs = [];
const pureMs = [];
let pcBytes = 0;
let exBytes = 0;
for (let r = 1; r <= ROUNDS; r++) {
  // alternate the order so neither side always runs on a freshly collected heap
  const a = r % 2 ? pc : ex;
  const b = r % 2 ? ex : pc;
  const ra = await time(a, intervals[r]);
  const rb = await time(b, intervals[r]);
  const [rp, re] = a === pc ? [ra, rb] : [rb, ra];
  pcMs.push(rp.ms);
  exMs.push(re.ms);
  pcBytes = rp.bytes;
  exBytes = re.bytes;
  const t = now();
  flatten(renderExposition(intervals[r]));
  pureMs.push(now() - t);
}
const mPc = median(pcMs);
const mEx = median(exMs);
console.log(`exporter-prometheus bench: ${n} series (${sim.topology.lpars.length} LPARs, ${sim.topology.volumeGroups.reduce((a, g) => a + g.count, 0)} volumes), median of ${ROUNDS} rounds, node ${process.version}`);
console.log(`prom-client alone (set ${n} gauges + registry.metrics()): ${mPc.toFixed(1)} ms  (${(pcBytes / 2 ** 20).toFixed(1)} MiB of text)`);
console.log(`exporter (update(samples) + render()):                 ${mEx.toFixed(1)} ms  (${(exBytes / 2 ** 20).toFixed(1)} MiB of text)`);
console.log(`renderExposition(samples) (pure, cached layout):         ${median(pureMs).toFixed(1)} ms`);
console.log(`ratio exporter / prom-client: ${(mEx / mPc).toFixed(3)}  (target <= 1.2)  ${mEx / mPc <= 1.2 ? 'OK' : 'SLOWER THAN TARGET'}`);

// Heap held per series, after GC: the samples and the simulator are live in every measurement.
if (typeof globalThis.gc !== 'function') {
  console.log('memory: run with node --expose-gc to measure heap per series');
} else {
  pc.registry.clear();
  ex.exporter.unregister();
  const base = heap();
  let side = promClientSide();
  await side.round(intervals[1]);
  const pcHeap = heap() - base;
  side.registry.clear();
  side = null;
  const base2 = heap();
  let e = exporterSide();
  await e.round(intervals[1]);
  const exHeap = heap() - base2;
  e = null;
  const perPc = pcHeap / n;
  const perEx = exHeap / n;
  console.log(`heap per series after GC: prom-client ${perPc.toFixed(1)} B, exporter ${perEx.toFixed(1)} B  ratio ${(perEx / perPc).toFixed(3)}  (target <= 1)  ${perEx <= perPc ? 'OK' : 'LARGER THAN TARGET'}`);
}
