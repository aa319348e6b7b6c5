import { StorageError } from '@rmf-sim/core';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { readPartitions } from './partitions.js';
import { createTableSql, ident, indexColumns, labelColumn, PARTITION_CLAUSE, type FamilyTable } from './schema.js';

/** What a migration step works on. */
export interface MigrationContext {
  conn: PoolConnection;
  database: string;
  tables: readonly FamilyTable[];
  /** Quoted `db`.`table`. */
  qualified(table: string): string;
  /** The layout the tables get: the option, or the one the existing tables have. */
  partitioning: 'none' | 'daily';
}

/**
 * One versioned step of the schema. Steps are idempotent (DDL commits implicitly in MySQL, so a step interrupted
 * half-way must be safe to run again) and are recorded in the `rmf_sim_migrations` table once done.
 */
export interface Migration {
  version: number;
  name: string;
  up(ctx: MigrationContext): Promise<void>;
}

/**
 * The adapter's schema history. Growth of the metric catalogue (a new family, a new label) needs no new version:
 * `migrate()` derives it from the catalogue after the versioned steps (see {@link MigrationReport.changes}).
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'metric family tables: one per family, a column per label, natural primary key (ts, metric, labels), idx_series, idx_sysplex_ts',
    async up(ctx) {
      for (const t of ctx.tables) await ctx.conn.query(createTableSql(t, ctx.qualified(t.name), ctx.partitioning === 'daily'));
    },
  },
];

/** The schema version this library writes and reads. */
export const SCHEMA_VERSION = migrations.at(-1)!.version;

/**
 * What {@link MysqlStore.migrate} did.
 *
 * @example
 * ```ts
 * const report = await store.migrate();
 * console.log(`schema v${report.version}`, report.applied, report.changes);
 * ```
 */
export interface MigrationReport {
  /** Schema version after the run. */
  version: number;
  /** Names of the versioned steps applied in this run. */
  applied: string[];
  /** Changes derived from the catalogue and the `partitioning` option (tables created, columns added, tables partitioned). */
  changes: string[];
  /** The layout of the tables after the run. */
  partitioning: 'none' | 'daily';
}

export const migrationsTable = (prefix: string) => `${prefix}rmf_sim_migrations`;

/** Label columns of the existing tables (by table name). */
async function existingColumns(conn: Pool | PoolConnection, database: string, tables: readonly string[]): Promise<Map<string, Set<string>>> {
  const [rows] = await conn.query<RowDataPacket[]>('SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)', [database, tables]);
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.t as string) ?? new Set<string>();
    set.add(r.c as string);
    out.set(r.t as string, set);
  }
  return out;
}

/** Adds what the catalogue has and the database lacks: tables of new families, columns of new labels (with the keys rebuilt). */
async function syncCatalogue(ctx: MigrationContext): Promise<string[]> {
  const changes: string[] = [];
  const columns = await existingColumns(ctx.conn, ctx.database, ctx.tables.map((t) => t.name));
  for (const t of ctx.tables) {
    const have = columns.get(t.name);
    if (!have) {
      await ctx.conn.query(createTableSql(t, ctx.qualified(t.name), ctx.partitioning === 'daily'));
      changes.push(`created table ${t.name}`);
      continue;
    }
    const missing = t.labels.filter((l) => !have.has(l));
    if (missing.length === 0) continue;
    const idx = indexColumns(t);
    await ctx.conn.query(
      `ALTER TABLE ${ctx.qualified(t.name)} ${missing.map((l) => `ADD COLUMN ${labelColumn(l)}`).join(', ')}, DROP PRIMARY KEY, ADD PRIMARY KEY (${idx.primary.map(ident).join(', ')}), DROP INDEX idx_series, ADD KEY idx_series (${idx.series.map(ident).join(', ')})`,
    );
    changes.push(`added ${missing.join(', ')} to ${t.name}`);
  }
  return changes;
}

/** Partitions the tables that are not, when the layout is daily. Never removes partitioning. */
async function syncPartitioning(ctx: MigrationContext): Promise<string[]> {
  const changes: string[] = [];
  if (ctx.partitioning !== 'daily') return changes;
  const parts = await readPartitions(ctx.conn, ctx.database, ctx.tables.map((t) => t.name));
  for (const t of ctx.tables) {
    if ((parts.get(t.name)?.length ?? 0) > 0) continue;
    await ctx.conn.query(`ALTER TABLE ${ctx.qualified(t.name)} ${PARTITION_CLAUSE}`);
    changes.push(`partitioned ${t.name} by day`);
  }
  return changes;
}

/** The family tables that exist and are partitioned. */
async function partitionedTables(pool: Pool | PoolConnection, database: string, tables: readonly FamilyTable[]): Promise<string[]> {
  const parts = await readPartitions(pool, database, tables.map((t) => t.name));
  return tables.filter((t) => (parts.get(t.name)?.length ?? 0) > 0).map((t) => t.name);
}

const keepDaily = "pass partitioning: 'daily' (or leave it out) to use them as they are";

/**
 * The layout `migrate()` gives the tables: the option, or the existing tables' (daily when any is partitioned;
 * 'none' for a new database). Throws `ERR_RMF_STORE_SCHEMA` for `'none'` on partitioned tables: removing the
 * partitioning would break every writer that relies on it, so it is never done on the strength of an option.
 */
export async function migrationLayout(conn: PoolConnection, database: string, tables: readonly FamilyTable[], option: 'none' | 'daily' | undefined): Promise<'none' | 'daily'> {
  const partitioned = await partitionedTables(conn, database, tables);
  if (option === 'none' && partitioned.length > 0) {
    throw new StorageError(
      'ERR_RMF_STORE_SCHEMA',
      `tables ${partitioned.join(', ')} are partitioned by day, but the store was created with partitioning: 'none', and migrate() never removes partitioning: ${keepDaily} (to remove it on purpose, run ALTER TABLE … REMOVE PARTITIONING on each table yourself)`,
    );
  }
  return option ?? (partitioned.length > 0 ? 'daily' : 'none');
}

/** Applies the pending steps, then the catalogue and partitioning sync. Run while holding the migration lock. */
export async function runMigrations(ctx: MigrationContext, prefix: string): Promise<MigrationReport> {
  const table = ctx.qualified(migrationsTable(prefix));
  await ctx.conn.query(`CREATE TABLE IF NOT EXISTS ${table} (version INT NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL, applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)) ENGINE=InnoDB`);
  const [[row]] = await ctx.conn.query<RowDataPacket[]>(`SELECT COALESCE(MAX(version), 0) AS v FROM ${table}`);
  const current = Number(row?.v ?? 0);
  if (current > SCHEMA_VERSION) throw newerSchema(current);
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    await m.up(ctx);
    await ctx.conn.query(`INSERT INTO ${table} (version, name) VALUES (?, ?)`, [m.version, m.name]);
    applied.push(m.name);
  }
  const changes = [...(await syncCatalogue(ctx)), ...(await syncPartitioning(ctx))];
  return { version: SCHEMA_VERSION, applied, changes, partitioning: ctx.partitioning };
}

const newerSchema = (v: number) => new StorageError('ERR_RMF_STORE_SCHEMA', `the database has schema version ${v}, newer than this @rmf-sim/storage-mysql (${SCHEMA_VERSION}): upgrade the package`);

/**
 * Checks that the schema is there, current, complete for the catalogue, and partitioned as the option says (or
 * consistently, without the option); throws `ERR_RMF_STORE_SCHEMA` saying what to do. Returns the layout in use.
 */
export async function verifySchema(pool: Pool, database: string, prefix: string, tables: readonly FamilyTable[], option: 'none' | 'daily' | undefined, qualified: (t: string) => string): Promise<'none' | 'daily'> {
  const migrate = 'run store.migrate() first';
  let version = 0;
  try {
    const [[row]] = await pool.query<RowDataPacket[]>(`SELECT COALESCE(MAX(version), 0) AS v FROM ${qualified(migrationsTable(prefix))}`);
    version = Number(row?.v ?? 0);
  } catch (e) {
    if ((e as { code?: string }).code === 'ER_NO_SUCH_TABLE') throw new StorageError('ERR_RMF_STORE_SCHEMA', `database ${database} has no rmf-sim schema (no ${migrationsTable(prefix)} table): ${migrate}`, { cause: e });
    throw e;
  }
  if (version > SCHEMA_VERSION) throw newerSchema(version);
  if (version < SCHEMA_VERSION) throw new StorageError('ERR_RMF_STORE_SCHEMA', `database ${database} has schema version ${version}, this library needs ${SCHEMA_VERSION}: ${migrate}`);
  const columns = await existingColumns(pool, database, tables.map((t) => t.name));
  const incomplete = tables.filter((t) => !columns.has(t.name) || t.labels.some((l) => !columns.get(t.name)!.has(l))).map((t) => t.name);
  if (incomplete.length) throw new StorageError('ERR_RMF_STORE_SCHEMA', `the metric catalogue has tables or labels the database lacks (${incomplete.join(', ')}): ${migrate}`);
  const partitioned = new Set(await partitionedTables(pool, database, tables));
  const plain = tables.filter((t) => !partitioned.has(t.name)).map((t) => t.name);
  if (option === 'none' && partitioned.size > 0) {
    throw new StorageError('ERR_RMF_STORE_SCHEMA', `tables ${[...partitioned].join(', ')} are partitioned by day, but the store was created with partitioning: 'none': ${keepDaily}`);
  }
  if (option === 'daily' && plain.length > 0) {
    throw new StorageError('ERR_RMF_STORE_SCHEMA', `tables ${plain.join(', ')} are not partitioned, but the store was created with partitioning: 'daily': run store.migrate() to partition them by day (it keeps the rows), or leave partitioning out to use them as they are`);
  }
  if (option === undefined && partitioned.size > 0 && plain.length > 0) {
    throw new StorageError('ERR_RMF_STORE_SCHEMA', `tables ${plain.join(', ')} are not partitioned while the others are (an interrupted migration?): run store.migrate() to partition them by day`);
  }
  return partitioned.size > 0 ? 'daily' : 'none';
}
