import type { MetricStore } from '@rmf-sim/core';
import { describeStoreContract } from '@rmf-sim/storage-contract';
import { createMongoStore } from '../src/index.js';
import { freshDatabase } from './env.js';

// The shared store contract, unchanged, against the emulator (or the server MONGO_URL names), in both write paths:
// timeSeries: false (regular collections, parts claimed by their _id and the unique natural key) and timeSeries: true
// (time-series collections on MongoDB 7.0+; on the emulator, which ignores the time-series options, the same
// append-only, ledger-claimed write path on regular collections).
for (const timeSeries of [false, true] as const) {
  const drops = new WeakMap<MetricStore, () => Promise<void>>();
  describeStoreContract(`mongo (timeSeries: ${timeSeries})`, {
    async create() {
      const db = freshDatabase(timeSeries ? 'cts' : 'creg');
      const store = createMongoStore({ url: db.url, timeSeries, serverSelectionTimeoutMS: 5000 });
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
