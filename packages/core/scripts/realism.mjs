// Prints the ranges the default topology produces over four weeks (every 15 minutes), next to the public
// figures of DOMAIN.md §4–5, and the distributions a capacity planner looks at to tell synthetic data from real:
// whether demand meets capacity, how long the hottest volume stays hottest, idle volumes, response-time variation,
// steps at midnight, where zIIP help starts, how fast write pending fills.
// `node packages/core/scripts/realism.mjs [seed] [--json]` after a build.
import { createSimulator } from '@rmf-sim/core';

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

export function realismStats(seed = 42, { from = Date.parse('2026-02-02T00:00:00Z'), days = 28, stepMinutes = 15 } = {}) {
  const sim = createSimulator({ seed });
  const acc = {};
  const add = (k, v) => (acc[k] ??= []).push(v);
  const monthly = {};
  const hottest = new Map(); // volser → intervals as the sysplex's hottest
  const hotShare = [];
  const rtByVolume = new Map();
  let volumeIntervals = 0;
  let idle = 0;
  let saturated = 0;
  const implied = [];
  let spillOnset = Infinity;
  let pageZero = 0;
  let pageAll = 0;
  const asyncShare = [];
  let intervals = 0;
  for (let t = from + stepMinutes * 60_000; t <= from + days * 86_400_000; t += stepMinutes * 60_000) {
    const s = sim.snapshot(t);
    intervals++;
    for (const l of s.lpars) {
      (monthly[l.name] ??= []).push(l.cpu.generalPurposePercent);
      add('capture ratio %', l.cpu.captureRatioPercent);
      if (l.cpu.ziipPercent > 0) add('zIIP busy %', l.cpu.ziipPercent);
      if (l.cpu.ziipEligibleOnCpPercent > 0 && l.cpu.ziipPercent > 0) spillOnset = Math.min(spillOnset, l.cpu.ziipPercent);
      add('page-in rate /s', l.memory.pageInRate);
      pageAll++;
      if (l.memory.pageInRate === 0) pageZero++;
      add('frames available %', l.memory.framesAvailablePercent);
      for (const c of l.channels) add('channel path busy %', c.utilizationPercent);
      for (const w of l.wlm) if (w.performanceIndex !== undefined) add(w.importance <= 2 ? 'PI, importance 1-2' : 'PI, importance 3-5', w.performanceIndex);
      if (l.cpu.generalPurposePercent > 99 || l.cpu.cappedPercent > 0) {
        // demand meets capacity (its logical GPs, or a cap): the CPU the ended transactions imply, over the CPs that ran
        saturated++;
        const work = l.wlm.reduce((x, w) => x + w.transactionRate * w.cpuPerTransactionSeconds, 0);
        const ran = l.wlm.reduce((x, w) => x + (w.cpu.applCpPercent + w.cpu.applZiipPercent) / 100, 0);
        implied.push(work / ran);
        add('demand % when GP-saturated or capped', l.cpu.demandPercent);
      }
    }
    let top = null;
    const groupIo = {};
    for (const v of s.volumes) {
      groupIo[v.volumeType] = (groupIo[v.volumeType] ?? 0) + v.ioRate;
      volumeIntervals++;
      add('volume I/O rate /s', v.ioRate);
      if (v.ioRate === 0) {
        idle++;
        continue;
      }
      if (!top || v.ioRate > top.ioRate) top = v;
      add('DASD response ms', v.responseTime.total * 1000);
      add('CONN ms', v.responseTime.conn * 1000);
      add('PEND ms', v.responseTime.pend * 1000);
      add('DISC ms', v.responseTime.disc * 1000);
      add('IOSQ ms', v.responseTime.iosq * 1000);
      (rtByVolume.get(v.volser) ?? rtByVolume.set(v.volser, []).get(v.volser)).push(v.responseTime.total);
    }
    if (top) {
      hottest.set(top.volser, (hottest.get(top.volser) ?? 0) + 1);
      hotShare.push(top.ioRate / groupIo[top.volumeType]);
    }
    for (const cf of s.couplingFacilities) {
      add('CF busy %', cf.processorUtilizationPercent);
      for (const x of cf.systems) {
        add('CF sync service µs', x.syncServiceSeconds * 1e6);
        add('CF async service µs', x.asyncServiceSeconds * 1e6);
        asyncShare.push(x.asyncRate / (x.syncRate + x.asyncRate));
      }
    }
    for (const c of s.storageArray.clprs) {
      add('CLPR read hit %', c.readHitPercent);
      add('CLPR write pending %', c.writePendingPercent);
    }
    for (const m of s.storageArray.mpBlades) add('MP blade busy %', m.utilizationPercent);
  }
  const rows = Object.entries(acc).map(([k, xs]) => ({ metric: k, p5: q(xs, 0.05), median: q(xs, 0.5), p95: q(xs, 0.95), max: xs.reduce((a, b) => (b > a ? b : a), -Infinity) }));
  const vol = acc['volume I/O rate /s'];
  const cpu = Object.fromEntries(Object.entries(monthly).map(([l, xs]) => [l, { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p95: q(xs, 0.95), max: Math.max(...xs) }]));
  // response-time variation: each volume's p95/p5 of its response time over the period
  const spread = [...rtByVolume.values()].filter((xs) => xs.length > 50).map((xs) => q(xs, 0.95) / q(xs, 0.05));
  const [mostHot, mostHotCount] = [...hottest.entries()].sort((a, b) => b[1] - a[1])[0];
  return {
    rows,
    cpu,
    volumesUnder50: vol.filter((x) => x < 50).length / vol.length,
    volumesOver500: vol.filter((x) => x > 500).length / vol.length,
    planner: {
      intervals,
      saturatedIntervals: saturated,
      impliedOverRan: implied.length ? { median: q(implied, 0.5), max: Math.max(...implied) } : null,
      hottestVolume: { volser: mostHot, share: mostHotCount / intervals, distinct: hottest.size },
      hottestShareOfGroup: { median: q(hotShare, 0.5), p95: q(hotShare, 0.95) },
      idleVolumeIntervals: idle / volumeIntervals,
      responseSpreadP95OverP5: { median: q(spread, 0.5), p5: q(spread, 0.05), p95: q(spread, 0.95) },
      spillOnsetZiipPercent: spillOnset,
      pageInZeroShare: pageZero / pageAll,
      cfAsyncShare: { p5: q(asyncShare, 0.05), median: q(asyncShare, 0.5), p95: q(asyncShare, 0.95) },
    },
  };
}

/** 30-second changes of GP busy over `days`, and how many LPAR-midnights step more than their p99.9. */
export function midnightSteps(seed = 42, { from = Date.parse('2026-02-02T00:00:00Z'), days = 28 } = {}) {
  const sim = createSimulator({ seed });
  const names = sim.topology.lpars.map((l) => l.name);
  const all = [];
  const atMidnight = [];
  let prev = sim.msu(from).gpPercent;
  for (let t = from + 30_000; t <= from + days * 86_400_000; t += 30_000) {
    const now = sim.msu(t).gpPercent;
    const midnight = t % 86_400_000 === 0;
    for (const n of names) (midnight ? atMidnight : all).push(Math.abs(now[n] - prev[n]));
    prev = now;
  }
  const p999 = q(all, 0.999);
  return { p999, midnights: atMidnight.length, overP999: atMidnight.filter((x) => x > p999).length / atMidnight.length, maxAtMidnight: Math.max(...atMidnight) };
}

/** Minutes a cacheWritePending incident of severity 1 takes to bring write pending past 30 % and 50 %, and its level after 3 h. */
export function writePendingFill(seed = 42, { start = Date.parse('2026-02-03T01:00:00Z'), clpr = 'CLPR1' } = {}) {
  const sim = createSimulator({ seed, scenario: [{ type: 'cacheWritePending', clpr, start, durationMinutes: 240 }] });
  const level = (m) => sim.snapshot(start + m * 60_000).storageArray.clprs.find((c) => c.name === clpr).writePendingPercent;
  const first = (x) => {
    for (let m = 0; m <= 240; m++) if (level(m) > x) return m;
    return null;
  };
  const [truth] = sim.incidents();
  // drained: the first minute after the end at which write pending is back within 1 point of the level before the start
  const before = level(-1);
  let drainMinutes = null;
  for (let m = 240; m <= 240 + 24 * 60; m++) {
    if (level(m) <= before + 1) {
      drainMinutes = m - 240;
      break;
    }
  }
  return { minutesTo30: first(30), minutesTo50: first(50), after3h: level(180), drainMinutes, settledMinutes: (truth.settledMs - truth.endMs) / 60_000 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seed = Number(process.argv[2] ?? 42);
  const r = realismStats(seed);
  const m = midnightSteps(seed);
  const w = writePendingFill(seed);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ ...r, midnight: m, writePending: w }, null, 1));
  else {
    const f = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(2));
    console.log('| metric | p5 | median | p95 | max |\n|---|---|---|---|---|');
    for (const r2 of r.rows) console.log(`| ${r2.metric} | ${f(r2.p5)} | ${f(r2.median)} | ${f(r2.p95)} | ${f(r2.max)} |`);
    console.log('\n| LPAR | mean GP busy % | p95 | max |\n|---|---|---|---|');
    for (const [l, c] of Object.entries(r.cpu)) console.log(`| ${l} | ${f(c.mean)} | ${f(c.p95)} | ${f(c.max)} |`);
    console.log(`\nvolume-intervals under 50 I/O/s (idle ones included): ${(100 * r.volumesUnder50).toFixed(0)} %; over 500 I/O/s: ${(100 * r.volumesOver500).toFixed(1)} %`);
    const p = r.planner;
    console.log(`\ncapacity planner's checks (${p.intervals} intervals):`);
    console.log(`- GP-saturated or capped LPAR-intervals: ${p.saturatedIntervals}; CPU implied by their ended transactions / CPU that ran: median ${p.impliedOverRan ? f(p.impliedOverRan.median) : '-'}, max ${p.impliedOverRan ? f(p.impliedOverRan.max) : '-'}`);
    console.log(`- hottest volume: ${p.hottestVolume.volser} in ${(100 * p.hottestVolume.share).toFixed(0)} % of intervals (${p.hottestVolume.distinct} volumes are hottest at some time); its share of its group's I/O: median ${(100 * p.hottestShareOfGroup.median).toFixed(0)} %, p95 ${(100 * p.hottestShareOfGroup.p95).toFixed(0)} %`);
    console.log(`- volume-intervals without any I/O: ${(100 * p.idleVolumeIntervals).toFixed(1)} %`);
    console.log(`- response time of a volume, p95 over p5 across the period: median ${f(p.responseSpreadP95OverP5.median)}x (p5 ${f(p.responseSpreadP95OverP5.p5)}x, p95 ${f(p.responseSpreadP95OverP5.p95)}x)`);
    console.log(`- zIIP help first seen at ${f(p.spillOnsetZiipPercent)} % zIIP busy`);
    console.log(`- page-in exactly 0 in ${(100 * p.pageInZeroShare).toFixed(0)} % of LPAR-intervals`);
    console.log(`- CF async share per system: p5 ${(100 * p.cfAsyncShare.p5).toFixed(1)} %, median ${(100 * p.cfAsyncShare.median).toFixed(1)} %, p95 ${(100 * p.cfAsyncShare.p95).toFixed(1)} %`);
    console.log(`- midnight: ${(100 * m.overP999).toFixed(1)} % of ${m.midnights} LPAR-midnights step more than the p99.9 (${f(m.p999)} points) of all 30-s GP changes; largest ${f(m.maxAtMidnight)}`);
    console.log(`- cacheWritePending (severity 1, CLPR1, 01:00): write pending past 30 % after ${w.minutesTo30} min, past 50 % after ${w.minutesTo50} min, ${f(w.after3h)} % after 3 h; drained ${w.drainMinutes === null ? "not within a day" : `${w.drainMinutes} min`} after the end (ground truth settles ${f(w.settledMinutes)} min after it: the 4-hour average remembers the slower work)`);
  }
}
