import { formatPath, RmfSimError } from '@rmf-sim/core';

/**
 * Exit codes and error classification of the `rmf-sim` command line.
 * @module
 */

/** Exit codes of `rmf-sim`. */
export const ExitCode = {
  /** Success; also a clean stop of `live` (Ctrl-C, SIGTERM, `--count` reached) and a closed output pipe (EPIPE). */
  OK: 0,
  /** An unexpected error (I/O failure, bug). */
  ERROR: 1,
  /** A usage error: bad flag, bad value, invalid configuration. Nothing useful was written. */
  USAGE: 2,
  /** `generate` was interrupted by SIGINT/SIGTERM before it finished (output is incomplete). */
  INTERRUPTED: 130,
} as const;

/**
 * A mistake in the command line: reported as one `rmf-sim: …` line on stderr with exit code 2. An `RmfSimError`
 * with the stable code `ERR_RMF_USAGE`; its message names the flag.
 *
 * @example
 * ```ts
 * throw new UsageError('--format: expected ndjson or csv, got "xml"');
 * ```
 */
export class UsageError extends RmfSimError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_RMF_USAGE', message, options);
    this.name = 'UsageError';
  }
}

/**
 * The flags of `rmf-sim` that set each library option (the first element of a `ConfigError` issue's path):
 * `intervalSeconds` is `--interval` to the user.
 */
const FLAG_OF: Readonly<Record<string, string>> = {
  seed: '--seed',
  intervalSeconds: '--interval',
  shard: '--shard',
  host: '--metrics-host',
  port: '--metrics-port',
};

/**
 * A `ConfigError` of the library about options the command line set becomes a {@link UsageError} naming the flags
 * (`--interval: Too big: …`), each flag once; anything else is returned as it is.
 */
export function inFlagTerms(e: unknown): unknown {
  const err = e as CodedError | null;
  if (err?.code !== 'ERR_RMF_CONFIG' || !Array.isArray(err.issues)) return e;
  const parts = new Map<string, string>();
  for (const i of err.issues as { path?: unknown; message?: unknown }[]) {
    const flag = Array.isArray(i.path) ? FLAG_OF[String(i.path[0])] : undefined;
    if (!flag) return e;
    if (!parts.has(flag)) parts.set(flag, `${flag}: ${String(i.message)}`);
  }
  return new UsageError([...parts.values()].join('; '), { cause: e });
}

interface CodedError {
  code?: unknown;
  message?: unknown;
  issues?: unknown;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** True when `e` is a write to a closed pipe (`rmf-sim generate | head`). */
export function isBrokenPipe(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as CodedError).code === 'EPIPE';
}

/**
 * Classifies an error thrown while running a command: the exit code and the one-line message to print
 * after `rmf-sim: `. Errors are recognised by their string `code`, never by `instanceof`.
 */
export function describeError(e: unknown): { exitCode: number; message: string } {
  const err = (typeof e === 'object' && e !== null ? e : {}) as CodedError;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const message = typeof err.message === 'string' && err.message ? err.message : String(e);
  if (code === 'EPIPE') return { exitCode: ExitCode.OK, message: '' };
  if (code === 'ERR_RMF_CONFIG' && Array.isArray(err.issues) && err.issues.length > 0) {
    // one problem per path, said once (zod may report several checks of one value)
    const byPath = new Map<string, string>();
    for (const i of err.issues as { path?: unknown; message?: unknown }[]) {
      const path = Array.isArray(i.path) ? formatPath(i.path) : '(root)';
      if (!byPath.has(path)) byPath.set(path, `${path}: ${String(i.message)}`);
    }
    return { exitCode: ExitCode.USAGE, message: oneLine(`invalid configuration: ${[...byPath.values()].join('; ')}`) };
  }
  if (code === 'ERR_RMF_USAGE' || code === 'ERR_RMF_CONFIG' || code === 'ERR_RMF_ARGUMENT') {
    return { exitCode: ExitCode.USAGE, message: oneLine(message) };
  }
  if (code?.startsWith('ERR_PARSE_ARGS_')) {
    return { exitCode: ExitCode.USAGE, message: oneLine(parseArgsMessage(code, message)) };
  }
  return { exitCode: ExitCode.ERROR, message: oneLine(message) };
}

function parseArgsMessage(code: string, message: string): string {
  // Node's messages are long and mention things our CLI does not have; keep the useful part.
  const m = /^(Unknown option '[^']*')|^(Unexpected argument '[^']*')/.exec(message);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && m?.[1]) return `${m[1].replace(/^Unknown/, 'unknown')}; see --help`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && m?.[2]) return `${m[2].replace(/^Unexpected/, 'unexpected')}; see --help`;
  return message.charAt(0).toLowerCase() + message.slice(1);
}
