import { createSimulator, getMetric, isTransientError, metricCatalog, StorageError, toRecords, type MetricRecord } from '@rmf-sim/core';
import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { rejection } from '@rmf-sim/test-utils';
import { createMysqlStore, familyTables, SCHEMA_VERSION, type MysqlStore } from '../src/index.js';
import { classify, storageError } from '../src/errors.js';
import { adminPool, freshDatabase, MYSQL_URL } from './db.js';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const DAY = 86_400_000;
const sim = createSimulator({ seed: 42 });
const at = (t: number) => toRecords(sim.samples(t));

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** A migrated store on a fresh database. */
async function migratedStore(tag: string, options: Partial<Parameters<typeof createMysqlStore>[0]> = {}) {
  const db = await freshDatabase(tag);
  const store = createMysqlStore({ connection: db.url, ...options });
  cleanups.push(db.drop, () => store.close());
  await store.migrate();
  return { db, store };
}

/** A pool on `url` that records the text of every statement its connections run. */
function spiedPool(url: string) {
  const pool = mysql.createPool({ uri: url, connectionLimit: 2 });
  const statements: string[] = [];
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = async () => {
    const conn = await getConnection();
    const query = conn.query.bind(conn) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
    (conn as unknown as { query: typeof query }).query = (sql, ...rest) => {
      statements.push(sql);
      return query(sql, ...rest);
    };
    return conn;
  };
  cleanups.push(() => pool.end());
  return { pool, statements };
}


describe('mysql store: schema', () => {
  it('derives one table per metric family from the catalogue, with typed columns and the seed’s indexes', async () => {
    const { db, store } = await migratedStore('schema');
    const families = [...new Set(metricCatalog.map((m) => m.family))].sort();
    expect(store.tables.map((t) => t.family).sort()).toEqual(families);
    const cpu = store.tables.find((t) => t.family === 'cpu')!;
    expect(cpu.name).toBe('cpu_metrics');
    expect(cpu.labels).toEqual(['sysplex', 'lpar', 'cpu_type', 'cpc', 'polarity']);
    expect(store.tables.find((t) => t.family === 'ldev')!.labels.at(-1)).toBe('le');
    for (const m of metricCatalog) expect(store.tables.find((t) => t.family === m.family)!.labels).toEqual(expect.arrayContaining([...m.labels]));

    const [[create]] = await store.$client.query<RowDataPacket[]>(`SHOW CREATE TABLE \`${db.name}\`.cpu_metrics`);
    const ddl = create!['Create Table'] as string;
    expect(ddl).toMatch(/`ts` datetime\(3\) NOT NULL/);
    expect(ddl).toMatch(/`value` double NOT NULL/);
    expect(ddl).toMatch(/`lpar` varchar\(64\) .*NOT NULL DEFAULT ''/);
    expect(ddl).toMatch(/PRIMARY KEY \(`ts`,`metric`,`sysplex`,`lpar`,`cpu_type`,`cpc`,`polarity`\)/);
    expect(ddl).toMatch(/KEY `idx_series` \(`lpar`,`metric`,`cpu_type`,`cpc`,`polarity`,`ts`\)/);
    expect(ddl).toMatch(/KEY `idx_sysplex_ts` \(`sysplex`,`ts`\)/);

    const [versions] = await store.$client.query<RowDataPacket[]>(`SELECT version, name FROM \`${db.name}\`.rmf_sim_migrations`);
    expect(versions.map((v) => v.version)).toEqual([SCHEMA_VERSION]);
    // again: nothing to do
    expect(await store.migrate()).toEqual({ version: SCHEMA_VERSION, applied: [], changes: [], partitioning: 'none' });
  });

  it('refuses to work on a database that was not migrated, or whose schema is newer, with ERR_RMF_STORE_SCHEMA', async () => {
    const db = await freshDatabase('nomig');
    cleanups.push(db.drop);
    const store = createMysqlStore({ connection: db.url });
    cleanups.push(() => store.close());
    const e = await rejection(store.write(at(T0 + 15_000)));
    expect(e.code).toBe('ERR_RMF_STORE_SCHEMA');
    expect(e.message).toMatch(/no rmf-sim schema.*run store\.migrate\(\) first/);
    await store.migrate();
    await store.$client.query(`INSERT INTO \`${db.name}\`.rmf_sim_migrations (version, name) VALUES (99, 'from the future')`);
    const other = createMysqlStore({ connection: db.url });
    cleanups.push(() => other.close());
    expect(await rejection(other.count({ from: 0, to: T0 }))).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA', message: expect.stringMatching(/schema version 99, newer than this/) });
    expect(await rejection(other.migrate())).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA', message: expect.stringMatching(/upgrade the package/) });
  });

  it('migrate() adds what the catalogue gained: a missing table, a missing label column (with the keys rebuilt)', async () => {
    const { db, store } = await migratedStore('sync');
    const q = (sql: string) => store.$client.query(sql);
    await q(`DROP TABLE \`${db.name}\`.memory_metrics`);
    await q(`ALTER TABLE \`${db.name}\`.cpu_metrics DROP COLUMN cpc, DROP PRIMARY KEY, ADD PRIMARY KEY (ts, metric, sysplex, lpar, cpu_type), DROP INDEX idx_series, ADD KEY idx_series (lpar, metric, cpu_type, ts)`);
    const stale = createMysqlStore({ connection: db.url });
    cleanups.push(() => stale.close());
    expect(await rejection(stale.write(at(T0 + 15_000)))).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA', message: expect.stringMatching(/lacks \(cpu_metrics, memory_metrics\)/) });
    const report = await stale.migrate();
    expect(report.applied).toEqual([]);
    expect(report.changes.sort()).toEqual(['added cpc to cpu_metrics', 'created table memory_metrics']);
    const records = at(T0 + 15_000);
    expect(await stale.write(records)).toEqual({ written: records.length, duplicates: 0 });
    expect(await stale.count({ from: T0, to: T0 + DAY, family: ['cpu', 'memory'] })).toBe(records.filter((r) => ['cpu', 'memory'].includes(familyTables('').find((t) => t.metrics.includes(r.metric))!.family)).length);
  });

  it('uses a table prefix, and a database option instead of the connection’s', async () => {
    const db = await freshDatabase('prefix');
    cleanups.push(db.drop);
    const u = new URL(MYSQL_URL);
    u.pathname = '/';
    const store = createMysqlStore({ connection: u.toString(), database: db.name, tablePrefix: 'rmf_' });
    cleanups.push(() => store.close());
    await store.migrate();
    const [tables] = await store.$client.query<RowDataPacket[]>('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1', [db.name]);
    expect(tables.map((t) => t.t)).toEqual([...store.tables.map((t) => t.name), 'rmf_rmf_sim_migrations'].sort());
    expect(tables.every((t) => (t.t as string).startsWith('rmf_'))).toBe(true);
    await store.write(at(T0 + 15_000));
    expect(await store.count({ from: T0, to: T0 + DAY })).toBe(sim.series.length);
  });
});

describe('mysql store: writing', () => {
  it('fills each INSERT up to the statement limit (max_allowed_packet, or maxStatementBytes) and no further', async () => {
    const db = await freshDatabase('packet');
    cleanups.push(db.drop);
    const { pool, statements } = spiedPool(db.url);
    const small = createMysqlStore({ client: pool, maxStatementBytes: 64 * 1024 });
    await small.migrate();
    statements.length = 0;
    const records = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((k) => at(T0 + k * 15_000)); // 34k records, about 3 MB of SQL
    expect(await small.write(records)).toEqual({ written: records.length, duplicates: 0 });
    const inserts = statements.filter((s) => s.startsWith('INSERT'));
    expect(inserts.length).toBeGreaterThan(40);
    expect(Math.max(...inserts.map((s) => Buffer.byteLength(s)))).toBeLessThanOrEqual(64 * 1024);
    expect(Math.max(...inserts.map((s) => Buffer.byteLength(s)))).toBeGreaterThan(60 * 1024);
    expect(statements[0]).toBe('START TRANSACTION');
    expect(statements.at(-1)).toBe('COMMIT');

    // without a limit of its own, the server's max_allowed_packet sizes the statements: write enough intervals that
    // the largest family table needs more than one packet, whatever the server's setting (its INSERT text per
    // interval measured from the 8 intervals above)
    const [[{ packet }]] = (await pool.query('SELECT @@max_allowed_packet AS packet')) as unknown as [[{ packet: number }]];
    const perTable = new Map<string, number>();
    for (const sql of inserts) {
      const table = /^INSERT INTO \S+\.`([^`]+)`/.exec(sql)![1]!;
      perTable.set(table, (perTable.get(table) ?? 0) + Buffer.byteLength(sql) / 8);
    }
    const intervals = Math.ceil((1.2 * packet) / Math.max(...perTable.values()));
    statements.length = 0;
    const big = createMysqlStore({ client: pool });
    const many = Array.from({ length: intervals }, (_, k) => at(T0 + DAY + k * 15_000)).flat();
    expect(await big.write(many)).toEqual({ written: many.length, duplicates: 0 });
    const sizes = statements.filter((s) => s.startsWith('INSERT')).map((s) => Buffer.byteLength(s));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(packet); // more than one packet of SQL in all
    expect(Math.max(...sizes)).toBeLessThanOrEqual(packet - 4096);
    expect(Math.max(...sizes)).toBeGreaterThan((packet - 4096) * 0.9); // and the statements were filled up to it
    expect(await big.count({ from: T0, to: T0 + 2 * DAY })).toBe(records.length + many.length);
    // the user's pool is the escape hatch, and stays open after close()
    expect(big.$client).toBe(pool);
    await big.close();
    await small.close();
    const [[row]] = await pool.query<RowDataPacket[]>('SELECT 1 AS one');
    expect(row!.one).toBe(1);
  }, 120_000); // tens of thousands of records, twice, on a shared machine (the default sysplex has ~5,900 series)

  it('keeps values exact, and label values with quotes and backslashes intact, with and without NO_BACKSLASH_ESCAPES', async () => {
    const odd: MetricRecord[] = toRecords([
      { timestamp: T0 + 15_000, metric: 'rmf_cpu_capture_ratio_percent', labels: { sysplex: "PLEX'1", lpar: 'A\\B"C' }, value: 0.1 + 0.2 },
      { timestamp: T0 + 15_000, metric: 'rmf_cpu_capture_ratio_percent', labels: { sysplex: 'PLEX', lpar: 'ünïcødé ✓' }, value: 5e-324 },
      { timestamp: T0 + 15_000, metric: 'rmf_memory_usage_bytes', labels: { sysplex: 'PLEX', lpar: 'L', memory_type: 'csa' }, value: 1.7976931348623157e308 },
      { timestamp: T0 + 15_000, metric: 'rmf_memory_usage_bytes', labels: { sysplex: 'PLEX', lpar: 'L', memory_type: 'real_storage' }, value: -123456789.98765433 },
      { timestamp: T0 + 15_000, metric: 'rmf_memory_usage_bytes', labels: { sysplex: 'PLEX', lpar: 'L', memory_type: 'virtual_storage' }, value: -0 },
    ]);
    for (const noBackslash of [false, true]) {
      const db = await freshDatabase(noBackslash ? 'nobs' : 'bs');
      cleanups.push(db.drop);
      const pool = mysql.createPool({ uri: db.url, connectionLimit: 2 });
      cleanups.push(() => pool.end());
      if (noBackslash) pool.pool.on('connection', (c) => c.query("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')"));
      const store = createMysqlStore({ client: pool });
      await store.migrate();
      await store.write(odd);
      const back = await store.read({ from: T0, to: T0 + DAY });
      // every finite double comes back bit-exact, except -0: MariaDB and MySQL store negative zero as 0 (documented)
      const zero = odd.at(-1)!.key;
      expect(new Map(back.map((r) => [r.key, r.value]))).toEqual(new Map(odd.map((r) => [r.key, r.key === zero ? 0 : r.value])));
      expect(Object.is(back.find((r) => r.key === zero)!.value, 0)).toBe(true);
      expect(back.find((r) => r.labels.sysplex === "PLEX'1")!.labels).toEqual({ sysplex: "PLEX'1", lpar: 'A\\B"C' });
      expect(await store.count({ from: T0, to: T0 + DAY, lpar: 'A\\B"C' })).toBe(1);
    }
  });

  it('rejects label values the columns cannot hold exactly with ERR_RMF_STORE_RECORD, writing nothing', async () => {
    const { store } = await migratedStore('labels');
    const good = at(T0 + 15_000);
    const base = { timestamp: T0 + 15_000, metric: 'rmf_cpu_capture_ratio_percent', value: 90 };
    for (const [lpar, why] of [
      ['X'.repeat(65), /longer than 64 characters/],
      ['😀'.repeat(65), /longer than 64 characters/],
      ['PROD01 ', /ends with a space/],
      ['PROD\uD800', /not valid UTF-16 \(a lone surrogate\)/],
      ['\uDC00PROD', /not valid UTF-16 \(a lone surrogate\)/],
    ] as const) {
      const e = await rejection(store.write([...good, ...toRecords([{ ...base, labels: { sysplex: 'S', lpar } }])]));
      expect(e.code, lpar).toBe('ERR_RMF_STORE_RECORD');
      expect(e.message).toMatch(why);
    }
    expect(await store.count({ from: T0, to: T0 + DAY })).toBe(0);
    // 64 characters is 64 code points, whatever their UTF-16 length: 64 emoji (128 UTF-16 units) fit and read back exactly
    const emoji = '😀'.repeat(64);
    const wide = toRecords([{ ...base, labels: { sysplex: 'S', lpar: emoji } }, { ...base, labels: { sysplex: 'S', lpar: `A${'é'.repeat(63)}` } }]);
    expect(await store.write(wide)).toEqual({ written: 2, duplicates: 0 });
    expect((await store.read({ from: T0, to: T0 + DAY, lpar: emoji })).map((r) => r.labels.lpar)).toEqual([emoji]);
  });

  it('accepts a mysql2 callback pool and uses its promise() wrapper', async () => {
    const db = await freshDatabase('cb');
    cleanups.push(db.drop);
    const { createPool } = await import('mysql2');
    const callbackPool = createPool({ uri: db.url, connectionLimit: 1 });
    cleanups.push(() => new Promise((r) => callbackPool.end(r)));
    const store = createMysqlStore({ client: callbackPool });
    await store.migrate();
    await store.write(at(T0 + 15_000));
    expect(await store.count({ from: T0, to: T0 + DAY, lpar: 'PROD01', family: 'cpu' })).toBe(at(T0 + 15_000).filter((r) => r.labels.lpar === 'PROD01' && getMetric(r.metric)!.family === 'cpu').length);
  });
});

describe('mysql store: daily partitions', () => {
  const partitions = async (store: MysqlStore, db: string) => {
    const [rows] = await store.$client.query<RowDataPacket[]>("SELECT PARTITION_NAME AS p FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'cpu_metrics' ORDER BY PARTITION_ORDINAL_POSITION", [db]);
    return rows.map((r) => r.p as string);
  };

  it('creates a partition per day as data arrives (and the next day ahead); deleteBefore drops whole days', async () => {
    const { db, store } = await migratedStore('part', { partitioning: 'daily' });
    expect(await partitions(store, db.name)).toEqual(['p_max']);
    await store.write([...at(T0 + 2 * DAY + 15_000), ...at(T0 + 3 * DAY + 15_000)]);
    expect(await partitions(store, db.name)).toEqual(['p20260106', 'p20260107', 'p20260108', 'p20260109', 'p_max']);
    // an earlier day splits the first partition
    await store.write(at(T0 + 15_000));
    expect(await partitions(store, db.name)).toEqual(['p20260104', 'p20260105', 'p20260106', 'p20260107', 'p20260108', 'p20260109', 'p_max']);
    // the rows of the 5th are in its own partition
    const cpuMetrics = store.tables.find((t) => t.family === 'cpu')!.metrics;
    const [[p5]] = await store.$client.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${db.name}\`.cpu_metrics PARTITION (p20260105)`);
    expect(p5!.n).toBe(at(T0 + 15_000).filter((r) => cpuMetrics.includes(r.metric)).length);

    await store.deleteBefore(T0 + 2 * DAY + 15_000); // the 7th at 00:00:15: drops the 4th–6th whole, nothing of the 7th
    expect(await partitions(store, db.name)).toEqual(['p20260107', 'p20260108', 'p20260109', 'p_max']);
    expect(await store.count({ from: 0, to: T0 + 10 * DAY })).toBe(2 * sim.series.length);
  });

  it('migrate() partitions existing plain tables by day when asked, keeping their rows', async () => {
    const { db, store } = await migratedStore('repart');
    await store.write(at(T0 + 15_000));
    const daily = createMysqlStore({ connection: db.url, partitioning: 'daily' });
    cleanups.push(() => daily.close());
    expect(await rejection(daily.count({ from: 0, to: T0 + DAY }))).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA', message: expect.stringMatching(/not partitioned.*run store\.migrate\(\) to partition them by day/) });
    const report = await daily.migrate();
    expect(report.partitioning).toBe('daily');
    expect(report.changes).toHaveLength(store.tables.length);
    expect(report.changes[0]).toMatch(/^partitioned .* by day$/);
    await daily.write(at(T0 + DAY + 15_000));
    expect(await daily.count({ from: 0, to: T0 + 2 * DAY })).toBe(2 * sim.series.length);
    expect((await partitions(daily, db.name)).length).toBeGreaterThan(1);
  });

  it('a store without the option uses the layout it finds; a mismatched option never drops the partitioning', async () => {
    const { db, store: writer } = await migratedStore('layout', { partitioning: 'daily' });
    await writer.write(at(T0 + 15_000));
    const before = await partitions(writer, db.name);

    // a reader (or writer) that leaves partitioning out works on the partitioned tables, and keeps them partitioned
    const plainDefault = createMysqlStore({ connection: db.url });
    cleanups.push(() => plainDefault.close());
    expect(await plainDefault.count({ from: 0, to: T0 + DAY })).toBe(sim.series.length);
    expect(await plainDefault.migrate()).toEqual({ version: SCHEMA_VERSION, applied: [], changes: [], partitioning: 'daily' });
    await plainDefault.write(at(T0 + 3 * DAY + 15_000)); // a new day: its partition is split off
    expect(await partitions(writer, db.name)).toEqual(expect.arrayContaining([...before, 'p20260108', 'p20260109']));

    // partitioning: 'none' on partitioned tables is refused, by reads and by migrate(), naming the option to pass
    const none = createMysqlStore({ connection: db.url, partitioning: 'none' });
    cleanups.push(() => none.close());
    const read = await rejection(none.count({ from: 0, to: T0 + DAY }));
    expect(read.code).toBe('ERR_RMF_STORE_SCHEMA');
    expect(read.message).toMatch(/are partitioned by day, but the store was created with partitioning: 'none': pass partitioning: 'daily' \(or leave it out\)/);
    expect(read.message).not.toMatch(/run store\.migrate\(\)/);
    const migrate = await rejection(none.migrate());
    expect(migrate.code).toBe('ERR_RMF_STORE_SCHEMA');
    expect(migrate.message).toMatch(/migrate\(\) never removes partitioning: pass partitioning: 'daily' \(or leave it out\)/);
    // nothing was changed: the writer goes on into the next day
    expect(await partitions(writer, db.name)).toEqual(expect.arrayContaining(before));
    await writer.write(at(T0 + 4 * DAY + 15_000));
    expect(await writer.count({ from: 0, to: T0 + 5 * DAY })).toBe(3 * sim.series.length);
  });

  it('a new database gets plain tables unless partitioning: daily is asked for', async () => {
    const { db, store } = await migratedStore('fresh');
    expect(await partitions(store, db.name)).toEqual([null]);
    expect((await store.migrate()).partitioning).toBe('none');
  });
});

describe('mysql store: bad input', () => {
  it('rejects invalid options with a ConfigError naming each path', () => {
    const e = (() => {
      try {
        createMysqlStore({ connection: { user: '', port: 0, host: 'h' }, partitioning: 'weekly' as never, tablePrefix: 'a-b', maxStatementBytes: 10 });
      } catch (error) {
        return error as { code: string; issues: { path: (string | number)[]; message: string }[]; message: string };
      }
    })()!;
    expect(e.code).toBe('ERR_RMF_CONFIG');
    expect(e.issues.map((i) => i.path.join('.')).sort()).toEqual(['connection.port', 'connection.user', 'maxStatementBytes', 'partitioning', 'tablePrefix']);
    expect(e.message).toMatch(/connection\.port: Too small/);
    expect(() => createMysqlStore({})).toThrow(/give either client .* or connection/);
    expect(() => createMysqlStore({ connection: 'postgres://u@h/db' })).toThrow(/connection: unsupported protocol postgres:/);
    expect(() => createMysqlStore({ connection: 'mysql://u@h:99999/db' })).toThrow(/connection/);
    expect(() => createMysqlStore({ client: { query: 1 } as never })).toThrow(/client: client must be a mysql2 pool/);
    expect(() => createMysqlStore({ connection: MYSQL_URL, client: mysql.createPool({}) as Pool })).toThrow(/connection: give either client/);
  });

  it('names an unreachable server: ERR_RMF_STORE_UNAVAILABLE with the host, port and cause', async () => {
    const store = createMysqlStore({ connection: { host: '127.0.0.1', port: 1, user: 'root', connectTimeout: 2000 } });
    cleanups.push(() => store.close());
    const e = await rejection(store.write(at(T0 + 15_000)));
    expect(e.code).toBe('ERR_RMF_STORE_UNAVAILABLE');
    expect(e.message).toMatch(/cannot write to MySQL at 127\.0\.0\.1:1: .*ECONNREFUSED.*is the server running/);
    expect(e.cause?.code).toBe('ECONNREFUSED');
    expect((await rejection(store.migrate())).code).toBe('ERR_RMF_STORE_UNAVAILABLE');
  });

  it('names wrong credentials: ERR_RMF_STORE_AUTH; and an unknown database: ERR_RMF_STORE_SCHEMA', async () => {
    const u = new URL(MYSQL_URL);
    u.username = 'rmf_nobody';
    u.password = 'wrong';
    const denied = createMysqlStore({ connection: u.toString() });
    cleanups.push(() => denied.close());
    const e = await rejection(denied.read({ from: 0, to: T0 }));
    expect(e.code).toBe('ERR_RMF_STORE_AUTH');
    expect(e.message).toMatch(/Access denied for user 'rmf_nobody'.*check the user, the password/);

    const v = new URL(MYSQL_URL);
    v.pathname = '/rmf_no_such_database';
    const missing = createMysqlStore({ connection: v.toString() });
    cleanups.push(() => missing.close());
    expect(await rejection(missing.migrate())).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA', message: expect.stringMatching(/Unknown database 'rmf_no_such_database'/) });
  });

  it('is usable again after a failed first connection (the failure is not cached)', async () => {
    const admin = adminPool();
    cleanups.push(() => admin.end());
    const db = await freshDatabase('retry');
    cleanups.push(db.drop);
    const store = createMysqlStore({ connection: db.url });
    cleanups.push(() => store.close());
    expect((await rejection(store.count({ from: 0, to: T0 }))).code).toBe('ERR_RMF_STORE_SCHEMA');
    await store.migrate();
    expect(await store.count({ from: 0, to: T0 })).toBe(0);
  });
});

describe('mysql store: which errors are transient', () => {
  it('a statement larger than max_allowed_packet is permanent: it fails the same way on every retry', async () => {
    const pool = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 1 });
    cleanups.push(() => pool.end());
    const [[{ packet }]] = (await pool.query('SELECT @@max_allowed_packet AS packet')) as unknown as [[{ packet: number }]];
    const driver = await rejection(pool.query(`SELECT '${'x'.repeat(packet + 1024)}' AS big`));
    expect(driver.code).toBe('ER_NET_PACKET_TOO_LARGE');
    const e = storageError(driver, '127.0.0.1:3306', 'write to');
    expect(e.code).toBe('ERR_RMF_STORE_QUERY');
    expect(isTransientError(e)).toBe(false);
    expect(e.message).toMatch(/max_allowed_packet/);
  });

  it('connection trouble is transient; an error of rmf-sim passes through unchanged, recognised by its code', () => {
    for (const driver of [{ code: 'ECONNRESET' }, { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }, { errno: 2013 }, { code: 'ER_LOCK_DEADLOCK' }]) {
      expect(classify(driver), JSON.stringify(driver)).toBe('ERR_RMF_STORE_UNAVAILABLE');
    }
    expect(classify({ code: 'ER_NET_PACKET_TOO_LARGE', errno: 1153, fatal: true })).toBe('ERR_RMF_STORE_QUERY');
    // a StorageError of another copy of core (its class is not ours): kept as it is
    const foreign = Object.assign(new Error('label too long'), { name: 'Error', code: 'ERR_RMF_STORE_RECORD' });
    expect(storageError(foreign, 'h:1', 'write to')).toBe(foreign);
    const ours = new StorageError('ERR_RMF_STORE_AUTH', 'denied');
    expect(storageError(ours, 'h:1', 'write to')).toBe(ours);
    // a driver error whose code is not ours is wrapped
    expect(storageError(Object.assign(new Error('boom'), { code: 'ER_PARSE_ERROR' }), 'h:1', 'write to')).toMatchObject({ code: 'ERR_RMF_STORE_QUERY', message: 'cannot write to MySQL at h:1: boom (ER_PARSE_ERROR)' });
  });
});
