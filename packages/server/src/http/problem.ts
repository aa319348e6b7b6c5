/**
 * RFC 9457 problem details: every error the server answers is `application/problem+json` with a clear `detail`,
 * never a stack trace. Pure: maps any thrown value to a {@link Problem} and a status.
 * @module
 */
import { formatPath } from '@rmf-sim/core';

/** Media type of every error response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * An RFC 9457 problem document.
 *
 * @example
 * ```json
 * { "type": "about:blank", "title": "Bad Request", "status": 400, "detail": "query parameter at: expected an ISO-8601 date-time", "instance": "/api/v1/snapshot", "parameter": "at" }
 * ```
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The request parameter at fault (400s). */
  parameter?: string;
  /** rmf-sim's stable error code, when one applies (`ERR_RMF_ARGUMENT`, …). */
  code?: string;
  /** The request id (also in the `x-request-id` header and the logs). */
  requestId?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The reason phrase of a status. */
export function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/**
 * An error the server answers with a given status and problem body. Throw it from a handler.
 *
 * @example
 * ```ts
 * throw new HttpProblem(404, `unknown LPAR ${name}`, { parameter: 'lpar' });
 * ```
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly extra: Partial<Pick<Problem, 'parameter' | 'code' | 'type'>>;
  readonly headers: Record<string, string>;

  constructor(status: number, detail: string, extra: Partial<Pick<Problem, 'parameter' | 'code' | 'type'>> = {}, headers: Record<string, string> = {}) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.extra = extra;
    this.headers = headers;
  }
}

interface ValidationItem {
  instancePath?: string;
  message?: string;
  params?: { keys?: unknown };
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  statusCode?: unknown;
  validation?: unknown;
  validationContext?: unknown;
  issues?: unknown;
}

const CONTEXT_NAMES: Record<string, string> = { querystring: 'query parameter', params: 'path parameter', body: 'body field', headers: 'header' };

/** Codes of core whose errors are the caller's fault. */
const CLIENT_CODES = new Set(['ERR_RMF_ARGUMENT', 'ERR_RMF_CONFIG', 'ERR_RMF_STORE_RECORD']);

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*(- )?/g, '; ').replace(/^; /, '').trim();
}

/**
 * What to answer for an error thrown while handling a request: status, problem and headers. Request validation
 * errors (zod, through fastify-type-provider-zod) name the parameter; rmf-sim's own errors keep their `code`;
 * anything unexpected becomes a 500 whose detail says nothing about the internals (the log has the error).
 */
export function toProblem(error: unknown, instance?: string): { status: number; problem: Problem; headers: Record<string, string> } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const build = (status: number, detail: string, extra: Partial<Problem> = {}, headers: Record<string, string> = {}) => ({
    status,
    problem: { type: 'about:blank', title: statusTitle(status), status, detail, ...(instance ? { instance } : {}), ...extra },
    headers,
  });
  if (error instanceof HttpProblem) return build(error.status, error.message, error.extra, error.headers);
  if (Array.isArray(e.validation) && e.validation.length > 0) {
    const context = typeof e.validationContext === 'string' ? e.validationContext : 'querystring';
    const item = e.validation[0] as ValidationItem;
    // `/family/0` names the parameter `family`; an unknown key is named by the key itself
    const keys = Array.isArray(item.params?.keys) ? (item.params.keys as unknown[]).map(String) : [];
    const parameter = keys[0] ?? (item.instancePath ?? '').replace(/^\//, '').split('/').filter((p) => !/^\d+$/.test(p)).join('.');
    const what = CONTEXT_NAMES[context] ?? context;
    const detail = parameter ? `${what} ${parameter}: ${item.message ?? 'invalid'}` : `${context === 'body' ? 'request body' : `${what}s`}: ${item.message ?? 'invalid'}`;
    return build(400, detail, parameter ? { parameter } : {});
  }
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : '';
  if (code === 'ERR_RMF_CONFIG' && Array.isArray(e.issues) && e.issues.length > 0) {
    const issues = e.issues as { path?: (string | number)[]; message?: string }[];
    const first = issues[0]!;
    const parameter = Array.isArray(first.path) && first.path.length > 0 ? formatPath(first.path) : undefined;
    return build(400, issues.map((i) => `${Array.isArray(i.path) ? formatPath(i.path) : '(root)'}: ${String(i.message)}`).join('; '), { code, ...(parameter ? { parameter } : {}) });
  }
  if (code && CLIENT_CODES.has(code)) return build(400, oneLine(message), { code });
  if (code === 'ERR_RMF_STORE_UNAVAILABLE') return build(503, `a store is unavailable: ${oneLine(message)}`, { code }, { 'retry-after': '5' });
  if (code?.startsWith('ERR_RMF_STORE_')) return build(503, `the store failed: ${oneLine(message)}`, { code });
  // Fastify's own client errors (bad JSON body, unsupported media type, body too large, …) carry a 4xx statusCode.
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (statusCode >= 400 && statusCode < 500) return build(statusCode, oneLine(message) || statusTitle(statusCode));
  return build(500, 'the server failed to answer this request; the log has the details under this request id');
}
