/**
 * The configuration of `rmf-sim serve`: one zod schema for the file (YAML or JSON), the environment and the flags,
 * merged in that order (later wins). Pure.
 * @module
 */
import { ConfigError, formatPath, type ConfigIssue } from '@rmf-sim/core';
import { z } from 'zod';
import { ROUTE_GROUPS } from '../http/auth.js';

const port = z.number().int().min(0).max(65535);
const ms = z.number().int().min(1).max(86_400_000);

/** The schema of a configuration file (every field optional; defaults are the server's). */
export const serveConfigSchema = z
  .object({
    host: z.string().min(1).optional(),
    port: port.optional(),
    allowUnauthenticated: z.boolean().optional(),
    trustProxy: z.union([z.boolean(), z.string(), z.array(z.string())]).optional(),
    tls: z.object({ certFile: z.string().min(1), keyFile: z.string().min(1), caFile: z.string().min(1).optional() }).strict().optional(),
    simulator: z
      .object({
        seed: z.union([z.number().int().min(0), z.string().min(1)]).optional(),
        intervalSeconds: z.number().int().min(1).max(3600).optional(),
        topologyFile: z.string().min(1).optional(),
        topology: z.record(z.string(), z.unknown()).optional(),
        scenario: z.array(z.record(z.string(), z.unknown())).optional(),
      })
      .strict()
      .optional(),
    live: z.object({ enabled: z.boolean().optional(), speed: z.number().positive().max(1_000_000).optional(), start: z.string().optional(), write: z.boolean().optional() }).strict().optional(),
    stores: z.array(z.string().min(1)).optional(),
    pipeline: z.object({ batchSize: z.number().int().min(1).optional(), maxBatchDelayMs: ms.optional(), maxQueuedBatches: z.number().int().min(0).optional() }).strict().optional(),
    auth: z
      .object({
        apiKeys: z.array(z.object({ id: z.string().min(1), key: z.string().optional(), sha256: z.string().optional() }).strict()).optional(),
        jwt: z
          .object({
            secret: z.string().optional(),
            publicKeyFile: z.string().optional(),
            issuer: z.union([z.string(), z.array(z.string())]).optional(),
            audience: z.union([z.string(), z.array(z.string())]).optional(),
            clockToleranceSeconds: z.number().min(0).max(3600).optional(),
          })
          .strict()
          .optional(),
        groups: z.partialRecord(z.enum(ROUTE_GROUPS), z.enum(['open', 'required'])).optional(),
      })
      .strict()
      .optional(),
    redis: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
    rateLimit: z.object({ enabled: z.boolean().optional(), max: z.number().int().min(1).optional(), windowMs: ms.optional(), redis: z.boolean().optional(), prefix: z.string().optional() }).strict().optional(),
    cache: z.object({ enabled: z.boolean().optional(), store: z.enum(['memory', 'redis']).optional(), simulatorTtlMs: ms.optional(), storeTtlMs: ms.optional(), maxEntries: z.number().int().min(1).optional() }).strict().optional(),
    cors: z.object({ origins: z.array(z.string()).optional(), credentials: z.boolean().optional() }).strict().optional(),
    securityHeaders: z.boolean().optional(),
    prometheus: z.object({ enabled: z.boolean().optional(), naming: z.enum(['rmf', 'ibm', 'both']).optional() }).strict().optional(),
    stream: z.object({ maxBufferedBytes: z.number().int().min(1024).optional(), slowClient: z.enum(['drop', 'close']).optional(), maxMissedInRow: z.number().int().min(0).optional(), pingIntervalMs: ms.optional(), maxClients: z.number().int().min(1).optional() }).strict().optional(),
    query: z.object({ maxIntervals: z.number().int().min(1).optional(), maxRecords: z.number().int().min(1).optional() }).strict().optional(),
    dds: z
      .object({
        /** Mount the DDS emulation (`/gpm/…`, `/metrics/m3`) on the server's listener. */
        enabled: z.boolean().optional(),
        /** Also listen on a port of its own, as a real DDS does (8803); absent: no listener of its own. */
        port: port.optional(),
        /** Address of that listener (default the server's host). */
        host: z.string().min(1).optional(),
        /** Basic-auth users (name → password) the DDS asks for, as GPMSERVE does. */
        users: z.record(z.string().min(1), z.string()).optional(),
        /** MINTIME in seconds, a multiple of the simulator's interval. */
        mintime: z.number().int().min(1).max(86_400).optional(),
        /** Time zone of local times: an IANA name, 'UTC', '+hh:mm', or minutes east of UTC. */
        timeZone: z.union([z.string().min(1), z.number().int().min(-1440).max(1440)]).optional(),
        /** Milliseconds every answer waits, as a real DDS takes its time. */
        latencyMs: z.number().int().min(0).max(600_000).optional(),
      })
      .strict()
      .optional(),
    log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional() }).strict().optional(),
    shutdownTimeoutMs: ms.optional(),
  })
  .strict();

/** A configuration as written (file, env and flags merged). */
export type ServeConfig = z.output<typeof serveConfigSchema>;


type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge of plain objects: `b` wins; arrays are replaced, not concatenated. */
export function mergeConfig(a: Plain, b: Plain): Plain {
  const out: Plain = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    out[k] = isPlain(v) && isPlain(out[k]) ? mergeConfig(out[k] as Plain, v) : v;
  }
  return out;
}

const setPath = (o: Plain, path: string, value: unknown) => {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Plain;
  cur[keys.at(-1)!] = value;
};

/**
 * The part of the configuration the environment gives. Numbers are parsed; a bad one is a `ConfigError` naming the
 * variable.
 */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): Plain {
  const out: Plain = {};
  const issues: ConfigIssue[] = [];
  const num = (name: string, path: string) => {
    const v = env[name];
    if (v === undefined || v === '') return;
    const n = Number(v);
    if (!Number.isFinite(n)) issues.push({ path: [name], message: `expected a number, got ${JSON.stringify(v)}` });
    else setPath(out, path, n);
  };
  const str = (name: string, path: string) => {
    const v = env[name];
    if (v !== undefined && v !== '') setPath(out, path, v);
  };
  str('RMF_SIM_HOST', 'host');
  num('RMF_SIM_PORT', 'port');
  const seed = env.RMF_SIM_SEED;
  if (seed !== undefined && seed !== '') setPath(out, 'simulator.seed', /^\d+$/.test(seed) ? Number(seed) : seed);
  str('RMF_SIM_TOPOLOGY_FILE', 'simulator.topologyFile');
  num('RMF_SIM_SPEED', 'live.speed');
  if (env.RMF_SIM_STORES) out.stores = env.RMF_SIM_STORES.split(/[\s,]+/).filter(Boolean);
  if (env.RMF_SIM_API_KEYS) {
    const keys = env.RMF_SIM_API_KEYS.split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        const i = p.indexOf(':');
        if (i <= 0) issues.push({ path: ['RMF_SIM_API_KEYS'], message: 'expected id:key pairs separated by commas' });
        return { id: p.slice(0, i), key: p.slice(i + 1) };
      });
    setPath(out, 'auth.apiKeys', keys);
  }
  str('RMF_SIM_JWT_SECRET', 'auth.jwt.secret');
  str('RMF_SIM_JWT_PUBLIC_KEY_FILE', 'auth.jwt.publicKeyFile');
  str('RMF_SIM_JWT_ISSUER', 'auth.jwt.issuer');
  str('RMF_SIM_JWT_AUDIENCE', 'auth.jwt.audience');
  str('RMF_SIM_REDIS_URL', 'redis');
  str('RMF_SIM_LOG_LEVEL', 'log.level');
  num('RMF_SIM_DDS_PORT', 'dds.port');
  if (env.RMF_SIM_DDS_USERS) {
    const users: Record<string, string> = {};
    for (const p of env.RMF_SIM_DDS_USERS.split(',').map((x) => x.trim()).filter(Boolean)) {
      const i = p.indexOf(':');
      if (i <= 0) issues.push({ path: ['RMF_SIM_DDS_USERS'], message: 'expected NAME:PASSWORD pairs separated by commas' });
      else users[p.slice(0, i)] = p.slice(i + 1);
    }
    setPath(out, 'dds.users', users);
  }
  str('RMF_SIM_TLS_CERT_FILE', 'tls.certFile');
  str('RMF_SIM_TLS_KEY_FILE', 'tls.keyFile');
  if (issues.length) throw new ConfigError(issues);
  return out;
}

/**
 * Validates a merged configuration; throws `ConfigError` whose issues carry the path (prefixed with `origin`, e.g. the
 * file name, when given).
 *
 * @example
 * ```ts
 * const config = parseServeConfig(mergeConfig(fromFile, configFromEnv(process.env)));
 * ```
 */
export function parseServeConfig(input: unknown, origin?: string): ServeConfig {
  const r = serveConfigSchema.safeParse(input);
  if (r.success) return r.data;
  throw new ConfigError(
    r.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: `${i.message}${origin ? ` (in ${origin}${i.path.length ? ` at ${formatPath(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)))}` : ''})` : ''}`,
    })),
    { cause: r.error },
  );
}
