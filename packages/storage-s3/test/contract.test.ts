import type { MetricStore } from '@rmf-sim/core';
import { describeStoreContract } from '@rmf-sim/storage-contract';
import { createS3Store } from '../src/index.js';
import { freshBucket, S3 } from './env.js';

// The shared store contract, unchanged, against Swift's S3 API (or the endpoint S3_URL names), with the default
// window of five minutes: the suite's intervals are 15 s apart and written in several batches, so up to twenty
// intervals share an object and its writes merge into it. (Other windows are covered by s3.test.ts; each run of the
// suite costs a minute or more on Swift, which serves about 150 requests/s here.)
for (const window of ['5m'] as const) {
  const drops = new WeakMap<MetricStore, () => Promise<void>>();
  describeStoreContract(`s3 (window ${window})`, {
    async create() {
      const bucket = freshBucket(`c${window}`);
      const store = createS3Store({ endpoint: S3.endpoint, region: S3.region, credentials: S3.credentials, bucket: bucket.name, window, concurrency: 16 });
      await store.migrate();
      drops.set(store, bucket.drop);
      return store;
    },
    async destroy(store) {
      await store.close();
      await drops.get(store)?.();
    },
  }, { timeout: 180_000 });
}
