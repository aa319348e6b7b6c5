// generate --format parquet: one file, or a folder with one file per family, read back with DuckDB: every record of
// the range once, with the simulator's exact value, in the columns storage-s3 derives from the catalogue.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimulator, getMetric, recordKey } from '@rmf-sim/core';
import { familyColumns, tableColumns } from '@rmf-sim/storage-s3';
import { parquetTarget, writeParquetFiles } from '../src/generate-parquet.js';
import { run } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'rmf-gen-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FROM = '2026-01-05T00:00:00Z';
const TO = '2026-01-05T00:00:30Z'; // two intervals
const sim = createSimulator({ seed: 42 });
const ENDS = [15_000, 30_000].map((d) => Date.parse(FROM) + d);
/** The records the range must hold: key → value. */
const expected = new Map(ENDS.flatMap((t) => sim.samples(t)).map((s) => [recordKey(s), s.value]));

/** The rows of Parquet files as key → value (each key once), and the column names of each file. */
async function readBack(files: string[]): Promise<{ values: Map<string, number>; columns: string[][]; rows: number }> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const values = new Map<string, number>();
  const columns: string[][] = [];
  let rows = 0;
  try {
    for (const f of files) {
      const reader = await c.runAndReadAll(`SELECT epoch_ms(timestamp) AS ts, * EXCLUDE (timestamp) FROM read_parquet('${f.replace(/'/g, "''")}')`);
      const names = reader.columnNames().filter((n) => n !== 'ts');
      columns.push(['timestamp', ...names]);
      for (const row of reader.getRowObjectsJS()) {
        const labels: Record<string, string> = {};
        for (const n of names) if (!['metric', 'family', 'value'].includes(n) && row[n] !== null) labels[n] = String(row[n]);
        const key = recordKey({ metric: String(row.metric), labels, timestamp: Number(row.ts) });
        expect(values.has(key), `${key} twice`).toBe(false);
        values.set(key, row.value as number);
        rows++;
      }
    }
  } finally {
    c.closeSync();
    db.closeSync();
  }
  return { values, columns, rows };
}

function expectExactly(values: Map<string, number>) {
  expect(values.size).toBe(expected.size);
  for (const [k, v] of expected) expect(Object.is(values.get(k), v), k).toBe(true);
}

describe('generate --format parquet', () => {
  it('--out FILE.parquet: one file with every record once, exact values, the catalogue columns', async () => {
    const out = join(dir, 'range.parquet');
    const r = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '--format', 'parquet', '--out', out]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const back = await readBack([out]);
    expect(back.rows).toBe(2 * sim.series.length);
    expectExactly(back.values);
    expect(back.columns[0]).toEqual(tableColumns({ metrics: new Set(sim.series.map((s) => s.metric)) }).map((c) => c.name));
  });

  it('--out DIR/: one <family>.parquet per family, with the family columns, together every record once', async () => {
    const out = join(dir, 'families');
    const r = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '-f', 'parquet', '--out', `${out}/`]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const families = [...new Set(sim.series.map((s) => getMetric(s.metric)!.family))].sort();
    expect(readdirSync(out).sort()).toEqual(families.map((f) => `${f}.parquet`).sort());
    const files = readdirSync(out).sort().map((f) => join(out, f));
    const back = await readBack(files);
    expectExactly(back.values);
    files.forEach((f, i) => expect(back.columns[i], f).toEqual(familyColumns(f.replace(/^.*\/|\.parquet$/g, '') as never).map((c) => c.name)));
  });

  it('an existing directory without the slash is a folder too', async () => {
    const out = join(dir, 'existing');
    mkdirSync(out);
    const r = await run(['generate', '--seed', '1', '--from', FROM, '--to', '2026-01-05T00:00:15Z', '-f', 'parquet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).every((f) => f.endsWith('.parquet'))).toBe(true);
    expect(readdirSync(out).length).toBeGreaterThan(1);
  });

  it('interrupted (the signal aborted): exit 130, one line, no file', async () => {
    const out = join(dir, 'stopped.parquet');
    const controller = new AbortController();
    controller.abort();
    const r = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '--format', 'parquet', '--out', out], { signal: controller.signal });
    expect(r).toEqual({ code: 130, stdout: '', stderr: `rmf-sim: interrupted after 0 of 2 intervals; wrote nothing to ${out}\n` });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses stdout and a missing folder', async () => {
    const stdout = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '--format', 'parquet']);
    expect(stdout).toMatchObject({ code: 2, stdout: '' });
    expect(stdout.stderr).toMatch(/^rmf-sim: --format parquet: needs --out FILE\.parquet .* Parquet is not written to stdout\n$/);

    const missing = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '--format', 'parquet', '--out', join(dir, 'nope', 'x.parquet')]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/^rmf-sim: cannot write .*x\.parquet: ENOENT/);
  });

  it('streams row groups as they fill: small groups give many, read back by DuckDB as the records, nothing left beside the file', async () => {
    const out = join(dir, 'groups.parquet');
    const target = await parquetTarget(out, dir);
    const r = await writeParquetFiles({ sim, from: Date.parse(FROM), to: Date.parse(TO), target, rowGroupSize: 1000 });
    expect(r).toEqual({ files: [out], records: 2 * sim.series.length });
    expectExactly((await readBack([out])).values);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      const groups = await c.runAndReadAll(`SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('${out}')`);
      expect(Number(groups.getRowObjectsJS()[0]!.n)).toBe(Math.ceil((2 * sim.series.length) / 1000));
    } finally {
      c.closeSync();
      db.closeSync();
    }
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('interrupted after the first interval: no file, no partial file, and a file already there is left as it was', async () => {
    const out = join(dir, 'kept.parquet');
    writeFileSync(out, 'before');
    const controller = new AbortController();
    const target = await parquetTarget(out, dir);
    const run = writeParquetFiles({ sim, from: Date.parse(FROM), to: Date.parse(TO), target, rowGroupSize: 1000, signal: controller.signal, onInterval: (done) => done === 1 && controller.abort(new Error('stop')) });
    await expect(run).rejects.toThrow('stop');
    expect(readFileSync(out, 'utf8')).toBe('before');
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
    const folder = await parquetTarget(join(dir, 'stopped-dir/'), dir);
    const c2 = new AbortController();
    await expect(writeParquetFiles({ sim, from: Date.parse(FROM), to: Date.parse(TO), target: folder, signal: c2.signal, onInterval: () => c2.abort(new Error('stop')) })).rejects.toThrow('stop');
    expect(readdirSync(folder.path)).toEqual([]);
  });
});
