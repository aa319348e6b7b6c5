/**
 * rmf-sim backfill --shard into one S3 bucket: the shards write their objects side by side, and since a shard unit
 * never splits one family of one entity (an S3 window object, rewritten by read-merge-write), no two processes ever
 * write the same object. The bucket is checked record by record against the simulator.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, getMetric, seriesKey } from '@rmf-sim/core';
import { freshBucket, S3 } from '../../storage-s3/test/env.js';
import { openStores } from '../src/index.js';
import { ensureBuilt, startCli } from './built-cli.js';
import { smallTopology, workDir } from './backfill-helpers.js';

const FROM = '2026-03-02T06:00:00Z';
const TO = '2026-03-02T06:30:00Z';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('backfill --shard into S3', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('8 shard processes into one bucket give exactly the simulator’s records, though the LPAR’s families come from several shards', async () => {
    const bucket = freshBucket('bfshard');
    const { dir, topology } = workDir('PLEXS3');
    dirs.push(dir);
    try {
      const auth = `${encodeURIComponent(S3.credentials.accessKeyId)}:${encodeURIComponent(S3.credentials.secretAccessKey)}`;
      const url = `s3://${auth}@${bucket.name}/bf?endpoint=${encodeURIComponent(S3.endpoint)}&region=${S3.region}&window=5m`;
      const N = 8;
      const common = ['--seed', '3', '--from', FROM, '--to', TO, '--interval', '60', '--topology', topology, '--progress', 'none', '--checkpoint-dir', dir, '--store', url];
      const sim = createSimulator({ seed: 3, intervalSeconds: 60, topology: smallTopology('PLEXS3') });
      // the split the test is about: the LPAR's records of different families come from different shards
      const holders = Array.from({ length: N }, (_, index) => createSimulator({ seed: 3, intervalSeconds: 60, topology: smallTopology('PLEXS3'), shard: { index, count: N } })).filter((s) => s.series.some((x) => x.owner === 'lpar:PROD01'));
      expect(holders.length).toBeGreaterThan(2);
      const shards = await Promise.all(Array.from({ length: N }, (_, i) => startCli(['backfill', ...common, '--shard', `${i}/${N}`]).done));
      for (const s of shards) expect(s.code, s.stderr).toBe(0);
      const [opened] = await openStores([`${url}&migrate=false`]);
      try {
        const records = await opened!.store.read({ from: FROM, to: TO });
        const seen = new Map(records.map((r) => [r.key, r.value]));
        expect(seen.size).toBe(records.length);
        expect(records.length).toBe(sim.series.length * 30);
        for (let end = Date.parse(FROM) + 60_000; end <= Date.parse(TO); end += 60_000)
          for (const s of sim.samples(end)) {
            const k = `${seriesKey(s.metric, s.labels)}@${end}`;
            if (seen.get(k) !== s.value) expect(seen.get(k), `${k} (${getMetric(s.metric)?.family})`).toBe(s.value);
          }
      } finally {
        await opened!.store.close();
      }
    } finally {
      await bucket.drop();
    }
  }, 300_000);
});
