/**
 * `rmf-sim live`: the simulator paced by a clock, one summary line per interval.
 * @module
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startExporter, type ExporterServer } from '@rmf-sim/exporter-prometheus';
import { parseInstant, parseInteger, parsePositiveNumber, parseSeed, parseShard } from './args.js';
import { simulatorFromFiles } from './topology-file.js';
import type { CommandContext } from './context.js';
import { ExitCode, inFlagTerms, isBrokenPipe, UsageError } from './errors.js';
import { formatSummaryLine, isoSeconds } from './format.js';
import { LIVE_USAGE } from './help.js';

/** What `listen` reports for a host it cannot resolve or that is not an address of this machine. */
const BAD_HOST = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL']);

/** Runs `rmf-sim live` with the arguments after the command name. */
export async function runLive(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      seed: { type: 'string' },
      speed: { type: 'string' },
      interval: { type: 'string' },
      shard: { type: 'string' },
      start: { type: 'string' },
      count: { type: 'string' },
      'metrics-port': { type: 'string' },
      'metrics-host': { type: 'string' },
      topology: { type: 'string' },
      scenario: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await ctx.out.write(LIVE_USAGE);
    return ExitCode.OK;
  }
  const seed = values.seed === undefined ? 42 : parseSeed(values.seed);
  const speed = values.speed === undefined ? 15 : parsePositiveNumber(values.speed, '--speed');
  const intervalSeconds = values.interval === undefined ? undefined : parseInteger(values.interval, '--interval');
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const startArg = values.start === undefined ? undefined : parseInstant(values.start, '--start');
  const count = values.count === undefined ? Infinity : parseInteger(values.count, '--count');
  const metricsPort = values['metrics-port'] === undefined ? undefined : parseInteger(values['metrics-port'], '--metrics-port', 0);
  const metricsHost = values['metrics-host'] ?? '127.0.0.1';
  if (metricsPort !== undefined && metricsPort > 65535) throw new UsageError(`--metrics-port: must be at most 65535, got ${metricsPort}`);

  const sim = simulatorFromFiles(
    { seed, ...(shard && { shard }), ...(intervalSeconds !== undefined && { intervalSeconds }) },
    { ...(values.topology !== undefined ? { topologyFile: values.topology } : {}), ...(values.scenario !== undefined ? { scenarioFile: values.scenario } : {}), cwd: ctx.cwd },
  );
  const start = startArg ?? ctx.clock.now();
  let metrics: ExporterServer | undefined;
  if (metricsPort !== undefined) {
    try {
      metrics = await startExporter({ simulator: sim, port: metricsPort, host: metricsHost });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      // a busy port must not stop the simulator (npm start asks for 9464): say so on one line and go on
      if (code === 'EADDRINUSE') await ctx.stderr.write(`rmf-sim: --metrics-port ${metricsPort} on ${metricsHost} is in use; running without /metrics\n`);
      else if (typeof code === 'string' && BAD_HOST.has(code)) throw new UsageError(`--metrics-host: cannot listen on ${JSON.stringify(metricsHost)}: ${(e as Error).message}`, { cause: e });
      else if (code === 'EACCES') throw new UsageError(`--metrics-port: no permission to listen on port ${metricsPort} (ports below 1024 need privileges)`, { cause: e });
      else throw inFlagTerms(e);
    }
    // serve the interval current at the start at once, not only the exporter's own metrics until one ends
    metrics?.exporter.update(start);
  }
  const header = [
    `# rmf-sim ${ctx.version} live`,
    `seed ${JSON.stringify(seed)}`,
    `speed ${speed}x`,
    `interval ${sim.intervalMs / 1000} s`,
    ...(shard ? [`shard ${shard.index}/${shard.count}`] : []),
    `start ${isoSeconds(start)}`,
    `${sim.series.length} series`,
    Number.isFinite(count) ? `${count} interval${count === 1 ? '' : 's'}` : 'Ctrl-C to stop',
    ...(metrics ? [`metrics ${metrics.url}`] : []),
  ].join('  ');

  try {
    await ctx.out.write(`${header}\n`);
    let printed = 0;
    for await (const snap of sim.live({ clock: ctx.clock, speed, start, signal: ctx.signal })) {
      metrics?.exporter.update(snap.epochMs);
      await ctx.out.write(`${formatSummaryLine(snap)}\n`);
      if (++printed >= count) break;
      // Behind its clock (a high --speed), live() yields interval after interval without a timer: let signals and
      // /metrics requests in between them.
      await yieldToEventLoop();
    }
    return ExitCode.OK;
  } catch (e) {
    // Ctrl-C / SIGTERM (the signal aborted) and a closed pipe are normal ways to stop.
    if (ctx.signal?.aborted || isBrokenPipe(e)) return ExitCode.OK;
    throw e;
  } finally {
    await metrics?.stop();
  }
}
