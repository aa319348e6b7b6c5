/**
 * `rmf-sim dds`: the RMF Distributed Data Server emulation alone, on its own port (8803 by default), as a real
 * GPMSERVE; the simulator from the same configuration as `rmf-sim serve` (file, environment, flags).
 * @module
 */
import { parseArgs } from 'node:util';
import { parseSeed } from './args.js';
import { ddsListenerOf, loadServeConfig, simulatorOf } from './config/load.js';
import type { CommandContext } from './context.js';
import { DDS_DEFAULT_PORT, listenDds } from './dds.js';
import { ExitCode, UsageError } from './errors.js';
import { checkDds, ddsFlags, type ServeEnvironment } from './serve.js';
import { DDS_USAGE } from './serve-usage.js';

const OPTIONS = {
  config: { type: 'string' },
  topology: { type: 'string' },
  seed: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'dds-user': { type: 'string', multiple: true },
  user: { type: 'string', multiple: true },
  mintime: { type: 'string' },
  'time-zone': { type: 'string' },
  latency: { type: 'string' },
  'allow-unauthenticated': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `rmf-sim dds`: runs until the context's signal aborts. */
export async function runDds(args: string[], ctx: CommandContext, where: ServeEnvironment): Promise<number> {
  const { values: v } = parseArgs({ args, strict: true, allowPositionals: false, options: OPTIONS });
  if (v.help) {
    await ctx.out.write(DDS_USAGE);
    return ExitCode.OK;
  }
  if (v.host !== undefined && v.host.trim() === '') throw new UsageError('--host: must not be empty');
  const users = [...(v.user ?? []), ...(v['dds-user'] ?? [])];
  // --port is the DDS's port here; without it, the file's dds.port, else 8803
  const flags = ddsFlags({ ...v, 'dds-port': v.port, 'dds-user': users.length ? users : undefined }, '--port');
  const loaded = loadServeConfig(
    {
      ...(v.config !== undefined ? { config: v.config } : {}),
      ...(v.topology !== undefined ? { topology: v.topology } : {}),
      ...(v.seed !== undefined ? { seed: parseSeed(v.seed) } : {}),
      ...(v.host !== undefined ? { ddsHost: v.host } : {}),
      ...(v['allow-unauthenticated'] ? { allowUnauthenticated: true } : {}),
      ...flags,
    },
    where.env,
    where.cwd,
  );
  const config = { ...loaded.config, dds: { ...loaded.config.dds, port: loaded.config.dds?.port ?? DDS_DEFAULT_PORT } };
  const simulator = simulatorOf(loaded);
  checkDds(simulator, config);
  if (ctx.signal?.aborted) return ExitCode.OK;
  const server = await listenDds(simulator, ctx.clock, ddsListenerOf(config)!);
  const dds = server.dds;
  await ctx.out.write(
    [
      `# rmf-sim ${ctx.version} dds  seed ${JSON.stringify(simulator.options.seed)}  sysplex ${simulator.topology.sysplex}  MINTIME ${dds.mintime} s  ${config.dds.users && Object.keys(config.dds.users).length ? `${Object.keys(config.dds.users).length} users` : 'no authentication'}  Ctrl-C to stop`,
      `#   index    ${server.url}/gpm/index.xml`,
      `#   reports  ${server.url}/gpm/rmfm3.xml?resource=,${simulator.topology.lpars[0]!.name},MVS_IMAGE&report=CPC`,
      `#   metrics  ${server.url}/metrics/m3`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    if (!ctx.signal || ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.stop();
  return ExitCode.OK;
}
