import { StorageError, type StorageErrorCode } from '@rmf-sim/core';

/** What mysql2 puts on its errors. */
interface DriverError {
  code?: string;
  errno?: number;
  fatal?: boolean;
  sqlMessage?: string;
  message?: string;
}

/** The connection is gone or the server is busy or shutting down: retrying may succeed. */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_NORMAL_SHUTDOWN',
  'ER_SHUTDOWN_COMPLETE',
  'ER_CONNECTION_KILLED',
  'ER_QUERY_INTERRUPTED',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_ABORTED',
  'ER_NET_READ_ERROR',
  'ER_NET_READ_INTERRUPTED',
  'ER_NET_ERROR_ON_WRITE',
  'ER_NET_WRITE_INTERRUPTED',
  'ER_NET_PACKETS_OUT_OF_ORDER',
  'ER_CLIENT_INTERACTION_TIMEOUT',
]);
/**
 * Errors that end the connection (mysql2 marks them fatal) but fail the same way on every retry: a statement larger
 * than the server's `max_allowed_packet`.
 */
const PERMANENT = new Set(['ER_NET_PACKET_TOO_LARGE']);
/** MariaDB's "Connection was killed" (1927) and the client-side "lost connection" numbers. */
const UNAVAILABLE_ERRNO = new Set([1927, 2002, 2003, 2006, 2013, 2055]);
const AUTH = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_TABLEACCESS_DENIED_ERROR',
  'ER_COLUMNACCESS_DENIED_ERROR',
  'ER_SPECIFIC_ACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
  'ER_NOT_SUPPORTED_AUTH_MODE',
  'ER_ACCOUNT_HAS_BEEN_LOCKED',
  'ER_MUST_CHANGE_PASSWORD_LOGIN',
  'AUTH_SWITCH_PLUGIN_ERROR',
]);
const SCHEMA = new Set(['ER_BAD_DB_ERROR', 'ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR', 'ER_NO_DB_ERROR']);
const RECORD = new Set(['ER_DATA_TOO_LONG', 'ER_TRUNCATED_WRONG_VALUE', 'ER_WARN_DATA_OUT_OF_RANGE', 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD']);

/** The {@link StorageErrorCode} of a mysql2 error. */
export function classify(error: unknown): StorageErrorCode {
  const e = (error ?? {}) as DriverError;
  const code = e.code ?? '';
  if (AUTH.has(code)) return 'ERR_RMF_STORE_AUTH';
  if (SCHEMA.has(code)) return 'ERR_RMF_STORE_SCHEMA';
  if (RECORD.has(code)) return 'ERR_RMF_STORE_RECORD';
  if (PERMANENT.has(code)) return 'ERR_RMF_STORE_QUERY';
  if (UNAVAILABLE.has(code) || (e.errno !== undefined && UNAVAILABLE_ERRNO.has(e.errno)) || e.fatal === true) return 'ERR_RMF_STORE_UNAVAILABLE';
  return 'ERR_RMF_STORE_QUERY';
}

const HINTS: Partial<Record<StorageErrorCode, string>> = {
  ERR_RMF_STORE_AUTH: ': check the user, the password and the grants',
  ERR_RMF_STORE_UNAVAILABLE: ': is the server running and reachable?',
};

/**
 * Wraps a driver error into a {@link StorageError} naming the server and the operation, e.g.
 * `cannot write to MySQL at 127.0.0.1:3306: connect ECONNREFUSED 127.0.0.1:3306 (ECONNREFUSED): is the server running and reachable?`.
 * An error of rmf-sim (an `ERR_RMF_*` code, from this or another copy of core) passes through unchanged.
 */
export function storageError(error: unknown, target: string, what: string): StorageError {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string' && own.startsWith('ERR_RMF_')) return error as StorageError;
  const code = classify(error);
  const e = (error ?? {}) as DriverError;
  const detail = e.sqlMessage ?? e.message ?? String(error);
  const driverCode = e.code ? ` (${e.code})` : '';
  const hint = code === 'ERR_RMF_STORE_SCHEMA' && e.code !== 'ER_BAD_DB_ERROR' ? ': run store.migrate() first' : (HINTS[code] ?? '');
  return new StorageError(code, `cannot ${what} MySQL at ${target}: ${detail}${driverCode}${hint}`, { cause: error });
}

/** Whether the connection that raised this error is unusable (to be destroyed rather than returned to the pool). */
export function isFatal(error: unknown): boolean {
  const e = (error ?? {}) as DriverError;
  return e.fatal === true || classify(error) === 'ERR_RMF_STORE_UNAVAILABLE';
}
