/**
 * Optional capabilities a store may have beyond the `MetricStore` contract. Routes that need one look for it on the
 * configured stores and answer `501` with the reason when none has it. The MongoDB and S3 adapters are expected to
 * implement them (`summary` and `latest` for MongoDB, `summary`, `backup` and `exportRange` for S3).
 * @module
 */
import type { Instant } from '@rmf-sim/core';

/** What a store says about itself (collections, objects, sizes, …): free-form, JSON-serialisable. */
export type StoreSummary = Record<string, unknown>;

/** Result of a backup or an export: where it went and how much. */
export interface ArchiveResult {
  /** Where the data went (an object key prefix, a file, …). */
  location: string;
  /** Records or objects written. */
  records?: number;
  objects?: number;
  bytes?: number;
}

/**
 * Optional methods a store may implement. Each is looked up with `typeof store.x === 'function'`.
 *
 * @example
 * ```ts
 * const archive: MetricStore & StoreCapabilities = { ...s3Store, backup: async () => ({ location: 's3://bucket/backup/2026-01-05/' }) };
 * ```
 */
export interface StoreCapabilities {
  /** Answers cheaply whether the store is reachable (`/ready`); without it the server counts an empty range. */
  ping?(signal?: AbortSignal): Promise<void>;
  /** The store's own summary (the predecessor's `/mongodb-summary`, `/storage/s3/statistics`). */
  summary?(): Promise<StoreSummary>;
  /** Copies everything (or the range) to a backup location (the predecessor's `POST /storage/s3/backup`). */
  backup?(options: { from?: Instant; to?: Instant }): Promise<ArchiveResult>;
  /** Writes a range in an exchange format (e.g. CSV or Parquet objects). */
  exportRange?(options: { from: Instant; to: Instant; format?: string }): Promise<ArchiveResult>;
}

/** Names of the capabilities, for `/api/v1/stores`. */
export const CAPABILITIES = ['ping', 'summary', 'backup', 'exportRange'] as const;

/** Capability name. */
export type Capability = (typeof CAPABILITIES)[number];

/** The capabilities an object has. */
export function capabilitiesOf(store: object): Capability[] {
  return CAPABILITIES.filter((c) => typeof (store as Record<string, unknown>)[c] === 'function');
}
