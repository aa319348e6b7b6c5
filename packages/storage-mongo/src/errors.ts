import { StorageError, type StorageErrorCode } from '@rmf-sim/core';

/** What the driver puts on its errors (compared by name and code: the user's driver may be another copy). */
interface DriverError {
  name?: string;
  code?: number | string;
  codeName?: string;
  message?: string;
  errorLabels?: readonly string[];
  errorLabelSet?: ReadonlySet<string>;
  cause?: unknown;
  reason?: unknown;
}

/** Driver errors that mean the server is not reachable or the connection broke: retrying may succeed. */
const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoOperationTimeoutError',
  'MongoServerClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoStalePrimaryError',
]);
/**
 * Server codes of the same kind: HostUnreachable 6, HostNotFound 7, LockTimeout 24, LockBusy 46, MaxTimeMSExpired 50,
 * NetworkTimeout 89, ShutdownInProgress 91, WriteConflict 112, PrimarySteppedDown 189, ExceededTimeLimit 262,
 * SocketException 9001, NotWritablePrimary 10107, InterruptedAtShutdown 11600, Interrupted 11601,
 * InterruptedDueToReplStateChange 11602, NotPrimaryNoSecondaryOk 13435, NotPrimaryOrSecondary 13436, StaleConfig 13388.
 */
const UNAVAILABLE_CODES = new Set([6, 7, 24, 46, 50, 89, 91, 112, 189, 262, 9001, 10107, 11600, 11601, 11602, 13388, 13435, 13436]);
/** Labels the driver and server put on transient errors. */
const TRANSIENT_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool', 'PoolRequestedRetry', 'SystemOverloadedError'];
/** Unauthorized 13, UserNotFound 11, AuthenticationFailed 18, MechanismUnavailable 334. */
const AUTH_CODES = new Set([11, 13, 18, 334]);
const AUTH_NAMES = new Set(['MongoMissingCredentialsError', 'MongoAuthError', 'MongoAWSError', 'MongoOIDCError', 'MongoKerberosError']);
/** NamespaceNotFound 26, InvalidNamespace 73. */
const SCHEMA_CODES = new Set([26, 73]);
/** BSONObjectTooLarge 10334, KeyTooLong 17280, document failed validation 121. */
const RECORD_CODES = new Set([10334, 17280, 121]);

function labelled(e: DriverError): boolean {
  const labels = e.errorLabels ?? (e.errorLabelSet ? [...e.errorLabelSet] : []);
  return TRANSIENT_LABELS.some((l) => labels.includes(l));
}

const isErrorLike = (v: unknown): v is DriverError => !!v && typeof v === 'object' && typeof (v as DriverError).message === 'string';

/**
 * The error and the errors it wraps: `cause`, a bulk write's `errorResponse` (a `MongoBulkWriteError` wraps the
 * driver error that broke the batch, such as a server selection timeout) and a server selection error's `reason`.
 */
function chain(error: unknown): DriverError[] {
  const out: DriverError[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 8) {
    const e = queue.shift();
    if (!isErrorLike(e) || out.includes(e)) continue;
    out.push(e);
    queue.push(e.cause, (e as { errorResponse?: unknown }).errorResponse, e.reason);
  }
  return out;
}

/**
 * The {@link StorageErrorCode} of a MongoDB driver error: credentials (`ERR_RMF_STORE_AUTH`) anywhere in its causes
 * win; then connection trouble (`ERR_RMF_STORE_UNAVAILABLE`, which the write pipeline retries); missing or invalid
 * namespaces (`ERR_RMF_STORE_SCHEMA`); documents the server refuses (`ERR_RMF_STORE_RECORD`); else `ERR_RMF_STORE_QUERY`.
 */
export function classify(error: unknown): StorageErrorCode {
  const errors = chain(error);
  if (errors.some((e) => AUTH_NAMES.has(e.name ?? '') || (typeof e.code === 'number' && AUTH_CODES.has(e.code)))) return 'ERR_RMF_STORE_AUTH';
  const top = errors[0] ?? {};
  if (errors.some((e) => UNAVAILABLE_NAMES.has(e.name ?? '') || (typeof e.code === 'number' && UNAVAILABLE_CODES.has(e.code)) || labelled(e))) return 'ERR_RMF_STORE_UNAVAILABLE';
  if (typeof top.code === 'number' && SCHEMA_CODES.has(top.code)) return 'ERR_RMF_STORE_SCHEMA';
  if ((typeof top.code === 'number' && RECORD_CODES.has(top.code)) || top.name === 'BSONError') return 'ERR_RMF_STORE_RECORD';
  return 'ERR_RMF_STORE_QUERY';
}

const HINTS: Partial<Record<StorageErrorCode, string>> = {
  ERR_RMF_STORE_AUTH: ': check the user, the password, the authSource and the roles',
  ERR_RMF_STORE_UNAVAILABLE: ': is the server running and reachable?',
};

/**
 * Wraps a driver error into a {@link StorageError} naming the server and the operation, e.g.
 * `cannot write to MongoDB at 127.0.0.1:1: Server selection timed out after 1500 ms (MongoServerSelectionError): is the server running and reachable?`.
 * A `StorageError` passes through unchanged.
 */
export function storageError(error: unknown, target: string, what: string): StorageError {
  if ((error as { name?: string } | null)?.name === 'StorageError') return error as StorageError;
  const code = classify(error);
  const e = (error ?? {}) as DriverError;
  const detail = e.message ?? String(error);
  const driver = [e.name && e.name !== 'Error' ? e.name : undefined, e.codeName].filter(Boolean).join(' ');
  return new StorageError(code, `cannot ${what} MongoDB at ${target}: ${detail}${driver ? ` (${driver})` : ''}${HINTS[code] ?? ''}`, { cause: error });
}

/** Whether a bulk write error holds only duplicate-key errors (code 11000), and which documents (by index) they hit. */
export function duplicateIndexes(error: unknown): Set<number> | undefined {
  const e = error as { name?: string; writeErrors?: unknown; writeConcernError?: unknown; errorResponse?: { writeConcernError?: unknown } } | null;
  if (e?.name !== 'MongoBulkWriteError' || e.errorResponse?.writeConcernError) return undefined;
  const list = (Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : []) as { index?: number; code?: number }[];
  if (list.length === 0 || list.some((w) => w.code !== 11000 || typeof w.index !== 'number')) return undefined;
  return new Set(list.map((w) => w.index!));
}
