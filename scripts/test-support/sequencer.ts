/**
 * The order in which vitest's workers take the test files (vitest.config.ts `sequence.sequencer`).
 *
 * The local Swift (scripts/services/swift.mjs) is one single-threaded Python proxy: two files that talk to it at once
 * each run about twice as long, so they gain nothing from running side by side and keep the other worker from the
 * files that could use it. This sequencer plans the run as vitest will execute it — every free worker takes the next
 * file of the list — and never starts a Swift file while another one is planned to be running, as long as there is
 * other work to do; otherwise longest first, as vitest's own sequencer does.
 *
 * Durations come from vitest's cache of the last run (node_modules/.vite); without one (a fresh clone, as in CI's
 * first run), from `durations.json` beside this file (a quiet full run's, written by `save-durations.mjs`); a file in
 * neither is assumed to take a minute if it uses Swift, else a millisecond per byte of its source. Rough, but it only
 * sets the order, never what passes.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files whose time is spent waiting for Swift. */
const SWIFT = /packages\/storage-s3\/test\/(?!pure\.test)[^/]+\.test\.ts$|packages\/server\/test\/(s3-store|backfill-s3)\.test\.ts$/;

/** A quiet full run's durations per file (ms), for a run without vitest's cache. */
const RECORDED: Readonly<Record<string, number>> = (() => {
  try {
    return JSON.parse(readFileSync(new URL('./durations.json', import.meta.url), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
})();

export default class ServiceAwareSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const cache = this.ctx.cache;
    const workers = Math.max(1, Number(this.ctx.config.maxWorkers) || 1);
    const remaining = files.map((spec, i) => {
      const key = `${spec.project.name}:${relative(root, spec.moduleId)}`;
      const last = cache.getFileTestResults(key);
      const swift = SWIFT.test(spec.moduleId);
      const ms = last?.duration || RECORDED[relative(root, spec.moduleId)] || (swift ? 60_000 : (cache.getFileStats(key)?.size ?? 1_000));
      return { spec, i, swift, ms, failed: last?.failed ?? false };
    });
    // failed files first, then longest first (stable)
    remaining.sort((a, b) => Number(b.failed) - Number(a.failed) || b.ms - a.ms || a.i - b.i);
    const free = Array.from({ length: workers }, () => 0);
    let swiftUntil = 0;
    const order: TestSpecification[] = [];
    while (remaining.length > 0) {
      const w = free.indexOf(Math.min(...free));
      const now = free[w]!;
      const busy = swiftUntil > now;
      let pick = remaining.findIndex((f) => !busy || !f.swift);
      if (pick < 0) pick = 0; // only Swift files are left: they have to overlap or wait
      const [f] = remaining.splice(pick, 1);
      free[w] = now + f!.ms;
      if (f!.swift) swiftUntil = Math.max(swiftUntil, free[w]!);
      order.push(f!.spec);
    }
    return order;
  }
}
