import { ConfigError } from '@rmf-sim/core';
import type { Pool, PoolOptions } from 'mysql2/promise';
import { z } from 'zod';

/**
 * Connection settings for a pool the store opens (and closes) itself.
 *
 * @example
 * ```ts
 * const connection: MysqlConnectionOptions = { host: 'db.example.com', user: 'rmf', password: process.env.DB_PASSWORD, database: 'rmf' };
 * ```
 */
export interface MysqlConnectionOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 3306 */
  port?: number;
  user: string;
  /** @default '' (no password) */
  password?: string;
  /** Default database of the connections. */
  database?: string;
  /** Connections in the pool. @default 4 */
  connectionLimit?: number;
  /** Time to establish a connection, ms. @default 10000 */
  connectTimeout?: number;
  /** TLS settings, passed to mysql2 as they are. */
  ssl?: PoolOptions['ssl'];
}

/** A mysql2 callback-style pool (`mysql2.createPool`); the store uses its `.promise()` wrapper. */
export interface CallbackPool {
  promise(): Pool;
}

/**
 * Options of {@link createMysqlStore}: either `client` or `connection`.
 *
 * @example
 * ```ts
 * const a: MysqlStoreOptions = { connection: 'mysql://root@127.0.0.1:3306/rmf', partitioning: 'daily' };
 * const b: MysqlStoreOptions = { client: mysql.createPool({ uri: process.env.DATABASE_URL }) };
 * ```
 */
export interface MysqlStoreOptions {
  /** Your mysql2 pool (`mysql2/promise`, or a callback pool). The store never closes it. */
  client?: Pool | CallbackPool;
  /** Or where to connect: `mysql://user:password@host:port/database` (also `mariadb://`), or the settings. */
  connection?: string | MysqlConnectionOptions;
  /** Database of the tables. @default the connection's default database */
  database?: string;
  /** Prefix of every table name (letters, digits, `_`). @default '' */
  tablePrefix?: string;
  /**
   * `'daily'`: every table is range-partitioned by day (created on demand as data arrives), and `deleteBefore`
   * drops whole days as partitions; `migrate()` partitions existing plain tables. `'none'`: plain tables.
   * Left out, the store uses the tables as it finds them (daily when they are partitioned), and a new database gets
   * plain tables. `migrate()` never removes partitioning: `'none'` on partitioned tables is refused.
   * @default the layout of the existing tables ('none' for a new database)
   */
  partitioning?: 'none' | 'daily';
  /**
   * Largest INSERT statement, bytes. Statements are filled up to the server's `max_allowed_packet` (less 4 KiB),
   * and never beyond this.
   * @default 67108864 (64 MiB)
   */
  maxStatementBytes?: number;
  /**
   * How a batch is written: `'insert'`, multi-row `INSERT … ON DUPLICATE KEY UPDATE` statements; `'load-data'`,
   * `LOAD DATA LOCAL INFILE … REPLACE` of the batch as tab-separated text, one per table, in the same transaction
   * (the server's bulk path: about twice the rate here; the server must allow `local_infile`, and a pool of yours must
   * be created with `flags: ['+LOCAL_FILES']`). Both upsert by the natural key and report duplicates.
   * @default 'insert'
   */
  writeMethod?: 'insert' | 'load-data';
}

/** Options after validation, with the connection resolved to mysql2 pool options. */
export interface ResolvedStoreOptions {
  client: Pool | null;
  ownsClient: boolean;
  pool: PoolOptions | null;
  /** `host:port` for messages. */
  target: string;
  database: string | undefined;
  tablePrefix: string;
  /** As given; `undefined`: as the existing tables are. */
  partitioning: 'none' | 'daily' | undefined;
  maxStatementBytes: number;
  writeMethod: 'insert' | 'load-data';
}

const IDENT = /^[A-Za-z0-9_$]{1,64}$/;
const database = z.string().regex(IDENT, 'database names are 1–64 characters A–Z, a–z, 0–9, _ or $');
const connectionObject = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(3306),
    user: z.string().min(1),
    password: z.string().default(''),
    database: database.optional(),
    connectionLimit: z.number().int().min(1).max(1000).default(4),
    connectTimeout: z.number().int().min(1).max(600_000).default(10_000),
    ssl: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  })
  .strict();

type ConnectionObject = z.output<typeof connectionObject>;

/** A URL into connection settings; problems are reported as issues (with "(in the URL)"). */
function parseUrl(s: string, ctx: z.RefinementCtx): ConnectionObject | typeof z.NEVER {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a URL: expected mysql://user:password@host:port/database' });
    return z.NEVER;
  }
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') {
    ctx.addIssue({ code: 'custom', message: `unsupported protocol ${u.protocol} (use mysql:// or mariadb://)` });
    return z.NEVER;
  }
  return parseObject(
    {
      host: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, '')) || '127.0.0.1',
      port: u.port ? Number(u.port) : 3306,
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      ...(u.pathname.length > 1 ? { database: decodeURIComponent(u.pathname.slice(1)) } : {}),
    },
    ctx,
    ' (in the URL)',
  );
}

function parseObject(v: unknown, ctx: z.RefinementCtx, suffix = ''): ConnectionObject | typeof z.NEVER {
  const r = connectionObject.safeParse(v);
  if (r.success) return r.data;
  for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: i.path, message: `${i.message}${suffix}` });
  return z.NEVER;
}

/** A URL or settings object (one schema, so that errors name the field instead of "invalid union"). */
const connection = z.unknown().transform((v, ctx) => (typeof v === 'string' ? parseUrl(v, ctx) : parseObject(v, ctx)));

const poolLike = z.custom<Pool | CallbackPool>((c) => {
  const p = c as Record<string, unknown> | null;
  return !!p && typeof p === 'object' && (typeof p.promise === 'function' || (typeof p.query === 'function' && typeof p.getConnection === 'function'));
}, 'client must be a mysql2 pool (from mysql2/promise createPool, or mysql2 createPool)');

const schema = z
  .object({
    client: poolLike.optional(),
    connection: connection.optional(),
    database: database.optional(),
    tablePrefix: z.string().regex(/^[A-Za-z0-9_]{0,32}$/, 'tablePrefix is up to 32 characters A–Z, a–z, 0–9 or _').default(''),
    partitioning: z.enum(['none', 'daily']).optional(),
    maxStatementBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .max(1024 * 1024 * 1024)
      .default(64 * 1024 * 1024),
    writeMethod: z.enum(['insert', 'load-data']).default('insert'),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (!o.client === !o.connection) ctx.addIssue({ code: 'custom', path: o.client ? ['connection'] : [], message: 'give either client (your mysql2 pool) or connection (a URL or settings), not both' });
  });

/** Validates the options; throws `ConfigError` (`ERR_RMF_CONFIG`) listing every problem with its path. */
export function resolveStoreOptions(input: MysqlStoreOptions): ResolvedStoreOptions {
  const r = schema.safeParse(input);
  if (!r.success) throw ConfigError.fromZod(r.error);
  const o = r.data;
  const common = { database: o.database, tablePrefix: o.tablePrefix, partitioning: o.partitioning, maxStatementBytes: o.maxStatementBytes, writeMethod: o.writeMethod };
  if (o.client) {
    // a callback pool has promise(); a mysql2/promise pool has not
    const client = typeof (o.client as CallbackPool).promise === 'function' ? (o.client as CallbackPool).promise() : (o.client as Pool);
    return { ...common, client, ownsClient: false, pool: null, target: describeClient(client) };
  }
  const c = o.connection!;
  const pool: PoolOptions = {
    host: c.host,
    port: c.port,
    user: c.user,
    password: c.password,
    connectionLimit: c.connectionLimit,
    connectTimeout: c.connectTimeout,
    waitForConnections: true,
    enableKeepAlive: true,
    supportBigNumbers: true,
    dateStrings: true,
    // LOAD DATA LOCAL needs the client's LOCAL_FILES capability
    ...(o.writeMethod === 'load-data' ? { flags: ['+LOCAL_FILES'] } : {}),
    ...(c.database ? { database: c.database } : {}),
    ...(c.ssl !== undefined ? { ssl: c.ssl as PoolOptions['ssl'] } : {}),
  };
  return { ...common, database: o.database ?? c.database, client: null, ownsClient: true, pool, target: `${c.host}:${c.port}` };
}

/** `host:port` of a user's pool, for messages (best effort). */
function describeClient(client: Pool): string {
  const cfg = (client as unknown as { pool?: { config?: { connectionConfig?: { host?: string; port?: number; socketPath?: string } } } }).pool?.config?.connectionConfig;
  if (cfg?.socketPath) return cfg.socketPath;
  return cfg?.host ? `${cfg.host}:${cfg.port ?? 3306}` : 'your pool';
}
