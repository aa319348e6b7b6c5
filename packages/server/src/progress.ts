/**
 * Progress of `rmf-sim backfill`: a bar on a terminal (records/s, simulated time reached, ETA, each store's place,
 * lag and retries), or a plain line every few seconds otherwise (logs, CI, Kubernetes).
 * @module
 */
import cliProgress from 'cli-progress';
import type { Clock } from '@rmf-sim/core';
import { isoSeconds } from './format.js';
import type { OutputStream } from './sink.js';

/** One store's state, as progress shows it. */
export interface StoreProgress {
  name: string;
  /** End of the last interval the store holds completely, epoch ms. */
  doneMs: number;
  /** Records the store acknowledged in this run. */
  records: number;
  /** How long its oldest waiting batch has waited, ms. */
  lagMs: number;
  retries: number;
  /** Message of its last failure while it is failing, else undefined. */
  failing?: string;
}

/** What progress needs to know at any moment. */
export interface ProgressState {
  /** Intervals of the whole range, and those the slowest store holds. */
  totalIntervals: number;
  doneIntervals: number;
  stores: readonly StoreProgress[];
}

/** Options of {@link BackfillProgress}. */
export interface ProgressOptions {
  stream: OutputStream;
  /** `bar` (a terminal), `lines` (a line every `everyMs`), `none`. */
  mode: 'bar' | 'lines' | 'none';
  clock: Clock;
  /** Reads the current state. */
  state: () => ProgressState;
  /** Time between plain lines, ms. @default 10000 */
  everyMs?: number;
}

const rate = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));
const duration = (s: number) => {
  if (!Number.isFinite(s)) return '?';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  return `${h ? `${h}:` : ''}${String(m).padStart(h ? 2 : 1, '0')}:${String(t % 60).padStart(2, '0')}`;
};

/** Shows the progress of a backfill until {@link BackfillProgress.stop}. */
export class BackfillProgress {
  private readonly started: number;
  private readonly bar: cliProgress.SingleBar | null = null;
  private readonly stopper = new AbortController();
  private ticking: Promise<void> = Promise.resolve();
  /** Intervals done when this run started (a resumed backfill): the rate counts this run's only. */
  private readonly base: number;

  constructor(private readonly o: ProgressOptions) {
    this.started = o.clock.now();
    const s = o.state();
    this.base = s.doneIntervals;
    if (o.mode === 'bar') {
      this.bar = new cliProgress.SingleBar(
        { stream: o.stream, format: 'backfill |{bar}| {percentage}% | {line}', hideCursor: true, clearOnComplete: false, fps: 5, barsize: 24, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(s.totalIntervals, s.doneIntervals, { line: this.line(s) });
    }
    if (o.mode !== 'none') this.ticking = this.tick(o.mode === 'bar' ? 500 : (o.everyMs ?? 10_000));
  }

  /** One description of the state: reached, records/s, ETA, and each store. */
  line(s: ProgressState = this.o.state()): string {
    const elapsed = Math.max(1e-3, (this.o.clock.now() - this.started) / 1000);
    const records = s.stores.length ? Math.min(...s.stores.map((x) => x.records)) : 0;
    const perSecond = (s.doneIntervals - this.base) / elapsed;
    const eta = perSecond > 0 ? (s.totalIntervals - s.doneIntervals) / perSecond : Infinity;
    const reached = s.stores.length ? Math.min(...s.stores.map((x) => x.doneMs)) : 0;
    const stores = s.stores.map((x) => `${x.name} ${isoSeconds(x.doneMs)} lag ${(x.lagMs / 1000).toFixed(1)} s retries ${x.retries}${x.failing ? ` failing: ${x.failing}` : ''}`).join(' | ');
    return `reached ${isoSeconds(reached)} | ${rate(records / elapsed)} records/s | ETA ${duration(eta)} | ${stores}`;
  }

  private async tick(everyMs: number): Promise<void> {
    const signal = this.stopper.signal;
    while (!signal.aborted) {
      try {
        await this.o.clock.sleep(everyMs, signal);
      } catch {
        return;
      }
      if (signal.aborted) return;
      this.show();
    }
  }

  private show(): void {
    const s = this.o.state();
    if (this.bar) this.bar.update(s.doneIntervals, { line: this.line(s) });
    else if (this.o.mode === 'lines') this.o.stream.write(`rmf-sim backfill: ${((100 * s.doneIntervals) / Math.max(1, s.totalIntervals)).toFixed(1)}% ${s.doneIntervals}/${s.totalIntervals} intervals | ${this.line(s)}\n`);
  }

  /** Stops the timer; a bar shows its last state and ends its line. */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.ticking;
    if (this.bar) {
      const s = this.o.state();
      this.bar.update(s.doneIntervals, { line: this.line(s) });
      this.bar.stop();
    }
  }
}
