/**
 * Writing to a stream with back-pressure: waits for `'drain'` when the stream's buffer is full and
 * turns `'error'` (e.g. EPIPE when the reader went away) into a rejected write.
 * @module
 */
import type { Writable } from 'node:stream';

/** A writable stream as `runCli` needs it: a Node `Writable`, optionally a TTY. */
export type OutputStream = Writable & { isTTY?: boolean };

/** Wraps a stream; {@link StreamSink.write} resolves when it is fine to write more. */
export class StreamSink {
  private failure: unknown = null;
  private readonly onError = (e: unknown) => {
    this.failure ??= e;
  };

  constructor(readonly stream: OutputStream) {
    stream.on('error', this.onError);
  }

  /** The first error the stream reported, if any. */
  get error(): unknown {
    return this.failure ?? (this.stream.errored as unknown) ?? null;
  }

  private check(): void {
    const e = this.error;
    if (e) throw e;
    if (this.stream.destroyed || this.stream.writableEnded) {
      throw Object.assign(new Error('the output stream was closed'), { code: 'ERR_STREAM_DESTROYED' });
    }
  }

  /** Writes `chunk`; when the stream asks for back-pressure, resolves only after `'drain'`. Rejects on a stream error. */
  async write(chunk: string | Uint8Array): Promise<void> {
    this.check();
    if (this.stream.write(chunk)) return;
    this.check();
    await new Promise<void>((resolve, reject) => {
      const s = this.stream;
      const done = (e?: unknown) => {
        s.off('drain', onDrain);
        s.off('error', onFail);
        s.off('close', onClose);
        if (e) reject(e);
        else resolve();
      };
      const onDrain = () => done();
      const onFail = (e: unknown) => done(e);
      const onClose = () => done(this.error ?? Object.assign(new Error('the output stream was closed'), { code: 'ERR_STREAM_DESTROYED' }));
      s.on('drain', onDrain);
      s.on('error', onFail);
      s.on('close', onClose);
    });
  }

  /**
   * Stops listening for errors (call when done with a stream you keep using, such as stdout).
   * A stream that already failed keeps the listener: its `'error'` event may still be on its way
   * (it is emitted on the next tick) and would otherwise crash the process as unhandled.
   */
  release(): void {
    if (this.error || this.stream.destroyed) return;
    this.stream.off('error', this.onError);
  }
}
