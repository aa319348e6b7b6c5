import { getEventListeners } from 'node:events';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { createSimulator, getMetric, recordKey, toRecords, type MetricRecord } from '@rmf-sim/core';
import { contractTopology } from '@rmf-sim/storage-contract';
import { rejection } from '@rmf-sim/test-utils';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createS3Store, tableColumns, type S3Store, type S3StoreOptions } from '../src/index.js';
import { freshBucket, listKeys, S3, testClient } from './env.js';

const sim = createSimulator({ seed: 11, topology: contractTopology('PLEXA') });
const T0 = Date.parse('2026-01-30T23:00:00Z');
/** Records of the intervals ending at T0 + 15 s · i, i = 1 … n. */
const recordsOf = (from: number, n: number) => Array.from({ length: n }, (_, i) => toRecords(sim.samples(from + (i + 1) * 15_000))).flat();
const byKey = (rs: readonly MetricRecord[]) => new Map(rs.map((r) => [r.key, r.value]));
const ALL = { from: 0, to: Date.parse('2030-01-01T00:00:00Z') };

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
}, 300_000);

async function freshStore(tag: string, options: Partial<S3StoreOptions> = {}): Promise<{ store: S3Store; bucket: string }> {
  const b = freshBucket(tag);
  const store = createS3Store({ endpoint: S3.endpoint, region: S3.region, credentials: S3.credentials, bucket: b.name, concurrency: 16, ...options });
  await store.migrate();
  cleanups.push(async () => {
    await store.close();
    await b.drop();
  });
  return { store, bucket: b.name };
}

async function getObject(bucket: string, key: string): Promise<Uint8Array> {
  const c = testClient();
  try {
    const r = await c.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await r.Body!.transformToByteArray();
  } finally {
    c.destroy();
  }
}

describe('layout in the bucket', () => {
  it('one gzipped NDJSON object per window and entity, each record in exactly one of them', async () => {
    const { store, bucket } = await freshStore('layout', { window: '5m', prefix: 'plex' });
    const records = recordsOf(T0, 40); // 23:00:15 … 23:10:00: windows 23:00, 23:05 and 23:10
    await store.write(records);
    const keys = (await listKeys(bucket, 'plex/metrics/')).sort();
    const expected = [...new Set(records.map((r) => store.keyOf(r)))].sort();
    expect(keys).toEqual(expected);
    expect(keys).toContain('plex/metrics/cpu/PLEXA/PROD01/2026/01/30/23/20260130_230500.json.gz');
    const seen = new Map<string, number>();
    for (const key of keys) {
      const lines = gunzipSync(await getObject(bucket, key)).toString('utf8').trim().split('\n');
      for (const line of lines) {
        const o = JSON.parse(line) as { timestamp: number; time: string; metric: string; labels: Record<string, string>; value: number };
        expect(o.time).toBe(new Date(o.timestamp).toISOString());
        const k = recordKey(o);
        expect(store.keyOf(o)).toBe(key);
        seen.set(k, o.value);
      }
    }
    expect(seen).toEqual(byKey(records));
    expect(await listKeys(bucket, 'plex/_rmf-sim/')).toEqual(['plex/_rmf-sim/layout.json']);
  }, 120_000);

  it('any batching, in any order, leaves the same objects byte for byte', async () => {
    const records = recordsOf(T0, 12);
    const a = await freshStore('batch-a', { window: '1m' });
    const b = await freshStore('batch-b', { window: '1m' });
    await a.store.write(records);
    // b: reversed, in uneven batches, some written twice
    const reversed = [...records].reverse();
    for (let i = 0; i < reversed.length; ) {
      const n = 1 + ((i * 7919) % 997);
      await b.store.write(reversed.slice(i, i + n));
      if (i % 3 === 0) await b.store.write(reversed.slice(i, i + n));
      i += n;
    }
    const keysA = (await listKeys(a.bucket, 'metrics/')).sort();
    expect((await listKeys(b.bucket, 'metrics/')).sort()).toEqual(keysA);
    for (const key of keysA.filter((_, i) => i % 5 === 0)) expect(Buffer.from(await getObject(b.bucket, key)).equals(Buffer.from(await getObject(a.bucket, key)))).toBe(true);
    expect(await b.store.count(ALL)).toBe(records.length);
  }, 180_000);

  it('a write with the caller’s signal leaves no listener on it and no MaxListenersExceededWarning (16 requests in flight)', async () => {
    const { store } = await freshStore('signal', { window: '1m' });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const signal = new AbortController().signal;
      const written = await store.write(recordsOf(T0, 4), { signal });
      expect(written.written).toBeGreaterThan(1000);
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  }, 120_000);

  it('a store with another window refuses the layout; a store on a prefix that was never migrated says to migrate', async () => {
    const { bucket } = await freshStore('window', { window: '5m' });
    const other = createS3Store({ endpoint: S3.endpoint, region: S3.region, credentials: S3.credentials, bucket, window: '1h' });
    expect(await rejection(other.migrate())).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA', message: expect.stringMatching(/300 s, not 3600 s/) });
    expect(await rejection(other.read(ALL))).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA' });
    await other.close();
    const fresh = createS3Store({ endpoint: S3.endpoint, region: S3.region, credentials: S3.credentials, bucket, prefix: 'elsewhere/' });
    expect(await rejection(fresh.write(recordsOf(T0, 1)))).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA', message: expect.stringMatching(/call migrate\(\)/) });
    const conditionalWrites = expect.stringMatching(/^(create-and-replace|create|none)$/);
    expect(await fresh.migrate()).toEqual({ createdBucket: false, createdLayout: true, windowSeconds: 300, conditionalWrites });
    expect(await fresh.migrate()).toEqual({ createdBucket: false, createdLayout: false, windowSeconds: 300, conditionalWrites });
    await fresh.close();
  }, 60_000);

  it('uses your client, exposes it as $client and never destroys it', async () => {
    const b = freshBucket('client');
    cleanups.push(b.drop);
    const client = testClient();
    const store = createS3Store({ client, bucket: b.name, window: '1m' });
    expect(store.$client).toBe(client);
    expect(await store.migrate()).toMatchObject({ createdBucket: true, createdLayout: true });
    await store.write(recordsOf(T0, 1));
    await store.close();
    // the client still works after the store closed
    await client.send(new PutObjectCommand({ Bucket: b.name, Key: 'after-close', Body: 'ok' }));
    client.destroy();
  }, 60_000);
});

describe('listBeforeWrite', () => {
  /** A client of the test endpoint that counts the commands it sends (GETs of window objects apart from the rest). */
  function countingClient() {
    const client = testClient();
    const counts = { list: 0, windowGet: 0, put: 0 };
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: string; Prefix?: string };
        // window listings only (each write also lists its month's archive folder)
        if (context.commandName === 'ListObjectsV2Command' && input.Prefix?.includes('metrics/')) counts.list++;
        if (context.commandName === 'GetObjectCommand' && input.Key?.includes('metrics/')) counts.windowGet++;
        if (context.commandName === 'PutObjectCommand' && !input.Key?.includes('conditional-probe')) counts.put++; // not the probe's (migrate())
        return next(args);
      },
      { step: 'initialize', name: 'count' },
    );
    return { client, counts };
  }

  it('lists each entity-hour once and sends no GET for new windows; the objects are those of a store without it', async () => {
    const records = recordsOf(T0, 40); // 23:00:15 … 23:10:00: windows 23:00, 23:05, 23:10 of one hour
    const byWindow = new Map<number, MetricRecord[]>();
    for (const r of records) {
      const w = Math.floor(r.timestamp / 300_000) * 300_000;
      byWindow.set(w, [...(byWindow.get(w) ?? []), r]);
    }
    const plain = await freshStore('lbw-plain', { window: '5m' });
    const b = freshBucket('lbw');
    const { client, counts } = countingClient();
    const store = createS3Store({ client, bucket: b.name, window: '5m', listBeforeWrite: true, concurrency: 16 });
    cleanups.push(async () => {
      await store.close();
      client.destroy();
      await b.drop();
    });
    await store.migrate();
    for (const batch of byWindow.values()) {
      await plain.store.write(batch);
      await store.write(batch);
    }
    const keys = (await listKeys(plain.bucket, 'metrics/')).sort();
    const hours = new Set(keys.map((k) => k.slice(0, k.lastIndexOf('/') + 1))); // entity-hours: one hour per entity here
    const families = new Set(keys.map((k) => k.split('/')[1]));
    expect(counts.windowGet).toBe(0);
    // the bucket is empty: one LIST (of one key) per family says so, and no entity-hour is listed
    expect(counts.list).toBe(families.size);
    expect(counts.put).toBe(keys.length + 1); // and the layout marker
    expect((await listKeys(b.name, 'metrics/')).sort()).toEqual(keys);
    for (const key of keys.filter((_, i) => i % 7 === 0)) expect(Buffer.from(await getObject(b.name, key)).equals(Buffer.from(await getObject(plain.bucket, key)))).toBe(true);

    // the same batches again: every window is known to exist, so it is read, merged and left as it is
    const before = { ...counts };
    let duplicates = 0;
    for (const batch of byWindow.values()) duplicates += (await store.write(batch)).duplicates;
    expect(duplicates).toBe(records.length);
    expect(counts.windowGet - before.windowGet).toBe(keys.length);
    expect(counts.put - before.put).toBe(0);

    // another store (a restarted backfill) lists what is there and merges into it: changed values win, nothing is lost
    const again = createS3Store({ client, bucket: b.name, window: '5m', listBeforeWrite: true });
    const changed = [...byWindow.values()][1]!.map((r) => ({ ...r, value: r.value + 0.5 }));
    const lists = counts.list;
    expect((await again.write(changed)).duplicates).toBe(changed.length);
    // the families are not empty now: each entity-hour it writes is listed (after one LIST per family)
    expect(counts.list - lists).toBe(families.size + hours.size);
    const back = byKey(await again.read(ALL));
    expect(back.size).toBe(records.length);
    for (const r of changed) expect(back.get(r.key)).toBe(r.value);
    await again.close();
  }, 180_000);

  it('is a boolean option', () => {
    expect(() => createS3Store({ bucket: 'rmf', listBeforeWrite: 'yes' as never })).toThrow(/listBeforeWrite/);
  });
});

describe('conditional writes', () => {
  /** A client of the test endpoint that logs window requests (command, the conditions on the wire); `strip` drops the conditions before they are sent (a server that ignores them). */
  /** A fresh bucket and a store on a logging client (closed, destroyed and dropped after the test). */
  function loggedStore(name: string, o: { strip?: boolean } = {}) {
    const b = freshBucket(name);
    const { client, log } = loggingClient(o);
    const store = createS3Store({ client, bucket: b.name, window: '5m', concurrency: 16 });
    cleanups.push(async () => {
      await store.close();
      client.destroy();
      await b.drop();
    });
    return { b, client, log, store };
  }

  function loggingClient({ strip = false } = {}) {
    const client = testClient();
    const log: { command: string; key: string; conditional: boolean }[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: string; IfNoneMatch?: string; IfMatch?: string };
        if (strip && context.commandName === 'PutObjectCommand') {
          delete input.IfNoneMatch;
          delete input.IfMatch;
        }
        return next(args);
      },
      { step: 'initialize', name: 'strip' },
    );
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const headers = (args.request as { headers: Record<string, string> }).headers;
        const key = (args.input as { Key?: string }).Key ?? '';
        log.push({ command: String(context.commandName), key, conditional: 'if-none-match' in headers || 'if-match' in headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'log' },
    );
    return { client, log };
  }

  it.skipIf(!S3.own)('this Swift (2.30, s3api) answers 501 to If-None-Match and If-Match on PUT: the probe says none and the store reads before it writes', async () => {
    const { b, log, store } = loggedStore('cond-swift');
    expect((await store.migrate()).conditionalWrites).toBe('none');
    // the probe: a plain PUT, one conditional PUT (501), the DELETE; and nothing left under _rmf-sim/ but the marker
    expect(log.filter((r) => r.key.includes('conditional-probe')).map((r) => [r.command, r.conditional])).toEqual([
      ['PutObjectCommand', false],
      ['PutObjectCommand', true],
      ['DeleteObjectCommand', false],
    ]);
    expect(await listKeys(b.name, '_rmf-sim/')).toEqual(['_rmf-sim/layout.json']);
    const records = recordsOf(T0, 8);
    const from = log.length;
    await store.write(records);
    const keys = new Set(records.map((r) => store.keyOf(r)));
    const windows = log.slice(from).filter((r) => r.key.includes('metrics/'));
    expect(windows.filter((r) => r.command === 'GetObjectCommand').length).toBe(keys.size);
    expect(windows.filter((r) => r.conditional)).toEqual([]);
    expect(byKey(await store.read(ALL))).toEqual(byKey(records));
  }, 120_000);

  it('a client that drops the conditions (a server that ignores them): the probe sees its second If-None-Match PUT stored and the store falls back to GET-then-PUT', async () => {
    const { b, client, log, store } = loggedStore('cond-strip', { strip: true });
    expect((await store.migrate()).conditionalWrites).toBe('none');
    expect(await listKeys(b.name, '_rmf-sim/')).toEqual(['_rmf-sim/layout.json']);
    const first = recordsOf(T0, 4);
    const second = recordsOf(T0 + 4 * 15_000, 4); // the same windows
    await store.write(first);
    const from = log.length;
    const other = createS3Store({ client, bucket: b.name, window: '5m', concurrency: 16 });
    await other.write(second);
    await other.close();
    const keys = new Set(second.map((r) => store.keyOf(r)));
    const windows = log.slice(from).filter((r) => r.key.includes('metrics/'));
    expect(windows.filter((r) => r.command === 'GetObjectCommand').length).toBe(keys.size);
    expect(windows.filter((r) => r.command === 'PutObjectCommand').length).toBe(keys.size);
    expect(byKey(await store.read(ALL))).toEqual(byKey([...first, ...second]));
  }, 120_000);
});

describe('compaction', () => {
  it('merges a month into its archive; the same records stay readable; windows written later win', async () => {
    const { store, bucket } = await freshStore('compact', { window: '5m' });
    // 30 Jan 23:00 … 31 Jan 00:15 (January) and 1 Feb 00:00 … 00:15 (February)
    const jan = recordsOf(T0, 20);
    const feb = recordsOf(Date.parse('2026-02-01T00:00:00Z'), 8);
    await store.write([...jan, ...feb]);
    const before = await store.read(ALL);
    const agg = { from: 0, to: ALL.to, metric: 'rmf_cpu_utilization_percent', stepMs: 3_600_000, fn: 'p95' as const, by: ['lpar'] };
    const aggBefore = await store.aggregate(agg);

    const report = await store.compact('2026-01-15T00:00:00Z');
    expect(report).toMatchObject({ archive: 'archive/monthly/2026/01/archive_20260101_20260131.json.gz', records: jan.length });
    expect(report.windows).toBe(new Set(jan.map((r) => store.keyOf(r))).size);
    const left = await listKeys(bucket, 'metrics/');
    expect(left.sort()).toEqual([...new Set(feb.map((r) => store.keyOf(r)))].sort()); // January's windows are gone
    expect(await listKeys(bucket, 'archive/')).toEqual([report.archive]);
    const after = await store.read(ALL);
    expect(after.map((r) => [r.key, r.value])).toEqual(before.map((r) => [r.key, r.value]));
    expect(await store.aggregate(agg)).toEqual(aggBefore);
    expect(byKey(await store.read({ from: T0, to: T0 + 60_000, lpar: 'PROD01' }))).toEqual(byKey(jan.filter((r) => r.timestamp <= T0 + 60_000 && r.labels.lpar === 'PROD01')));

    // compacting again changes nothing; a write into the compacted month counts the archive's keys as duplicates
    expect(await store.compact('2026-01-01T00:00:00Z')).toMatchObject({ records: jan.length, windows: 0 });
    const changed = jan.slice(0, 30).map((r) => ({ ...r, value: r.value + 0.5 }));
    expect(await store.write(changed)).toEqual({ written: 30, duplicates: 30 });
    const now = byKey(await store.read(ALL));
    expect(now.size).toBe(jan.length + feb.length);
    for (const r of changed) expect(now.get(r.key)).toBe(r.value);
    // and the next compaction folds them in
    await store.compact('2026-01-31T00:00:00Z');
    expect(await listKeys(bucket, 'metrics/2')).toEqual([]);
    expect(byKey(await store.read(ALL))).toEqual(now);

    // retention across an archive: the archive is rewritten from the cutoff on
    const cutoff = T0 + 45 * 60_000;
    await store.deleteBefore(cutoff);
    expect(byKey(await store.read(ALL))).toEqual(new Map([...now].filter(([k]) => Number(k.slice(k.lastIndexOf('@') + 1)) >= cutoff)));
  }, 600_000);
});

describe('exports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmf-s3-export-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));

  async function download(bucket: string, keys: readonly string[]) {
    for (const key of keys) {
      const file = join(dir, bucket, key);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, await getObject(bucket, key));
    }
    return join(dir, bucket);
  }

  /** Rows read by DuckDB → record key → value. */
  async function duckRead(sql: string, labelColumns: readonly string[]) {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      const rows = (await c.runAndReadAll(sql)).getRowObjectsJS();
      return rows.map((row) => {
        const labels: Record<string, string> = {};
        for (const l of labelColumns) if (row[l] !== null && row[l] !== undefined && row[l] !== '') labels[l] = String(row[l]);
        return { key: recordKey({ metric: String(row.metric), labels, timestamp: Number(row.ts) }), value: row.value as number, row };
      });
    } finally {
      c.closeSync();
      db.closeSync();
    }
  }

  it('Parquet with Hive partitions, read back by DuckDB: every record once, values exact', async () => {
    const { store, bucket } = await freshStore('parquet', { window: '1h' });
    const records = recordsOf(T0 + 55 * 60_000, 40); // 30 Jan 23:55:15 … 31 Jan 00:05:00: two days
    await store.write(records);
    const manifest = await store.exportParquet({ from: T0, to: T0 + 3_600_000 });
    expect(manifest).toMatchObject({ format: 'parquet', firstDay: '2026-01-30', lastDay: '2026-01-31', records: records.length, key: 'exports/parquet/_manifests/manifest_20260130_20260131.json' });
    const families = [...new Set(records.map((r) => getMetric(r.metric)!.family))];
    expect(new Set(manifest.files.map((f) => f.key))).toEqual(new Set(families.flatMap((f) => [`exports/parquet/family=${f}/date=2026-01-30/${f}_20260130.parquet`, `exports/parquet/family=${f}/date=2026-01-31/${f}_20260131.parquet`])));
    const stored = JSON.parse(Buffer.from(await getObject(bucket, manifest.key)).toString('utf8')) as typeof manifest;
    expect(stored).toEqual(manifest);
    const root = await download(bucket, manifest.files.map((f) => f.key));
    const labels = tableColumns().filter((c) => c.source === 'label').map((c) => c.name);
    const rows = await duckRead(`SELECT epoch_ms("timestamp") AS ts, CAST("date" AS VARCHAR) AS day, * FROM read_parquet('${root}/exports/parquet/**/*.parquet', hive_partitioning = true, union_by_name = true)`, labels);
    expect(rows).toHaveLength(records.length);
    expect(new Map(rows.map((r) => [r.key, r.value]))).toEqual(byKey(records));
    for (const { row } of rows) {
      expect(row.family).toBe(getMetric(String(row.metric))!.family);
      expect(row.day).toBe(new Date(Number(row.ts)).toISOString().slice(0, 10));
    }
    // re-exporting replaces the same files: still one copy of every record
    await store.exportParquet({ from: T0 + 1, to: T0 + 2 });
    expect((await listKeys(bucket, 'exports/parquet/family=')).length).toBe(manifest.files.length);
  }, 180_000);

  it('CSV read back by DuckDB: every record once, values exact', async () => {
    const { store, bucket } = await freshStore('csv', { window: '1h' });
    const records = recordsOf(T0, 20).filter((r) => ['cpu', 'memory'].includes(getMetric(r.metric)!.family));
    await store.write(records);
    const manifest = await store.exportCsv({ from: T0, to: T0, family: ['cpu', 'memory'] });
    expect(manifest.files.map((f) => f.key).sort()).toEqual(['exports/csv/cpu_metrics_20260130.csv', 'exports/csv/memory_metrics_20260130.csv']);
    const day30 = records.filter((r) => r.timestamp < Date.parse('2026-01-31T00:00:00Z'));
    expect(manifest.records).toBe(day30.length);
    const root = await download(bucket, manifest.files.map((f) => f.key));
    const labels = tableColumns().filter((c) => c.source === 'label').map((c) => c.name);
    const rows = await duckRead(`SELECT epoch_ms("timestamp"::TIMESTAMP) AS ts, * FROM read_csv('${root}/exports/csv/*.csv', header = true, union_by_name = true, all_varchar = false, types = {'value': 'DOUBLE'})`, labels);
    expect(new Map(rows.map((r) => [r.key, r.value]))).toEqual(byKey(day30));
    expect(rows).toHaveLength(day30.length);
  }, 120_000);
});

describe('errors', () => {
  it('a wrong secret is ERR_RMF_STORE_AUTH (Swift checks SigV4: 403)', async () => {
    const { bucket } = await freshStore('auth');
    const store = createS3Store({ endpoint: S3.endpoint, region: S3.region, credentials: { accessKeyId: S3.credentials.accessKeyId, secretAccessKey: 'not-the-secret' }, bucket, maxAttempts: 1 });
    // one call at a time: a second promise made up front would reject with nobody listening yet
    for (const call of [() => store.migrate(), () => store.read(ALL)]) {
      expect(await rejection(call())).toMatchObject({ code: 'ERR_RMF_STORE_AUTH', message: expect.stringMatching(new RegExp(`bucket ${bucket} at ${S3.endpoint}: .*check the access key, the secret`)) });
    }
    await store.close();
  }, 60_000);

  it('a missing bucket is ERR_RMF_STORE_SCHEMA with a hint', async () => {
    const store = createS3Store({ endpoint: S3.endpoint, region: S3.region, credentials: S3.credentials, bucket: 'rmf-no-such-bucket-here', maxAttempts: 1 });
    for (const call of [() => store.read(ALL), () => store.write(recordsOf(T0, 1))]) {
      expect(await rejection(call())).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA', message: expect.stringMatching(/rmf-no-such-bucket-here.*create the bucket .*or call migrate\(\)/) });
    }
    await store.close();
  }, 60_000);

  it('an endpoint that is down is ERR_RMF_STORE_UNAVAILABLE (which the write pipeline retries)', async () => {
    const store = createS3Store({ endpoint: 'http://127.0.0.1:9', credentials: S3.credentials, bucket: 'rmf', maxAttempts: 1, connectionTimeoutMs: 2000 });
    for (const call of [() => store.migrate(), () => store.read(ALL), () => store.write(recordsOf(T0, 1))]) {
      expect(await rejection(call())).toMatchObject({ code: 'ERR_RMF_STORE_UNAVAILABLE', message: expect.stringMatching(/at http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED.*is the endpoint running/) });
    }
    await store.close();
  }, 60_000);

  it('an object that is not rmf-sim NDJSON is ERR_RMF_STORE_QUERY naming it', async () => {
    const { store, bucket } = await freshStore('corrupt', { window: '1m' });
    const r = recordsOf(T0, 1)[0]!;
    const key = store.keyOf(r);
    const c = testClient();
    await c.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'not gzip' }));
    c.destroy();
    expect(await rejection(store.read(ALL))).toMatchObject({ code: 'ERR_RMF_STORE_QUERY', message: expect.stringContaining(key) });
  }, 60_000);
});
