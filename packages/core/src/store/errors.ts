import { RmfSimError, type RmfSimErrorCode } from '../errors.js';

/**
 * Stable codes of {@link StorageError}:
 * - `ERR_RMF_STORE_RECORD`: a record the store cannot hold (unknown metric, non-finite value, bad label); nothing of the batch was written;
 * - `ERR_RMF_STORE_UNAVAILABLE`: the store cannot be reached or the connection broke (transient: retry);
 * - `ERR_RMF_STORE_AUTH`: the store refused the credentials or the permission;
 * - `ERR_RMF_STORE_SCHEMA`: the schema is missing, older or newer than this library (run `migrate()`), or the database does not exist;
 * - `ERR_RMF_STORE_QUERY`: any other error the store reported;
 * - `ERR_RMF_CLOSED`: the store or pipeline was used after `close()`.
 */
export type StorageErrorCode = Extract<RmfSimErrorCode, `ERR_RMF_STORE_${string}` | 'ERR_RMF_CLOSED'>;

/**
 * Error of a store, a sink or the write pipeline, with a stable {@link StorageErrorCode} in `code` and the
 * driver's error in `cause`. Compare `code`, not `instanceof` (the class may come from another copy of core).
 *
 * @example
 * ```ts
 * try { await store.write(records); }
 * catch (e) { if ((e as { code?: string }).code === 'ERR_RMF_STORE_AUTH') console.error('check the credentials:', (e as Error).message); }
 * ```
 */
export class StorageError extends RmfSimError {
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'StorageError';
  }
}

/**
 * Whether retrying may help: true only for `ERR_RMF_STORE_UNAVAILABLE` (the store cannot be reached or the
 * connection broke), false for everything else: the other `ERR_RMF_*` codes (bad records, credentials, schema,
 * closed, aborted, invalid arguments) and errors without an rmf-sim code (a custom sink's `Error` or `TypeError`
 * is a bug that fails the same way again). The pipeline's default `retryable`: a custom sink signals a transient
 * failure by throwing `StorageError('ERR_RMF_STORE_UNAVAILABLE', …)`.
 *
 * @example
 * ```ts
 * isTransientError(new StorageError('ERR_RMF_STORE_UNAVAILABLE', 'connection lost')); // true
 * isTransientError(new StorageError('ERR_RMF_STORE_AUTH', 'access denied'));          // false
 * isTransientError(new TypeError('x is undefined'));                                 // false
 * ```
 */
export function isTransientError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_RMF_STORE_UNAVAILABLE';
}
