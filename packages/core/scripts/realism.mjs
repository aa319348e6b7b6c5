// Prints the ranges the default topology produces over four weeks (every 15 minutes), next to the public
// figures of DOMAIN.md §4–5. `node packages/core/scripts/realism.mjs [seed] [--json]` after a build.
import { createSimulator } from '@rmf-sim/core';

export function realismStats(seed = 42, { from = Date.parse('2026-02-02T00:00:00Z'), days = 28, stepMinutes = 15 } = {}) {
  const sim = createSimulator({ seed });
  const acc = {};
  const add = (k, v) => (acc[k] ??= []).push(v);
  const monthly = {};
  for (let t = from + stepMinutes * 60_000; t <= from + days * 86_400_000; t += stepMinutes * 60_000) {
    const s = sim.snapshot(t);
    for (const l of s.lpars) {
      (monthly[l.name] ??= []).push(l.cpu.generalPurposePercent);
      add('capture ratio %', l.cpu.captureRatioPercent);
      if (l.cpu.ziipPercent > 0) add('zIIP busy %', l.cpu.ziipPercent);
      add('page-in rate /s', l.memory.pageInRate);
      add('frames available %', l.memory.framesAvailablePercent);
      for (const c of l.channels) add('channel path busy %', c.utilizationPercent);
      for (const w of l.wlm) add(w.importance <= 2 ? 'PI, importance 1-2' : 'PI, importance 3-5', w.performanceIndex);
    }
    for (const v of s.volumes) {
      add('volume I/O rate /s', v.ioRate);
      add('DASD response ms', v.responseTime.total * 1000);
      add('CONN ms', v.responseTime.conn * 1000);
      add('PEND ms', v.responseTime.pend * 1000);
      add('DISC ms', v.responseTime.disc * 1000);
      add('IOSQ ms', v.responseTime.iosq * 1000);
    }
    for (const cf of s.couplingFacilities) {
      add('CF busy %', cf.processorUtilizationPercent);
      for (const x of cf.systems) {
        add('CF sync service µs', x.syncServiceSeconds * 1e6);
        add('CF async service µs', x.asyncServiceSeconds * 1e6);
      }
    }
    for (const c of s.storageArray.clprs) {
      add('CLPR read hit %', c.readHitPercent);
      add('CLPR write pending %', c.writePendingPercent);
    }
    for (const m of s.storageArray.mpBlades) add('MP blade busy %', m.utilizationPercent);
  }
  const q = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))];
  };
  const rows = Object.entries(acc).map(([k, xs]) => ({ metric: k, p5: q(xs, 0.05), median: q(xs, 0.5), p95: q(xs, 0.95), max: xs.reduce((a, b) => (b > a ? b : a), -Infinity) }));
  const vol = acc['volume I/O rate /s'];
  const cpu = Object.fromEntries(Object.entries(monthly).map(([l, xs]) => [l, { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p95: q(xs, 0.95), max: Math.max(...xs) }]));
  return { rows, cpu, volumesUnder50: vol.filter((x) => x < 50).length / vol.length, volumesOver500: vol.filter((x) => x > 500).length / vol.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seed = Number(process.argv[2] ?? 42);
  const r = realismStats(seed);
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 1));
  else {
    const f = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(2));
    console.log('| metric | p5 | median | p95 | max |\n|---|---|---|---|---|');
    for (const r2 of r.rows) console.log(`| ${r2.metric} | ${f(r2.p5)} | ${f(r2.median)} | ${f(r2.p95)} | ${f(r2.max)} |`);
    console.log('\n| LPAR | mean GP busy % | p95 | max |\n|---|---|---|---|');
    for (const [l, c] of Object.entries(r.cpu)) console.log(`| ${l} | ${f(c.mean)} | ${f(c.p95)} | ${f(c.max)} |`);
    console.log(`\nvolume-intervals under 50 I/O/s: ${(100 * r.volumesUnder50).toFixed(0)} %; over 500 I/O/s: ${(100 * r.volumesOver500).toFixed(1)} %`);
  }
}
