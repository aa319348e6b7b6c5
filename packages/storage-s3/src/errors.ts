import { StorageError, type StorageErrorCode } from '@rmf-sim/core';

/** What the SDK and Node put on their errors (compared by name and code: the user's SDK may be another copy). */
interface SdkError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  cause?: unknown;
  errors?: unknown[];
}

/** S3 error codes of rejected credentials or permissions. */
const AUTH_CODES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken', 'TokenRefreshRequired', 'AccountProblem', 'AllAccessDisabled', 'CredentialsProviderError']);
/** S3 error codes of an overloaded or unavailable server. */
const UNAVAILABLE_CODES = new Set(['SlowDown', 'ServiceUnavailable', 'InternalError', 'RequestTimeout', 'RequestTimeTooSkewed', 'TimeoutError', 'RequestTimeoutException', 'ThrottlingException', 'NetworkingError']);
/** Node's socket errors. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE']);

const isErrorLike = (v: unknown): v is SdkError => !!v && typeof v === 'object' && typeof (v as SdkError).message === 'string';

/** The error and the errors it wraps (`cause`, an AggregateError's `errors`). */
function chain(error: unknown): SdkError[] {
  const out: SdkError[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 8) {
    const e = queue.shift();
    if (!isErrorLike(e) || out.includes(e)) continue;
    out.push(e);
    queue.push(e.cause, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return out;
}

const codeOf = (e: SdkError) => e.Code ?? e.name ?? '';

/** Whether the error is S3's "no such bucket". */
export function isNoSuchBucket(error: unknown): boolean {
  return chain(error).some((e) => codeOf(e) === 'NoSuchBucket');
}

/** Whether the error is a 404 of an object (or of a HEAD, which has no body to name it). */
export function isNotFound(error: unknown): boolean {
  const e = (error ?? {}) as SdkError;
  return !isNoSuchBucket(error) && (codeOf(e) === 'NoSuchKey' || codeOf(e) === 'NotFound' || e.$metadata?.httpStatusCode === 404);
}

/**
 * Whether a conditional PUT was refused because its condition did not hold: 412 `PreconditionFailed` (the object
 * exists for `If-None-Match: *`, or its ETag is not the one of `If-Match`), or 409 `ConditionalRequestConflict` (AWS:
 * a conflicting write was in progress; "fetch the object's ETag and retry"). Looks through `cause` (a `StorageError`).
 */
export function isPreconditionFailed(error: unknown): boolean {
  return chain(error).some((e) => codeOf(e) === 'PreconditionFailed' || codeOf(e) === 'ConditionalRequestConflict' || e.$metadata?.httpStatusCode === 412 || e.$metadata?.httpStatusCode === 409);
}

/**
 * Whether a server refused a request's headers as something it does not implement: 501 `NotImplemented` (Swift's
 * s3api: "Conditional object PUTs are not supported."), or a 400 naming the request or an argument invalid.
 */
export function isNotImplemented(error: unknown): boolean {
  return chain(error).some((e) => codeOf(e) === 'NotImplemented' || e.$metadata?.httpStatusCode === 501 || (e.$metadata?.httpStatusCode === 400 && /^Invalid(Argument|Request)$/.test(codeOf(e))));
}

/**
 * The {@link StorageErrorCode} of an SDK error: 403 and credential errors → `ERR_RMF_STORE_AUTH`; a missing bucket →
 * `ERR_RMF_STORE_SCHEMA`; connection trouble, timeouts, 5xx and throttling → `ERR_RMF_STORE_UNAVAILABLE` (the write
 * pipeline retries those); else `ERR_RMF_STORE_QUERY`.
 */
export function classify(error: unknown): StorageErrorCode {
  const errors = chain(error);
  if (errors.some((e) => AUTH_CODES.has(codeOf(e)) || e.$metadata?.httpStatusCode === 403 || e.$metadata?.httpStatusCode === 401)) return 'ERR_RMF_STORE_AUTH';
  if (errors.some((e) => codeOf(e) === 'NoSuchBucket')) return 'ERR_RMF_STORE_SCHEMA';
  if (
    errors.some(
      (e) =>
        UNAVAILABLE_CODES.has(codeOf(e)) ||
        NETWORK_CODES.has(e.code ?? '') ||
        (e.$metadata?.httpStatusCode ?? 0) >= 500 ||
        e.$metadata?.httpStatusCode === 429 ||
        e.$metadata?.httpStatusCode === 408 ||
        // no HTTP response at all: the request never reached a server
        (e.name !== 'AbortError' && e.$metadata !== undefined && e.$metadata.httpStatusCode === undefined && e.$retryable !== undefined),
    )
  )
    return 'ERR_RMF_STORE_UNAVAILABLE';
  return 'ERR_RMF_STORE_QUERY';
}

/**
 * Wraps an SDK error into a {@link StorageError} naming the endpoint, the bucket and the operation, e.g.
 * `cannot write to bucket rmf at http://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1: is the endpoint running and reachable?`.
 * A `StorageError` passes through unchanged.
 */
export function storageError(error: unknown, target: string, bucket: string, what: string): StorageError {
  if ((error as { name?: string } | null)?.name === 'StorageError') return error as StorageError;
  const code = classify(error);
  const errors = chain(error);
  const e = errors[0] ?? {};
  const network = errors.find((x) => NETWORK_CODES.has(x.code ?? ''));
  const detail = network?.message ?? e.message ?? String(error);
  const sdk = [e.name && e.name !== 'Error' ? e.name : undefined, e.$metadata?.httpStatusCode ? `HTTP ${e.$metadata.httpStatusCode}` : undefined].filter(Boolean).join(', ');
  const hint =
    code === 'ERR_RMF_STORE_AUTH'
      ? ': check the access key, the secret and the permissions on the bucket'
      : code === 'ERR_RMF_STORE_SCHEMA'
        ? `: create the bucket (e.g. \`aws s3 mb s3://${bucket}\`), or call migrate(), which creates it`
        : code === 'ERR_RMF_STORE_UNAVAILABLE'
          ? ': is the endpoint running and reachable?'
          : '';
  return new StorageError(code, `cannot ${what} bucket ${bucket} at ${target}: ${detail}${sdk ? ` (${sdk})` : ''}${hint}`, { cause: error });
}
