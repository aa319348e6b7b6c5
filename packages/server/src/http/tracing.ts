/**
 * OpenTelemetry spans for requests, store calls and generation, when `@opentelemetry/api` is installed (an optional
 * peer dependency) and a tracer provider is registered or passed. Without it, spans cost one function call.
 * @module
 */
import { createRequire } from 'node:module';

/** The subset of `@opentelemetry/api` spans the server uses. */
interface OtelSpan {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(e: unknown): unknown;
  end(): void;
}
interface OtelTracer {
  startSpan(name: string, options: { attributes?: Record<string, string | number | boolean>; kind?: number }): OtelSpan;
  startActiveSpan<T>(name: string, options: { attributes?: Record<string, string | number | boolean>; kind?: number }, fn: (span: OtelSpan) => T): T;
}
/** A tracer provider as `@opentelemetry/api` defines it (`getTracer(name, version)`). */
export interface TracerProviderLike {
  getTracer(name: string, version?: string): unknown;
}

/** A span started by {@link Tracing.start}. */
export interface SpanHandle {
  setAttribute(key: string, value: string | number | boolean): void;
  /** Marks the span as failed. */
  fail(message: string): void;
  end(): void;
}

/** Runs functions inside spans. */
export interface Tracing {
  readonly enabled: boolean;
  /** Starts a span that the caller ends (a request: started in onRequest, ended in onResponse). */
  start(name: string, attributes: Record<string, string | number | boolean>): SpanHandle;
  /** Runs `fn` in a span named `name`; records an exception and an error status when it throws. */
  span<T>(name: string, attributes: Record<string, string | number | boolean>, fn: (span: { setAttribute(k: string, v: string | number | boolean): void }) => Promise<T> | T): Promise<T>;
}

const noop = { setAttribute() {}, fail() {}, end() {} };
const disabled: Tracing = { enabled: false, start: () => noop, span: async (_n, _a, fn) => fn(noop) };

/** SpanKind.SERVER and SpanStatusCode.ERROR of the API (stable numbers). */
const SERVER_KIND = 1;
const STATUS_ERROR = 2;

/**
 * The tracing of the server: with `provider`, its tracer; else the global provider of `@opentelemetry/api` when the
 * package is installed and a provider is registered (before the server is created); else nothing.
 */
export function createTracing(name: string, version: string, provider?: TracerProviderLike): Tracing {
  let tracer: OtelTracer | undefined;
  if (provider) tracer = provider.getTracer(name, version) as OtelTracer;
  else {
    try {
      // an optional peer, loaded only when installed (CJS build: require; ESM: createRequire)
      const req = typeof require === 'function' ? require : createRequire(import.meta.url);
      const api = req('@opentelemetry/api') as { trace: TracerProviderLike & { getTracerProvider(): { getDelegate?(): object } } };
      // no provider registered (yet): the API would hand out no-op spans; skip the per-request work altogether
      const delegate = api.trace.getTracerProvider().getDelegate?.();
      if (!delegate || delegate.constructor.name === 'NoopTracerProvider') return disabled;
      tracer = api.trace.getTracer(name, version) as OtelTracer;
    } catch {
      return disabled;
    }
  }
  const t = tracer;
  return {
    enabled: true,
    start(spanName, attributes) {
      const span = t.startSpan(spanName, { attributes, kind: SERVER_KIND });
      return {
        setAttribute: (k, v) => void span.setAttribute(k, v),
        fail: (message) => void span.setStatus({ code: STATUS_ERROR, message }),
        end: () => span.end(),
      };
    },
    span: (spanName, attributes, fn) =>
      t.startActiveSpan(spanName, { attributes, kind: 0 }, async (span) => {
        try {
          return await fn(span);
        } catch (e) {
          span.recordException(e);
          span.setStatus({ code: STATUS_ERROR, message: (e as Error)?.message });
          throw e;
        } finally {
          span.end();
        }
      }),
  };
}
