import { createSimulator, getMetric } from '@rmf-sim/core';
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/test-support/readme-example.js';
import { freshBucket, S3 } from './env.js';

// The README's example must compile (strict) and run as written against the built packages and Swift (or S3_URL).
describe('README example', () => {
  it('runs against the built package and prints what it promises', async () => {
    const bucket = freshBucket('readme');
    try {
      const env = { S3_URL: S3.endpoint, S3_ACCESS_KEY_ID: S3.credentials.accessKeyId, S3_SECRET_ACCESS_KEY: S3.credentials.secretAccessKey, S3_BUCKET: bucket.name, AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1' };
      const { output } = runReadmeExample(new URL('../README.md', import.meta.url), { name: 's3', env, timeoutMs: 300_000 });
      const lines = output.trim().split('\n');
      const sim = createSimulator({ seed: 42 }); // the README's simulator
      const series = sim.series.length;
      expect(lines.slice(0, 2)).toEqual([`${20 * series} records written`, `${20 * series} records written`]);
      expect(lines[2]).toBe('metrics/cpu/SYSPLEX01/PROD01/2026/01/05/09/20260105_090000.json.gz');
      const p95 = lines.slice(3, 11);
      for (const l of p95) expect(l).toMatch(/^2026-01-05T09:(05|10):00\.000Z (PROD01|PROD02|BATCH01|TEST01) \d+\.\d%$/);
      expect(lines[11]).toBe(`archive/monthly/2026/01/archive_20260101_20260131.json.gz: ${40 * series} records`);
      const cpu = sim.series.filter((s) => getMetric(s.metric)!.family === 'cpu').length;
      expect(lines[12]).toBe(`exports/parquet/family=cpu/date=2026-01-05/cpu_20260105.parquet ${40 * cpu}`);
      const prod01 = sim.series.filter((s) => s.labels.lpar === 'PROD01' && getMetric(s.metric)!.family === 'cpu').length;
      expect(lines[13]).toBe(`${39 * prod01} records`); // (09:00, 09:10]: the intervals ending 09:00:15 … 09:09:45
      expect(lines).toHaveLength(14);
    } finally {
      await bucket.drop();
    }
  }, 400_000);
});
