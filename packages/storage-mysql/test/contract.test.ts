import type { MetricStore } from '@rmf-sim/core';
import { describeStoreContract } from '@rmf-sim/storage-contract';
import { createMysqlStore } from '../src/index.js';
import { freshDatabase } from './db.js';

// The shared store contract, against a real MariaDB/MySQL: each test gets a fresh database, dropped afterwards.
for (const partitioning of ['none', 'daily'] as const) {
  const drops = new WeakMap<MetricStore, () => Promise<void>>();
  describeStoreContract(`mysql (partitioning: ${partitioning})`, {
    async create() {
      const db = await freshDatabase(partitioning === 'daily' ? 'cd' : 'cn');
      const store = createMysqlStore({ connection: db.url, partitioning });
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
