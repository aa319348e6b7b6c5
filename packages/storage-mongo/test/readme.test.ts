import { createSimulator, getMetric } from '@rmf-sim/core';
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/test-support/readme-example.js';
import { freshDatabase, onEmulator } from './env.js';

// The README's example must compile (strict) and run as written against the built packages and the emulator (or MONGO_URL).
describe('README example', () => {
  it('runs against the built package and prints what it promises', async () => {
    const db = freshDatabase('readme');
    try {
      const { output } = runReadmeExample(new URL('../README.md', import.meta.url), { name: 'mongo', env: { MONGO_URL: db.url }, timeoutMs: 120_000 });
      const lines = output.trim().split('\n');
      expect(lines[0]).toMatch(onEmulator ? /^cpu_metrics is a regular collection$/ : /^cpu_metrics is a (regular|timeseries) collection$/);
      const series = createSimulator({ seed: 42 }).series.length; // the README's simulator
      expect(lines[1]).toBe(`${40 * series} records written`);
      const cpuSeries = createSimulator({ seed: 42 }).series.filter((s) => s.labels.lpar === 'PROD01' && getMetric(s.metric)!.family === 'cpu').length;
      expect(lines[2]).toBe(`${4 * cpuSeries} records`);
      const p95 = lines.slice(3, 11);
      expect(p95).toHaveLength(8); // 2 buckets × 4 LPARs
      for (const l of p95) expect(l).toMatch(/^2026-01-05T09:(05|10):00\.000Z (PROD01|PROD02|BATCH01|TEST01) \d+\.\d%$/);
      const latest = lines.slice(11, 15);
      expect(latest.map((l) => l.split(' ')[0]).sort()).toEqual(['BATCH01', 'PROD01', 'PROD02', 'TEST01']);
      const memory = createSimulator({ seed: 42 }).series.filter((x) => getMetric(x.metric)?.family === 'memory' && x.labels.lpar === 'PROD01').length;
      for (const l of latest) expect(l).toMatch(new RegExp(`^\\S+ at 2026-01-05T09:10:00\\.000Z: ${memory} memory records$`)); // the memory series of one LPAR
      expect(lines.at(-1)).toBe(`${21 * series} records kept`); // the intervals ending 09:05:00 … 09:10:00
      expect(lines).toHaveLength(16);
    } finally {
      await db.drop();
    }
  }, 180_000);
});
