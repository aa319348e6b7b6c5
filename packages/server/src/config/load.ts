/**
 * Reading the configuration of `rmf-sim serve`: the file (YAML or JSON), the topology file (checked by core's
 * `parseTopology`), key and certificate files; and turning it into the options of `createRmfServer`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, createSimulator, parseTopology, type Simulator, type SimulatorOptions, type Topology } from '@rmf-sim/core';
import { parse as parseYaml } from 'yaml';
import type { AuthOptions } from '../http/auth.js';
import { createAuthenticator } from '../http/auth.js';
import type { RmfServerOptions } from '../http/options.js';
import { ddsExtension, type DdsListenOptions, type DdsMountOptions } from '../dds.js';
import { parseStoreUrls } from '../stores.js';
import { configFromEnv, mergeConfig, parseServeConfig, type ServeConfig } from './schema.js';

/** Reads a YAML or JSON file (by its extension; YAML otherwise, which also reads JSON). */
export function readStructuredFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([{ path: [what], message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError([{ path: [what], message: `${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}` }]);
  }
}

/** What the command line contributes (already parsed and checked by the CLI). */
export interface ServeFlags {
  config?: string;
  topology?: string;
  stores?: string[];
  host?: string;
  port?: number;
  seed?: number | string;
  speed?: number;
  live?: boolean;
  start?: string;
  allowUnauthenticated?: boolean;
  logLevel?: string;
  naming?: 'rmf' | 'ibm' | 'both';
  /** `rmf-sim dds --host`: the address of the DDS's own listener. */
  ddsHost?: string;
  /** `--dds-port`: the DDS's own listener. */
  ddsPort?: number;
  /** `--no-dds`: no DDS emulation on the server's listener. */
  dds?: boolean;
  /** `--dds-user NAME:PASSWORD`, repeatable. */
  ddsUsers?: Record<string, string>;
  /** `--mintime`. */
  mintime?: number;
  /** `--time-zone`. */
  timeZone?: string;
  /** `--latency`. */
  latencyMs?: number;
}

/** A loaded configuration: the merged config and the base directory of its relative paths. */
export interface LoadedConfig {
  config: ServeConfig;
  baseDir: string;
  file: string | undefined;
}

/**
 * Loads file < environment < flags and validates the result (`ConfigError` with paths).
 *
 * @example
 * ```ts
 * const { config } = loadServeConfig({ config: 'rmf-sim.yaml', port: 9000 }, process.env, process.cwd());
 * ```
 */
export function loadServeConfig(flags: ServeFlags, env: Readonly<Record<string, string | undefined>>, cwd: string): LoadedConfig {
  const file = flags.config ?? env.RMF_SIM_CONFIG;
  const path = file ? resolve(cwd, file) : undefined;
  const fromFile = path ? readStructuredFile(path, '--config') : {};
  if (path && (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile))) throw new ConfigError([{ path: ['--config'], message: `${path}: the configuration is a mapping (YAML) or an object (JSON)` }]);
  const fromFlags: Record<string, unknown> = {};
  const put = (p: string, v: unknown) => {
    if (v === undefined) return;
    const keys = p.split('.');
    let cur = fromFlags;
    for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
    cur[keys.at(-1)!] = v;
  };
  put('host', flags.host);
  put('port', flags.port);
  put('simulator.seed', flags.seed);
  put('simulator.topologyFile', flags.topology === undefined ? undefined : resolve(cwd, flags.topology));
  put('live.speed', flags.speed);
  put('live.enabled', flags.live);
  put('live.start', flags.start);
  put('stores', flags.stores && flags.stores.length ? flags.stores : undefined);
  put('allowUnauthenticated', flags.allowUnauthenticated);
  put('log.level', flags.logLevel);
  put('prometheus.naming', flags.naming);
  put('dds.port', flags.ddsPort);
  put('dds.host', flags.ddsHost);
  put('dds.enabled', flags.dds);
  put('dds.users', flags.ddsUsers);
  put('dds.mintime', flags.mintime);
  put('dds.timeZone', flags.timeZone);
  put('dds.latencyMs', flags.latencyMs);
  const merged = mergeConfig(mergeConfig((fromFile ?? {}) as Record<string, unknown>, configFromEnv(env)), fromFlags);
  return { config: parseServeConfig(merged, path), baseDir: path ? dirname(path) : cwd, file: path };
}

const at = (base: string, p: string) => (isAbsolute(p) ? p : resolve(base, p));
const readText = (file: string, what: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([{ path: [what], message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
};

/** The simulator of a configuration (topology from the file or inline, checked by core). */
export function simulatorOf({ config, baseDir }: LoadedConfig): Simulator {
  const s = config.simulator ?? {};
  let topology: Topology | undefined;
  if (s.topologyFile) topology = prefixed(() => parseTopology(readStructuredFile(at(baseDir, s.topologyFile!), 'simulator.topologyFile')), ['simulator', 'topologyFile']);
  else if (s.topology) topology = prefixed(() => parseTopology(s.topology), ['simulator', 'topology']);
  const options: SimulatorOptions = {
    seed: s.seed ?? 42,
    ...(topology ? { topology } : {}),
    ...(s.intervalSeconds ? { intervalSeconds: s.intervalSeconds } : {}),
    ...(s.scenario ? { scenario: s.scenario as SimulatorOptions['scenario'] } : {}),
  };
  return prefixed(() => createSimulator(options), ['simulator']);
}

/** Runs `fn`; a ConfigError's issue paths get `prefix` in front. */
function prefixed<T>(fn: () => T, prefix: (string | number)[]): T {
  try {
    return fn();
  } catch (e) {
    const err = e as ConfigError;
    if (err?.code === 'ERR_RMF_CONFIG' && Array.isArray(err.issues)) {
      const already = (p: (string | number)[]) => p.length >= prefix.length && prefix.every((x, i) => p[i] === x);
      throw new ConfigError(err.issues.map((i) => ({ path: already(i.path) ? i.path : [...prefix, ...i.path], message: i.message })), { cause: e });
    }
    throw e;
  }
}

/** The auth options of a configuration (the public key read from its file). */
export function authOf({ config, baseDir }: LoadedConfig): AuthOptions | undefined {
  const a = config.auth;
  if (!a) return undefined;
  const jwt = a.jwt
    ? {
        ...(a.jwt.secret ? { secret: a.jwt.secret } : {}),
        ...(a.jwt.publicKeyFile ? { publicKey: readText(at(baseDir, a.jwt.publicKeyFile), 'auth.jwt.publicKeyFile') } : {}),
        ...(a.jwt.issuer !== undefined ? { issuer: a.jwt.issuer } : {}),
        ...(a.jwt.audience !== undefined ? { audience: a.jwt.audience } : {}),
        ...(a.jwt.clockToleranceSeconds !== undefined ? { clockToleranceSeconds: a.jwt.clockToleranceSeconds } : {}),
      }
    : undefined;
  return { ...(a.apiKeys ? { apiKeys: a.apiKeys } : {}), ...(jwt ? { jwt } : {}), ...(a.groups ? { groups: a.groups } : {}) };
}

/**
 * The server options of a configuration, less the simulator, clock and stores (which the caller opens).
 * Checks everything that can be checked without network: store URLs, auth (keys, JWT key), TLS files.
 */
export async function serverOptionsOf(loaded: LoadedConfig): Promise<Omit<RmfServerOptions, 'simulator' | 'stores'>> {
  const { config: c, baseDir } = loaded;
  parseStoreUrls(c.stores ?? []);
  const auth = authOf(loaded);
  if (auth) await createAuthenticator(auth); // validates (ConfigError)
  return {
    ...(c.host !== undefined ? { host: c.host } : {}),
    ...(c.port !== undefined ? { port: c.port } : {}),
    ...(c.allowUnauthenticated !== undefined ? { allowUnauthenticated: c.allowUnauthenticated } : {}),
    ...(c.trustProxy !== undefined ? { trustProxy: c.trustProxy } : {}),
    ...(c.tls ? { tls: { cert: readText(at(baseDir, c.tls.certFile), 'tls.certFile'), key: readText(at(baseDir, c.tls.keyFile), 'tls.keyFile'), ...(c.tls.caFile ? { ca: readText(at(baseDir, c.tls.caFile), 'tls.caFile') } : {}) } } : {}),
    live: c.live?.enabled === false ? false : { speed: c.live?.speed ?? 1, ...(c.live?.start ? { start: c.live.start } : {}), ...(c.live?.write !== undefined ? { write: c.live.write } : {}) },
    ...(c.pipeline ? { pipeline: c.pipeline } : {}),
    ...(auth ? { auth } : {}),
    ...(c.redis ? { redis: c.redis } : {}),
    rateLimit: c.rateLimit?.enabled === false ? false : { ...(c.rateLimit?.max ? { max: c.rateLimit.max } : {}), ...(c.rateLimit?.windowMs ? { windowMs: c.rateLimit.windowMs } : {}), ...(c.rateLimit?.redis ? { redis: true } : {}), ...(c.rateLimit?.prefix ? { prefix: c.rateLimit.prefix } : {}) },
    cache: c.cache?.enabled !== false ? { ...(c.cache?.store ? { store: c.cache?.store } : {}), ...(c.cache?.simulatorTtlMs ? { simulatorTtlMs: c.cache?.simulatorTtlMs } : {}), ...(c.cache?.storeTtlMs ? { storeTtlMs: c.cache?.storeTtlMs } : {}), ...(c.cache?.maxEntries ? { maxEntries: c.cache?.maxEntries } : {}) } : false,
    ...(c.cors ? { cors: c.cors } : {}),
    ...(c.securityHeaders !== undefined ? { securityHeaders: c.securityHeaders } : {}),
    prometheus: c.prometheus?.enabled === false ? false : { naming: c.prometheus?.naming ?? 'rmf' },
    ...(c.stream ? { stream: c.stream } : {}),
    ...(c.query ? { query: c.query } : {}),
    logger: { level: c.log?.level ?? 'info' },
    ...(c.shutdownTimeoutMs ? { shutdownTimeoutMs: c.shutdownTimeoutMs } : {}),
    ...(c.dds?.enabled === false ? {} : { dds: ddsExtension(ddsMountOf(c)) }),
  };
}

/** The DDS options of a configuration (without the listener's). */
export function ddsMountOf(c: ServeConfig): DdsMountOptions {
  const d = c.dds ?? {};
  return {
    ...(d.users ? { users: d.users } : {}),
    ...(d.mintime !== undefined ? { mintime: d.mintime } : {}),
    ...(d.timeZone !== undefined ? { timeZone: d.timeZone } : {}),
    ...(d.latencyMs !== undefined ? { latencyMs: d.latencyMs } : {}),
  };
}

/** The DDS's own listener of a configuration, or `undefined` when it has none (`dds.port` absent). */
export function ddsListenerOf(c: ServeConfig): DdsListenOptions | undefined {
  if (c.dds?.port === undefined) return undefined;
  return { ...ddsMountOf(c), port: c.dds.port, host: c.dds.host ?? c.host ?? '127.0.0.1', ...(c.allowUnauthenticated ? { allowUnauthenticated: true } : {}) };
}
