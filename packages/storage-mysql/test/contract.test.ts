import type { MetricStore } from '@rmf-sim/core';
import { describeStoreContract } from '@rmf-sim/storage-contract';
import { createMysqlStore } from '../src/index.js';
import { freshDatabase } from './db.js';

// The shared store contract, against a real MariaDB/MySQL: each test gets a fresh database, dropped afterwards.
// Both write methods: multi-row INSERTs, and LOAD DATA LOCAL INFILE (the bulk path).
for (const [partitioning, writeMethod] of [['none', 'insert'], ['daily', 'insert'], ['none', 'load-data'], ['daily', 'load-data']] as const) {
  const drops = new WeakMap<MetricStore, () => Promise<void>>();
  describeStoreContract(`mysql (partitioning: ${partitioning}, writeMethod: ${writeMethod})`, {
    async create() {
      const db = await freshDatabase(`${partitioning === 'daily' ? 'cd' : 'cn'}${writeMethod === 'insert' ? '' : 'l'}`);
      const store = createMysqlStore({ connection: db.url, partitioning, writeMethod });
      await store.migrate();
      drops.set(store, db.drop);
      return store;
    },
    async destroy(store) {
      await store.close();
      await drops.get(store)?.();
    },
  });
}
