import {
  MAX_TIMESTAMP,
  normalizeAggregate,
  normalizeQuery,
  seriesKey,
  StorageError,
  toEpochMs,
  type AggregatePoint,
  type AggregateQuery,
  type Instant,
  type MetricFamily,
  type MetricRecord,
  type MetricStore,
  type RecordQuery,
  type WriteOptions,
  type WriteResult,
} from '@rmf-sim/core';
import type { Collection, Db, Document, MongoClient } from 'mongodb';
import { groupKey, Grouper, toRecord, type BatchGroup, type DocumentElement, type DocumentMeta, type MetricDocument } from './documents.js';
import { duplicateIndexes, storageError } from './errors.js';
import { compileLayout, type FamilyCollection, type Layout } from './layout.js';
import { resolveStoreOptions, type MongoStoreOptions, type ResolvedStoreOptions } from './options.js';
import { collectionIndexes, collectionFilter, countPipeline, aggregatePipeline, latestPipeline, ledgerIndexes, readPipeline, snapshotPipeline, timeSeriesOptions, INDEX, type IndexSpec } from './pipelines.js';
import { partWrite, planFast, planSlow, type CollectionLayout, type KnownGroup, type PartWrite, type StoredPart } from './plan.js';
import { checkSchema, createdLayout, SCHEMA_VERSION, wantsTimeSeries, type MigrationReport, type SchemaDocument } from './schema.js';

/**
 * Which LPARs' latest interval {@link MongoStore.latest} returns.
 *
 * @example
 * ```ts
 * const q: LatestQuery = { sysplex: 'SYSPLEX01', family: ['cpu', 'memory'], at: '2026-01-05T10:00:00Z' };
 * ```
 */
export interface LatestQuery {
  /** The latest interval ending at or before this instant. @default the end of time (the latest stored) */
  at?: Instant;
  /** Value(s) of the `sysplex` label. @default every sysplex */
  sysplex?: string | readonly string[];
  /** LPAR name(s). @default every LPAR */
  lpar?: string | readonly string[];
  /** Metric families to look at and return. @default every family */
  family?: MetricFamily | readonly MetricFamily[];
}

/**
 * The latest stored interval of one LPAR: the records of its LPAR documents (the seed's per-LPAR document) of that interval.
 *
 * @example
 * ```ts
 * for (const s of await store.latest()) console.log(s.lpar, new Date(s.timestamp).toISOString(), s.records.length);
 * ```
 */
export interface LparSnapshot {
  sysplex: string;
  lpar: string;
  /** End of the interval, epoch ms. */
  timestamp: number;
  /** Its records (of the families asked for), ordered by metric, then by key. */
  records: MetricRecord[];
}

/**
 * A `MetricStore` (the store contract of `@rmf-sim/core`) on MongoDB: a sink for the write pipeline and a query store.
 * Create it with {@link createMongoStore}.
 *
 * @example
 * ```ts
 * const store: MongoStore = createMongoStore({ url: 'mongodb://127.0.0.1:27017/rmf' });
 * await store.migrate();
 * const n = await store.count({ from: '2026-01-05T00:00:00Z', to: '2026-01-06T00:00:00Z', lpar: 'PROD01' });
 * ```
 */
export interface MongoStore extends MetricStore {
  /** The `MongoClient` the store uses (yours, when you passed one): the escape hatch for your own queries. */
  readonly $client: MongoClient;
  /** Name of the database. */
  readonly database: string;
  /** The family collections, derived from the metric catalogue: name, family, entity kinds, sample names. */
  readonly collections: readonly FamilyCollection[];
  /**
   * Creates or upgrades the collections and indexes (time-series collections where the server has them, see
   * `timeSeries`), applies `ttlSeconds`, and records the layout in `<prefix>rmf_sim_schema`. Idempotent; safe to run
   * from several processes at once.
   */
  migrate(): Promise<MigrationReport>;
  /** The latest stored interval of every LPAR (optionally narrowed), with its records. */
  latest(query?: LatestQuery): Promise<LparSnapshot[]>;
  /** Answers whether the server is reachable (a `ping` command); rejects with a typed storage error otherwise. */
  ping(): Promise<void>;
  /**
   * What is stored, per family collection: its name, layout (`timeseries` or `regular`), the number of documents
   * (the server's estimate) and the first and last interval (the predecessor's `/mongodb-summary`).
   */
  summary(): Promise<MongoSummary>;
}

/** See {@link MongoStore.summary}. */
export type MongoSummary = {
  database: string;
  collections: { family: string; name: string; layout: string; documents: number; first: string | null; last: string | null }[];
};

/** What the store learns from the server once. */
interface Ready {
  db: Db;
  layouts: ReadonlyMap<string, CollectionLayout>;
}

/** Groups the store keeps in mind (see {@link KnownGroup}); the oldest are forgotten first. */
const MAX_KNOWN = 20_000;
/** Attempts to claim a free part number for one group before giving up (a concurrent writer of the same entity). */
const MAX_PART_CLAIMS = 16;
const CURSOR_BATCH = 5000;

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StorageError('ERR_RMF_STORE_UNAVAILABLE', 'the write was aborted', { cause: signal.reason });
}

class MongoStoreImpl implements MongoStore {
  readonly $client: MongoClient;
  readonly database: string;
  readonly collections: readonly FamilyCollection[];
  private readonly layout: Layout;
  private readonly grouper: Grouper;
  private readonly known = new Map<string, KnownGroup>();
  private ready: Promise<Ready> | null = null;
  private closed = false;
  /** Writes run one at a time (see {@link MongoStoreImpl.write}). */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ResolvedStoreOptions) {
    this.$client = o.client;
    this.database = o.database;
    this.layout = compileLayout(o.collectionPrefix);
    this.collections = this.layout.collections;
    this.grouper = new Grouper(this.layout);
  }

  private check(): void {
    if (this.closed) throw new StorageError('ERR_RMF_CLOSED', 'the MongoDB store is closed');
  }

  private get where(): string {
    return `database ${this.database} at ${this.o.target}`;
  }

  private async connect(): Promise<Ready> {
    const db = this.$client.db(this.database);
    const doc = await db.collection<SchemaDocument>(this.layout.schema).findOne({ kind: 'rmf-sim-schema' });
    checkSchema(doc, this.collections.map((c) => c.family), this.where);
    return { db, layouts: new Map(doc!.families.map((f) => [f.family, f.layout])) };
  }

  /** The schema, read (and checked) on first use; a failure is not cached. */
  private async init(what: string): Promise<Ready> {
    this.check();
    this.ready ??= this.connect().catch((e: unknown) => {
      this.ready = null;
      throw e;
    });
    try {
      return await this.ready;
    } catch (e) {
      throw storageError(e, this.o.target, what);
    }
  }

  private coll(ready: Ready, family: string): Collection<MetricDocument> {
    return ready.db.collection<MetricDocument>(this.layout.byFamily.get(family)!.name);
  }

  async migrate(): Promise<MigrationReport> {
    this.check();
    try {
      const db = this.$client.db(this.database);
      const info = await db.admin().command({ buildInfo: 1 });
      const version: number[] = Array.isArray(info.versionArray) ? info.versionArray.map(Number) : String(info.version ?? '0').split('.').map(Number);
      const schemaColl = db.collection<SchemaDocument>(this.layout.schema);
      const existing = await schemaColl.findOne({ kind: 'rmf-sim-schema' });
      if (existing && existing.version > SCHEMA_VERSION) checkSchema(existing, [], this.where);
      const listed = new Map((await db.listCollections({}, { nameOnly: false }).toArray()).map((c) => [c.name, c as Document]));
      const recorded = new Map(existing?.families.map((f) => [f.family, f.layout]) ?? []);
      const ttl = this.o.ttlSeconds;
      const changes: string[] = [];
      const layouts: Record<string, CollectionLayout> = {};
      for (const c of this.collections) {
        let info = listed.get(c.name);
        let layout = recorded.get(c.family);
        if (!info) {
          const ask = wantsTimeSeries(this.o.timeSeries, version, this.o.target);
          await db.createCollection(c.name, ask ? timeSeriesOptions(this.o.granularity, ttl) : {}).catch((e: { code?: number }) => {
            if (e?.code !== 48) throw e; // NamespaceExists: another process was first
          });
          info = (await db.listCollections({ name: c.name }, { nameOnly: false }).toArray())[0] as Document | undefined;
          layout ??= createdLayout(this.o.timeSeries, ask, info?.type);
          const made = info?.type === 'timeseries' ? 'time-series' : 'regular';
          changes.push(`created collection ${c.name} (${made}${ask && made === 'regular' ? ': the server ignored the time-series options' : ''}${layout === 'timeseries' && made === 'regular' ? '; written append-only with ledger claims as a time-series one would be' : ''})`);
        }
        layout ??= info?.type === 'timeseries' ? 'timeseries' : 'regular';
        layouts[c.family] = layout;
        if (this.o.timeSeries !== 'auto' && this.o.timeSeries !== (layout === 'timeseries') && !changes.some((x) => x.startsWith(`created collection ${c.name} `))) {
          changes.push(`kept the ${layout} layout of ${c.name} (timeSeries: ${this.o.timeSeries} applies to new collections; move the data to change it)`);
        }
        const isTimeSeries = info?.type === 'timeseries';
        if (isTimeSeries) {
          const current = (info?.options as { expireAfterSeconds?: number } | undefined)?.expireAfterSeconds;
          if ((current ?? undefined) !== ttl) {
            await db.command({ collMod: c.name, expireAfterSeconds: ttl ?? 'off' });
            changes.push(ttl === undefined ? `removed the TTL of ${c.name}` : `set the TTL of ${c.name} to ${ttl} s`);
          }
        }
        await this.syncIndexes(db.collection(c.name), collectionIndexes(layout, isTimeSeries ? undefined : ttl), changes);
      }
      if (Object.values(layouts).includes('timeseries')) {
        if (!listed.has(this.layout.ledger)) {
          await db.createCollection(this.layout.ledger).catch((e: { code?: number }) => {
            if (e?.code !== 48) throw e;
          });
          changes.push(`created collection ${this.layout.ledger} (the ledger of time-series parts)`);
        }
        await this.syncIndexes(db.collection(this.layout.ledger), ledgerIndexes(ttl), changes);
      }
      await this.syncIndexes(db.collection(this.layout.schema), [{ key: { kind: 1 }, name: 'rmf_kind', unique: true }], []);
      const families = this.collections.map((c) => ({ family: c.family, collection: c.name, layout: layouts[c.family]! }));
      const same = existing && existing.version === SCHEMA_VERSION && JSON.stringify(existing.families) === JSON.stringify(families) && (existing.ttlSeconds ?? undefined) === ttl;
      if (!same) await schemaColl.updateOne({ kind: 'rmf-sim-schema' }, { $set: { version: SCHEMA_VERSION, families, ttlSeconds: ttl ?? null } }, { upsert: true });
      this.ready = null; // read the schema again on next use
      this.known.clear();
      return { version: SCHEMA_VERSION, layouts, changes };
    } catch (e) {
      throw storageError(e, this.o.target, 'migrate the schema in');
    }
  }

  /** Creates missing indexes, changes a TTL index's `expireAfterSeconds`, drops a TTL index no longer wanted. */
  private async syncIndexes(coll: Collection, specs: readonly IndexSpec[], changes: string[]): Promise<void> {
    const existing = await coll
      .listIndexes()
      .toArray()
      .catch((e: { code?: number }) => {
        if (e?.code === 26) return [] as Document[];
        throw e;
      });
    const missing: IndexSpec[] = [];
    for (const spec of specs) {
      const have = existing.find((i) => i.name === spec.name);
      if (!have) missing.push(spec);
      else if (spec.expireAfterSeconds !== undefined && have.expireAfterSeconds !== spec.expireAfterSeconds) {
        await coll.db.command({ collMod: coll.collectionName, index: { name: spec.name, expireAfterSeconds: spec.expireAfterSeconds } });
        changes.push(`set the TTL of ${coll.collectionName} to ${spec.expireAfterSeconds} s`);
      }
    }
    if (existing.some((i) => i.name === INDEX.ttl) && !specs.some((s) => s.name === INDEX.ttl)) {
      await coll.dropIndex(INDEX.ttl);
      changes.push(`removed the TTL of ${coll.collectionName}`);
    }
    if (missing.length) {
      await coll.createIndexes(missing.map(({ key, ...options }) => ({ key, ...options })));
      changes.push(`created ${missing.map((s) => `${s.name}${s.unique ? ' (unique)' : ''}${s.expireAfterSeconds !== undefined ? ` (TTL ${s.expireAfterSeconds} s)` : ''}`).join(', ')} on ${coll.collectionName}`);
    }
  }

  private remember(g: BatchGroup, series: Iterable<string>, nextPart: number): void {
    this.known.delete(g.key);
    this.known.set(g.key, { timestamp: g.timestamp, series: new Set(series), nextPart });
  }

  /**
   * Writes run one at a time per store: what the store knows of the groups it wrote stays exact, and an attempt that
   * the write pipeline abandoned (its signal aborted) finishes before the retry starts, and the retry then sees it.
   */
  write(records: readonly MetricRecord[], options: WriteOptions = {}): Promise<WriteResult> {
    const run = this.writing.then(() => this.writeNow(records, options));
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async writeNow(records: readonly MetricRecord[], options: WriteOptions): Promise<WriteResult> {
    aborted(options.signal);
    const ready = await this.init('write to');
    const { groups, repeats } = this.grouper.group(records);
    if (groups.length === 0) return { written: records.length, duplicates: 0 };
    const previous = new Map(groups.map((g) => [g.key, this.known.get(g.key)]));
    // what the store knew of these groups is stale as soon as it writes to them; it learns them again from the results
    for (const g of groups) this.known.delete(g.key);
    const { signal } = options;
    try {
      const { fast, slow } = planFast(groups, (k) => previous.get(k));
      const failed = await this.insertParts(ready, fast, signal);
      for (const w of fast) {
        if (failed.has(w)) continue;
        const before = previous.get(w.group.key);
        this.remember(w.group, before ? [...before.series, ...w.series] : w.series, w.doc.part + 1);
      }
      const duplicates = repeats + (await this.slowPath(ready, [...slow, ...fast.filter((w) => failed.has(w)).map((w) => w.group)], signal));
      while (this.known.size > MAX_KNOWN) this.known.delete(this.known.keys().next().value!);
      return { written: records.length, duplicates };
    } catch (e) {
      for (const g of groups) this.known.delete(g.key);
      throw storageError(e, this.o.target, 'write to');
    }
  }

  /**
   * Claims and inserts parts, per collection concurrently; returns the parts whose claim failed because the part
   * exists (regular: a duplicate `_id` or natural key; time-series: a duplicate ledger entry).
   */
  private async insertParts(ready: Ready, parts: readonly PartWrite[], signal: AbortSignal | undefined): Promise<Set<PartWrite>> {
    const failed = new Set<PartWrite>();
    const byFamily = new Map<string, PartWrite[]>();
    for (const w of parts) {
      const list = byFamily.get(w.group.collection.family) ?? [];
      byFamily.set(w.group.collection.family, list);
      list.push(w);
    }
    const insert = async <T extends Document>(coll: Collection<T>, list: readonly PartWrite[], doc: (w: PartWrite) => T) => {
      if (list.length === 0) return [] as PartWrite[];
      aborted(signal);
      try {
        await coll.insertMany(list.map(doc) as never, { ordered: false });
        return [];
      } catch (e) {
        const dups = duplicateIndexes(e);
        if (!dups) throw e;
        return list.filter((_, i) => dups.has(i));
      }
    };
    await Promise.all(
      [...byFamily].map(async ([family, list]) => {
        let claimed = list;
        if (ready.layouts.get(family) === 'timeseries') {
          const refused = await insert(ready.db.collection(this.layout.ledger), list, (w) => ({ _id: w.doc._id, timestamp: w.doc.timestamp }));
          for (const w of refused) failed.add(w);
          claimed = list.filter((w) => !failed.has(w));
        }
        for (const w of await insert(this.coll(ready, family), claimed, (w) => w.doc)) failed.add(w);
      }),
    );
    return failed;
  }

  /** The slow path: reads what is stored of the groups, then adds, replaces and removes parts; returns the duplicates. */
  private async slowPath(ready: Ready, groups: readonly BatchGroup[], signal: AbortSignal | undefined): Promise<number> {
    let duplicates = 0;
    const byFamily = new Map<string, BatchGroup[]>();
    for (const g of groups) {
      const list = byFamily.get(g.collection.family) ?? [];
      byFamily.set(g.collection.family, list);
      list.push(g);
    }
    for (const [family, list] of byFamily) {
      const mode = ready.layouts.get(family)!;
      const coll = this.coll(ready, family);
      aborted(signal);
      const times = [...new Set(list.map((g) => g.timestamp))].map((t) => new Date(t));
      const distinct = (f: (g: BatchGroup) => string) => ({ $in: [...new Set(list.map(f))] });
      const stored = new Map<string, StoredPart[]>();
      const filter = { timestamp: { $in: times }, 'meta.sysplex': distinct((g) => g.meta.sysplex), 'meta.kind': distinct((g) => g.meta.kind), 'meta.entity': distinct((g) => g.meta.entity) };
      const cursor = coll.find(filter, { projection: { _id: 1, timestamp: 1, meta: 1, part: 1, metrics: 1 }, batchSize: CURSOR_BATCH });
      for await (const d of cursor) {
        const k = groupKey(family, d.timestamp.getTime(), d.meta.sysplex, d.meta.kind, d.meta.entity);
        const l = stored.get(k) ?? [];
        stored.set(k, l);
        l.push(d as StoredPart);
      }
      const plans = list.map((g) => ({ g, plan: planSlow(this.layout, mode, g, stored.get(g.key) ?? []) }));
      for (const { plan } of plans) duplicates += plan.duplicates;
      // new parts: claim the next free number, and the one after if another write took it meanwhile
      const parts = new Map(plans.map((p) => [p.g.key, p.plan.nextPart]));
      let pending = plans.filter((p) => p.plan.insert).map((p) => ({ ...p, part: p.plan.insert!.part }));
      for (let round = 0; pending.length > 0; round++) {
        if (round >= MAX_PART_CLAIMS) throw new StorageError('ERR_RMF_STORE_UNAVAILABLE', `could not claim a new part for ${pending.length} group(s) of ${coll.collectionName} in ${MAX_PART_CLAIMS} attempts: is another process writing the same entities?`);
        const writes = pending.map((p) => partWrite(p.g, p.part, p.plan.insert!.samples));
        const failed = await this.insertParts(ready, writes, signal);
        pending.forEach((p, i) => {
          if (!failed.has(writes[i]!)) parts.set(p.g.key, p.part + 1);
        });
        pending = pending.filter((_, i) => failed.has(writes[i]!)).map((p) => ({ ...p, part: p.part + 1 }));
      }
      const ops = plans.flatMap(({ g, plan }) =>
        plan.replace.map((r) =>
          r.metrics.length > 0
            ? { replaceOne: { filter: { _id: r.id }, replacement: { timestamp: new Date(g.timestamp), meta: g.meta, part: r.part, metrics: r.metrics } as Omit<MetricDocument, '_id'> } }
            : { deleteOne: { filter: { _id: r.id } } },
        ),
      );
      if (ops.length) {
        aborted(signal);
        await coll.bulkWrite(ops as never, { ordered: false });
      }
      const remove = plans.flatMap((p) => p.plan.remove);
      if (remove.length) {
        aborted(signal);
        await coll.deleteMany({ _id: { $in: remove } });
      }
      for (const { g, plan } of plans) this.remember(g, plan.series, parts.get(g.key)!);
    }
    return duplicates;
  }

  private async aggregateRows(ready: Ready, family: string, pipeline: Document[]): Promise<Document[]> {
    return this.coll(ready, family).aggregate(pipeline, { allowDiskUse: true, batchSize: CURSOR_BATCH }).toArray();
  }

  private async run<T>(what: string, body: (ready: Ready) => Promise<T>): Promise<T> {
    const ready = await this.init(what);
    try {
      return await body(ready);
    } catch (e) {
      throw storageError(e, this.o.target, what);
    }
  }

  async read(query: RecordQuery): Promise<MetricRecord[]> {
    const q = normalizeQuery(query);
    return this.run('read from', async (ready) => {
      const out: MetricRecord[] = [];
      for (const c of this.collections) {
        const f = collectionFilter(this.layout, c, q);
        if (!f) continue;
        for (const row of await this.aggregateRows(ready, c.family, readPipeline(f))) {
          const r = toRecord(this.layout, (row.timestamp as Date).getTime(), row.meta as DocumentMeta, row.metrics as DocumentElement);
          if (r) out.push(r);
        }
      }
      // each collection's records come in time order; Array.prototype.sort is stable
      return out.sort((a, b) => a.timestamp - b.timestamp);
    });
  }

  async count(query: RecordQuery): Promise<number> {
    const q = normalizeQuery(query);
    return this.run('read from', async (ready) => {
      let n = 0;
      for (const c of this.collections) {
        const f = collectionFilter(this.layout, c, q);
        if (f) n += Number((await this.aggregateRows(ready, c.family, countPipeline(f)))[0]?.n ?? 0);
      }
      return n;
    });
  }

  async aggregate(query: AggregateQuery): Promise<AggregatePoint[]> {
    const q = normalizeAggregate(query);
    return this.run('read from', async (ready) => {
      const family = this.layout.placements.get(q.metric)!.family;
      const f = collectionFilter(this.layout, this.layout.byFamily.get(family)!, q);
      if (!f) return [];
      const points = (await this.aggregateRows(ready, family, aggregatePipeline(this.layout, f, q))).map((row) => {
        const id = row._id as Record<string, unknown>;
        const labels: Record<string, string> = {};
        q.by.forEach((l, i) => {
          const v = id[`l${i}`];
          if (typeof v === 'string' && v !== '') labels[l] = v;
        });
        return { timestamp: Number(id.b), metric: q.metric, labels: Object.freeze(labels), value: Number(row.v), count: Number(row.n), key: seriesKey(q.metric, labels) };
      });
      points.sort((a, b) => a.timestamp - b.timestamp || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return points.map(({ key: _key, ...p }) => p);
    });
  }

  async latest(query: LatestQuery = {}): Promise<LparSnapshot[]> {
    const q = normalizeQuery({ from: -1, to: query.at ?? MAX_TIMESTAMP, family: query.family, sysplex: query.sysplex, lpar: query.lpar });
    return this.run('read from', async (ready) => {
      const colls = this.collections.filter((c) => c.kinds.includes('lpar') && c.metrics.some((m) => q.metrics.has(m) && this.layout.placements.get(m)!.kind === 'lpar'));
      const latest = new Map<string, { sysplex: string; lpar: string; timestamp: number }>();
      for (const c of colls) {
        for (const row of await this.aggregateRows(ready, c.family, latestPipeline(q))) {
          const id = row._id as { s: string; e: string };
          const t = (row.t as Date).getTime();
          const k = `${id.s}\u0000${id.e}`;
          if ((latest.get(k)?.timestamp ?? -Infinity) < t) latest.set(k, { sysplex: id.s, lpar: id.e, timestamp: t });
        }
      }
      if (latest.size === 0) return [];
      const wanted = [...latest.values()];
      const records = new Map<string, MetricRecord[]>();
      for (const c of colls) {
        for (const row of await this.aggregateRows(ready, c.family, snapshotPipeline(wanted))) {
          const meta = row.meta as DocumentMeta;
          const r = toRecord(this.layout, (row.timestamp as Date).getTime(), meta, row.metrics as DocumentElement);
          if (!r || !q.metrics.has(r.metric)) continue;
          const k = `${meta.sysplex}\u0000${meta.entity}`;
          const l = records.get(k) ?? [];
          records.set(k, l);
          l.push(r);
        }
      }
      return [...latest]
        .map(([k, w]) => ({ ...w, records: (records.get(k) ?? []).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) }))
        .sort((a, b) => (a.sysplex < b.sysplex ? -1 : a.sysplex > b.sysplex ? 1 : a.lpar < b.lpar ? -1 : a.lpar > b.lpar ? 1 : 0));
    });
  }

  async ping(): Promise<void> {
    this.check();
    try {
      await this.$client.db(this.database).command({ ping: 1 });
    } catch (e) {
      throw storageError(e, this.o.target, 'ping');
    }
  }

  async summary(): Promise<MongoSummary> {
    return this.run('read from', async (ready) => ({
      database: this.database,
      collections: await Promise.all(
        this.collections.map(async (c) => {
          const coll = this.coll(ready, c.family);
          const edge = async (dir: 1 | -1) => {
            const doc = await coll.find({}, { projection: { timestamp: 1 } }).sort({ timestamp: dir }).limit(1).next();
            return doc ? (doc.timestamp as Date).toISOString() : null;
          };
          return { family: c.family, name: c.name, layout: ready.layouts.get(c.family) ?? 'regular', documents: await coll.estimatedDocumentCount(), first: await edge(1), last: await edge(-1) };
        }),
      ),
    }));
  }

  async deleteBefore(before: Instant): Promise<void> {
    const cutoff = toEpochMs(before, 'before');
    await this.run('delete from', async (ready) => {
      const filter = { timestamp: { $lt: new Date(cutoff) } };
      // the data first, the ledger after: a claim never disappears before its documents
      for (const c of this.collections) await this.coll(ready, c.family).deleteMany(filter);
      if ([...ready.layouts.values()].includes('timeseries')) await ready.db.collection(this.layout.ledger).deleteMany(filter);
      for (const [k, g] of this.known) if (g.timestamp < cutoff) this.known.delete(k);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.known.clear();
    if (this.o.ownsClient) await this.$client.close().catch(() => undefined);
  }
}

/**
 * Creates a MongoDB store. Validates the options with zod (a `ConfigError` lists every problem with its path);
 * connects on first use. Run {@link MongoStore.migrate} once to create the collections.
 *
 * The layout: one collection per metric family (`cpu_metrics`, `memory_metrics`, …), time-series collections where
 * the server has them (MongoDB 7.0+; `timeSeries`), regular ones with a unique index on the natural key elsewhere.
 * A document holds one write's samples of one interval, sysplex and entity (an LPAR, a volume, the CPC, …: core's
 * `entityOf`), with metric names and label values as values, never as field names. Every write is idempotent:
 * a retried or repeated batch replaces what it wrote, never adds a second copy. Errors are `StorageError`s whose
 * `code` says what went wrong (`ERR_RMF_STORE_UNAVAILABLE`, `ERR_RMF_STORE_AUTH`, `ERR_RMF_STORE_SCHEMA`,
 * `ERR_RMF_STORE_RECORD`, …) with the driver's error as `cause`.
 *
 * @example
 * ```ts
 * import { createSimulator, createWritePipeline } from '@rmf-sim/core';
 * import { systemClock } from '@rmf-sim/core/system-clock';
 * import { createMongoStore } from '@rmf-sim/storage-mongo';
 *
 * const store = createMongoStore({ url: 'mongodb://127.0.0.1:27017/rmf' });
 * await store.migrate();
 * const sim = createSimulator({ seed: 42 });
 * const pipeline = createWritePipeline({ sinks: { mongo: store }, clock: systemClock });
 * for (let t = Date.parse('2026-01-05T00:00:15Z'); t <= Date.parse('2026-01-05T01:00:00Z'); t += sim.intervalMs) await pipeline.write(sim.samples(t));
 * await pipeline.close();
 * const hourly = await store.aggregate({ from: '2026-01-05T00:00:00Z', to: '2026-01-05T01:00:00Z', metric: 'rmf_cpu_utilization_percent', stepMs: 3_600_000, fn: 'p95', by: ['lpar', 'cpu_type'] });
 * await store.close();
 * ```
 */
export function createMongoStore(options: MongoStoreOptions): MongoStore {
  return new MongoStoreImpl(resolveStoreOptions(options));
}
