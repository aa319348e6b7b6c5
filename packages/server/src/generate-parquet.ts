/**
 * `rmf-sim generate --format parquet`: the range as one Parquet file, or one file per metric family in a directory,
 * encoded by `@rmf-sim/storage-s3`'s `encodeParquet` with the columns of its `tableColumns` / `familyColumns` (derived
 * from core's catalogue). The encoder takes every record of a file at once, so a run holds the whole range in memory:
 * {@link GENERATE_PARQUET_MAX_RECORDS} bounds it, and a longer range is refused before anything is computed.
 * @module
 */
import { statSync } from 'node:fs';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { getMetric, toRecords, type MetricFamily, type MetricRecord, type Simulator } from '@rmf-sim/core';
import { describeError, UsageError } from './errors.js';

/**
 * Records of one `generate --format parquet` run at most: measured at 2 M, a single file peaks at about 2.2 GB of
 * memory (records and encoder together) and takes about 30 s on a 2-core machine, a folder per family at 1.3 GB. 2 M
 * is about an hour and a half of the default topology at 15 s intervals.
 */
export const GENERATE_PARQUET_MAX_RECORDS = 2_000_000;

/** Where Parquet goes: one file, or a directory with `<family>.parquet` files. */
export interface ParquetTarget {
  kind: 'file' | 'dir';
  /** Absolute path. */
  path: string;
  /** As given on the command line (for messages). */
  name: string;
}

/** Refuses a range whose records exceed {@link GENERATE_PARQUET_MAX_RECORDS}, naming `--format` and `--to`. */
export function checkParquetRange(intervals: number, series: number): void {
  const records = intervals * series;
  if (records <= GENERATE_PARQUET_MAX_RECORDS) return;
  const most = Math.max(1, Math.floor(GENERATE_PARQUET_MAX_RECORDS / Math.max(1, series)));
  throw new UsageError(
    `--format parquet: ${records.toLocaleString('en-US')} records (${intervals} intervals of ${series} series) is more than the ${GENERATE_PARQUET_MAX_RECORDS.toLocaleString('en-US')} one run holds in memory; ` +
      `bring --to closer to --from (at most ${most} intervals here), split the range into several runs, or use ndjson/csv`,
  );
}

/** `--out` of a Parquet run: a directory when it ends with `/` or is one (created when missing), else a file whose folder must exist. */
export async function parquetTarget(out: string, cwd: string): Promise<ParquetTarget> {
  const path = resolve(cwd, out);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    isDir = false;
  }
  try {
    if (isDir || /[/\\]$/.test(out)) {
      await mkdir(path, { recursive: true });
      await access(path, constants.W_OK);
      return { kind: 'dir', path, name: out };
    }
    await access(dirname(path), constants.W_OK);
  } catch (e) {
    throw Object.assign(new Error(`cannot write ${out}: ${describeError(e).message}`), { cause: e });
  }
  return { kind: 'file', path, name: out };
}

/** Options of {@link writeParquetFiles}. */
export interface WriteParquetOptions {
  sim: Pick<Simulator, 'intervalMs' | 'samples'>;
  /** Range, epoch ms: intervals ending in (from, to]. */
  from: number;
  to: number;
  target: ParquetTarget;
  /** Stops between intervals (nothing is written then); the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  onInterval?: (done: number, total: number) => void;
}

/**
 * Computes the range's records and writes them as Parquet: the file, or `<family>.parquet` for each family that has
 * records. Files are written only once every interval is computed; interrupted while writing them, those already
 * written are removed.
 *
 * @returns the files written (absolute paths) and the number of records.
 */
export async function writeParquetFiles(options: WriteParquetOptions): Promise<{ files: string[]; records: number }> {
  const { sim, from, to, target, signal, onInterval } = options;
  const { encodeParquet, familyColumns } = await import('@rmf-sim/storage-s3');
  const iv = sim.intervalMs;
  const first = Math.floor(from / iv) * iv + iv;
  const total = to < first ? 0 : Math.floor((to - first) / iv) + 1;
  const all: MetricRecord[] = [];
  for (let k = 0, end = first; k < total; k++, end += iv) {
    signal?.throwIfAborted();
    for (const r of toRecords(sim.samples(end))) all.push(r);
    onInterval?.(k + 1, total);
    // let signals through: the loop is synchronous otherwise
    if (k % 16 === 15) await new Promise((r) => setImmediate(r));
  }
  const outputs: { path: string; bytes: () => Uint8Array }[] = [];
  if (target.kind === 'file') outputs.push({ path: target.path, bytes: () => encodeParquet(all) });
  else {
    const byFamily = new Map<MetricFamily, MetricRecord[]>();
    for (const r of all) {
      const family = getMetric(r.metric)?.family;
      if (!family) throw new Error(`generate: ${r.metric} is not in the metric catalogue`);
      let list = byFamily.get(family);
      if (!list) byFamily.set(family, (list = []));
      list.push(r);
    }
    for (const [family, records] of byFamily) outputs.push({ path: join(target.path, `${family}.parquet`), bytes: () => encodeParquet(records, { columns: familyColumns(family) }) });
  }
  const written: string[] = [];
  try {
    for (const o of outputs) {
      signal?.throwIfAborted();
      await writeFile(o.path, o.bytes());
      written.push(o.path);
    }
  } catch (e) {
    await Promise.all(written.map((f) => rm(f, { force: true })));
    if (!signal?.aborted) throw Object.assign(new Error(`cannot write ${target.name}: ${describeError(e).message}`), { cause: e });
    throw e;
  }
  return { files: written, records: all.length };
}
