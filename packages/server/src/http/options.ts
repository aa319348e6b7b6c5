/**
 * Options of {@link createRmfServer}, each with its default.
 * @module
 */
import type { Clock, Instant, MetricStore, RetryOptions, Simulator, WritePipelineOptions } from '@rmf-sim/core';
import type { Naming } from '@rmf-sim/exporter-prometheus';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { AuthOptions } from './auth.js';
import type { StoreCapabilities } from './capabilities.js';
import type { TracerProviderLike } from './tracing.js';

/**
 * A store with what the server should know about it.
 *
 * @example
 * ```ts
 * const entry: StoreEntry = { store: createMysqlStore({ client: pool }), kind: 'mysql', retry: { maxAttempts: 20 } };
 * ```
 */
export interface StoreEntry {
  store: MetricStore & StoreCapabilities;
  /** Kind shown in `/api/v1/stores` and used by the predecessor's aliases (`mongodb`, `s3`). @default 'custom' */
  kind?: string;
  /** URL without credentials, for display. */
  url?: string;
  /** Retry settings of this store's sink in the write pipeline. */
  retry?: RetryOptions;
  /** Close the store on stop (stores the server opened from URLs). @default false: the store is yours */
  close?: boolean;
}

/**
 * A mount point for a plugin such as the RMF DDS emulation (`@rmf-sim/exporter-dds`): it gets the Fastify app (its
 * routes go through the server's auth, rate limits and problem errors, under the `dds` route group) and the simulator.
 *
 * @example
 * ```ts
 * const dds: ServerExtension = { name: 'dds', register: async (app, { simulator }) => { app.get('/gpm/root.xml', async () => '…'); } };
 * ```
 */
export interface ServerExtension {
  name: string;
  register(app: FastifyInstance, context: { simulator: Simulator; clock: Clock }): Promise<void> | void;
}

/** WebSocket stream settings. */
export interface StreamOptions {
  /** Most bytes a client's socket may hold; beyond, intervals are missed for it. @default 4194304 */
  maxBufferedBytes?: number;
  /** `drop`: a slow client misses intervals (and is told); `close`: it is closed at once (code 4008). @default 'drop' */
  slowClient?: 'drop' | 'close';
  /** Intervals a client may miss in a row before it is closed with 4008. @default 20 */
  maxMissedInRow?: number;
  /** Ping period; a client that did not answer the previous ping is closed (4002). @default 30000 */
  pingIntervalMs?: number;
  /** Most clients at once. @default 10000 */
  maxClients?: number;
}

/** Rate limiting per API key / token subject, or per IP for anonymous requests. */
export interface RateLimitOptions {
  /** Requests per window. @default 600 */
  max?: number;
  /** Window length, ms. @default 60000 */
  windowMs?: number;
  /** Count in Redis (shared by every replica) instead of in memory. @default false */
  redis?: boolean;
  /** Prefix of the Redis keys. @default 'rmf-sim:rl:' */
  prefix?: string;
}

/** Response cache of computed snapshots, samples and store queries. */
export interface CacheOptions {
  /** `memory` (this process) or `redis` (shared by replicas; needs `redis`). @default 'memory' */
  store?: 'memory' | 'redis';
  /** Lifetime of an answer computed from the simulator (deterministic, so it may be long), ms. @default 300000 */
  simulatorTtlMs?: number;
  /** Lifetime of an answer read from a store (which changes as data arrives), ms. @default 5000 */
  storeTtlMs?: number;
  /** Most entries in memory. @default 500 */
  maxEntries?: number;
  /** Prefix of the Redis keys. @default 'rmf-sim:cache:' */
  prefix?: string;
}

/** CORS. */
export interface CorsOptions {
  /** Allowed origins (`*` for any). @default [] (CORS off) */
  origins?: string[];
  /** Allow credentials. @default false */
  credentials?: boolean;
}

/**
 * Options of {@link createRmfServer}.
 *
 * @example
 * ```ts
 * const options: RmfServerOptions = {
 *   simulator: createSimulator({ seed: 42 }),
 *   stores: { memory: { store: createMemoryStore() } },
 *   auth: { apiKeys: [{ id: 'ops', key: process.env.RMF_KEY! }] },
 *   port: 8000,
 * };
 * ```
 */
export interface RmfServerOptions {
  /** The simulator to serve. */
  simulator: Simulator;
  /** Time source (live pacing, clean-up, incidents that start now). @default systemClock of @rmf-sim/core/system-clock */
  clock?: Clock;
  /** Stores by name: written by the live feed (through one write pipeline) and read by range queries, in order. @default {} */
  stores?: Record<string, (MetricStore & StoreCapabilities) | StoreEntry>;
  /** Write pipeline settings (batching, back-pressure, retries). @default core's defaults */
  pipeline?: Omit<WritePipelineOptions, 'sinks' | 'clock'>;
  /** Run the simulator live: each interval goes to /metrics, the stream and the stores. `false`: no live feed. @default { speed: 1 } */
  live?: false | { speed?: number; start?: Instant; write?: boolean };
  /** Address to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port; 0 picks a free one. @default 8000 */
  port?: number;
  /** Serve HTTPS (and WSS) with this certificate and key (PEM). @default none (HTTP) */
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer };
  /** API keys and JWT, per route group. @default none (everything open; only loopback addresses allowed) */
  auth?: AuthOptions;
  /** Listen on a non-loopback address without any credentials configured. @default false */
  allowUnauthenticated?: boolean;
  /** Rate limits; `false` for none. @default { max: 600, windowMs: 60000 } */
  rateLimit?: false | RateLimitOptions;
  /** A Redis client (ioredis) or URL for shared rate limits and cache. A client is yours (never closed). @default none */
  redis?: Redis | string;
  /** Response cache; `false` for none. @default false */
  cache?: false | CacheOptions;
  /** CORS; `false` for none. @default false */
  cors?: false | CorsOptions;
  /** Security headers (CSP, HSTS with TLS, nosniff, frame denial, …; see `SECURITY_HEADERS`); an object adds or overrides headers. @default true */
  securityHeaders?: boolean | Record<string, string>;
  /** Trust `X-Forwarded-*` from a proxy (the client IP for rate limits). @default false */
  trustProxy?: boolean | string | string[];
  /** Prometheus endpoint `/metrics`: metric names `rmf`, `ibm` or `both`; `false` for none. @default { naming: 'rmf' } */
  prometheus?: false | { naming?: Naming };
  /** WebSocket stream settings. @default see {@link StreamOptions} */
  stream?: StreamOptions;
  /** Range queries: most intervals the simulator generates per query, most records per answer. @default { maxIntervals: 5760, maxRecords: 100000 } */
  query?: { maxIntervals?: number; maxRecords?: number };
  /** Logging: pino options for Fastify's logger, a pino logger, or `false`. @default { level: 'info' } */
  logger?: boolean | { level?: string; stream?: NodeJS.WritableStream } | FastifyBaseLogger;
  /** OpenTelemetry tracer provider. @default the global one of @opentelemetry/api when installed, else no tracing */
  tracerProvider?: TracerProviderLike;
  /** Deadline of {@link RmfServer.stop}: drain, flush and close within it, ms. @default 10000 */
  shutdownTimeoutMs?: number;
  /** Timeout of each store's readiness check, ms. @default 2000 */
  readyTimeoutMs?: number;
  /** Largest request body, bytes. @default 65536 */
  bodyLimit?: number;
  /** The RMF DDS emulation's mount point (see {@link ServerExtension}). @default none */
  dds?: ServerExtension;
}
