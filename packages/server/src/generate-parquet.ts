/**
 * `rmf-sim generate --format parquet`: the range as one Parquet file, or one file per metric family in a directory,
 * written as it is computed by `@rmf-sim/storage-s3`'s `ParquetStreamWriter` (a row group at a time) with the columns
 * of its `tableColumns` / `familyColumns` (derived from core's catalogue): memory is bounded by a row group per file,
 * whatever the range. Each file is written under a temporary name and renamed when complete.
 * @module
 */
import { closeSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { getMetric, toRecords, type MetricFamily, type MetricRecord, type Simulator } from '@rmf-sim/core';
import { describeError } from './errors.js';
import { writeAllSync } from './generate.js';

/** Where Parquet goes: one file, or a directory with `<family>.parquet` files. */
export interface ParquetTarget {
  kind: 'file' | 'dir';
  /** Absolute path. */
  path: string;
  /** As given on the command line (for messages). */
  name: string;
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
  /** The simulator (or shard); its series name the columns and the family files. */
  sim: Pick<Simulator, 'intervalMs' | 'samples' | 'series'>;
  /** Range, epoch ms: intervals ending in (from, to]. */
  from: number;
  to: number;
  target: ParquetTarget;
  /** Stops between intervals (the files begun are removed); the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  onInterval?: (done: number, total: number) => void;
  /** Rows per row group (and at most held per file). @default 100000 (storage-s3's) */
  rowGroupSize?: number;
}

/** One Parquet file being written: its streaming writer, descriptor, temporary and final path. */
interface OpenFile {
  writer: import('@rmf-sim/storage-s3').ParquetStreamWriter;
  fd: number;
  temp: string;
  path: string;
}

/**
 * Computes the range interval by interval and streams its records into the file, or into `<family>.parquet` for each
 * family of the simulator's series, a row group at a time. Each file is written as `<name>.<pid>.partial` and renamed
 * once complete; interrupted or failed, the files begun are removed (an existing file of that name stays as it was).
 *
 * @returns the files written (absolute paths) and the number of records.
 */
export async function writeParquetFiles(options: WriteParquetOptions): Promise<{ files: string[]; records: number }> {
  const { sim, from, to, target, signal, onInterval, rowGroupSize } = options;
  const { ParquetStreamWriter, familyColumns, tableColumns } = await import('@rmf-sim/storage-s3');
  const iv = sim.intervalMs;
  const first = Math.floor(from / iv) * iv + iv;
  const total = to < first ? 0 : Math.floor((to - first) / iv) + 1;
  const open: OpenFile[] = [];
  const begin = (path: string, columns: ReturnType<typeof tableColumns>): OpenFile => {
    const temp = `${path}.${process.pid}.partial`;
    const fd = openSync(temp, 'w');
    const writer = new ParquetStreamWriter({ columns, ...(rowGroupSize !== undefined && { rowGroupSize }), write: (bytes) => writeAllSync(fd, bytes) });
    const f = { writer, fd, temp, path };
    open.push(f);
    return f;
  };
  const familyOf = (metric: string): MetricFamily => {
    const family = getMetric(metric)?.family;
    if (!family) throw new Error(`generate: ${metric} is not in the metric catalogue`);
    return family;
  };
  let records = 0;
  let done = false;
  try {
    let route: (all: MetricRecord[]) => Promise<void>;
    if (target.kind === 'file') {
      const f = begin(target.path, tableColumns({ metrics: new Set(sim.series.map((s) => s.metric)) }));
      route = (all) => f.writer.add(all);
    } else {
      const byFamily = new Map<MetricFamily, OpenFile>();
      for (const s of sim.series) {
        const family = familyOf(s.metric);
        if (!byFamily.has(family)) byFamily.set(family, begin(join(target.path, `${family}.parquet`), familyColumns(family)));
      }
      route = async (all) => {
        const parts = new Map<MetricFamily, MetricRecord[]>();
        for (const r of all) {
          const family = familyOf(r.metric);
          let list = parts.get(family);
          if (!list) parts.set(family, (list = []));
          list.push(r);
        }
        for (const [family, list] of parts) await byFamily.get(family)!.writer.add(list);
      };
    }
    for (let k = 0, end = first; k < total; k++, end += iv) {
      signal?.throwIfAborted();
      const all = toRecords(sim.samples(end));
      records += all.length;
      await route(all);
      onInterval?.(k + 1, total);
      // let signals through: the loop is synchronous otherwise
      if (k % 16 === 15) await new Promise((r) => setImmediate(r));
    }
    signal?.throwIfAborted();
    for (const f of open) {
      await f.writer.close();
      closeSync(f.fd);
      f.fd = -1;
    }
    for (const f of open) renameSync(f.temp, f.path);
    done = true;
    return { files: open.map((f) => f.path), records };
  } catch (e) {
    if (!signal?.aborted) throw Object.assign(new Error(`cannot write ${target.name}: ${describeError(e).message}`), { cause: e });
    throw e;
  } finally {
    if (!done) {
      for (const f of open) {
        if (f.fd >= 0) closeSync(f.fd);
        rmSync(f.temp, { force: true });
      }
    }
  }
}
