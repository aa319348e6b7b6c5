// CPU of the adapter's write path without a server: a fake S3Client that answers at once (GET → 404, LIST → empty,
// PUT → ok). What it measures is the store's own work per simulated hour: validating and keying, grouping, merging,
// encoding and gzip. BENCH_ROUNDS rounds (default 3), medians.
import { WINDOW, hourOfWindows } from './hour.mjs';
import { createS3Store } from '@rmf-sim/storage-s3';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const { windows, total } = hourOfWindows();

const marker = JSON.stringify({ version: 1, windowSeconds: WINDOW / 1000 });
let puts = 0;
let bytes = 0;
const client = {
  config: {},
  destroy() {},
  async send(command) {
    await new Promise((r) => setImmediate(r));
    const name = command.constructor.name;
    if (name === 'GetObjectCommand') {
      if (command.input.Key.endsWith('layout.json')) return { Body: { transformToByteArray: async () => Buffer.from(marker) } };
      throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', Code: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    }
    if (name === 'ListObjectsV2Command') return { Contents: [], IsTruncated: false };
    if (name === 'PutObjectCommand') {
      puts++;
      bytes += command.input.Body.byteLength ?? Buffer.byteLength(command.input.Body);
      return {};
    }
    return {};
  },
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const res = { adapter: [], listed: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const m of round % 2 ? ['listed', 'adapter'] : ['adapter', 'listed']) {
    const store = createS3Store({ client, bucket: 'bench', window: WINDOW / 1000, concurrency: 16, listBeforeWrite: m === 'listed' });
    puts = 0;
    bytes = 0;
    const t = performance.now();
    const c0 = process.cpuUsage();
    for (const records of windows) await store.write(records);
    const s = (performance.now() - t) / 1000;
    const c = process.cpuUsage(c0);
    res[m].push(s);
    console.log(`  round ${round + 1} ${m.padEnd(8)} ${s.toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU, ${puts} PUTs, ${(bytes / 1e6).toFixed(1)} MB`);
    await store.close();
  }
}
console.log(`cpu: ${total} records, adapter median ${median(res.adapter).toFixed(2)} s, listBeforeWrite median ${median(res.listed).toFixed(2)} s`);
