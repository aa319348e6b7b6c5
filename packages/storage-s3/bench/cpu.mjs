// CPU of the adapter's write path without a server: a fake S3Client that answers at once (GET → 404, LIST → empty,
// PUT → ok; it honours If-None-Match: * and If-Match on PUT, so the default mode takes the conditional path: one
// PUT per new window; `off` is conditionalWrites: 'off', a GET before every PUT). What it measures is the store's own
// work per simulated hour: validating and keying, grouping, merging, encoding and gzip. BENCH_ROUNDS rounds (default 3), the order rotated, medians of the CPU seconds (this process,
// libuv's threadpool included). BENCH_BEFORE=<another build's dist/index.js> adds that build (before, before-listed).
import { WINDOW, hourOfWindows } from './hour.mjs';
import { createS3Store } from '@rmf-sim/storage-s3';
import { pathToFileURL } from 'node:url';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const before = process.env.BENCH_BEFORE ? await import(pathToFileURL(process.env.BENCH_BEFORE).href) : undefined;
const { windows, total } = hourOfWindows();

const marker = JSON.stringify({ version: 1, windowSeconds: WINDOW / 1000 });
let puts = 0;
let bytes = 0;
/** Keys PUT this round, with their ETags (for the conditions). */
const stored = new Map();
const refused = () => Object.assign(new Error('PreconditionFailed'), { name: 'PreconditionFailed', Code: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
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
      const { Key, IfNoneMatch, IfMatch } = command.input;
      if ((IfNoneMatch === '*' && stored.has(Key)) || (IfMatch !== undefined && stored.get(Key) !== IfMatch)) throw refused();
      stored.set(Key, `"${puts}"`);
      puts++;
      bytes += command.input.Body.byteLength ?? Buffer.byteLength(command.input.Body);
      return { ETag: stored.get(Key) };
    }
    if (name === 'DeleteObjectCommand') stored.delete(command.input.Key);
    return {};
  },
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const modes = {
  adapter: [createS3Store, false],
  listed: [createS3Store, true],
  off: [createS3Store, false, 'off'],
  ...(before ? { before: [before.createS3Store, false], 'before-listed': [before.createS3Store, true] } : {}),
};
const names = Object.keys(modes);
const res = Object.fromEntries(names.map((m) => [m, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const m of names.map((_, i) => names[(i + round) % names.length])) {
    const [create, listBeforeWrite, conditionalWrites] = modes[m];
    const store = create({ client, bucket: 'bench', window: WINDOW / 1000, concurrency: 16, listBeforeWrite, ...(conditionalWrites ? { conditionalWrites } : {}) });
    puts = 0;
    bytes = 0;
    stored.clear();
    const t = performance.now();
    const c0 = process.cpuUsage();
    for (const records of windows) await store.write(records);
    const s = (performance.now() - t) / 1000;
    const c = process.cpuUsage(c0);
    res[m].push((c.user + c.system) / 1e6);
    console.log(`  round ${round + 1} ${m.padEnd(13)} ${s.toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU, ${puts} PUTs, ${(bytes / 1e6).toFixed(1)} MB`);
    await store.close();
  }
}
console.log(`cpu: ${total} records; median CPU seconds: ${names.map((m) => `${m} ${median(res[m]).toFixed(2)}`).join(', ')}`);
