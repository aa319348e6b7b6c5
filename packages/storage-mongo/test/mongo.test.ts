import { createSimulator, entityOf, getMetric, metricCatalog, toRecords, type MetricRecord } from '@rmf-sim/core';
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { rejection } from '@rmf-sim/test-utils';
import { createMongoStore, SCHEMA_VERSION, type MongoStoreOptions } from '../src/index.js';
import { freshDatabase, MONGO_URL, onEmulator, withDatabase } from './env.js';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const DAY = 86_400_000;
const sim = createSimulator({ seed: 42 });
const at = (t: number) => toRecords(sim.samples(t));

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** A client that records every command it sends (the driver's command monitoring). */
function monitoredClient() {
  const client = new MongoClient(MONGO_URL, { monitorCommands: true, serverSelectionTimeoutMS: 5000 });
  const commands: CommandStartedEvent[] = [];
  client.on('commandStarted', (e) => commands.push(e));
  cleanups.push(() => client.close());
  return { client, commands, names: () => commands.map((c) => `${c.commandName} ${String(c.command[c.commandName])}`) };
}

/** A migrated store on a fresh database (own client unless one is given). */
async function migratedStore(tag: string, options: Partial<MongoStoreOptions> = {}) {
  const db = freshDatabase(tag);
  cleanups.push(db.drop);
  const store = createMongoStore(options.client ? { database: db.name, ...options } : { url: db.url, serverSelectionTimeoutMS: 5000, ...options });
  cleanups.push(() => store.close());
  await store.migrate();
  return { db, store };
}


/** The indexes of a `createIndexes` command, with each key pattern as its ordered [field, direction] pairs. */
const indexesOf = (c: CommandStartedEvent) =>
  (c.command.indexes as Document[]).map((i) => ({ ...i, key: i.key instanceof Map ? [...(i.key as Map<string, number>)] : Object.entries(i.key as Document) }));

/** Every field name in a document, as `path.to.field` with array indexes left out. */
function fieldNames(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) fieldNames(v, prefix, out);
  else if (value && typeof value === 'object' && !(value instanceof Date) && (value as { _bsontype?: string })._bsontype === undefined) {
    for (const [k, v] of Object.entries(value)) {
      out.add(`${prefix}${k}`);
      fieldNames(v, `${prefix}${k}.`, out);
    }
  }
  return out;
}

describe('mongo store: documents', () => {
  it('stores one document per interval, sysplex and entity in each family collection, like the seed’s per-LPAR document', async () => {
    const { db, store } = await migratedStore('docs', { timeSeries: false });
    const t = T0 + 15_000;
    const records = at(t);
    expect(await store.write(records)).toEqual({ written: records.length, duplicates: 0 });
    // the expected grouping, computed from core's catalogue: family, sysplex and entity (entityOf) of every sample
    const groups = new Map<string, { family: string; count: number }>();
    for (const r of records) {
      const e = entityOf(r.metric, r.labels)!;
      const family = getMetric(r.metric)!.family;
      const k = JSON.stringify([family, r.labels.sysplex, e.kind, e.name]);
      groups.set(k, { family, count: (groups.get(k)?.count ?? 0) + 1 });
    }
    const raw = store.$client.db(db.name);
    let documents = 0;
    for (const c of store.collections) {
      const docs = await raw.collection(c.name).find({}).toArray();
      documents += docs.length;
      for (const d of docs) {
        const k = JSON.stringify([c.family, d.meta.sysplex, d.meta.kind, d.meta.entity]);
        expect(groups.get(k), k).toMatchObject({ family: c.family, count: d.metrics.length });
        expect(d.timestamp).toEqual(new Date(t));
        expect(d.part).toBe(0);
      }
    }
    expect(documents).toBe(groups.size);
    const prod01 = await raw.collection('cpu_metrics').findOne({ 'meta.kind': 'lpar', 'meta.entity': 'PROD01' });
    expect(prod01!.meta).toEqual({ sysplex: 'SYSPLEX01', kind: 'lpar', entity: 'PROD01' });
    const gp = records.find((r) => r.metric === 'rmf_cpu_utilization_percent' && r.labels.lpar === 'PROD01' && r.labels.cpu_type === 'general_purpose')!;
    expect(prod01!.metrics).toContainEqual({ metric: gp.metric, labels: { cpu_type: 'general_purpose' }, value: gp.value });
    // field names are the documents' structure and catalogue label names only: no metric name or label value
    const labelNames = new Set(metricCatalog.flatMap((m) => m.labels).concat('le'));
    for (const c of store.collections) {
      for (const d of await raw.collection(c.name).find({}).toArray()) {
        for (const f of fieldNames(d)) {
          const label = /^metrics\.labels\.(.+)$/.exec(f)?.[1];
          if (label) expect(labelNames.has(label), f).toBe(true);
          else expect(['_id', 'timestamp', 'meta', 'meta.sysplex', 'meta.kind', 'meta.entity', 'part', 'metrics', 'metrics.metric', 'metrics.labels', 'metrics.value']).toContain(f);
        }
      }
    }
  });

  it('round-trips label values with $, dots, unicode and NUL exactly, never as field names, and finds them by label', async () => {
    for (const timeSeries of [false, true]) {
      const { db, store } = await migratedStore(timeSeries ? 'oddts' : 'odd', { timeSeries });
      const t = T0 + 15_000;
      const odd: MetricRecord[] = toRecords([
        { timestamp: t, metric: 'rmf_cpu_capture_ratio_percent', labels: { sysplex: '$PLEX.1', lpar: '$where' }, value: 0.1 + 0.2 },
        { timestamp: t, metric: 'rmf_cpu_capture_ratio_percent', labels: { sysplex: 'PLEX', lpar: 'ünïcødé ✓ 😀' }, value: 5e-324 },
        { timestamp: t, metric: 'rmf_cpu_utilization_percent', labels: { sysplex: 'PLEX', lpar: 'a.b.c', cpu_type: '$gt' }, value: -0 },
        { timestamp: t, metric: 'rmf_memory_usage_bytes', labels: { sysplex: 'PLEX', lpar: 'L', memory_type: 'x.y$z' }, value: 1.7976931348623157e308 },
        { timestamp: t, metric: 'rmf_volume_io_rate', labels: { sysplex: 'PLEX', volser: 'nul\u0000byte' }, value: 12.5 },
        { timestamp: t, metric: 'rmf_volume_io_rate', labels: { sysplex: 'PLEX', volser: '' }, value: 1 },
        { timestamp: t, metric: 'rmf_wlm_performance_index', labels: { sysplex: 'PLEX', lpar: 'L', workload: '.', service_class: '$', period: 'x'.repeat(1024) }, value: 0.5 },
      ]);
      expect(await store.write(odd)).toEqual({ written: odd.length, duplicates: 0 });
      const back = await store.read({ from: T0, to: T0 + DAY });
      expect(new Map(back.map((r) => [r.key, r.value]))).toEqual(new Map(odd.map((r) => [r.key, r.value])));
      for (const r of back) expect({ ...r.labels }).toEqual(Object.fromEntries(Object.entries(odd.find((o) => o.key === r.key)!.labels).filter(([, v]) => v !== '')));
      expect(Object.is(back.find((r) => r.labels.cpu_type === '$gt')!.value, -0)).toBe(true);
      expect(await store.count({ from: T0, to: T0 + DAY, lpar: '$where' })).toBe(1);
      expect(await store.count({ from: T0, to: T0 + DAY, sysplex: '$PLEX.1' })).toBe(1);
      expect(await store.count({ from: T0, to: T0 + DAY, labels: { cpu_type: '$gt' } })).toBe(1);
      expect(await store.count({ from: T0, to: T0 + DAY, labels: { memory_type: 'x.y$z' } })).toBe(1);
      expect(await store.count({ from: T0, to: T0 + DAY, labels: { volser: 'nul\u0000byte' } })).toBe(1);
      expect(await store.count({ from: T0, to: T0 + DAY, labels: { volser: '' }, metric: 'rmf_volume_io_rate' })).toBe(1);
      expect(await store.count({ from: T0, to: T0 + DAY, lpar: 'ünïcødé ✓ 😀' })).toBe(1);
      const [p] = await store.aggregate({ from: T0, to: T0 + DAY, metric: 'rmf_cpu_capture_ratio_percent', stepMs: DAY, fn: 'max', by: ['sysplex', 'lpar'], lpar: '$where' });
      expect(p).toEqual({ timestamp: T0 + DAY, metric: 'rmf_cpu_capture_ratio_percent', labels: { sysplex: '$PLEX.1', lpar: '$where' }, value: 0.1 + 0.2, count: 1 });
      // no value became a field name
      const values = new Set(odd.flatMap((r) => Object.values(r.labels)).filter((v) => v.length > 1));
      for (const c of store.collections) for (const d of await store.$client.db(db.name).collection(c.name).find({}).toArray()) for (const f of fieldNames(d)) for (const v of values) expect(f.includes(v), f).toBe(false);
      // the same again: nothing added, every record a duplicate
      expect(await store.write(odd)).toEqual({ written: odd.length, duplicates: odd.length });
      expect(await store.count({ from: T0, to: T0 + DAY })).toBe(odd.length);
    }
  });

  it('rejects label values BSON cannot hold exactly (lone surrogates, over 1024 characters) with ERR_RMF_STORE_RECORD, writing nothing', async () => {
    const { store } = await migratedStore('badlabel');
    const good = at(T0 + 15_000).slice(0, 50);
    const base = { timestamp: T0 + 15_000, metric: 'rmf_cpu_capture_ratio_percent', value: 90 };
    for (const [lpar, why] of [
      ['bad\uD800', /lone surrogate/],
      ['\uDC00x', /lone surrogate/],
      ['X'.repeat(1025), /longer than 1024 characters/],
    ] as const) {
      const e = await rejection(store.write([...good, ...toRecords([{ ...base, labels: { sysplex: 'S', lpar } }])]));
      expect(e.code).toBe('ERR_RMF_STORE_RECORD');
      expect(e.message).toMatch(why);
    }
    expect(await store.count({ from: T0, to: T0 + DAY })).toBe(0);
  });

  it('writes the rest of an interval cut off by the previous batch as the next part, and a rewrite in place (regular) or as a new part (time-series)', async () => {
    for (const timeSeries of [false, true]) {
      const { db, store } = await migratedStore(timeSeries ? 'partts' : 'part', { timeSeries });
      const records = at(T0 + 15_000);
      // cut inside the volume family: the systems' volume documents are split, the earlier families' are whole
      const cut = records.findIndex((r) => r.metric === 'rmf_volumes_iops');
      expect(cut).toBeGreaterThan(0);
      await store.write(records.slice(0, cut));
      expect(await store.write(records.slice(cut))).toEqual({ written: records.length - cut, duplicates: 0 });
      const raw = store.$client.db(db.name);
      const parts = await raw.collection('volume_metrics').distinct('part');
      expect(parts.sort()).toEqual([0, 1]);
      expect(await store.count({ from: T0, to: T0 + DAY })).toBe(records.length);
      // a changed value: regular collections replace the part, time-series ones add a part and delete the old one
      const changed = { ...records[0]!, value: records[0]!.value + 1 };
      expect(await store.write([changed])).toEqual({ written: 1, duplicates: 1 });
      const back = await store.read({ from: T0, to: T0 + DAY });
      expect(back).toHaveLength(records.length);
      expect(back.find((r) => r.key === changed.key)!.value).toBe(changed.value);
      const family = getMetric(changed.metric)!.family;
      const e = entityOf(changed.metric, changed.labels)!;
      const docs = await raw.collection(`${family}_metrics`).find({ 'meta.entity': e.name, 'meta.kind': e.kind }).toArray();
      expect(docs.map((d) => d.part).sort()).toEqual(timeSeries ? [1] : [0]);
    }
  });
  it('runs concurrent writes of one store one at a time: overlapping rewrites add no second copy', async () => {
    for (const timeSeries of [false, true]) {
      const { store } = await migratedStore(timeSeries ? 'concts' : 'conc', { timeSeries });
      const records = at(T0 + 15_000);
      const half = Math.floor(records.length / 2);
      await store.write(records.slice(0, half));
      // each batch rewrites stored series (the slow path) and brings the same new ones
      const batch = (d: number) => [...records.slice(0, half).map((r) => ({ ...r, value: r.value + d })), ...records.slice(half)];
      const results = await Promise.all([1, 2, 3].map((d) => store.write(batch(d))));
      expect(results.map((r) => r.duplicates)).toEqual([half, records.length, records.length]);
      const back = await store.read({ from: T0, to: T0 + DAY });
      expect(back).toHaveLength(records.length);
      expect(new Set(back.map((r) => r.key)).size).toBe(records.length);
      const last = new Map(batch(3).map((r) => [r.key, r.value]));
      for (const r of back) expect(r.value).toBe(last.get(r.key));
    }
  });
});

describe('mongo store: commands sent (what only a real server enforces)', () => {
  it('timeSeries: true asks for time-series collections (timeField, metaField, granularity, TTL) and a ledger with a longer TTL', async () => {
    const { client, commands } = monitoredClient();
    const db = freshDatabase('cmdts');
    cleanups.push(db.drop);
    const store = createMongoStore({ client, database: db.name, timeSeries: true, granularity: 'minutes', ttlSeconds: 7 * 86_400 });
    const report = await store.migrate();
    const creates = commands.filter((c) => c.commandName === 'create');
    const families = [...new Set(metricCatalog.map((m) => m.family))];
    expect(creates.filter((c) => c.command.timeseries).map((c) => c.command.create).sort()).toEqual(families.map((f) => `${f}_metrics`).sort());
    for (const c of creates.filter((x) => x.command.timeseries)) {
      expect(c.command.timeseries).toEqual({ timeField: 'timestamp', metaField: 'meta', granularity: 'minutes' });
      expect(c.command.expireAfterSeconds).toBe(7 * 86_400);
    }
    const ledger = creates.find((c) => c.command.create === 'rmf_sim_ledger')!;
    expect(ledger.command.timeseries).toBeUndefined();
    const ledgerIndexes = indexesOf(commands.find((c) => c.commandName === 'createIndexes' && c.command.createIndexes === 'rmf_sim_ledger')!);
    expect(ledgerIndexes).toEqual([
      { key: [['timestamp', 1], ['_id', 1]], name: 'rmf_time' },
      { key: [['timestamp', 1]], name: 'rmf_ttl', expireAfterSeconds: 8 * 86_400 },
    ]);
    if (onEmulator) {
      // the emulator ignores the time-series options: the store says so and keeps the time-series write path
      expect(report.changes.some((c) => /cpu_metrics \(regular: the server ignored the time-series options/.test(c))).toBe(true);
      expect(Object.values(report.layouts).every((l) => l === 'timeseries')).toBe(true);
    }
    // a write claims each part in the ledger, then inserts it; a rewrite reads, claims a new part, inserts it and deletes the old one
    commands.length = 0;
    const records = at(T0 + 15_000).filter((r) => getMetric(r.metric)!.family === 'cpu');
    await store.write(records);
    expect(commands.map((c) => `${c.commandName} ${c.command[c.commandName]}`)).toEqual(['find rmf_sim_schema', 'insert rmf_sim_ledger', 'insert cpu_metrics']);
    expect((commands[1]!.command.documents as Document[]).every((d) => Object.keys(d).join() === '_id,timestamp')).toBe(true);
    expect(commands[2]!.command.ordered).toBe(false);
    commands.length = 0;
    await store.write([{ ...records[0]!, value: -1 }]);
    expect(commands.map((c) => `${c.commandName} ${c.command[c.commandName]}`)).toEqual(['find cpu_metrics', 'insert rmf_sim_ledger', 'insert cpu_metrics', 'delete cpu_metrics']);
    expect(commands[3]!.command.deletes).toEqual([{ q: { _id: { $in: [expect.anything()] } }, limit: 0 }]);
    // changing the TTL: the ledger's TTL index follows (collMod); removing it drops the index
    commands.length = 0;
    await createMongoStore({ client, database: db.name, timeSeries: true, ttlSeconds: 86_400 }).migrate();
    expect(commands.filter((c) => c.commandName === 'collMod' && c.command.collMod === 'rmf_sim_ledger').map((c) => c.command.index)).toEqual([{ name: 'rmf_ttl', expireAfterSeconds: 2 * 86_400 }]);
    commands.length = 0;
    await createMongoStore({ client, database: db.name, timeSeries: true }).migrate();
    expect(commands.filter((c) => c.commandName === 'dropIndexes').map((c) => [c.command.dropIndexes, c.command.index])).toContainEqual(['rmf_sim_ledger', 'rmf_ttl']);
  });

  it('regular collections get a unique index on the natural key of a part, an (entity, time) index and a TTL index; writes are unordered inserts', async () => {
    const { client, commands } = monitoredClient();
    const db = freshDatabase('cmdreg');
    cleanups.push(db.drop);
    const store = createMongoStore({ client, database: db.name, timeSeries: false, ttlSeconds: 3600, collectionPrefix: 'rmf_' });
    await store.migrate();
    expect(commands.some((c) => c.commandName === 'create' && c.command.timeseries)).toBe(false);
    const cpu = indexesOf(commands.find((c) => c.commandName === 'createIndexes' && c.command.createIndexes === 'rmf_cpu_metrics')!);
    expect(cpu).toEqual([
      { key: [['timestamp', 1], ['meta.sysplex', 1], ['meta.kind', 1], ['meta.entity', 1], ['part', 1]], name: 'rmf_natural_key', unique: true },
      { key: [['meta.entity', 1], ['timestamp', 1]], name: 'rmf_entity_time' },
      { key: [['timestamp', 1]], name: 'rmf_ttl', expireAfterSeconds: 3600 },
    ]);
    expect(commands.some((c) => c.command.create === 'rmf_rmf_sim_ledger')).toBe(false); // no ledger without time-series
    commands.length = 0;
    const records = at(T0 + 15_000).filter((r) => getMetric(r.metric)!.family === 'memory');
    await store.write(records);
    expect(commands.map((c) => `${c.commandName} ${c.command[c.commandName]}`)).toEqual(['find rmf_rmf_sim_schema', 'insert rmf_memory_metrics']);
    // a rewrite replaces the part in place
    commands.length = 0;
    await store.write([{ ...records[0]!, value: -1 }]);
    expect(commands.map((c) => `${c.commandName} ${c.command[c.commandName]}`)).toEqual(['find rmf_memory_metrics', 'update rmf_memory_metrics']);
    const [u] = commands[1]!.command.updates as { q: Document; u: Document; upsert?: boolean }[];
    expect(Object.keys(u!.q)).toEqual(['_id']);
    expect(Object.keys(u!.u).sort()).toEqual(['meta', 'metrics', 'part', 'timestamp']);
    // the TTL changes by collMod, and goes with a dropIndexes
    commands.length = 0;
    await createMongoStore({ client, database: db.name, timeSeries: false, ttlSeconds: 60, collectionPrefix: 'rmf_' }).migrate();
    expect(commands.filter((c) => c.commandName === 'collMod').map((c) => c.command.index)).toContainEqual({ name: 'rmf_ttl', expireAfterSeconds: 60 });
    commands.length = 0;
    const report = await createMongoStore({ client, database: db.name, timeSeries: false, collectionPrefix: 'rmf_' }).migrate();
    expect(commands.filter((c) => c.commandName === 'dropIndexes').length).toBe(store.collections.length);
    expect(report.changes).toContain('removed the TTL of rmf_cpu_metrics');
    expect((await createMongoStore({ client, database: db.name, timeSeries: false, collectionPrefix: 'rmf_' }).migrate()).changes).toEqual([]);
    // existing collections keep their layout, and the report says so
    const kept = await createMongoStore({ client, database: db.name, timeSeries: true, collectionPrefix: 'rmf_' }).migrate();
    expect(kept.changes).toContain('kept the regular layout of rmf_cpu_metrics (timeSeries: true applies to new collections; move the data to change it)');
    expect(kept.layouts.cpu).toBe('regular');
  });
});

describe('mongo store: reads', () => {
  it('latest() returns every LPAR’s latest interval (at or before `at`) with its LPAR records', async () => {
    const { store } = await migratedStore('latest');
    const times = [1, 2, 3].map((k) => T0 + k * 15_000);
    for (const t of times) await store.write(at(t));
    const lparRecords = (t: number, lpar: string, families?: string[]) =>
      at(t).filter((r) => entityOf(r.metric, r.labels)?.kind === 'lpar' && r.labels.lpar === lpar && (!families || families.includes(getMetric(r.metric)!.family)));
    const latest = await store.latest();
    expect(latest.map((s) => [s.sysplex, s.lpar, s.timestamp])).toEqual(['BATCH01', 'PROD01', 'PROD02', 'TEST01'].map((l) => ['SYSPLEX01', l, times[2]]));
    for (const s of latest) expect(new Map(s.records.map((r) => [r.key, r.value]))).toEqual(new Map(lparRecords(times[2]!, s.lpar).map((r) => [r.key, r.value])));
    const earlier = await store.latest({ at: times[1]! + 14_999, lpar: 'PROD02', family: ['cpu', 'memory'] });
    expect(earlier).toHaveLength(1);
    expect(earlier[0]).toMatchObject({ lpar: 'PROD02', timestamp: times[1] });
    expect(new Map(earlier[0]!.records.map((r) => [r.key, r.value]))).toEqual(new Map(lparRecords(times[1]!, 'PROD02', ['cpu', 'memory']).map((r) => [r.key, r.value])));
    expect(await store.latest({ at: T0 })).toEqual([]);
    expect(await store.latest({ sysplex: 'NOSUCH' })).toEqual([]);
  });

  it('ping() answers, and summary() says what each family collection holds, from the first to the last interval', async () => {
    const { store } = await migratedStore('summary');
    await store.ping();
    const empty = await store.summary();
    expect(empty.collections.map((c) => c.family).sort()).toEqual([...new Set(metricCatalog.map((m) => m.family))].sort());
    expect(empty.collections.every((c) => c.documents === 0 && c.first === null)).toBe(true);
    await store.write([...at(T0 + 15_000), ...at(T0 + 30_000)]);
    const cpu = (await store.summary()).collections.find((c) => c.family === 'cpu')!;
    expect(cpu).toMatchObject({ layout: 'regular', first: new Date(T0 + 15_000).toISOString(), last: new Date(T0 + 30_000).toISOString() });
    expect(cpu.documents).toBeGreaterThan(0);
  });

  it('deleteBefore removes the time-series ledger’s claims too, after the data', async () => {
    const { db, store } = await migratedStore('retention', { timeSeries: true });
    await store.write([...at(T0 + 15_000), ...at(T0 + 30_000)]);
    const ledger = store.$client.db(db.name).collection('rmf_sim_ledger');
    const perInterval = await ledger.countDocuments({ timestamp: new Date(T0 + 15_000) });
    expect(perInterval).toBeGreaterThan(100);
    await store.deleteBefore(T0 + 30_000);
    expect(await ledger.countDocuments({})).toBe(perInterval);
    expect(await store.count({ from: 0, to: T0 + DAY })).toBe(sim.series.length);
    // the deleted interval can be written again (its claims are gone with it)
    expect(await store.write(at(T0 + 15_000))).toEqual({ written: sim.series.length, duplicates: 0 });
  });
});

describe('mongo store: schema and options', () => {
  it('refuses an unmigrated or unknown database, and a newer schema, with ERR_RMF_STORE_SCHEMA', async () => {
    const db = freshDatabase('nomig');
    cleanups.push(db.drop);
    const store = createMongoStore({ url: db.url, serverSelectionTimeoutMS: 5000 });
    cleanups.push(() => store.close());
    const e = await rejection(store.write(at(T0 + 15_000)));
    expect(e.code).toBe('ERR_RMF_STORE_SCHEMA');
    expect(e.message).toMatch(/no rmf-sim schema in database rmf_t_nomig_.*run store\.migrate\(\) first/);
    expect((await store.migrate()).version).toBe(SCHEMA_VERSION);
    expect(await store.count({ from: 0, to: T0 })).toBe(0); // usable after migrate (the failure was not cached)
    await store.$client.db(db.name).collection('rmf_sim_schema').updateOne({ kind: 'rmf-sim-schema' }, { $set: { version: 99 } });
    const other = createMongoStore({ url: db.url });
    cleanups.push(() => other.close());
    expect(await rejection(other.read({ from: 0, to: T0 }))).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA', message: expect.stringMatching(/schema version 99, newer than this library's 1: upgrade the package/) });
    expect(await rejection(other.migrate())).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA', message: expect.stringMatching(/upgrade the package/) });
  });

  it('uses your MongoClient as $client and never closes it', async () => {
    const client = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 5000 });
    cleanups.push(() => client.close());
    const { store } = await migratedStore('client', { client });
    expect(store.$client).toBe(client);
    await store.write(at(T0 + 15_000));
    await store.close();
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('rejects invalid options with a ConfigError naming each path', () => {
    const issues = (o: unknown) => {
      try {
        createMongoStore(o as MongoStoreOptions);
      } catch (error) {
        const e = error as { code: string; issues: { path: (string | number)[]; message: string }[] };
        expect(e.code).toBe('ERR_RMF_CONFIG');
        return e.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      }
      throw new Error('expected a ConfigError');
    };
    expect(issues({ url: 'mongodb://h/db', timeSeries: 'yes', collectionPrefix: 'a-b', ttlSeconds: 0, granularity: 'days', colour: 1 }).map((i) => i.split(':')[0]).sort()).toEqual(['', 'collectionPrefix', 'granularity', 'timeSeries', 'ttlSeconds']);
    expect(issues({})).toEqual([': give either url (a mongodb:// URL) or client (your MongoClient), not both']);
    expect(issues({ url: 'postgres://u@h/db' })[0]).toMatch(/^url: not a MongoDB URL/);
    expect(issues({ url: 'mongodb://h:99999/db' })[0]).toMatch(/^url: Unable to parse /) // the driver's own words (7.9.0 names the host, 7.9.1 does not);
    expect(issues({ url: 'mongodb://h/bad.name' })[0]).toMatch(/^url: database names cannot contain .* \(the URL's database "bad.name"\)/);
    expect(issues({ url: 'mongodb://h/db', database: 'a b' })[0]).toMatch(/^database: database names cannot contain/);
    expect(issues({ url: 'mongodb://h/db', database: 'x'.repeat(64) })[0]).toMatch(/^database: database names are shorter than 64 bytes/);
    expect(issues({ client: { db: 1 } })[0]).toMatch(/^client: client must be a MongoClient/);
    const client = new MongoClient(MONGO_URL);
    expect(issues({ client, serverSelectionTimeoutMS: 10 })).toEqual(["serverSelectionTimeoutMS: serverSelectionTimeoutMS applies only to the store's own client (url); set it on your MongoClient"]);
    expect(issues({ client, url: MONGO_URL })[0]).toMatch(/^url: give either url/);
  });

  it('names an unreachable server: ERR_RMF_STORE_UNAVAILABLE after the configured server-selection timeout', async () => {
    const store = createMongoStore({ url: 'mongodb://127.0.0.1:1/rmf', serverSelectionTimeoutMS: 800 });
    cleanups.push(() => store.close());
    const e = await rejection(store.write(at(T0 + 15_000)));
    expect(e.code).toBe('ERR_RMF_STORE_UNAVAILABLE');
    expect(e.message).toMatch(/^cannot write to MongoDB at 127\.0\.0\.1:1: .*ECONNREFUSED.*\(MongoServerSelectionError\): is the server running and reachable\?$/);
    expect(e.cause?.name).toBe('MongoServerSelectionError');
    expect((await rejection(store.migrate())).code).toBe('ERR_RMF_STORE_UNAVAILABLE');
    const started = performance.now();
    expect((await rejection(store.count({ from: 0, to: T0 }))).code).toBe('ERR_RMF_STORE_UNAVAILABLE');
    // not a speed test: a loose bound that tells the configured 800 ms from the store's default of 10 s
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a URL without a database uses rmf_sim, or the database option', () => {
    const url = withDatabase(MONGO_URL, '').replace(/\/$/, '');
    expect(createMongoStore({ url }).database).toBe('rmf_sim');
    expect(createMongoStore({ url, database: 'other' }).database).toBe('other');
    expect(createMongoStore({ url: withDatabase(MONGO_URL, 'from_url') }).database).toBe('from_url');
  });
});
