/**
 * The `rmf-sim` command line as a function, with injectable streams, clock and abort signal.
 * @module
 */
import type { Clock } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import type { CommandContext } from './context.js';
import { ExitCode, UsageError, describeError } from './errors.js';
import { runGenerate } from './generate.js';
import { BACKFILL_USAGE, GENERATE_USAGE, LIVE_USAGE, MAIN_USAGE, TOPOLOGY_USAGE } from './help.js';
import { runLive } from './live.js';
import { runBackfill } from './backfill.js';
import { runTopology } from './topology-command.js';
import { DDS_USAGE, SERVE_USAGE, VALIDATE_USAGE } from './serve-usage.js';
import { StreamSink, type OutputStream } from './sink.js';
import { VERSION } from './version.js';

/** Options of {@link runCli}; everything defaults to the real process. */
export interface RunCliOptions {
  /** Where data and summaries go. @default process.stdout */
  stdout?: OutputStream;
  /** Where errors (and the `generate --out` progress bar, when `isTTY`) go. @default process.stderr */
  stderr?: OutputStream;
  /** Clock that paces `live`. @default systemClock from `@rmf-sim/core/system-clock` */
  clock?: Clock;
  /** Aborting stops `live` and `serve` cleanly (exit 0) and interrupts `generate` (exit 130). */
  signal?: AbortSignal;
  /** Environment `serve` and `validate-config` read (`RMF_SIM_*`). @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths (`--config`, `--topology`) start from. @default process.cwd() */
  cwd?: string;
}

const where = (o: RunCliOptions) => ({ env: o.env ?? process.env, cwd: o.cwd ?? process.cwd() });
const COMMANDS: Record<string, { usage: string; run: (args: string[], ctx: CommandContext, options: RunCliOptions) => Promise<number> }> = {
  generate: { usage: GENERATE_USAGE, run: runGenerate },
  live: { usage: LIVE_USAGE, run: runLive },
  backfill: { usage: BACKFILL_USAGE, run: runBackfill },
  topology: { usage: TOPOLOGY_USAGE, run: runTopology },
  // the server and its dependencies load only when these run
  serve: { usage: SERVE_USAGE, run: async (args, ctx, o) => (await import('./serve.js')).runServe(args, ctx, where(o)) },
  dds: { usage: DDS_USAGE, run: async (args, ctx, o) => (await import('./dds-command.js')).runDds(args, ctx, where(o)) },
  'validate-config': { usage: VALIDATE_USAGE, run: async (args, ctx, o) => (await import('./serve.js')).runValidateConfig(args, ctx, where(o)) },
};
const COMMAND_NAMES = Object.keys(COMMANDS).join(', ');

/**
 * Runs `rmf-sim` with `argv` (without the `node` and script paths) and resolves to the exit code.
 * Never throws and never calls `process.exit`: usage errors print one `rmf-sim: …` line on stderr and
 * give 2, unexpected errors one line and 1.
 *
 * @example
 * ```ts
 * import { PassThrough } from 'node:stream';
 * import { runCli } from '@rmf-sim/server';
 * const stdout = new PassThrough();
 * const code = await runCli(['generate', '--seed', '42', '--from', '2026-01-05T00:00:00Z', '--to', '2026-01-05T00:00:15Z'], { stdout });
 * ```
 */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const out = new StreamSink(stdout);
  const ctx: CommandContext = { stdout, stderr, out, clock: options.clock ?? systemClock, signal: options.signal, version: VERSION, ...where(options) };
  try {
    const [first, ...rest] = argv;
    if (first === undefined) throw new UsageError(`missing command (${COMMAND_NAMES}); see rmf-sim --help`);
    if (first === '--help' || first === '-h') {
      await out.write(MAIN_USAGE);
      return ExitCode.OK;
    }
    if (first === '--version' || first === '-v') {
      await out.write(`${VERSION}\n`);
      return ExitCode.OK;
    }
    if (first === 'help') {
      const topic = rest[0];
      if (topic !== undefined && !Object.hasOwn(COMMANDS, topic)) throw new UsageError(`unknown command ${JSON.stringify(topic)}; commands: ${COMMAND_NAMES}`);
      await out.write(topic === undefined ? MAIN_USAGE : COMMANDS[topic]!.usage);
      return ExitCode.OK;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option ${first}; expected a command first (${COMMAND_NAMES}); see rmf-sim --help`);
    if (!Object.hasOwn(COMMANDS, first)) throw new UsageError(`unknown command ${JSON.stringify(first)}; commands: ${COMMAND_NAMES}`);
    return await COMMANDS[first]!.run(rest, ctx, options);
  } catch (e) {
    const { exitCode, message } = describeError(e);
    if (exitCode === ExitCode.OK) return exitCode;
    stderr.write(`rmf-sim: ${message}\n`);
    return exitCode;
  } finally {
    out.release();
  }
}
