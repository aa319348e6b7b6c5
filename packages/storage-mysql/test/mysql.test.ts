import { createSimulator, metricCatalog, toRecords, type MetricRecord } from '@rmf-sim/core';
import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { rejection } from '@rmf-sim/test-utils';
import { createMysqlStore, familyTables, SCHEMA_VERSION, type MysqlStore } from '../src/index.js';
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
    expect(cpu.labels).toEqual(['sysplex', 'lpar', 'cpu_type', 'cpc']);
    expect(store.tables.find((t) => t.family === 'ldev')!.labels.at(-1)).toBe('le');
    for (const m of metricCatalog) expect(store.tables.find((t) => t.family === m.family)!.labels).toEqual(expect.arrayContaining([...m.labels]));

    const [[create]] = await store.$client.query<RowDataPacket[]>(`SHOW CREATE TABLE \`${db.name}\`.cpu_metrics`);
    const ddl = create!['Create Table'] as string;
    expect(ddl).toMatch(/`ts` datetime\(3\) NOT NULL/);
    expect(ddl).toMatch(/`value` double NOT NULL/);
    expect(ddl).toMatch(/`lpar` varchar\(64\) .*NOT NULL DEFAULT ''/);
    expect(ddl).toMatch(/PRIMARY KEY \(`ts`,`metric`,`sysplex`,`lpar`,`cpu_type`,`cpc`\)/);
    expect(ddl).toMatch(/KEY `idx_series` \(`lpar`,`metric`,`cpu_type`,`cpc`,`ts`\)/);
    expect(ddl).toMatch(/KEY `idx_sysplex_ts` \(`sysplex`,`ts`\)/);

    const [versions] = await store.$client.query<RowDataPacket[]>(`SELECT version, name FROM \`${db.name}\`.rmf_sim_migrations`);
    expect(versions.map((v) => v.version)).toEqual([SCHEMA_VERSION]);
    // again: nothing to do
    expect(await store.migrate()).toEqual({ version: SCHEMA_VERSION, applied: [], changes: [] });
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

    // without a limit of its own, the server's max_allowed_packet sizes the statements
    const [[{ packet }]] = (await pool.query('SELECT @@max_allowed_packet AS packet')) as unknown as [[{ packet: number }]];
    statements.length = 0;
    const big = createMysqlStore({ client: pool });
    const many = Array.from({ length: 60 }, (_, k) => at(T0 + DAY + k * 15_000)).flat(); // 256k records
    expect(await big.write(many)).toEqual({ written: many.length, duplicates: 0 });
    const sizes = statements.filter((s) => s.startsWith('INSERT')).map((s) => Buffer.byteLength(s));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(packet - 4096);
    if (packet <= 16 * 1024 * 1024) expect(Math.max(...sizes)).toBeGreaterThan(packet * 0.9); // the volume table alone is larger than one packet
    expect(await big.count({ from: T0, to: T0 + 2 * DAY })).toBe(records.length + many.length);
    // the user's pool is the escape hatch, and stays open after close()
    expect(big.$client).toBe(pool);
    await big.close();
    await small.close();
    const [[row]] = await pool.query<RowDataPacket[]>('SELECT 1 AS one');
    expect(row!.one).toBe(1);
  });

  it('keeps values exact, and label values with quotes and backslashes intact, with and without NO_BACKSLASH_ESCAPES', async () => {
    const odd: MetricRecord[] = toRecords([
      { timestamp: T0 + 15_000, metric: 'rmf_cpu_capture_ratio_percent', labels: { sysplex: "PLEX'1", lpar: 'A\\B"C' }, value: 0.1 + 0.2 },
      { timestamp: T0 + 15_000, metric: 'rmf_cpu_capture_ratio_percent', labels: { sysplex: 'PLEX', lpar: 'ünïcødé ✓' }, value: 5e-324 },
      { timestamp: T0 + 15_000, metric: 'rmf_memory_usage_bytes', labels: { sysplex: 'PLEX', lpar: 'L', memory_type: 'csa' }, value: 1.7976931348623157e308 },
      { timestamp: T0 + 15_000, metric: 'rmf_memory_usage_bytes', labels: { sysplex: 'PLEX', lpar: 'L', memory_type: 'real_storage' }, value: -123456789.98765433 },
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
      expect(new Map(back.map((r) => [r.key, r.value]))).toEqual(new Map(odd.map((r) => [r.key, r.value])));
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
      ['PROD01 ', /ends with a space/],
    ] as const) {
      const e = await rejection(store.write([...good, ...toRecords([{ ...base, labels: { sysplex: 'S', lpar } }])]));
      expect(e.code).toBe('ERR_RMF_STORE_RECORD');
      expect(e.message).toMatch(why);
    }
    expect(await store.count({ from: T0, to: T0 + DAY })).toBe(0);
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
    expect(await store.count({ from: T0, to: T0 + DAY, lpar: 'PROD01', family: 'cpu' })).toBe(6);
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

  it('migrate() partitions existing tables (keeping their rows) or removes the partitioning, as the option says', async () => {
    const { db, store } = await migratedStore('repart');
    await store.write(at(T0 + 15_000));
    const daily = createMysqlStore({ connection: db.url, partitioning: 'daily' });
    cleanups.push(() => daily.close());
    expect(await rejection(daily.count({ from: 0, to: T0 + DAY }))).toMatchObject({ code: 'ERR_RMF_STORE_SCHEMA', message: expect.stringMatching(/not partitioned/) });
    const report = await daily.migrate();
    expect(report.changes).toHaveLength(store.tables.length);
    expect(report.changes[0]).toMatch(/^partitioned .* by day$/);
    await daily.write(at(T0 + DAY + 15_000));
    expect(await daily.count({ from: 0, to: T0 + 2 * DAY })).toBe(2 * sim.series.length);
    expect((await partitions(daily, db.name)).length).toBeGreaterThan(1);
    const plain = createMysqlStore({ connection: db.url });
    cleanups.push(() => plain.close());
    expect((await plain.migrate()).changes[0]).toMatch(/^removed the partitioning of/);
    expect(await partitions(plain, db.name)).toEqual([null]);
    expect(await plain.count({ from: 0, to: T0 + 2 * DAY })).toBe(2 * sim.series.length);
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
