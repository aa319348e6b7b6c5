/**
 * `rmf-sim serve` (the reference server) and `rmf-sim validate-config`.
 * @module
 */
import { parseArgs } from 'node:util';
import type { CommandContext } from './context.js';
import { parseInstant, parseInteger, parsePositiveNumber, parseSeed } from './args.js';
import { ExitCode, UsageError } from './errors.js';
import { ConfigError, type Simulator } from '@rmf-sim/core';
import { createDds, type DdsServer } from '@rmf-sim/exporter-dds';
import { ddsListenerOf, ddsMountOf, loadServeConfig, serverOptionsOf, simulatorOf, type ServeFlags } from './config/load.js';
import type { ServeConfig } from './config/schema.js';
import { listenDds, parseDdsUsers } from './dds.js';
import { createRmfServer, DEFAULT_PORT } from './http/server.js';
import { openStores, parseStoreUrls } from './stores.js';
import { SERVE_USAGE, VALIDATE_USAGE } from './serve-usage.js';

const OPTIONS = {
  config: { type: 'string' },
  topology: { type: 'string' },
  store: { type: 'string', multiple: true },
  host: { type: 'string' },
  port: { type: 'string' },
  seed: { type: 'string' },
  speed: { type: 'string' },
  start: { type: 'string' },
  'no-live': { type: 'boolean' },
  naming: { type: 'string' },
  'log-level': { type: 'string' },
  'allow-unauthenticated': { type: 'boolean' },
  'dds-port': { type: 'string' },
  'no-dds': { type: 'boolean' },
  'dds-user': { type: 'string', multiple: true },
  mintime: { type: 'string' },
  'time-zone': { type: 'string' },
  latency: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The DDS flags (shared by `serve` and `dds`), parsed and checked. */
export function ddsFlags(v: { 'dds-port'?: string | undefined; 'dds-user'?: string[] | undefined; mintime?: string | undefined; 'time-zone'?: string | undefined; latency?: string | undefined }, portFlag = '--dds-port'): Partial<ServeFlags> {
  const ddsPort = v['dds-port'] === undefined ? undefined : parseInteger(v['dds-port'], portFlag, 0);
  if (ddsPort !== undefined && ddsPort > 65535) throw new UsageError(`${portFlag}: must be at most 65535, got ${ddsPort}`);
  let ddsUsers: Record<string, string> | undefined;
  if (v['dds-user']) {
    try {
      ddsUsers = parseDdsUsers(v['dds-user'], '--dds-user');
    } catch (e) {
      throw new UsageError(`--dds-user: ${(e as { issues: { message: string }[] }).issues[0]!.message}`, { cause: e });
    }
  }
  if (v['time-zone'] !== undefined && v['time-zone'].trim() === '') throw new UsageError('--time-zone: must not be empty');
  return {
    ...(ddsPort !== undefined ? { ddsPort } : {}),
    ...(ddsUsers ? { ddsUsers } : {}),
    ...(v.mintime !== undefined ? { mintime: parseInteger(v.mintime, '--mintime', 1) } : {}),
    ...(v['time-zone'] !== undefined ? { timeZone: v['time-zone'] } : {}),
    ...(v.latency !== undefined ? { latencyMs: parseInteger(v.latency, '--latency', 0) } : {}),
  };
}

function parseFlags(args: string[]): { help: boolean; flags: ServeFlags } {
  const { values: v } = parseArgs({ args, strict: true, allowPositionals: false, options: OPTIONS });
  const port = v.port === undefined ? undefined : parseInteger(v.port, '--port', 0);
  if (port !== undefined && port > 65535) throw new UsageError(`--port: must be at most 65535, got ${port}`);
  if (v.naming !== undefined && !['rmf', 'ibm', 'both'].includes(v.naming)) throw new UsageError(`--naming: expected rmf, ibm or both, got ${JSON.stringify(v.naming)}`);
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (v['log-level'] !== undefined && !levels.includes(v['log-level'])) throw new UsageError(`--log-level: expected one of ${levels.join(', ')}, got ${JSON.stringify(v['log-level'])}`);
  if (v.host !== undefined && v.host.trim() === '') throw new UsageError('--host: must not be empty');
  if (v.start !== undefined) parseInstant(v.start, '--start');
  if (v.store) {
    try {
      parseStoreUrls(v.store);
    } catch (e) {
      const issues = (e as { issues?: { path: (string | number)[]; message: string }[] }).issues;
      if (issues?.length) throw new UsageError(`--store ${v.store[Number(issues[0]!.path[1])] ?? ''}: ${issues[0]!.message}`);
      throw e;
    }
  }
  return {
    help: v.help === true,
    flags: {
      ...(v.config !== undefined ? { config: v.config } : {}),
      ...(v.topology !== undefined ? { topology: v.topology } : {}),
      ...(v.store ? { stores: v.store } : {}),
      ...(v.host !== undefined ? { host: v.host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(v.seed !== undefined ? { seed: parseSeed(v.seed) } : {}),
      ...(v.speed !== undefined ? { speed: parsePositiveNumber(v.speed, '--speed') } : {}),
      ...(v.start !== undefined ? { start: v.start } : {}),
      ...(v['no-live'] ? { live: false } : {}),
      ...(v.naming !== undefined ? { naming: v.naming as ServeFlags['naming'] } : {}),
      ...(v['log-level'] !== undefined ? { logLevel: v['log-level'] } : {}),
      ...(v['allow-unauthenticated'] ? { allowUnauthenticated: true } : {}),
      ...(v['no-dds'] ? { dds: false } : {}),
      ...ddsFlags(v),
    },
  };
}

/** Options of the commands beyond the common context: the environment and working directory. */
export interface ServeEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** Flags, then (unless --help) the configuration, its simulator and the server options; `undefined` after the help. */
async function prepare(args: string[], ctx: CommandContext, where: ServeEnvironment, usage: string) {
  const { help, flags } = parseFlags(args);
  if (help) {
    await ctx.out.write(usage);
    return undefined;
  }
  const loaded = loadServeConfig(flags, where.env, where.cwd);
  const simulator = simulatorOf(loaded);
  checkDds(simulator, loaded.config);
  return { loaded, simulator, options: await serverOptionsOf(loaded) };
}

/** Checks the DDS settings against the simulator (MINTIME a multiple of its interval, a known time zone). */
export function checkDds(simulator: Simulator, config: ServeConfig): void {
  if (config.dds?.enabled === false && config.dds.port === undefined) return;
  try {
    createDds({ simulator, ...ddsMountOf(config) });
  } catch (e) {
    const issues = (e as ConfigError).issues;
    if ((e as ConfigError).code === 'ERR_RMF_CONFIG' && Array.isArray(issues)) throw new ConfigError(issues.map((i) => ({ path: ['dds', ...i.path], message: i.message })), { cause: e });
    throw e;
  }
}

/** `rmf-sim validate-config`. */
export async function runValidateConfig(args: string[], ctx: CommandContext, where: ServeEnvironment): Promise<number> {
  const prepared = await prepare(args, ctx, where, VALIDATE_USAGE);
  if (!prepared) return ExitCode.OK;
  const { loaded, simulator: sim, options } = prepared;
  const stores = parseStoreUrls(loaded.config.stores ?? []);
  const lines = [
    `configuration OK${loaded.file ? `: ${loaded.file}` : ''}`,
    `  simulator  seed ${JSON.stringify(sim.options.seed)}, sysplex ${sim.topology.sysplex}, ${sim.topology.lpars.length} LPARs, ${sim.series.length} series, interval ${sim.intervalMs / 1000} s, ${sim.incidents().length} incidents`,
    `  listen     ${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${options.port ?? DEFAULT_PORT}`,
    `  live       ${options.live === false ? 'off' : `${options.live?.speed ?? 1}x`}`,
    `  stores     ${stores.map((s) => `${s.name} (${s.redacted})`).join(', ') || 'none (range queries from the simulator)'}`,
    `  dds        ${[loaded.config.dds?.enabled === false ? '' : 'on the server (/gpm/…, /metrics/m3)', loaded.config.dds?.port !== undefined ? `own listener ${loaded.config.dds.host ?? options.host ?? '127.0.0.1'}:${loaded.config.dds.port}` : ''].filter(Boolean).join(', ') || 'off'}`,
    `  auth       ${options.auth ? `${options.auth.apiKeys?.length ?? 0} API keys${options.auth.jwt ? `, JWT ${[options.auth.jwt.secret ? 'HS256' : '', options.auth.jwt.publicKey ? 'RS256' : ''].filter(Boolean).join('+')}` : ''}` : 'none (loopback only)'}`,
  ];
  await ctx.out.write(`${lines.join('\n')}\n`);
  return ExitCode.OK;
}

/** `rmf-sim serve`: runs until the context's signal aborts. */
export async function runServe(args: string[], ctx: CommandContext, where: ServeEnvironment): Promise<number> {
  const prepared = await prepare(args, ctx, where, SERVE_USAGE);
  if (!prepared) return ExitCode.OK;
  const { loaded, simulator, options } = prepared;
  if (ctx.signal?.aborted) return ExitCode.OK;
  const opened = await openStores(loaded.config.stores ?? []);
  let server: Awaited<ReturnType<typeof createRmfServer>>;
  try {
    server = await createRmfServer({
      ...options,
      simulator,
      clock: ctx.clock,
      stores: Object.fromEntries(opened.map((s) => [s.name, { store: s.store, kind: s.kind, url: s.url, close: true }])),
      logger: { level: (options.logger as { level?: string }).level ?? 'info', stream: ctx.stdout },
    });
    await server.start();
  } catch (e) {
    await Promise.allSettled(opened.map((s) => s.store.close()));
    if ((e as { code?: unknown }).code === 'EADDRINUSE') throw new Error(`port ${options.port ?? DEFAULT_PORT} on ${options.host ?? '127.0.0.1'} is in use; choose another with --port (0 picks a free one)`);
    throw e;
  }
  const url = server.url!;
  const ws = url.replace(/^http/, 'ws');
  const listener = ddsListenerOf(loaded.config);
  let ddsServer: DdsServer | undefined;
  if (listener) {
    try {
      ddsServer = await listenDds(simulator, ctx.clock, listener);
    } catch (e) {
      await server.stop();
      throw e;
    }
  }
  const ddsOnServer = loaded.config.dds?.enabled !== false;
  const ddsLine = [ddsOnServer ? `${url}/gpm/index.xml` : '', ddsServer ? `${ddsServer.url}/gpm/index.xml (own listener)` : ''].filter(Boolean).join('  ') || 'off (--no-dds)';
  const live = options.live === false ? 'live off' : `live ${options.live?.speed ?? 1}x`;
  await ctx.out.write(
    [
      `# rmf-sim ${ctx.version} serve  seed ${JSON.stringify(simulator.options.seed)}  sysplex ${simulator.topology.sysplex}  ${live}  stores ${opened.map((s) => s.name).join(', ') || 'none'}  Ctrl-C to stop`,
      `#   docs     ${url}/docs`,
      `#   api      ${url}/api/v1   (OpenAPI: ${url}/openapi.json)`,
      `#   metrics  ${url}/metrics`,
      `#   stream   ${ws}/ws/metrics`,
      `#   probes   ${url}/health  ${url}/ready  ${url}/startup`,
      `#   dds      ${ddsLine}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    if (!ctx.signal || ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await ddsServer?.stop();
  const report = await server.stop();
  const written = Object.entries(report.pipeline?.sinks ?? {})
    .map(([name, s]) => `${name} ${s.written} written, ${s.dropped} dropped, ${s.pendingRecords} pending`)
    .join('; ');
  await ctx.stderr.write(`rmf-sim: stopped${report.clean ? '' : ' (deadline reached)'} after ${report.intervals} intervals${written ? `; ${written}` : ''}\n`);
  return report.clean ? ExitCode.OK : ExitCode.ERROR;
}
