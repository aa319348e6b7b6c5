/**
 * A mongodb:// store opened by the registry: the server writes live intervals into it, the predecessor's
 * /mongodb-summary and /mongodb-latest answer from it, and range queries read back exactly what the simulator made.
 */
import { createSimulator } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { contractTopology } from '@rmf-sim/storage-contract';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../storage-mongo/test/env.js';
import { openStores, parseStoreUrls } from '../src/index.js';
import { expectStoredOnce, startServer, stopAll, until } from './server-helpers.js';

afterAll(stopAll);

describe('a MongoDB store by URL', () => {
  it('validates its options from the query string, keeping the driver’s own', () => {
    const [spec] = parseStoreUrls(['mongodb://u:secret@h:27017/rmf?timeSeries=false&collectionPrefix=x_&authSource=admin&name=docs']);
    expect(spec).toMatchObject({ name: 'docs', options: { timeSeries: false, collectionPrefix: 'x_' } });
    expect(spec!.url.href).toBe('mongodb://u:secret@h:27017/rmf?authSource=admin'); // the driver's option stays
    expect(spec!.redacted).toBe('mongodb://u:***@h:27017/rmf?authSource=admin');
    expect(() => parseStoreUrls(['mongodb://h/db?timeSeries=sometimes'])).toThrow(/stores\[0\]\.timeSeries/);
  });

  it('takes live intervals and answers the predecessor’s MongoDB routes from them', async () => {
    const db = freshDatabase('server');
    try {
      const sim = createSimulator({ seed: 4, topology: contractTopology('PLEXG') });
      const [opened] = await openStores([`${db.url}${db.url.includes('?') ? '&' : '?'}timeSeries=false`]);
      expect(opened).toMatchObject({ name: 'mongodb', kind: 'mongodb' });
      const s = await startServer({
        simulator: sim,
        clock: systemClock,
        stores: { [opened!.name]: { store: opened!.store, kind: opened!.kind, close: true } },
        live: { speed: 15 * 20 },
        pipeline: { batchSize: 2000, maxBatchDelayMs: 50 },
      });
      await until('4 intervals written', () => (s.pipeline?.stats().sinks.mongodb?.written ?? 0) >= 4 * sim.series.length);
      const summary = (await (await fetch(`${s.url}/mongodb-summary`)).json()) as { name: string; kind: string; summary: { collections: { family: string; documents: number }[] } };
      expect(summary).toMatchObject({ name: 'mongodb', kind: 'mongodb' });
      expect(summary.summary.collections.find((c) => c.family === 'cpu')!.documents).toBeGreaterThan(0);
      const latest = await fetch(`${s.url}/mongodb-latest/PLEXG`);
      expect(latest.status).toBe(200);
      const report = await s.stop();
      // every interval the feed produced is stored exactly once, with the simulator's values
      await expectStoredOnce(db.url, sim, report.intervals);
    } finally {
      await db.drop();
    }
  }, 60_000);
});
