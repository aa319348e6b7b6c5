import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fakeClock, freePort } from '@rmf-sim/test-utils';
import { createSimulator } from '@rmf-sim/core';
import { formatSummaryLine } from '../src/index.js';
import { lines, run } from './helpers.js';

const START = Date.parse('2026-11-27T23:10:00Z');
const stampOf = (line: string) => Date.parse(line.slice(0, line.indexOf(' ')));

describe('live', () => {
  it('--count 3 with a fake clock prints a header and 3 summary lines 15 s apart', async () => {
    const clock = fakeClock(START + 2_000);
    const r = await run(['live', '--count', '3'], { clock });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = lines(r.stdout);
    expect(out).toHaveLength(4);
    const series = createSimulator({ seed: 42 }).series.length;
    expect(out[0]).toMatch(/^# rmf-sim \S+ live {2}seed 42 {2}speed 15x {2}interval 15 s {2}start 2026-11-27T23:10:02Z {2}(\d+) series {2}3 intervals$/);
    expect(out[0]).toContain(`  ${series} series  `);
    const stamps = out.slice(1).map(stampOf);
    expect(stamps).toEqual([START + 15_000, START + 30_000, START + 45_000]);
    // Paced at speed 15: the first interval is 13 simulated s away (13/15 s real), then one per real second.
    expect(clock.sleeps.map((ms) => Math.round(ms))).toEqual([867, 1000, 1000]);
  });

  it('prints the values of the snapshot of each interval, rounded', async () => {
    const r = await run(['live', '--count', '2', '--start', '2026-11-27T23:10:00Z', '--seed', '7'], { clock: fakeClock(0) });
    const sim = createSimulator({ seed: 7 });
    const out = lines(r.stdout);
    expect(out.slice(1)).toEqual([formatSummaryLine(sim.snapshot(START + 15_000)), formatSummaryLine(sim.snapshot(START + 30_000))]);
    const snap = sim.snapshot(START + 15_000);
    const line = out[1]!;
    expect(line.startsWith('2026-11-27T23:10:15Z  SYSPLEX01  CPC ')).toBe(true);
    expect(line).toContain(`CPC ${Math.round(snap.cpc!.actualMsu)} MSU ${Math.round(snap.cpc!.utilizationPercent)}%`);
    for (const l of snap.lpars) expect(line).toContain(`${l.name} GP ${Math.round(l.cpu.generalPurposePercent)}% zIIP ${Math.round(l.cpu.ziipPercent)}%`);
    const hottest = [...snap.volumes].sort((a, b) => b.ioRate - a.ioRate)[0]!;
    expect(line).toContain(`hottest ${hottest.volser} ${Math.round(hottest.ioRate)} io/s ${(hottest.responseTime.total * 1000).toFixed(2)} ms`);
    expect(line).toMatch(/ {2}CLPR\d+ WP \d+%$/);
    expect(line).not.toContain('\n');
  });

  it('--speed, --interval, --shard and a string seed', async () => {
    const clock = fakeClock(START);
    const r = await run(['live', '--count', '2', '--speed', '60', '--interval', '60', '--shard', '1/2', '--seed', 'demo'], { clock });
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toContain('seed "demo"  speed 60x  interval 60 s  shard 1/2');
    expect(out.slice(1).map(stampOf)).toEqual([START + 60_000, START + 120_000]);
    expect(clock.sleeps).toEqual([1000, 1000]);
    const snap = createSimulator({ seed: 'demo', intervalSeconds: 60, shard: { index: 1, count: 2 } }).snapshot(START + 60_000);
    expect(out[1]).toBe(formatSummaryLine(snap));
  });

  it('stops cleanly with exit 0 when the signal aborts (SIGINT/SIGTERM in the real CLI)', async () => {
    const controller = new AbortController();
    let sleeps = 0;
    const clock = fakeClock(START, () => {
      if (++sleeps === 4) controller.abort();
    });
    const r = await run(['live'], { clock, signal: controller.signal });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toHaveLength(1 + 3);
  });

  it('yields to the event loop between catch-up intervals: far behind its clock, a signal still stops it', async () => {
    // a clock on which a millisecond passes at every reading (the work takes time) while an interval lasts 15 µs at
    // this speed: every interval is overdue, so no sleep ever paces the loop
    const base = fakeClock(START);
    const clock = { ...base, now: () => (base.advance(1), base.now()) };
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const r = await run(['live', '--count', '1000', '--speed', '1000000'], { clock, signal: controller.signal });
    expect(r.code).toBe(0);
    expect(base.sleeps).toEqual([]);
    const printed = lines(r.stdout).length - 1;
    expect(printed).toBeGreaterThanOrEqual(1);
    expect(printed).toBeLessThan(10); // stopped at once, not after all 1000 intervals
  });

  it('formatSummaryLine leaves out what a shard does not own', () => {
    const snap = createSimulator({ seed: 42 }).snapshot(START);
    const empty = { ...snap, cpc: null, lpars: [], volumes: [], storageArray: { ...snap.storageArray, clprs: [] } };
    expect(formatSummaryLine(empty)).toBe('2026-11-27T23:10:00Z  SYSPLEX01');
  });
});

describe('live --metrics-port', () => {
  it('serves the current interval for Prometheus with the values core produced', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/metrics`;
    const scraped: string[] = [];
    // a fake clock that scrapes the endpoint while the loop waits for the next interval
    const clock = fakeClock(START, async () => {
      const res = await fetch(url).catch(() => undefined);
      if (res) scraped.push(await res.text());
    });
    const r = await run(['live', '--count', '3', '--start', '2026-11-27T23:10:00Z', '--metrics-port', String(port)], { clock });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)[0]).toContain(`  metrics ${url}`);
    const core = createSimulator({ seed: 42 });
    const gpOf = (text: string) => {
      const line = text.split('\n').find((l) => l.startsWith('rmf_cpu_utilization_percent{') && l.includes('lpar="PROD01"') && l.includes('cpu_type="general_purpose"'))!;
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    const coreGp = (t: number) => core.samples(t).find((x) => x.metric === 'rmf_cpu_utilization_percent' && x.labels.lpar === 'PROD01' && x.labels.cpu_type === 'general_purpose')!.value;
    // the first sleep comes before any interval ends: it serves the interval current at the start (ending at START);
    // the second serves interval 1, the third interval 2
    expect(scraped).toHaveLength(3);
    expect(gpOf(scraped[0]!)).toBe(coreGp(START));
    expect(gpOf(scraped[1]!)).toBe(coreGp(START + 15_000));
    expect(gpOf(scraped[2]!)).toBe(coreGp(START + 30_000));
    // the server is stopped when live ends
    await expect(fetch(url)).rejects.toThrow();
  });

  it('reports a busy port on one stderr line and runs on without /metrics', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await run(['live', '--count', '1', '--metrics-port', String(port)], { clock: fakeClock(START) });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(`rmf-sim: --metrics-port ${port} on 127.0.0.1 is in use; running without /metrics\n`);
      expect(lines(r.stdout)).toHaveLength(2);
      expect(lines(r.stdout)[0]).not.toContain('metrics http');
    } finally {
      blocker.close();
    }
  });

  it('rejects a bad port with a usage error', async () => {
    const r = await run(['live', '--metrics-port', '70000'], { clock: fakeClock(START) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('rmf-sim: --metrics-port: must be at most 65535, got 70000\n');
  });
});
