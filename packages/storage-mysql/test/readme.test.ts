import { createSimulator, getMetric } from '@rmf-sim/core';
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/test-support/readme-example.js';
import { freshDatabase } from './db.js';

// The README's example must compile (strict) and run as written against the built packages and a real database.
describe('README example', () => {
  it('runs against the built package and prints what it promises', async () => {
    const db = await freshDatabase('readme');
    try {
      const { output } = runReadmeExample(new URL('../README.md', import.meta.url), { name: 'mysql', env: { RMF_SIM_MYSQL_URL: db.url }, timeoutMs: 120_000 });
      const lines = output.trim().split('\n');
      const series = createSimulator({ seed: 42 }).series.length; // the README's simulator
      expect(lines[0]).toBe(`${40 * series} rows written`);
      const cpuSeries = createSimulator({ seed: 42 }).series.filter((s) => s.labels.lpar === 'PROD01' && getMetric(s.metric)!.family === 'cpu').length;
      expect(lines[1]).toBe(`${4 * cpuSeries} records`);
      const p95 = lines.slice(2, -1);
      expect(p95).toHaveLength(8); // 2 buckets × 4 LPARs
      for (const l of p95) expect(l).toMatch(/^2026-01-05T09:(05|10):00\.000Z (PROD01|PROD02|BATCH01|TEST01) \d+\.\d%$/);
      expect(lines.at(-1)).toBe(`${21 * series} rows kept`); // the intervals ending 09:05:00 … 09:10:00
    } finally {
      await db.drop();
    }
  }, 180_000);
});
