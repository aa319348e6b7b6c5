/**
 * An s3:// store opened by the registry: the server writes live intervals into it, and range queries read back exactly
 * what the simulator made.
 */
import { createSimulator } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { contractTopology } from '@rmf-sim/storage-contract';
import { afterAll, describe, expect, it } from 'vitest';
import { freshBucket, S3 } from '../../storage-s3/test/env.js';
import { openStores, parseStoreUrls } from '../src/index.js';
import { expectStoredOnce, startServer, stopAll, until } from './server-helpers.js';

afterAll(stopAll);

describe('an S3 store by URL', () => {
  it('takes the bucket from the host, the prefix from the path, credentials from the user info, options from the query', () => {
    const [spec] = parseStoreUrls(['s3://AKIA:s3cret@rmf-archive/plex1?endpoint=http://127.0.0.1:8080&window=1h&concurrency=4&name=archive']);
    expect(spec).toMatchObject({ name: 'archive', options: { endpoint: 'http://127.0.0.1:8080', window: '1h', concurrency: 4, migrate: true } });
    expect(spec!.redacted).toBe('s3://AKIA:***@rmf-archive/plex1');
    expect(() => parseStoreUrls(['s3://b/p?endpoint=nope'])).toThrow(/stores\[0\]\.endpoint/);
    expect(() => parseStoreUrls(['s3://b/p?bucket=x'])).toThrow(/bucket/);
  });

  it('takes live intervals and reads them back', async () => {
    const bucket = freshBucket('server');
    try {
      const sim = createSimulator({ seed: 4, topology: contractTopology('PLEXS') });
      const auth = `${encodeURIComponent(S3.credentials.accessKeyId)}:${encodeURIComponent(S3.credentials.secretAccessKey)}`;
      const url = `s3://${auth}@${bucket.name}/live?endpoint=${encodeURIComponent(S3.endpoint)}&region=${S3.region}&window=1m`;
      const [opened] = await openStores([url]);
      expect(opened).toMatchObject({ name: 's3', kind: 's3' });
      const s = await startServer({
        simulator: sim,
        clock: systemClock,
        stores: { [opened!.name]: { store: opened!.store, kind: opened!.kind, close: true } },
        // an interval a second, about what one S3 write of it takes here (a faster feed only piles up intervals
        // that the stop must flush), and time enough to flush at stop
        live: { speed: 15 },
        pipeline: { batchSize: 2 * sim.series.length, maxBatchDelayMs: 50 },
        shutdownTimeoutMs: 120_000,
      });
      await until('2 intervals written', () => (s.pipeline?.stats().sinks.s3?.written ?? 0) >= 2 * sim.series.length, 120_000);
      const report = await s.stop();
      expect(report.clean).toBe(true);
      // every interval the feed produced is stored exactly once, with the simulator's values
      await expectStoredOnce(`${url}&migrate=false`, sim, report.intervals);
    } finally {
      await bucket.drop();
    }
  }, 240_000);
});
