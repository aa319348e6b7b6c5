import { StorageError } from '@rmf-sim/core';
import type { CollectionLayout } from './plan.js';

/**
 * Version of the store's schema (collections, documents, indexes). A store refuses a newer one.
 *
 * @example
 * ```ts
 * if ((await store.migrate()).version !== SCHEMA_VERSION) throw new Error('unexpected');
 * ```
 */
export const SCHEMA_VERSION = 1;

/** The schema document `migrate()` keeps in `<prefix>rmf_sim_schema`. */
export interface SchemaDocument {
  kind: 'rmf-sim-schema';
  version: number;
  /** The collection and layout of every family, in catalogue order. */
  families: { family: string; collection: string; layout: CollectionLayout }[];
  ttlSeconds: number | null;
}

/**
 * What `migrate()` did.
 *
 * @example
 * ```ts
 * const { layouts, changes } = await store.migrate();
 * for (const c of changes) console.log(c); // e.g. 'created collection cpu_metrics (time-series)'
 * ```
 */
export interface MigrationReport {
  version: number;
  /** Layout of each family's collection. */
  layouts: Record<string, CollectionLayout>;
  /** What changed, in words (`created collection cpu_metrics (time-series)`, `set the TTL to 86400 s`, …); empty when nothing did. */
  changes: string[];
}

/** Time-series collections are used from this server version on: before 7.0 a time-series delete may only filter on the metaField, so a changed part could not be replaced (see docs/decisions.md). */
export const TIME_SERIES_MIN_VERSION = [7, 0] as const;

/** Whether a server version (`buildInfo.versionArray`) has time-series collections with the deletes the store needs. */
export function hasTimeSeries(version: readonly number[]): boolean {
  const [major = 0, minor = 0] = version;
  return major > TIME_SERIES_MIN_VERSION[0] || (major === TIME_SERIES_MIN_VERSION[0] && minor >= TIME_SERIES_MIN_VERSION[1]);
}

/**
 * Whether `migrate()` asks for a time-series collection when it creates one: `'auto'` where the server has them
 * (7.0+), `true` always (an `ERR_RMF_STORE_SCHEMA` error on older servers), `false` never.
 */
export function wantsTimeSeries(option: boolean | 'auto', version: readonly number[], target: string): boolean {
  if (option === false) return false;
  if (hasTimeSeries(version)) return true;
  if (option === 'auto') return false;
  throw new StorageError('ERR_RMF_STORE_SCHEMA', `MongoDB at ${target} is version ${version.join('.')}: the store uses time-series collections from 7.0 on (timeSeries: true); use timeSeries: 'auto' or false`);
}

/**
 * The layout of a newly created collection: `timeseries` when the server made a time-series collection; when it was
 * asked for one but made a regular collection (a server that ignores the option, such as a wire-protocol
 * emulator), `timeseries` if the user insisted (`timeSeries: true`: the append-only, ledger-claimed layout works on
 * any collection) and `regular` under `'auto'`.
 */
export function createdLayout(option: boolean | 'auto', askedTimeSeries: boolean, type: string | undefined): CollectionLayout {
  if (type === 'timeseries') return 'timeseries';
  return askedTimeSeries && option === true ? 'timeseries' : 'regular';
}

/** Checks a schema document against this library: missing or older → run `migrate()`; newer → upgrade; families missing → `migrate()`. */
export function checkSchema(doc: SchemaDocument | null, families: readonly string[], where: string): void {
  if (!doc) throw new StorageError('ERR_RMF_STORE_SCHEMA', `no rmf-sim schema in ${where}: run store.migrate() first`);
  if (doc.version > SCHEMA_VERSION) throw new StorageError('ERR_RMF_STORE_SCHEMA', `${where} has rmf-sim schema version ${doc.version}, newer than this library's ${SCHEMA_VERSION}: upgrade the package`);
  if (doc.version < SCHEMA_VERSION) throw new StorageError('ERR_RMF_STORE_SCHEMA', `${where} has rmf-sim schema version ${doc.version}: run store.migrate() first`);
  const have = new Set(doc.families.map((f) => f.family));
  const missing = families.filter((f) => !have.has(f));
  if (missing.length) throw new StorageError('ERR_RMF_STORE_SCHEMA', `the rmf-sim schema in ${where} lacks the families ${missing.join(', ')} (new in this version of core): run store.migrate() first`);
}
