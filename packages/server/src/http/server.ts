/**
 * The composition root of the reference server: {@link createRmfServer} builds the Fastify app (zod-typed routes,
 * OpenAPI, docs, auth, rate limits, CORS, security headers, problem errors, tracing), the live feed, the write
 * pipeline and the stream hub, and owns start and stop. It never touches `process`.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { ConfigError, createWritePipeline, hashString, type Clock, type ConfigIssue, type PipelineStats, type RecordQuery, type Simulator, type WritePipeline } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { createPrometheusExporter, type PrometheusExporter } from '@rmf-sim/exporter-prometheus';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import { VERSION } from '../version.js';
import { createAuthenticator, type Authenticator, type Principal, type RouteGroup } from './auth.js';
import { memoryCache, redisCache, type ResponseCache } from './cache.js';
import { LiveFeed } from './feed.js';
import type { RmfServerOptions, StoreEntry } from './options.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { registerRoutes } from './routes.js';
import { StreamHub, type StreamStats } from './stream.js';
import { createTracing, type SpanHandle, type Tracing } from './tracing.js';
import { createSimulatorView, type SimulatorView } from '../query/simulator-view.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Route group for auth. */
    group?: RouteGroup | 'probes';
    /** The answer depends only on the URL (and the scenario): cached under it when the response cache is on. */
    cacheByUrl?: boolean;
  }
  interface FastifyRequest {
    principal?: Principal;
    span?: SpanHandle;
  }
}

/** A configured store as the routes see it. */
export interface ResolvedStore extends Required<Pick<StoreEntry, 'store' | 'kind'>> {
  name: string;
  url?: string;
  retry?: StoreEntry['retry'];
  close: boolean;
}

/** What the routes share. */
export interface ServerContext {
  simulator: Simulator;
  clock: Clock;
  view: SimulatorView;
  stores: ResolvedStore[];
  pipeline: WritePipeline | undefined;
  feed: LiveFeed | undefined;
  hub: StreamHub;
  exporter: PrometheusExporter | undefined;
  cache: ResponseCache | undefined;
  cacheTtl: { simulator: number; store: number };
  tracing: Tracing;
  auth: Authenticator;
  maxRecords: number;
  readyTimeoutMs: number;
  pingIntervalMs: number;
  state: { started: boolean; stopping: boolean; startedAt: number | undefined };
  /** Changes whenever the scenario changes (part of cache keys of simulator answers). */
  scenario: { token: string };
  refreshScenario(): void;
}

/** What {@link RmfServer.stop} did. */
export interface ShutdownReport {
  /** Whether everything finished within `shutdownTimeoutMs`. */
  clean: boolean;
  durationMs: number;
  /** Intervals the live feed produced (every one handed to the write pipeline). */
  intervals: number;
  /** The pipeline's final counters (per store: written, dropped, pending). */
  pipeline: PipelineStats | undefined;
  stream: StreamStats;
}

/**
 * A reference server. Create it with {@link createRmfServer}.
 *
 * @example
 * ```ts
 * const server = await createRmfServer({ simulator: createSimulator({ seed: 42 }), port: 0 });
 * const { url } = await server.start();
 * console.log(`${url}/docs`);
 * await server.stop();
 * ```
 */
export interface RmfServer {
  /** The Fastify app (for `inject`, extra routes before `start()`, …). */
  readonly app: FastifyInstance;
  /** `http(s)://host:port` once listening. */
  readonly url: string | undefined;
  /** The port once listening. */
  readonly port: number | undefined;
  readonly simulator: Simulator;
  /** The write pipeline to the stores (when stores are configured). */
  readonly pipeline: WritePipeline | undefined;
  /** The live feed (when `live` is on): intervals produced, the latest one. */
  readonly feed: LiveFeed | undefined;
  /** Counters of the WebSocket stream. */
  streamStats(): StreamStats;
  /** The Redis client in use (yours, or the one opened from a URL). */
  readonly $redis: Redis | undefined;
  /** Starts listening, then the live feed. Refuses a non-loopback address without credentials (ConfigError). */
  start(): Promise<{ url: string }>;
  /**
   * Graceful shutdown within `shutdownTimeoutMs`: not ready, stop accepting, stop the live feed (its last interval
   * still goes to the pipeline), drain and close WebSockets (1001), finish in-flight requests, flush the pipeline,
   * close the stores the server owns and its Redis client. Idempotent.
   */
  stop(): Promise<ShutdownReport>;
}

/** The port the server listens on by default (the container, the Kubernetes manifests and the docs use it too). */
export const DEFAULT_PORT = 8000;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

/** Whether a host name or address is loopback only. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}

/**
 * The security headers of every answer (helmet's defaults, computed once): a strict CSP that still lets the docs page
 * and the stream work from the same origin, no framing, no sniffing, no referrer. HSTS is added with TLS.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'self'; base-uri 'self'; connect-src 'self' ws: wss:; font-src 'self' data:; form-action 'self'; frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function resolveStores(stores: RmfServerOptions['stores']): ResolvedStore[] {
  return Object.entries(stores ?? {}).map(([name, s]) => {
    const entry: StoreEntry = typeof (s as StoreEntry).store === 'object' && typeof (s as StoreEntry).store?.write === 'function' ? (s as StoreEntry) : { store: s as StoreEntry['store'] };
    return { name, store: entry.store, kind: entry.kind ?? 'custom', ...(entry.url ? { url: entry.url } : {}), ...(entry.retry ? { retry: entry.retry } : {}), close: entry.close ?? false };
  });
}

function validate(o: RmfServerOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const sim = o?.simulator;
  if (!sim || typeof sim.samples !== 'function' || typeof sim.live !== 'function') issues.push({ path: ['simulator'], message: 'pass a simulator from createSimulator() of @rmf-sim/core' });
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535)) issues.push({ path: ['port'], message: `port must be an integer 0–65535, got ${String(o.port)}` });
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host === '')) issues.push({ path: ['host'], message: 'host must be a non-empty string' });
  for (const [name, s] of Object.entries(o.stores ?? {})) {
    const store = (s as StoreEntry)?.store ?? s;
    if (typeof (store as { write?: unknown })?.write !== 'function' || typeof (store as { read?: unknown }).read !== 'function') issues.push({ path: ['stores', name], message: 'a store implements MetricStore (write, read, count, aggregate, deleteBefore, close)' });
  }
  if (o.live && o.live.speed !== undefined && !(Number.isFinite(o.live.speed) && o.live.speed > 0)) issues.push({ path: ['live', 'speed'], message: 'speed must be a number > 0' });
  if (o.cache && o.cache.store === 'redis' && !o.redis) issues.push({ path: ['cache', 'store'], message: "cache.store 'redis' needs the redis option (a client or URL)" });
  if (o.rateLimit && o.rateLimit.redis && !o.redis) issues.push({ path: ['rateLimit', 'redis'], message: 'rateLimit.redis needs the redis option (a client or URL)' });
  if (o.tls && (!o.tls.cert || !o.tls.key)) issues.push({ path: ['tls'], message: 'tls needs cert and key (PEM)' });
  return issues;
}

/**
 * Builds the reference server: nothing listens and nothing runs until {@link RmfServer.start}. Validates the
 * options and throws `ConfigError` listing every problem.
 *
 * Routes: probes `/health`, `/ready`, `/startup`; REST under `/api/v1` (system, topology, catalogue, snapshot and
 * samples of any instant, latest interval, range reads and aggregates from a store or the simulator, incidents,
 * stores, retention, backup/export); `/metrics` (Prometheus); `/ws/metrics` (live stream); `/openapi.json` and
 * `/docs`; the predecessor's paths as aliases.
 *
 * @example
 * ```ts
 * import { createSimulator, createMemoryStore } from '@rmf-sim/core';
 * import { createRmfServer } from '@rmf-sim/server';
 *
 * const server = await createRmfServer({ simulator: createSimulator({ seed: 42 }), stores: { memory: createMemoryStore() }, port: 8000 });
 * await server.start(); // http://127.0.0.1:8000/docs
 * ```
 */
export async function createRmfServer(options: RmfServerOptions): Promise<RmfServer> {
  const issues = validate(options ?? ({} as RmfServerOptions));
  if (issues.length) throw new ConfigError(issues);
  const o = options;
  const sim = o.simulator;
  const clock = o.clock ?? systemClock;
  const host = o.host ?? '127.0.0.1';
  const auth = await createAuthenticator(o.auth ?? {});
  const stores = resolveStores(o.stores);
  const tracing = createTracing('@rmf-sim/server', VERSION, o.tracerProvider);
  const shutdownTimeoutMs = o.shutdownTimeoutMs ?? 10_000;

  let redis: Redis | undefined;
  let ownsRedis = false;
  if (typeof o.redis === 'string') {
    // lazyConnect: nothing connects before the first command (nothing runs before start())
    redis = new Redis(o.redis, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    redis.on('error', () => {}); // reported through the features that use it
    ownsRedis = true;
  } else if (o.redis) redis = o.redis;

  const pipeline = stores.length > 0 ? createWritePipeline({ ...o.pipeline, clock, sinks: Object.fromEntries(stores.map((s) => [s.name, s.retry ? { sink: s.store, retry: s.retry } : s.store])) }) : undefined;
  const prometheus = o.prometheus === false ? undefined : (o.prometheus ?? {});
  const liveOptions = o.live === false ? undefined : (o.live ?? {});
  // push mode with a live feed (each interval), pull mode on the clock without one
  const exporter = prometheus ? createPrometheusExporter({ simulator: sim, naming: prometheus.naming ?? 'rmf', ...(liveOptions ? {} : { clock }) }) : undefined;
  if (exporter && pipeline) pipeline.on('written', (e) => exporter.recordStorageOperation(e.sink, 'write', e.records));
  pipeline?.on('retry', (e) => app.log.warn({ store: e.sink, attempt: e.attempt, delayMs: e.delayMs, err: e.error }, 'a store write failed; retrying'));
  pipeline?.on('dropped', (e) => app.log.error({ store: e.sink, records: e.records, from: new Date(e.from).toISOString(), to: new Date(e.to).toISOString(), reason: e.reason, err: e.error }, 'a store gave up a batch'));
  const view = createSimulatorView({ simulator: sim, ...(o.query?.maxIntervals ? { maxIntervals: o.query.maxIntervals } : {}) });
  const hub = new StreamHub((sub) => view.select(sub as Omit<RecordQuery, 'from' | 'to'>), o.stream ?? {});
  const feed = liveOptions
    ? new LiveFeed({
        simulator: sim,
        clock,
        speed: liveOptions.speed ?? 1,
        ...(liveOptions.start !== undefined ? { start: liveOptions.start } : {}),
        ...(pipeline && liveOptions.write !== false ? { pipeline } : {}),
        tracing,
        onInterval: (samples) => {
          exporter?.update(samples);
          hub.broadcast(samples);
        },
        onError: (e) => app.log.error({ err: e }, 'the live feed stopped'),
      })
    : undefined;
  const cache: ResponseCache | undefined = o.cache ? (o.cache.store === 'redis' ? redisCache(redis!, o.cache.prefix ?? 'rmf-sim:cache:') : memoryCache({ maxEntries: o.cache.maxEntries ?? 500 })) : undefined;

  const loggerOption = o.logger ?? { level: 'info' };
  const isLoggerInstance = typeof loggerOption === 'object' && typeof (loggerOption as { child?: unknown }).child === 'function';
  const base = Fastify({
    ...(isLoggerInstance ? { loggerInstance: loggerOption as never } : { logger: loggerOption as boolean | { level?: string } }),
    ...(o.tls ? { https: { cert: o.tls.cert, key: o.tls.key, ...(o.tls.ca ? { ca: o.tls.ca } : {}) } } : {}),
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: o.trustProxy ?? false,
    bodyLimit: o.bodyLimit ?? 65_536,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  } as never) as unknown as FastifyInstance;
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ctx: ServerContext = {
    simulator: sim,
    clock,
    view,
    stores,
    pipeline,
    feed,
    hub,
    exporter,
    cache,
    cacheTtl: { simulator: (o.cache && o.cache.simulatorTtlMs) || 300_000, store: (o.cache && o.cache.storeTtlMs) || 5000 },
    tracing,
    auth,
    maxRecords: o.query?.maxRecords ?? 100_000,
    readyTimeoutMs: o.readyTimeoutMs ?? 2000,
    pingIntervalMs: o.stream?.pingIntervalMs ?? 30_000,
    state: { started: false, stopping: false, startedAt: undefined },
    scenario: { token: '' },
    refreshScenario() {
      this.scenario.token = hashString(JSON.stringify(sim.incidents())).toString(36);
    },
  };
  ctx.refreshScenario();

  // ---- errors: problem+json, never a stack trace
  app.setErrorHandler((error, request, reply) => {
    const { status, problem, headers } = toProblem(error, request.url.split('?')[0]);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status, detail: problem.detail }, 'request refused');
    request.span?.fail(problem.detail);
    void reply
      .code(status)
      .headers(headers)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...problem, requestId: request.id }));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    void reply
      .code(404)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: `no route ${request.method} ${path}; the API is described at /openapi.json`, instance: path, requestId: request.id }));
  });

  // ---- request id, tracing, auth (before rate limits, so that limits count per key)
  const securityHeaders = o.securityHeaders === false ? undefined : { ...SECURITY_HEADERS, ...(o.tls ? { 'strict-transport-security': 'max-age=15552000; includeSubDomains' } : {}), ...(typeof o.securityHeaders === 'object' ? o.securityHeaders : {}) };
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('x-request-id', request.id);
    // set before the handler, so that a route with its own policy (the docs' CSP) overrides it
    if (securityHeaders) void reply.headers(securityHeaders);
    // while stopping, answers close their connection so that keep-alive connections do not hold the shutdown up
    if (ctx.state.stopping) void reply.header('connection', 'close');
    if (tracing.enabled) {
      request.span = tracing.start(`HTTP ${request.method} ${request.routeOptions.url ?? 'unknown'}`, { 'http.request.method': request.method, 'url.path': request.url.split('?')[0]!, 'http.route': request.routeOptions.url ?? '' });
    }
    const group = request.routeOptions.config?.group ?? 'api';
    if (group === 'probes') return;
    // Basic credentials on a DDS route are the DDS's own (its users), not the server's
    const headers = group === 'dds' && /^\s*basic\s/i.test(request.headers.authorization ?? '') ? { ...request.headers, authorization: undefined } : request.headers;
    const principal = await auth.authenticate(headers, group === 'stream' ? (request.query as Record<string, unknown>) : undefined);
    if (principal) request.principal = principal;
    else if (auth.requires(group)) {
      throw new HttpProblem(401, 'credentials required: send x-api-key: <key> or Authorization: Bearer <JWT>', {}, { 'www-authenticate': 'Bearer realm="rmf-sim"' });
    }
  });
  if (tracing.enabled) {
    app.addHook('onResponse', async (request, reply) => {
      if (request.span) {
        request.span.setAttribute('http.response.status_code', reply.statusCode);
        if (reply.statusCode >= 500) request.span.fail(`status ${reply.statusCode}`);
        request.span.end();
      }
    });
  }

  if (o.cors && (o.cors.origins ?? []).length > 0) {
    const origins = o.cors.origins!;
    await app.register(fastifyCors, { origin: origins.includes('*') ? true : origins, credentials: o.cors.credentials ?? false, exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'] });
  }
  if (o.rateLimit !== false) {
    const rl = o.rateLimit ?? {};
    await app.register(fastifyRateLimit, {
      global: true,
      max: rl.max ?? 600,
      timeWindow: rl.windowMs ?? 60_000,
      // a Redis outage lets requests through (the API stays up) rather than failing them all
      ...(rl.redis ? { redis: redis, nameSpace: rl.prefix ?? 'rmf-sim:rl:', skipOnError: true } : {}),
      keyGenerator: (request) => (request.principal ? `${request.principal.kind}:${request.principal.id}` : `ip:${request.ip}`),
      errorResponseBuilder: (request, context) =>
        new HttpProblem(context.statusCode, `rate limit of ${context.max} requests per ${(rl.windowMs ?? 60_000) / 1000} s exceeded for ${request.principal ? `${request.principal.kind} ${request.principal.id}` : 'your address'}; retry in ${context.after}`),
    });
  }
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'rmf-sim reference server', version: VERSION, description: 'Simulated IBM z/OS RMF Monitor III data: snapshots and samples of any instant, range queries and aggregates, incidents with ground truth, stores, Prometheus metrics and a live WebSocket stream. Errors are application/problem+json (RFC 9457).' },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
      tags: [
        { name: 'probes', description: 'Kubernetes probes (always open)' },
        { name: 'simulator', description: 'Computed from the simulator: any instant, random access' },
        { name: 'queries', description: 'Range reads and aggregates from a store or the simulator' },
        { name: 'incidents', description: 'Scenario incidents with ground truth' },
        { name: 'stores', description: 'Configured stores, retention, backup and export' },
        { name: 'metrics', description: 'Prometheus exposition and the live stream' },
        { name: 'predecessor', description: 'The predecessor’s paths, kept as aliases' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  // the docs' own routes (HTML, assets, /docs/json) are in the docs group
  app.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) route.config = { ...(route.config as object), group: 'docs' } as typeof route.config;
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true }, logLevel: 'warn' });

  registerRoutes(base, ctx);
  if (o.dds) {
    const dds = o.dds;
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object), group: 'dds' } as typeof route.config;
      });
      await dds.register(scope as unknown as FastifyInstance, { simulator: sim, clock });
    });
  }

  let url: string | undefined;
  let port: number | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let stopping: Promise<ShutdownReport> | undefined;
  const now = () => performance.now();

  const server: RmfServer = {
    app: base,
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    simulator: sim,
    pipeline,
    feed,
    $redis: redis,
    streamStats: () => hub.stats(),
    async start() {
      if (url) return { url };
      if (!isLoopback(host) && !auth.enabled && !o.allowUnauthenticated) {
        throw new ConfigError([{ path: ['host'], message: `refusing to listen on ${host} (not a loopback address) without credentials: configure auth (API keys or JWT), or set allowUnauthenticated (--allow-unauthenticated) if a proxy in front authenticates` }]);
      }
      await app.listen({ host, port: o.port ?? DEFAULT_PORT });
      const address = app.server.address();
      port = typeof address === 'object' && address ? address.port : (o.port ?? DEFAULT_PORT);
      const shown = host.includes(':') ? `[${host}]` : host;
      url = `${o.tls ? 'https' : 'http'}://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${port}`;
      heartbeat = setInterval(() => hub.heartbeat(), ctx.pingIntervalMs);
      heartbeat.unref();
      feed?.start();
      ctx.state.started = true;
      ctx.state.startedAt = clock.now();
      return { url };
    },
    stop() {
      stopping ??= (async () => {
        const t0 = now();
        const deadline = t0 + shutdownTimeoutMs;
        const left = () => Math.max(0, deadline - now());
        ctx.state.stopping = true;
        let clean = true;
        const within = async <T>(p: Promise<T>, what: string): Promise<T | undefined> => {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left())));
          const r = await Promise.race([p, timeout]);
          clearTimeout(timer);
          if (r === 'timeout') {
            clean = false;
            app.log.warn(`shutdown: ${what} did not finish within the deadline`);
            return undefined;
          }
          return r as T;
        };
        if (heartbeat) clearInterval(heartbeat);
        await within(feed?.stop() ?? Promise.resolve(), 'the live feed');
        await within(
          hub.drain(Math.min(left(), 5000), now, (ms) => sleep(ms)),
          'draining the WebSockets',
        );
        // stops accepting, answers 503 on kept-alive connections, waits for in-flight requests; connections that
        // become idle meanwhile (an in-flight request's keep-alive connection) are closed as they do
        const idle = setInterval(() => app.server.closeIdleConnections(), 25);
        await within(app.close(), 'closing the HTTP server');
        clearInterval(idle);
        // keep-alive connections that outlived their last request
        app.server.closeAllConnections();
        const stats = pipeline ? await within(pipeline.close(), 'flushing the write pipeline') : undefined;
        await within(Promise.allSettled(stores.filter((s) => s.close).map((s) => s.store.close())), 'closing the stores');
        if (ownsRedis && redis) {
          if (redis.status === 'wait') redis.disconnect(); // never connected (lazyConnect)
          else await within(redis.quit().catch(() => redis!.disconnect()), 'closing Redis');
        }
        exporter?.unregister();
        url = undefined;
        return { clean, durationMs: Math.round(now() - t0), intervals: feed?.intervals ?? 0, pipeline: stats, stream: hub.stats() };
      })();
      return stopping;
    },
  };
  return server;
}
