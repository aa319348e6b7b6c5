/**
 * Stores chosen by URL: a small registry of scheme → zod-validated URL options → factory: `memory:`,
 * `mysql://` / `mariadb://`, `mongodb://` / `mongodb+srv://`, `s3://`.
 * @module
 */
import { ConfigError, createMemoryStore, type ConfigIssue, type MetricStore } from '@rmf-sim/core';
import { createMongoStore } from '@rmf-sim/storage-mongo';
import { createMysqlStore } from '@rmf-sim/storage-mysql';
import { createS3Store } from '@rmf-sim/storage-s3';
import { z } from 'zod';
import type { StoreCapabilities } from './http/capabilities.js';

/** A store the server writes to and reads from, with the optional capabilities some adapters have. */
export type ServerStore = MetricStore & StoreCapabilities;

/** A store opened from a URL. */
export interface OpenedStore {
  /** Its name (`?name=` in the URL, or the scheme and position: `memory`, `mysql`, `mysql-2`). */
  name: string;
  /** The registry entry that opened it: `memory`, `mysql`, … */
  kind: string;
  /** The URL without credentials, for logs and `/api/v1/stores`. */
  url: string;
  store: ServerStore;
  /** Whether the server owns it (opened from a URL: it closes it on stop). */
  owned: boolean;
}

/**
 * One registry entry: the URL schemes it handles, the zod schema of its query options, and the factory.
 *
 * @example
 * ```ts
 * const entry: StoreFactory<{ prefix: string }> = {
 *   kind: 'mongodb', schemes: ['mongodb:', 'mongodb+srv:'],
 *   options: z.object({ prefix: z.string().default('rmf_') }).strict(),
 *   open: async (url, o) => createMongoStore({ url: url.href, collectionPrefix: o.prefix }),
 * };
 * ```
 */
export interface StoreFactory<O = unknown> {
  /** Name of the kind (`memory`, `mysql`, …). */
  kind: string;
  /** URL schemes with the colon (`mysql:`). */
  schemes: readonly string[];
  /** Options read from the URL's query string (every value a string; coerce in the schema). */
  options: z.ZodObject & z.ZodType<O>;
  /**
   * Whether query parameters that are not ours stay on the URL for the driver (MongoDB's `authSource`, `tls`, …);
   * otherwise an unknown parameter is an error. @default false
   */
  driverOptions?: boolean;
  /** Opens the store (`url` without the options of `options`); may prepare it (e.g. migrate the schema). */
  open(url: URL, options: O): Promise<ServerStore>;
}

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const memoryFactory: StoreFactory<{ name?: string }> = {
  kind: 'memory',
  schemes: ['memory:'],
  options: z.object({ name: z.string().min(1).optional() }).strict(),
  open: async () => createMemoryStore(),
};

const mysqlFactory: StoreFactory<{ name?: string; partitioning?: 'none' | 'daily'; tablePrefix?: string; migrate: boolean; write?: 'insert' | 'load-data' }> = {
  kind: 'mysql',
  schemes: ['mysql:', 'mariadb:'],
  options: z
    .object({
      name: z.string().min(1).optional(),
      /** `daily` partitions with retention by partition (see @rmf-sim/storage-mysql). @default the existing tables' layout, else none */
      partitioning: z.enum(['none', 'daily']).optional(),
      tablePrefix: z.string().optional(),
      /** Create or upgrade the schema at start. */
      migrate: bool.default(true),
      /** How batches are written: multi-row INSERTs, or LOAD DATA LOCAL INFILE (see @rmf-sim/storage-mysql's writeMethod). @default insert */
      write: z.enum(['insert', 'load-data']).optional(),
    })
    .strict(),
  async open(url, o) {
    const store = createMysqlStore({ connection: url.href, ...(o.partitioning ? { partitioning: o.partitioning } : {}), ...(o.tablePrefix !== undefined ? { tablePrefix: o.tablePrefix } : {}), ...(o.write ? { writeMethod: o.write } : {}) });
    return o.migrate ? migrated(store) : store;
  },
};

/** Runs the store's migration; closes it when that fails. */
async function migrated<S extends ServerStore & { migrate(): Promise<unknown> }>(store: S): Promise<S> {
  try {
    await store.migrate();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

const mongoFactory: StoreFactory<{ name?: string; database?: string; collectionPrefix?: string; timeSeries: 'auto' | boolean; ttlSeconds?: number; migrate: boolean }> = {
  kind: 'mongodb',
  schemes: ['mongodb:', 'mongodb+srv:'],
  driverOptions: true,
  options: z
    .object({
      name: z.string().min(1).optional(),
      /** Database of the collections. @default the URL's path, else rmf_sim */
      database: z.string().min(1).optional(),
      collectionPrefix: z.string().optional(),
      /** `auto`: time-series collections where the server has them (see @rmf-sim/storage-mongo). */
      timeSeries: z.enum(['auto', 'true', 'false', '1', '0']).default('auto').transform((v) => (v === 'auto' ? 'auto' : v === 'true' || v === '1')),
      ttlSeconds: z.coerce.number().int().positive().optional(),
      migrate: bool.default(true),
    })
    .strict(),
  async open(url, o) {
    // the driver's own query options (authSource, tls, …) stay on the URL; only ours were taken off
    const store = createMongoStore({
      url: url.href,
      ...(o.database ? { database: o.database } : {}),
      ...(o.collectionPrefix !== undefined ? { collectionPrefix: o.collectionPrefix } : {}),
      timeSeries: o.timeSeries,
      ...(o.ttlSeconds ? { ttlSeconds: o.ttlSeconds } : {}),
    });
    return o.migrate ? migrated(store) : store;
  },
};

/**
 * `s3://[accessKey:secret@]bucket[/prefix]?endpoint=http://host:port&region=…&window=5m&concurrency=8&listBeforeWrite=true`: the bucket is
 * the host, the key prefix the path; credentials from the URL's user info (URL-encoded: `test%3Atester:testing@`), else
 * the SDK's chain (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`, profiles, roles).
 */
const s3Factory: StoreFactory<{ name?: string; endpoint?: string; region?: string; window?: string; concurrency?: number; forcePathStyle?: boolean; listBeforeWrite?: boolean; migrate: boolean }> = {
  kind: 's3',
  schemes: ['s3:'],
  options: z
    .object({
      name: z.string().min(1).optional(),
      /** An S3-compatible server (Swift, MinIO, …); leave out for AWS S3. */
      endpoint: z.string().url().optional(),
      region: z.string().min(1).optional(),
      /** Window of one object: seconds, or 30s, 5m, 1h (see @rmf-sim/storage-s3). @default 5m */
      window: z.string().min(1).optional(),
      concurrency: z.coerce.number().int().positive().optional(),
      forcePathStyle: bool.optional(),
      /**
       * List an entity-hour's windows once instead of a GET per window written (see @rmf-sim/storage-s3's
       * `listBeforeWrite`: for a store whose listings show every PUT at once, such as AWS S3 or MinIO). @default false
       */
      listBeforeWrite: bool.optional(),
      /** Create the bucket when missing and record the layout at start. */
      migrate: bool.default(true),
    })
    .strict(),
  async open(url, o) {
    const secret = url.password ? decodeURIComponent(url.password) : undefined;
    const store = createS3Store({
      bucket: url.hostname,
      prefix: decodeURIComponent(url.pathname.replace(/^\/+/, '')),
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      ...(o.region ? { region: o.region } : {}),
      ...(url.username && secret ? { credentials: { accessKeyId: decodeURIComponent(url.username), secretAccessKey: secret } } : {}),
      ...(o.window ? { window: /^\d+$/.test(o.window) ? Number(o.window) : o.window } : {}),
      ...(o.concurrency ? { concurrency: o.concurrency } : {}),
      ...(o.forcePathStyle !== undefined ? { forcePathStyle: o.forcePathStyle } : {}),
      ...(o.listBeforeWrite !== undefined ? { listBeforeWrite: o.listBeforeWrite } : {}),
    });
    return o.migrate ? migrated(store) : store;
  },
};

/** Schemes of adapters that are being built; the lead adds their entries to {@link storeFactories}. */
const PENDING: Record<string, string> = {};

/** The registry: every store kind the server can open by URL. Add an adapter here, in one place. */
export const storeFactories: readonly StoreFactory<never>[] = [memoryFactory, mysqlFactory, mongoFactory, s3Factory] as StoreFactory<never>[];

function factoryOf(protocol: string): StoreFactory<never> | undefined {
  return storeFactories.find((f) => f.schemes.includes(protocol));
}

/** The URL without user info (passwords never reach a log or a response). */
export function redactUrl(url: URL): string {
  const u = new URL(url.href);
  if (u.password) u.password = '***';
  return u.href;
}

/** A parsed store URL: its factory, the validated options and the name. Pure (nothing opened). */
export interface StoreSpec {
  factory: StoreFactory<never>;
  url: URL;
  options: { name?: string } & Record<string, unknown>;
  name: string;
  redacted: string;
}

/**
 * Checks store URLs (kind, options, unique names) and returns their specs; throws `ConfigError` with the path
 * `stores[i]` of each problem.
 *
 * @example
 * ```ts
 * parseStoreUrls(['memory:', 'mysql://root@127.0.0.1:3306/rmf?partitioning=daily']);
 * ```
 */
export function parseStoreUrls(urls: readonly string[], path: (string | number)[] = ['stores']): StoreSpec[] {
  const issues: ConfigIssue[] = [];
  const specs: StoreSpec[] = [];
  const perKind = new Map<string, number>();
  urls.forEach((text, i) => {
    const at = [...path, i];
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      issues.push({ path: at, message: `not a URL: ${JSON.stringify(text)} (use memory:, mysql://user:password@host:3306/database, …)` });
      return;
    }
    const factory = factoryOf(url.protocol);
    if (!factory) {
      const pending = PENDING[url.protocol];
      const known = storeFactories.flatMap((f) => f.schemes.map((s) => `${s}${s === 'memory:' ? '' : '//'}`)).join(', ');
      issues.push({ path: at, message: pending ? `${url.protocol}// stores need ${pending}, which this build of @rmf-sim/server does not include yet (available: ${known})` : `unknown store scheme ${url.protocol} (available: ${known})` });
      return;
    }
    const ours = new Set(Object.keys(factory.options.shape));
    const query = Object.fromEntries([...url.searchParams].filter(([k]) => !factory.driverOptions || ours.has(k)));
    const r = factory.options.safeParse(query);
    if (!r.success) {
      for (const issue of r.error.issues) issues.push({ path: [...at, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: `${issue.message} (in the URL's query string)` });
      return;
    }
    const options = r.data as { name?: string } & Record<string, unknown>;
    const clean = new URL(url.href);
    for (const k of [...clean.searchParams.keys()]) if (!factory.driverOptions || ours.has(k)) clean.searchParams.delete(k);
    const n = (perKind.get(factory.kind) ?? 0) + 1;
    perKind.set(factory.kind, n);
    const name = options.name ?? (n === 1 ? factory.kind : `${factory.kind}-${n}`);
    if (specs.some((s) => s.name === name)) issues.push({ path: at, message: `two stores are named ${name}: give one ?name=…` });
    specs.push({ factory, url: clean, options, name, redacted: redactUrl(clean) });
  });
  if (issues.length) throw new ConfigError(issues);
  return specs;
}

/**
 * Opens the stores of the URLs, in order; on a failure closes those already opened and rethrows.
 *
 * @example
 * ```ts
 * const stores = await openStores(['memory:', process.env.DATABASE_URL!]);
 * ```
 */
export async function openStores(urls: readonly string[]): Promise<OpenedStore[]> {
  const specs = parseStoreUrls(urls);
  const opened: OpenedStore[] = [];
  try {
    for (const spec of specs) {
      const store = await spec.factory.open(spec.url, spec.options as never);
      opened.push({ name: spec.name, kind: spec.factory.kind, url: spec.redacted, store, owned: true });
    }
  } catch (e) {
    await Promise.allSettled(opened.map((o) => o.store.close()));
    throw e;
  }
  return opened;
}
