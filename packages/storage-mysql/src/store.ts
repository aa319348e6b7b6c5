import {
  allowedLabels,
  checkMeasurement,
  describeSeries,
  getMetric,
  normalizeAggregate,
  normalizeQuery,
  seriesKey,
  StorageError,
  toEpochMs,
  type AggregatePoint,
  type AggregateQuery,
  type Instant,
  type Labels,
  type MetricRecord,
  type MetricStore,
  type NormalizedQuery,
  type RecordQuery,
  type WriteOptions,
  type WriteResult,
} from '@rmf-sim/core';
import { Readable } from 'node:stream';
import mysql, { type Pool, type PoolConnection, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { isFatal, storageError } from './errors.js';
import { migrationLayout, runMigrations, verifySchema, type MigrationReport } from './migrations.js';
import { resolveStoreOptions, type MysqlStoreOptions, type ResolvedStoreOptions } from './options.js';
import { DailyPartitions, lockName, readPartitions, withLock } from './partitions.js';
import { familyTables, ident, LABEL_CHARS, type FamilyTable } from './schema.js';
import { datetime, datetimeParam, DAY_MS, dayStart, epochMsOf, parseInsertInfo, quote } from './sql.js';

/**
 * A `MetricStore` (the store contract of `@rmf-sim/core`) on MySQL or MariaDB: a sink for the write pipeline and a
 * query store.
 * Create it with {@link createMysqlStore}.
 */
export interface MysqlStore extends MetricStore {
  /** The mysql2 promise pool the store uses (yours, when you passed one): the escape hatch for your own SQL. */
  readonly $client: Pool;
  /** The tables, derived from the metric catalogue: name, family, label columns, metrics. */
  readonly tables: readonly FamilyTable[];
  /**
   * Creates or upgrades the schema: applies pending versioned migrations, adds what the catalogue gained, and
   * partitions existing plain tables by day with `partitioning: 'daily'`. It never removes partitioning (`'none'` on
   * partitioned tables is refused with `ERR_RMF_STORE_SCHEMA`). Safe to run concurrently (a server lock serialises
   * it) and again (idempotent).
   */
  migrate(): Promise<MigrationReport>;
}

/** Per series: the table and the SQL text of `metric, <label columns>` (cached per frozen labels object). */
interface SeriesSql {
  metric: string;
  table: number;
  tuple: string;
  bytes: number;
  /** The same values tab-separated and escaped for `LOAD DATA` (`writeMethod: 'load-data'`). */
  tsv: string;
}

/** A value as a `LOAD DATA` field (ESCAPED BY '\\'): backslash, tab, newline and NUL escaped. */
const tsvField = (v: string) => v.replace(/[\\\t\n\0]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\0'));

/** A row waiting to be written. */
interface Row {
  ts: number;
  tuple: string;
  tsv: string;
  bytes: number;
  value: number;
}

/** What the store learns from the server once. */
interface Ready {
  database: string;
  /** Largest statement we send, bytes. */
  statementBytes: number;
  noBackslashEscapes: boolean;
  partitions: DailyPartitions | null;
}

const DELETE_CHUNK = 50_000;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Characters (code points) of a well-formed string. */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++; // a surrogate pair is one character
  }
  return n;
}

class MysqlStoreImpl implements MysqlStore {
  readonly $client: Pool;
  readonly tables: readonly FamilyTable[];
  private readonly o: ResolvedStoreOptions;
  private readonly tableOf = new Map<string, number>();
  private readonly seriesCache = new WeakMap<object, SeriesSql>();
  private ready: Promise<Ready> | null = null;
  private closed = false;

  constructor(o: ResolvedStoreOptions) {
    this.o = o;
    this.$client = o.client ?? mysql.createPool(o.pool!);
    this.tables = familyTables(o.tablePrefix);
    this.tables.forEach((t, i) => t.metrics.forEach((m) => this.tableOf.set(m, i)));
  }

  private check(): void {
    if (this.closed) throw new StorageError('ERR_RMF_CLOSED', 'the MySQL store is closed');
  }

  private qualified(database: string, table: string): string {
    return `${ident(database)}.${ident(table)}`;
  }

  /** Asks the server once for the database, packet size and SQL mode; `verify` also checks the schema. */
  private async connect(verify: boolean): Promise<Ready> {
    const [[row]] = await this.$client.query<RowDataPacket[]>('SELECT DATABASE() AS db, @@max_allowed_packet AS packet, @@sql_mode AS mode');
    const database = this.o.database ?? (row?.db as string | null) ?? undefined;
    if (!database) throw new StorageError('ERR_RMF_STORE_SCHEMA', 'no database: name one in the connection (mysql://…/database) or in the database option');
    const packet = Number(row?.packet ?? 4 * 1024 * 1024);
    const ready: Ready = {
      database,
      statementBytes: Math.max(64 * 1024, Math.min(this.o.maxStatementBytes, packet - 4096)),
      noBackslashEscapes: /NO_BACKSLASH_ESCAPES/i.test(String(row?.mode ?? '')),
      partitions: null,
    };
    const layout = verify ? await verifySchema(this.$client, database, this.o.tablePrefix, this.tables, this.o.partitioning, (t) => this.qualified(database, t)) : this.o.partitioning;
    if (layout === 'daily') {
      const tables = this.tables.map((t) => ({ name: t.name, qualified: this.qualified(database, t.name) }));
      ready.partitions = new DailyPartitions(this.$client, database, tables, lockName(database, this.o.tablePrefix, 'partitions'));
    }
    return ready;
  }

  /** The connection facts, fetched (and the schema verified) on first use; a failure is not cached. */
  private async init(what: string): Promise<Ready> {
    this.check();
    this.ready ??= this.connect(true).catch((e: unknown) => {
      this.ready = null;
      throw e;
    });
    try {
      return await this.ready;
    } catch (e) {
      throw storageError(e, this.o.target, what);
    }
  }

  async migrate(): Promise<MigrationReport> {
    this.check();
    try {
      const { database } = await this.connect(false);
      const report = await withLock(this.$client, lockName(database, this.o.tablePrefix, 'migrate'), 600, async (conn) => {
        const partitioning = await migrationLayout(conn, database, this.tables, this.o.partitioning);
        return runMigrations({ conn, database, tables: this.tables, qualified: (t) => this.qualified(database, t), partitioning }, this.o.tablePrefix);
      });
      this.ready = null; // verify again on next use
      return report;
    } catch (e) {
      throw storageError(e, this.o.target, 'migrate the schema in');
    }
  }

  /** The SQL of a series, validated for this store's columns; cached per frozen labels object. */
  private seriesSql(metric: string, labels: Labels, noBackslashEscapes: boolean): SeriesSql {
    const cached = this.seriesCache.get(labels);
    if (cached !== undefined && cached.metric === metric) return cached;
    describeSeries(metric, labels); // catalogue metric, its labels, string values
    const table = this.tableOf.get(metric);
    if (table === undefined) throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}: no table holds this metric (run store.migrate() after upgrading core)`);
    let tuple = quote(metric, noBackslashEscapes);
    let tsv = metric;
    for (const l of this.tables[table]!.labels) {
      const v = labels[l] ?? '';
      // VARCHAR(64) of utf8mb4 counts characters (code points), not UTF-16 units; a lone surrogate has no UTF-8 form
      if (LONE_SURROGATE.test(v)) throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}: label ${l} is not valid UTF-16 (a lone surrogate), which MySQL cannot store: ${JSON.stringify(v)}`);
      if (v.length > LABEL_CHARS && codePoints(v) > LABEL_CHARS) throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}: label ${l} is longer than ${LABEL_CHARS} characters: ${JSON.stringify(v)}`);
      if (v.endsWith(' ')) throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}: label ${l} ends with a space, which MySQL's comparison ignores: ${JSON.stringify(v)}`);
      tuple += `,${quote(v, noBackslashEscapes)}`;
      tsv += `\t${tsvField(v)}`;
    }
    const info: SeriesSql = { metric, table, tuple, bytes: Buffer.byteLength(tuple), tsv };
    if (cached === undefined && Object.isFrozen(labels)) this.seriesCache.set(labels, info);
    return info;
  }

  async write(records: readonly MetricRecord[], options: WriteOptions = {}): Promise<WriteResult> {
    const ready = await this.init('write to');
    const groups: Row[][] = this.tables.map(() => []);
    const days = new Set<number>();
    let lastTs = Number.NaN;
    for (const r of records) {
      const s = this.seriesSql(r.metric, r.labels, ready.noBackslashEscapes);
      checkMeasurement(r.metric, r.timestamp, r.value);
      groups[s.table]!.push({ ts: r.timestamp, tuple: s.tuple, tsv: s.tsv, bytes: s.bytes, value: r.value });
      if (r.timestamp !== lastTs) {
        lastTs = r.timestamp;
        days.add(dayStart(r.timestamp));
      }
    }
    if (records.length === 0) return { written: 0, duplicates: 0 };
    const statements = this.o.writeMethod === 'insert' ? this.insertStatements(ready, groups) : [];
    let conn: PoolConnection | undefined;
    let fatal = false;
    try {
      if (ready.partitions) await ready.partitions.ensure(days);
      conn = await this.$client.getConnection();
      await conn.query('START TRANSACTION');
      let duplicates = 0;
      if (this.o.writeMethod === 'load-data') duplicates = await this.loadData(conn, ready, groups, options);
      for (const { sql, rows } of statements) {
        if (options.signal?.aborted) throw new StorageError('ERR_RMF_STORE_UNAVAILABLE', 'the write was aborted', { cause: options.signal.reason });
        const [res] = await conn.query<ResultSetHeader>(sql);
        const info = parseInsertInfo(res.info);
        if (!info) throw new StorageError('ERR_RMF_STORE_QUERY', `unexpected INSERT result ${JSON.stringify(res.info)}`);
        if (info.warnings > 0) {
          const [warnings] = await conn.query<RowDataPacket[]>('SHOW WARNINGS LIMIT 5');
          throw new StorageError('ERR_RMF_STORE_RECORD', `the server changed values while inserting (${warnings.map((w) => w.Message as string).join('; ')}); nothing was written`);
        }
        // a one-row statement carries its row twice (see insertStatements): the second always counts as a duplicate
        duplicates += rows === 1 ? info.duplicates - 1 : info.duplicates;
      }
      await conn.query('COMMIT');
      return { written: records.length, duplicates };
    } catch (e) {
      fatal = isFatal(e);
      if (conn && !fatal) await conn.query('ROLLBACK').catch(() => (fatal = true));
      throw storageError(e, this.o.target, 'write to');
    } finally {
      if (conn) {
        if (fatal) conn.destroy();
        else conn.release();
      }
    }
  }

  /**
   * `writeMethod: 'load-data'`: each table's rows as tab-separated text through `LOAD DATA LOCAL INFILE … REPLACE`
   * (rows sorted by primary key, as for INSERTs); returns the duplicates (rows the server replaced).
   */
  private async loadData(conn: PoolConnection, ready: Ready, groups: Row[][], options: WriteOptions): Promise<number> {
    let duplicates = 0;
    const tsCache = new Map<number, string>();
    for (let i = 0; i < groups.length; i++) {
      const rows = groups[i]!;
      if (rows.length === 0) continue;
      if (options.signal?.aborted) throw new StorageError('ERR_RMF_STORE_UNAVAILABLE', 'the write was aborted', { cause: options.signal.reason });
      const t = this.tables[i]!;
      rows.sort((a, b) => a.ts - b.ts || (a.tuple < b.tuple ? -1 : a.tuple > b.tuple ? 1 : 0));
      const parts: string[] = new Array<string>(rows.length);
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k]!;
        let ts = tsCache.get(r.ts);
        if (ts === undefined) tsCache.set(r.ts, (ts = datetimeParam(r.ts)));
        parts[k] = `${ts}\t${r.tsv}\t${r.value}\n`;
      }
      const body = Buffer.from(parts.join(''));
      // LOAD DATA … REPLACE does not say how many rows it replaced (MariaDB reports Deleted: 0): count the batch's time
      // range before and after, in this transaction's snapshot
      const range = `WHERE ts >= ${datetime(rows[0]!.ts)} AND ts <= ${datetime(rows[rows.length - 1]!.ts)}`;
      const countRange = async () => Number((await conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${this.qualified(ready.database, t.name)} ${range}`))[0][0]?.n ?? 0);
      const before = await countRange();
      const cols = ['ts', 'metric', ...t.labels, 'value'].map(ident).join(', ');
      const [res] = await conn.query<ResultSetHeader>({
        sql: `LOAD DATA LOCAL INFILE 'rmf-sim-batch.tsv' REPLACE INTO TABLE ${this.qualified(ready.database, t.name)} CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${cols})`,
        infileStreamFactory: () => Readable.from([body]),
      });
      const m = /Records:\s*(\d+)\s+Deleted:\s*(\d+)\s+Skipped:\s*(\d+)\s+Warnings:\s*(\d+)/.exec(res.info ?? '');
      if (!m) throw new StorageError('ERR_RMF_STORE_QUERY', `unexpected LOAD DATA result ${JSON.stringify(res.info)}`);
      if (Number(m[4]) > 0 || Number(m[3]) > 0) {
        const [warnings] = await conn.query<RowDataPacket[]>('SHOW WARNINGS LIMIT 5');
        throw new StorageError('ERR_RMF_STORE_RECORD', `the server changed or skipped values while loading (${warnings.map((w) => w.Message as string).join('; ')}); nothing was written`);
      }
      duplicates += rows.length - ((await countRange()) - before);
    }
    return duplicates;
  }

  /**
   * Multi-row `INSERT … ON DUPLICATE KEY UPDATE` statements, each as large as the server's `max_allowed_packet`
   * allows. Rows are sorted by primary key (time, then series) so that InnoDB appends instead of splitting pages.
   */
  private insertStatements(ready: Ready, groups: Row[][]): { sql: string; rows: number }[] {
    const out: { sql: string; rows: number }[] = [];
    const tsCache = new Map<number, string>();
    groups.forEach((rows, i) => {
      if (rows.length === 0) return;
      const t = this.tables[i]!;
      const head = `INSERT INTO ${this.qualified(ready.database, t.name)} (ts, metric, ${t.labels.map(ident).join(', ')}, value) VALUES `;
      const tail = ' ON DUPLICATE KEY UPDATE value = VALUES(value)';
      rows.sort((a, b) => a.ts - b.ts || (a.tuple < b.tuple ? -1 : a.tuple > b.tuple ? 1 : 0));
      const limit = ready.statementBytes - head.length - tail.length;
      let parts: string[] = [];
      let bytes = 0;
      const flush = () => {
        const n = parts.length;
        // a single row is sent twice: MySQL reports "Records/Duplicates" only for multi-row statements
        if (n === 1) parts.push(parts[0]!);
        out.push({ sql: head + parts.join(',') + tail, rows: n });
        parts = [];
        bytes = 0;
      };
      for (const r of rows) {
        let ts = tsCache.get(r.ts);
        if (ts === undefined) tsCache.set(r.ts, (ts = datetime(r.ts)));
        const row = `(${ts},${r.tuple},${r.value})`;
        const size = r.bytes + row.length - r.tuple.length + 1;
        if (parts.length > 0 && bytes + size > limit) flush();
        parts.push(row);
        bytes += size;
      }
      if (parts.length) flush();
    });
    return out;
  }

  /**
   * `WHERE` conditions of a query on one table with their parameters, or null when the table cannot match. Reads go
   * through prepared statements (mysql2 `execute`): the binary protocol returns a DOUBLE exactly, while the text
   * protocol prints it with too few digits to round-trip; and the statement text depends only on the query's shape.
   */
  private conditions(q: NormalizedQuery, t: FamilyTable): { where: string[]; params: (string | number)[] } | null {
    const metrics = t.metrics.filter((m) => q.metrics.has(m));
    if (metrics.length === 0) return null;
    const where = ['ts > ?', 'ts <= ?'];
    const params: (string | number)[] = [datetimeParam(q.fromMs), datetimeParam(q.toMs)];
    const isIn = (column: string, values: readonly string[]) => {
      where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    if (metrics.length < t.metrics.length) isIn('metric', metrics);
    for (const [label, values] of q.labels) {
      if (!t.labels.includes(label)) {
        if (!values.has('')) return null; // no record of the table has the label: all count as ''
        continue;
      }
      if (values.size === 0) return null;
      isIn(ident(label), [...values]);
    }
    return { where, params };
  }

  private async run(what: string, sql: string, params: (string | number)[]): Promise<RowDataPacket[]> {
    try {
      const [rows] = await this.$client.execute<RowDataPacket[]>(sql, params);
      return rows;
    } catch (e) {
      throw storageError(e, this.o.target, what);
    }
  }

  async read(query: RecordQuery): Promise<MetricRecord[]> {
    const q = normalizeQuery(query);
    const ready = await this.init('read from');
    const out: MetricRecord[] = [];
    for (const t of this.tables) {
      const c = this.conditions(q, t);
      if (!c) continue;
      const cols = t.labels.map(ident).join(', ');
      const rows = await this.run('read from', `SELECT ${epochMsOf('ts')} AS t, metric, ${cols}, value FROM ${this.qualified(ready.database, t.name)} WHERE ${c.where.join(' AND ')} ORDER BY ts`, c.params);
      const labelNames = new Map<string, readonly string[]>();
      for (const r of rows) {
        const metric = r.metric as string;
        let names = labelNames.get(metric);
        if (!names) labelNames.set(metric, (names = allowedLabels(metric, getMetric(metric)!)));
        const labels: Record<string, string> = {};
        for (const l of names) {
          const v = r[l] as string;
          if (v !== '') labels[l] = v;
        }
        const timestamp = Number(r.t);
        out.push({ key: `${seriesKey(metric, labels)}@${timestamp}`, timestamp, metric, labels: Object.freeze(labels), value: r.value as number });
      }
    }
    // each table's rows come in time order; Array.prototype.sort is stable
    return out.sort((a, b) => a.timestamp - b.timestamp);
  }

  async count(query: RecordQuery): Promise<number> {
    const q = normalizeQuery(query);
    const ready = await this.init('read from');
    let n = 0;
    for (const t of this.tables) {
      const c = this.conditions(q, t);
      if (!c) continue;
      const [row] = await this.run('read from', `SELECT COUNT(*) AS n FROM ${this.qualified(ready.database, t.name)} WHERE ${c.where.join(' AND ')}`, c.params);
      n += Number(row?.n ?? 0);
    }
    return n;
  }

  async aggregate(query: AggregateQuery): Promise<AggregatePoint[]> {
    const q = normalizeAggregate(query);
    const ready = await this.init('read from');
    const t = this.tables[this.tableOf.get(q.metric)!]!;
    const c = this.conditions(q, t);
    if (!c) return [];
    const step = q.stepMs; // a validated integer: written into the SQL, so that the bucket arithmetic stays integer
    const bucket = `((${epochMsOf('ts')} + ${step - 1}) DIV ${step}) * ${step}`;
    const by = q.by.map(ident);
    const cols = by.map((col) => `, ${col}`).join('');
    const groupCols = ['b', ...by].join(', ');
    const from = `${this.qualified(ready.database, t.name)} WHERE ${c.where.join(' AND ')}`;
    let sql: string;
    if (q.fn === 'avg' || q.fn === 'min' || q.fn === 'max') {
      sql = `SELECT ${bucket} AS b${cols}, ${q.fn.toUpperCase()}(value) AS v, COUNT(*) AS n FROM ${from} GROUP BY ${groupCols}`;
    } else {
      // nearest rank: the value at rank ceil(p·n/100) in ascending order, by window functions (MySQL 8, MariaDB 10.2+)
      const p = Number(q.fn.slice(1));
      sql =
        `SELECT b${cols}, value AS v, n FROM (` +
        `SELECT b${cols}, value, ROW_NUMBER() OVER (PARTITION BY ${groupCols} ORDER BY value) AS rn, COUNT(*) OVER (PARTITION BY ${groupCols}) AS n ` +
        `FROM (SELECT ${bucket} AS b${cols}, value FROM ${from}) x) y WHERE rn = GREATEST(1, (${p} * n + 99) DIV 100)`;
    }
    const rows = await this.run('read from', sql, c.params);
    const points = rows.map((r) => {
      const labels: Record<string, string> = {};
      for (const l of q.by) if (r[l] !== '') labels[l] = r[l] as string;
      return { timestamp: Number(r.b), metric: q.metric, labels: Object.freeze(labels), value: Number(r.v), count: Number(r.n), key: seriesKey(q.metric, labels) };
    });
    points.sort((a, b) => a.timestamp - b.timestamp || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return points.map(({ key: _key, ...p }) => p);
  }

  async deleteBefore(before: Instant): Promise<void> {
    const cutoff = toEpochMs(before, 'before');
    const ready = await this.init('delete from');
    const bound = datetime(cutoff);
    try {
      if (ready.partitions) {
        // whole days first: a partition whose bound is at or before the cutoff holds nothing to keep
        const parts = await readPartitions(this.$client, ready.database, this.tables.map((t) => t.name));
        for (const t of this.tables) {
          const old = (parts.get(t.name) ?? []).filter((p) => p.bound <= cutoff);
          if (old.length) await this.$client.query(`ALTER TABLE ${this.qualified(ready.database, t.name)} DROP PARTITION ${old.map((p) => ident(p.name)).join(', ')}`);
        }
        ready.partitions.forget((day) => day + DAY_MS <= cutoff);
      }
      for (const t of this.tables) {
        // the rest (or everything, unpartitioned) in chunks, to keep transactions small
        for (;;) {
          const [res] = await this.$client.query<ResultSetHeader>(`DELETE FROM ${this.qualified(ready.database, t.name)} WHERE ts < ${bound} LIMIT ${DELETE_CHUNK}`);
          if (res.affectedRows < DELETE_CHUNK) break;
        }
      }
    } catch (e) {
      throw storageError(e, this.o.target, 'delete from');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.o.ownsClient) await this.$client.end().catch(() => undefined);
  }
}

/**
 * Creates a MySQL/MariaDB store. Validates the options with zod (a `ConfigError` lists every problem with its path);
 * connects on first use. Run {@link MysqlStore.migrate} once to create or upgrade the schema.
 *
 * The schema: one table per metric family (`cpu_metrics`, `memory_metrics`, …; see {@link familyTables}) with
 * `ts DATETIME(3)`, `metric`, a column per label, `value DOUBLE`; the natural primary key `(ts, metric, labels)`
 * makes every write an idempotent upsert. Writes are multi-row INSERTs sized to `max_allowed_packet`, one
 * transaction per batch. Errors are `StorageError`s whose `code` says what went wrong (`ERR_RMF_STORE_UNAVAILABLE`,
 * `ERR_RMF_STORE_AUTH`, `ERR_RMF_STORE_SCHEMA`, …) with the driver's error as `cause`.
 *
 * @example
 * ```ts
 * import { createSimulator, createWritePipeline } from '@rmf-sim/core';
 * import { systemClock } from '@rmf-sim/core/system-clock';
 * import { createMysqlStore } from '@rmf-sim/storage-mysql';
 *
 * const store = createMysqlStore({ connection: 'mysql://root@127.0.0.1:3306/rmf', partitioning: 'daily' });
 * await store.migrate();
 * const sim = createSimulator({ seed: 42 });
 * const pipeline = createWritePipeline({ sinks: { mysql: store }, clock: systemClock });
 * for (let t = Date.parse('2026-01-05T00:00:15Z'); t <= Date.parse('2026-01-05T01:00:00Z'); t += sim.intervalMs) await pipeline.write(sim.samples(t));
 * await pipeline.close();
 * const hourly = await store.aggregate({ from: '2026-01-05T00:00:00Z', to: '2026-01-05T01:00:00Z', metric: 'rmf_cpu_utilization_percent', stepMs: 3_600_000, fn: 'p95', by: ['lpar', 'cpu_type'] });
 * await store.close();
 * ```
 */
export function createMysqlStore(options: MysqlStoreOptions): MysqlStore {
  return new MysqlStoreImpl(resolveStoreOptions(options));
}

