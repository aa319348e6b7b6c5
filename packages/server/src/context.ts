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
}
