// npm run bench: S3 write and read throughput of @rmf-sim/storage-s3. Plain Node ESM against the built packages.
//
// In the same run, against the same endpoint, the same simulated hour (the default topology, seed 42: 240 intervals of
// 5851 series, 1.4 M records, 2604 objects with 5-minute windows), each into a fresh bucket:
//   adapter    createS3Store (migrated).write() once per 5-minute window of records (a backfill's natural batch): per
//              object one GET (404: the window is new), the encoding straight from the batch, the gzip, one PutObject
//   listed     the same with listBeforeWrite: one LIST of one key per family (empty), then no GET and no other LIST
//   PutObject  the same gzipped payloads (encodeObject of the same records, encoded before the clock starts), one
//              plain SDK PutObjectCommand per object, the same concurrency (16): the floor of any S3 writer
// then the read-back of the hour through the adapter (list by prefix, fetch with bounded concurrency, decode, merge,
// filter), records/s, in the first BENCH_READ_ROUNDS rounds (default all). BENCH_ROUNDS rounds (default 3), the
// order of the modes rotated each round; prints each run, then medians, the ratio to PutObject of each round's run
// (target ≥ 0.9) and their medians. Beside the wall time each run reports the CPU seconds of this process while it
// wrote (the SDK, the adapter, gzip on libuv's threadpool) and, where /proc shows them, of the local Swift servers:
// on a machine shared with the server the two compete for the same cores.
// BENCH_BEFORE=<path of another build's dist/index.js> adds that build's adapter (modes before, before-listed): a
// before/after comparison in the same run. BENCH_MODES=listed,before-listed (a comma-separated list) runs only those modes, and plain.
//
// Connects to S3_URL (with S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY), else to the Swift scripts/services/swift.mjs ensures.
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { START, WINDOW, hourOfWindows } from './hour.mjs';
import { createS3Store, encodeObject } from '@rmf-sim/storage-s3';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ensure, s3Target } from '../../../scripts/services/swift.mjs';

process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING ??= '1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const READ_ROUNDS = Number(process.env.BENCH_READ_ROUNDS ?? ROUNDS); // rounds that also read the hour back
const before = process.env.BENCH_BEFORE ? await import(pathToFileURL(process.env.BENCH_BEFORE).href) : undefined;
const CONCURRENCY = 16;

console.log(`bench s3: ${await ensure()}`);
const target = s3Target();
const sdk = createRequire(import.meta.url)('@aws-sdk/client-s3/package.json').version;
const client = new S3Client({ endpoint: target.endpoint, region: target.region, credentials: { ...target.credentials }, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });

const { windows, total } = hourOfWindows();
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
  const c0 = process.cpuUsage();
  const s0 = swiftCpu();
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
  const seconds = now() - t;
  return { seconds, bucket, cpu: cpuSince(c0, s0) };
}

async function adapter(options = {}, create = createS3Store, tag = options.listBeforeWrite ? 'listed' : 'adapter', readBack = false) {
  const bucket = bucketName(tag);
  const store = create({ client, bucket, window: WINDOW / 1000, concurrency: CONCURRENCY, ...options });
  await store.migrate();
  const c0 = process.cpuUsage();
  const s0 = swiftCpu();
  const t = now();
  for (const records of windows) {
    const r = await store.write(records);
    if (r.written !== records.length || r.duplicates !== 0) throw new Error(`unexpected write result ${JSON.stringify(r)}`);
  }
  const seconds = now() - t;
  const cpu = cpuSince(c0, s0);
  let readSeconds;
  if (readBack) {
    const r0 = now();
    const back = await store.read({ from: START - 1, to: START + 3_600_000 - 1 });
    readSeconds = now() - r0;
    if (back.length !== total) throw new Error(`read back ${back.length} records, wrote ${total}`);
  }
  await store.close();
  return { seconds, readSeconds, bucket, cpu };
}

/** CPU seconds (user + system) of the local Swift servers so far, or undefined where /proc does not show them. */
const swiftPids = (() => {
  try {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d) && /swift-(proxy|object|container|account)-server/.test(readFileSync(`/proc/${d}/cmdline`, 'utf8')));
  } catch {
    return [];
  }
})();
const tick = 100; // USER_HZ on Linux
function swiftCpu() {
  if (swiftPids.length === 0) return undefined;
  let sum = 0;
  for (const pid of swiftPids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      sum += (Number(f[11]) + Number(f[12])) / tick; // utime, stime
    } catch {
      /* a server restarted meanwhile */
    }
  }
  return sum;
}

/** CPU seconds of this process and of Swift since `c0` / `s0`, as text. */
function cpuSince(c0, s0) {
  const c = process.cpuUsage(c0);
  const s1 = swiftCpu();
  return `CPU: this process ${((c.user + c.system) / 1e6).toFixed(1)} s${s0 !== undefined ? `, Swift ${(s1 - s0).toFixed(1)} s` : ''}`;
}

const modes = {
  plain: () => plain(),
  adapter: (round) => adapter({}, createS3Store, 'adapter', round < READ_ROUNDS),
  listed: () => adapter({ listBeforeWrite: true }),
  ...(before ? { before: () => adapter({}, before.createS3Store, 'before'), 'before-listed': () => adapter({ listBeforeWrite: true }, before.createS3Store, 'beforelisted') } : {}),
};
// BENCH_MODES=plain,listed,… runs only those modes (plain is always run: the ratios are to it)
const only = process.env.BENCH_MODES ? new Set(['plain', ...process.env.BENCH_MODES.split(',')]) : undefined;
const names = Object.keys(modes).filter((m) => !only || only.has(m));
const results = Object.fromEntries([...names, 'read'].map((m) => [m, []]));
const ratios = Object.fromEntries(names.map((m) => [m, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]);
  const rate = {};
  for (const m of order) {
    const r = await modes[m](round);
    rate[m] = total / r.seconds;
    results[m].push(rate[m]);
    if (r.readSeconds) results.read.push(total / r.readSeconds);
    console.log(`  round ${round + 1} ${m.padEnd(13)} ${fmt(rate[m])} records/s (${r.seconds.toFixed(1)} s; ${r.cpu})${r.readSeconds ? `; read-back ${fmt(total / r.readSeconds)} records/s (${r.readSeconds.toFixed(1)} s)` : ''}`);
  }
  for (const m of names) ratios[m].push(rate[m] / rate.plain);
  console.log(`  round ${round + 1} ratios: ${names.filter((m) => m !== 'plain').map((m) => `${m} ${(rate[m] / rate.plain).toFixed(2)}`).join(', ')}`);
}
const p = median(results.plain);
for (const m of names.filter((x) => x !== 'plain')) {
  console.log(`bench s3: ${m.padEnd(13)} ${fmt(median(results[m]))} records/s, ratio of medians ${(median(results[m]) / p).toFixed(2)}, median of the rounds' ratios ${median(ratios[m]).toFixed(2)} (${ratios[m].map((x) => x.toFixed(2)).join(' ')})`);
}
const readBack = results.read.length ? `; read-back ${fmt(median(results.read))} records/s (median of ${results.read.length})` : '';
console.log(`bench s3: PutObject ${fmt(p)} records/s (target ≥ 0.9 of it, medians of ${ROUNDS})${readBack}`);
console.log('bench s3: the benchmark buckets are left in place; scripts/services/swift.mjs keeps its data under .cache/swift');
client.destroy();
