// npm run bench: S3 write and read throughput of @rmf-sim/storage-s3. Plain Node ESM against the built packages.
//
// In the same run, against the same endpoint, the same simulated hour (the default topology, seed 42: 240 intervals of
// 4688 series, 1.1 M records, 2592 objects with 5-minute windows), each into a fresh bucket:
//   adapter    createS3Store (migrated).write() once per 5-minute window of records (a backfill's natural batch): per
//              object one GET (404: the window is new), the merge, the gzip, one PutObject
//   listed     the same with listBeforeWrite: one LIST per entity-hour, then no GET for a window it shows absent
//   PutObject  the same gzipped payloads (encodeObject of the same records, encoded before the clock starts), one
//              plain SDK PutObjectCommand per object, the same concurrency (16): the floor of any S3 writer
// then the read-back of the hour through the adapter (list by prefix, fetch with bounded concurrency, decode, merge,
// filter), records/s. BENCH_ROUNDS rounds (default 1: Swift here does about 40 requests/s), order alternated; prints
// medians and the ratio adapter / PutObject (target ≥ 0.9).
//
// Connects to S3_URL (with S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY), else to the Swift scripts/services/swift.mjs ensures.
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createSimulator, toRecords } from '@rmf-sim/core';
import { createS3Store, encodeObject } from '@rmf-sim/storage-s3';
import { createRequire } from 'node:module';
import { ensure, s3Target } from '../../../scripts/services/swift.mjs';

process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING ??= '1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const CONCURRENCY = 16;
const START = Date.parse('2026-01-05T09:00:00Z');
const WINDOW = 300_000;

console.log(`bench s3: ${await ensure()}`);
const target = s3Target();
const sdk = createRequire(import.meta.url)('@aws-sdk/client-s3/package.json').version;
const client = new S3Client({ endpoint: target.endpoint, region: target.region, credentials: { ...target.credentials }, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });

const sim = createSimulator({ seed: 42 });
const perWindow = WINDOW / sim.intervalMs;
const windows = Array.from({ length: 3_600_000 / WINDOW }, (_, w) => {
  const records = [];
  for (let i = 1; i <= perWindow; i++) records.push(...toRecords(sim.samples(START + w * WINDOW + (i - 1) * sim.intervalMs)));
  return records;
});
const total = windows.reduce((a, w) => a + w.length, 0);
const now = () => performance.now() / 1000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
let n = 0;
const bucketName = (tag) => `rmf-bench-${tag}-${process.pid}-${Date.now().toString(36)}-${n++}`;

/** The plain SDK's input: the same objects' gzipped bytes, encoded before timing. */
const probe = createS3Store({ client, bucket: 'unused', window: WINDOW / 1000 });
const payloads = [];
for (const records of windows) {
  const groups = new Map();
  for (const r of records) {
    const k = probe.keyOf(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  for (const [key, rs] of groups) payloads.push({ key, body: await encodeObject(rs) });
}
console.log(`bench s3: ${target.endpoint}, @aws-sdk/client-s3 ${sdk}, one hour = ${fmt(total)} records in ${fmt(payloads.length)} objects (${(payloads.reduce((a, p) => a + p.body.byteLength, 0) / 1e6).toFixed(1)} MB gzipped), concurrency ${CONCURRENCY}`);

async function plain() {
  const bucket = bucketName('plain');
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const t = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < payloads.length) {
        const p = payloads[next++];
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: p.key, Body: p.body, ContentType: 'application/gzip' }));
      }
    }),
  );
  return { seconds: now() - t, bucket };
}

async function adapter(options = {}) {
  const bucket = bucketName(options.listBeforeWrite ? 'listed' : 'adapter');
  const store = createS3Store({ client, bucket, window: WINDOW / 1000, concurrency: CONCURRENCY, ...options });
  await store.migrate();
  const t = now();
  for (const records of windows) {
    const r = await store.write(records);
    if (r.written !== records.length || r.duplicates !== 0) throw new Error(`unexpected write result ${JSON.stringify(r)}`);
  }
  const seconds = now() - t;
  const r0 = now();
  const back = await store.read({ from: START - 1, to: START + 3_600_000 - 1 });
  const readSeconds = now() - r0;
  if (back.length !== total) throw new Error(`read back ${back.length} records, wrote ${total}`);
  await store.close();
  return { seconds, readSeconds, bucket };
}

const results = { plain: [], adapter: [], listed: [], read: [] };
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? ['plain', 'adapter', 'listed'] : ['listed', 'adapter', 'plain'];
  for (const m of order) {
    const r = m === 'plain' ? await plain() : await adapter(m === 'listed' ? { listBeforeWrite: true } : {});
    results[m].push(total / r.seconds);
    if (r.readSeconds && m === 'adapter') results.read.push(total / r.readSeconds);
    console.log(`  round ${round + 1} ${m.padEnd(9)} ${fmt(total / r.seconds)} records/s (${r.seconds.toFixed(1)} s)${r.readSeconds ? `; read-back ${fmt(total / r.readSeconds)} records/s (${r.readSeconds.toFixed(1)} s)` : ''}`);
  }
}
const a = median(results.adapter);
const l = median(results.listed);
const p = median(results.plain);
console.log(`bench s3: adapter ${fmt(a)} records/s (ratio ${(a / p).toFixed(2)}), with listBeforeWrite ${fmt(l)} records/s (ratio ${(l / p).toFixed(2)}), PutObject ${fmt(p)} records/s (target ≥ 0.9); read-back ${fmt(median(results.read))} records/s (medians of ${ROUNDS})`);
console.log('bench s3: the benchmark buckets are left in place; scripts/services/swift.mjs keeps its data under .cache/swift');
client.destroy();
