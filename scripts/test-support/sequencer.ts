/**
 * The order in which vitest's workers take the test files (vitest.config.ts `sequence.sequencer`).
 *
 * The local Swift (scripts/services/swift.mjs) is one single-threaded Python proxy: two files that talk to it at once
 * each run about twice as long, so they gain nothing from running side by side and keep the other worker from the
 * files that could use it. MariaDB on these two cores behaves alike (the MySQL contract suite took 42 s alone and
 * 98 s beside the MySQL backfill test). This sequencer plans the run as vitest will execute it — every free worker
 * takes the next file of the list — and never starts a file of one service group (Swift, MariaDB) while another of
 * the same group is planned to be running, as long as there is other work to do; otherwise longest first, as
 * vitest's own sequencer does.
 *
 * Durations come from vitest's cache of the last run (node_modules/.vite); without one (a fresh clone, as in CI's
 * first run), from `durations.json` beside this file (a quiet full run's, written by `save-durations.mjs`); a file in
 * neither is assumed to take a minute if it uses Swift, else a millisecond per byte of its source. Rough, but it only
 * sets the order, never what passes.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files whose time is spent waiting for one service, by service: two of a group never run side by side. */
const GROUPS: readonly RegExp[] = [
  // Swift
  /packages\/storage-s3\/test\/(?!pure\.test)[^/]+\.test\.ts$|packages\/server\/test\/(s3-store|backfill-s3)\.test\.ts$/,
  // MariaDB
  /packages\/storage-mysql\/test\/(contract|fault|mysql|readme)\.test\.ts$|packages\/server\/test\/(backfill-mysql|mysql-live|backfill-checkpoints)\.test\.ts$/,
];

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
      const group = GROUPS.findIndex((g) => g.test(spec.moduleId));
      const ms = last?.duration || RECORDED[relative(root, spec.moduleId)] || (group === 0 ? 60_000 : (cache.getFileStats(key)?.size ?? 1_000));
      return { spec, i, group, ms, failed: last?.failed ?? false };
    });
    // failed files first, then longest first (stable)
    remaining.sort((a, b) => Number(b.failed) - Number(a.failed) || b.ms - a.ms || a.i - b.i);
    const free = Array.from({ length: workers }, () => 0);
    /** Until when each service group is planned to be busy. */
    const busyUntil = GROUPS.map(() => 0);
    const order: TestSpecification[] = [];
    while (remaining.length > 0) {
      const w = free.indexOf(Math.min(...free));
      const now = free[w]!;
      let pick = remaining.findIndex((f) => f.group < 0 || busyUntil[f.group]! <= now);
      if (pick < 0) pick = 0; // only files of busy groups are left: they have to overlap or wait
      const [f] = remaining.splice(pick, 1);
      free[w] = now + f!.ms;
      if (f!.group >= 0) busyUntil[f!.group] = Math.max(busyUntil[f!.group]!, free[w]!);
      order.push(f!.spec);
    }
    return order;
  }
}
