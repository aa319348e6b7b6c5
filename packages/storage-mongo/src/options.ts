import { ConfigError, type ConfigIssue } from '@rmf-sim/core';
import { MongoClient } from 'mongodb';
import { z } from 'zod';

/**
 * Options of {@link createMongoStore}: either `url` or `client`.
 *
 * @example
 * ```ts
 * const a: MongoStoreOptions = { url: 'mongodb://127.0.0.1:27017/rmf', ttlSeconds: 30 * 86_400 };
 * const b: MongoStoreOptions = { client: new MongoClient(process.env.MONGO_URL!), database: 'rmf', timeSeries: false };
 * ```
 */
export interface MongoStoreOptions {
  /** Where to connect: `mongodb://user:password@host:port/database?options` (or `mongodb+srv://`). The store opens its own client and closes it in `close()`. */
  url?: string;
  /** Or your `MongoClient` (connected or not): the store uses it and never closes it. */
  client?: MongoClient;
  /** Database of the collections. @default the URL's database, else `'rmf_sim'` */
  database?: string;
  /** Prefix of every collection name (letters, digits, `_`). @default '' */
  collectionPrefix?: string;
  /**
   * Layout of new collections (set by `migrate()`; existing collections keep theirs):
   * `'auto'`: time-series collections where the server has them with unrestricted deletes (MongoDB 7.0+), regular
   * ones elsewhere; `true`: time-series collections (an error on servers before 7.0); `false`: regular collections.
   * @default 'auto'
   */
  timeSeries?: boolean | 'auto';
  /** `granularity` of new time-series collections: the interval of one series' samples. @default 'seconds' */
  granularity?: 'seconds' | 'minutes' | 'hours';
  /**
   * Retention by the server: documents are removed once their interval ended more than this many seconds ago (a
   * TTL index, or `expireAfterSeconds` of a time-series collection), applied by `migrate()`. Unset: keep everything.
   * @default undefined
   */
  ttlSeconds?: number;
  /** How long an operation waits for a reachable server before failing with `ERR_RMF_STORE_UNAVAILABLE`, ms (own client only). @default 10000 */
  serverSelectionTimeoutMS?: number;
  /** Time to establish a connection, ms (own client only). @default 10000 */
  connectTimeoutMS?: number;
  /** Connections of the store's own client. @default 10 */
  maxPoolSize?: number;
}

/** Options after validation. */
export interface ResolvedStoreOptions {
  client: MongoClient;
  ownsClient: boolean;
  /** Hosts for messages, without credentials. */
  target: string;
  database: string;
  collectionPrefix: string;
  timeSeries: boolean | 'auto';
  granularity: 'seconds' | 'minutes' | 'hours';
  ttlSeconds: number | undefined;
}

/** MongoDB's rules for database names: 1–63 bytes, none of `/\. "$*<>:|?` and no NUL. */
const DATABASE_RULE = /^[^/\\. "$*<>:|?]+$/;
const databaseName = z
  .string()
  .min(1, 'database names are not empty')
  .refine((s) => Buffer.byteLength(s) < 64, 'database names are shorter than 64 bytes')
  .refine((s) => DATABASE_RULE.test(s) && !s.includes('\u0000'), 'database names cannot contain / \\ . space " $ * < > : | ? or NUL');

const URL_SHAPE = /^mongodb(?:\+srv)?:\/\/(?:[^@/?]*@)?([^/?]*)(?:\/([^?]*))?/;

const clientLike = z.custom<MongoClient>((c) => {
  const m = c as Record<string, unknown> | null;
  return !!m && typeof m === 'object' && typeof m.db === 'function' && typeof m.connect === 'function' && typeof m.close === 'function';
}, 'client must be a MongoClient (from the mongodb package)');

const ownClientOnly = ['serverSelectionTimeoutMS', 'connectTimeoutMS', 'maxPoolSize'] as const;

const schema = z
  .object({
    url: z
      .string()
      .regex(URL_SHAPE, 'not a MongoDB URL: expected mongodb://host:port/database (or mongodb+srv://)')
      .optional(),
    client: clientLike.optional(),
    database: databaseName.optional(),
    collectionPrefix: z.string().regex(/^[A-Za-z0-9_]{0,32}$/, 'collectionPrefix is up to 32 characters A–Z, a–z, 0–9 or _').default(''),
    timeSeries: z.union([z.boolean(), z.literal('auto')]).default('auto'),
    granularity: z.enum(['seconds', 'minutes', 'hours']).default('seconds'),
    ttlSeconds: z.number().int().min(1).max(100 * 366 * 86_400).optional(),
    serverSelectionTimeoutMS: z.number().int().min(1).max(600_000).optional(),
    connectTimeoutMS: z.number().int().min(1).max(600_000).optional(),
    maxPoolSize: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (!o.client === !o.url) ctx.addIssue({ code: 'custom', path: o.client ? ['url'] : [], message: 'give either url (a mongodb:// URL) or client (your MongoClient), not both' });
    if (o.client) for (const k of ownClientOnly) if (o[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} applies only to the store's own client (url); set it on your MongoClient` });
    if (o.url) {
      const db = URL_SHAPE.exec(o.url)?.[2];
      if (db) {
        let name = db;
        try {
          name = decodeURIComponent(db);
        } catch {
          // reported below as an invalid name
        }
        const r = databaseName.safeParse(name);
        if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: ['url'], message: `${i.message} (the URL's database ${JSON.stringify(name)})` });
      }
    }
  });

function configError(issues: ConfigIssue[], cause: unknown): ConfigError {
  return new ConfigError(issues, { cause });
}

/** Hosts of a URL (without credentials), for messages. */
export function urlTarget(url: string): string {
  return URL_SHAPE.exec(url)?.[1] || 'localhost';
}

/** Hosts of a user's client, for messages (best effort). */
function clientTarget(client: MongoClient): string {
  const hosts = (client as unknown as { options?: { hosts?: { toString(): string }[] } }).options?.hosts;
  return hosts && hosts.length ? hosts.map((h) => h.toString()).join(',') : 'your client';
}

/** Validates the options and creates the store's own client (not connected); throws `ConfigError` listing every problem with its path. */
export function resolveStoreOptions(input: MongoStoreOptions): ResolvedStoreOptions {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw configError(
      r.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
      r.error,
    );
  }
  const o = r.data;
  const common = { collectionPrefix: o.collectionPrefix, timeSeries: o.timeSeries, granularity: o.granularity, ttlSeconds: o.ttlSeconds };
  if (o.client) return { ...common, client: o.client, ownsClient: false, target: clientTarget(o.client), database: o.database ?? 'rmf_sim' };
  const url = o.url!;
  let client: MongoClient;
  try {
    client = new MongoClient(url, {
      serverSelectionTimeoutMS: o.serverSelectionTimeoutMS ?? 10_000,
      connectTimeoutMS: o.connectTimeoutMS ?? 10_000,
      maxPoolSize: o.maxPoolSize ?? 10,
    });
  } catch (e) {
    throw configError([{ path: ['url'], message: (e as Error).message }], e);
  }
  const fromUrl = URL_SHAPE.exec(url)?.[2];
  return { ...common, client, ownsClient: true, target: urlTarget(url), database: o.database ?? (fromUrl ? decodeURIComponent(fromUrl) : 'rmf_sim') };
}
