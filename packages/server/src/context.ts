import type { Clock } from '@rmf-sim/core';
import type { OutputStream, StreamSink } from './sink.js';

/** What a command needs from its environment (everything injectable for tests). */
export interface CommandContext {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Back-pressured writer on stdout. */
  out: StreamSink;
  clock: Clock;
  signal: AbortSignal | undefined;
  version: string;
  /** Directory relative file names (`--topology`, `--scenario`, checkpoints) start from. */
  cwd: string;
  /** Environment (`RMF_SIM_*`). */
  env: Readonly<Record<string, string | undefined>>;
}
