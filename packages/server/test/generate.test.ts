import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Sample } from '@rmf-sim/core';
import { CSV_HEADER, GENERATE_CHUNK_CHARS, countIntervals, formatCsvLine, formatNdjsonLine, runCli, writeSamples } from '../src/index.js';
import { capture, lines, parseCsvLabels, parseCsvRecord, run } from './helpers.js';
import { useSourceWorker } from './generate-worker-build.js';

// ranges of a million lines or more take the default --workers (worker threads): they need the worker script
beforeAll(() => useSourceWorker());

const FROM = '2026-01-05T00:00:00Z';
const TO = '2026-01-05T00:01:00Z';
const fromMs = Date.parse(FROM);
const sim = createSimulator({ seed: 42 });
const SERIES = sim.series.length;
const ENDS = [1, 2, 3, 4].map((k) => fromMs + k * 15_000);

interface NdjsonRecord {
  timestamp: string;
  metric: string;
  labels: Record<string, string>;
  value: number;
}

const key = (r: { timestamp: string | number; metric: string; labels: Record<string, string> }) =>
  `${typeof r.timestamp === 'number' ? new Date(r.timestamp).toISOString() : r.timestamp}|${r.metric}|${JSON.stringify(r.labels)}`;

function toMap(ndjson: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lines(ndjson)) {
    const r = JSON.parse(l) as NdjsonRecord;
    const k = key(r);
    expect(m.has(k), `duplicate ${k}`).toBe(false);
    m.set(k, r.value);
  }
  return m;
}

describe('generate --format ndjson', () => {
  let result: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    result = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO]);
  });

  it('exits 0 with an empty stderr and one line per series and interval', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(SERIES).toBeGreaterThan(100);
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(lines(result.stdout)).toHaveLength(4 * SERIES);
  });

  it('writes exactly sim.samples(t) for each interval ending in (from, to], in series order', () => {
    const records = lines(result.stdout).map((l) => JSON.parse(l) as NdjsonRecord);
    for (let k = 0; k < 4; k++) {
      const expected = sim.samples(ENDS[k]!).map((s) => ({ timestamp: new Date(s.timestamp).toISOString(), metric: s.metric, labels: { ...s.labels }, value: s.value }));
      expect(records.slice(k * SERIES, (k + 1) * SERIES)).toEqual(expected);
    }
  });

  it('writes ISO-8601 UTC timestamps, ascending, 15 s apart, first one after --from and last one at --to', () => {
    const stamps = lines(result.stdout).map((l) => (JSON.parse(l) as NdjsonRecord).timestamp);
    for (const t of stamps) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const distinct = [...new Set(stamps)];
    expect(distinct).toEqual(['2026-01-05T00:00:15.000Z', '2026-01-05T00:00:30.000Z', '2026-01-05T00:00:45.000Z', '2026-01-05T00:01:00.000Z']);
    for (let i = 1; i < stamps.length; i++) expect(Date.parse(stamps[i]!)).toBeGreaterThanOrEqual(Date.parse(stamps[i - 1]!));
  });

  it('keeps full precision: the parsed value is the identical double', () => {
    const first = JSON.parse(lines(result.stdout)[0]!) as NdjsonRecord;
    const s = sim.samples(ENDS[0]!)[0]!;
    expect(Object.is(first.value, s.value)).toBe(true);
    expect(formatNdjsonLine(s)).toBe(`${lines(result.stdout)[0]}\n`);
  });

  it('is deterministic: a second run gives the same bytes', async () => {
    const again = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO]);
    expect(again.stdout).toBe(result.stdout);
  });
});

describe('generate range edges and options', () => {
  it('aligns an unaligned --from/--to to the interval grid: intervals ending in (from, to]', async () => {
    const r = await run(['generate', '--seed', '42', '--from', '2026-01-05T00:00:07Z', '--to', '2026-01-05T00:00:44.999Z']);
    const stamps = [...new Set(lines(r.stdout).map((l) => (JSON.parse(l) as NdjsonRecord).timestamp))];
    expect(stamps).toEqual(['2026-01-05T00:00:15.000Z', '2026-01-05T00:00:30.000Z']);
    expect(countIntervals(Date.parse('2026-01-05T00:00:07Z'), Date.parse('2026-01-05T00:00:44.999Z'), 15_000)).toBe(2);
  });

  it('writes nothing for from == to (an empty range), and just the header in CSV', async () => {
    expect(await run(['generate', '--seed', '42', '--from', FROM, '--to', FROM])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run(['generate', '--seed', '42', '--from', FROM, '--to', FROM, '--format', 'csv'])).toEqual({ code: 0, stdout: CSV_HEADER, stderr: '' });
  });

  it('honours --interval and a string seed', async () => {
    const r = await run(['generate', '--seed', 'abc', '--from', FROM, '--to', TO, '--interval', '30']);
    expect(r.code).toBe(0);
    const s30 = createSimulator({ seed: 'abc', intervalSeconds: 30 });
    const expected = [fromMs + 30_000, fromMs + 60_000].flatMap((t) => s30.samples(t)).map((s) => formatNdjsonLine(s)).join('');
    expect(r.stdout).toBe(expected);
  });
});

describe('generate --format csv', () => {
  it('writes a header and one RFC 4180 record per sample that parses back to the samples', async () => {
    const r = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const all = lines(r.stdout);
    expect(all[0]).toBe('timestamp,metric,labels,value');
    expect(all).toHaveLength(1 + 4 * SERIES);
    const expected = ENDS.flatMap((t) => sim.samples(t));
    all.slice(1).forEach((line, i) => {
      const [timestamp, metric, labels, value, ...rest] = parseCsvRecord(line);
      const s = expected[i]!;
      expect(rest).toEqual([]);
      expect(timestamp).toBe(new Date(s.timestamp).toISOString());
      expect(metric).toBe(s.metric);
      expect(Object.fromEntries(parseCsvLabels(labels!))).toEqual(s.labels);
      expect(Number(value)).toBe(s.value);
    });
  });

  it('quotes labels with a comma, a quote or a newline, and they round-trip', () => {
    const labels = { lpar: 'PROD,01', note: 'say "hi"', multi: 'a\nb', tricky: 'x=y;z\\w' };
    const sample: Sample = { timestamp: Date.parse('2026-01-05T00:00:15Z'), metric: 'rmf_test_metric', labels, value: 0.1 + 0.2 };
    const line = formatCsvLine(sample);
    expect(line.startsWith('2026-01-05T00:00:15.000Z,rmf_test_metric,"lpar=PROD,01;note=say ""hi"";multi=a\nb;tricky=x\\=y\\;z\\\\w",')).toBe(true);
    const [timestamp, metric, labelText, value] = parseCsvRecord(line.slice(0, -1));
    expect(timestamp).toBe('2026-01-05T00:00:15.000Z');
    expect(metric).toBe('rmf_test_metric');
    expect(parseCsvLabels(labelText!)).toEqual(Object.entries(labels));
    expect(Number(value)).toBe(0.30000000000000004);
  });

  it('leaves plain fields unquoted', () => {
    const line = formatCsvLine({ timestamp: 0, metric: 'm', labels: { a: 'b', c: 'd' }, value: -1.5e-7 });
    expect(line).toBe('1970-01-01T00:00:00.000Z,m,a=b;c=d,-1.5e-7\n');
  });
});

describe('generate --shard', () => {
  it('shards 0/2 and 1/2 are disjoint and their union is the unsharded output, with equal values', async () => {
    const [all, s0, s1] = await Promise.all([
      run(['generate', '--seed', '42', '--from', FROM, '--to', TO]),
      run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '--shard', '0/2']),
      run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '--shard', '1/2']),
    ]);
    for (const r of [all, s0, s1]) expect(r.code).toBe(0);
    const mAll = toMap(all.stdout);
    const m0 = toMap(s0.stdout);
    const m1 = toMap(s1.stdout);
    expect(m0.size).toBeGreaterThan(0);
    expect(m1.size).toBeGreaterThan(0);
    for (const k of m0.keys()) expect(m1.has(k), `${k} in both shards`).toBe(false);
    expect(m0.size + m1.size).toBe(mAll.size);
    for (const [k, v] of [...m0, ...m1]) expect(mAll.get(k), k).toBe(v);
  });

  it('a shard writes what createSimulator({ shard }) samples', async () => {
    const r = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '--shard', '1/3']);
    const shard = createSimulator({ seed: 42, shard: { index: 1, count: 3 } });
    expect(r.stdout).toBe(ENDS.flatMap((t) => shard.samples(t)).map(formatNdjsonLine).join(''));
  });
});

describe('generate --out', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rmf-sim-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the file, nothing to stdout, and no progress bar when stderr is not a TTY', async () => {
    const file = join(dir, 'minute.ndjson');
    const r = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '--out', file]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const text = await readFile(file, 'utf8');
    expect(text).toBe(ENDS.flatMap((t) => sim.samples(t)).map(formatNdjsonLine).join(''));
  });

  it('shows a progress bar on stderr when it is a TTY, and the file is still complete', async () => {
    const file = join(dir, 'minute.csv');
    const r = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '--out', file, '--format', 'csv'], { ttyStderr: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('4/4 intervals');
    expect(r.stderr).toContain('100%');
    expect(lines(await readFile(file, 'utf8'))).toHaveLength(1 + 4 * SERIES);
  });

  it('never shows a progress bar when writing to stdout, even on a TTY', async () => {
    const r = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO], { ttyStderr: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('interrupted (the signal SIGINT/SIGTERM abort), removes the incomplete file, says so on one line and exits 130', async () => {
    const file = join(dir, 'interrupted.ndjson');
    const controller = new AbortController();
    // abort as soon as data reaches the file, i.e. with writes of the stream still in flight
    const watcher = setInterval(() => {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0) controller.abort(); // the file may go between two looks
    }, 1);
    try {
      const r = await run(['generate', '--seed', '42', '--from', FROM, '--to', '2026-01-06T00:00:00Z', '--out', file], { signal: controller.signal });
      expect(r.code).toBe(130);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^rmf-sim: interrupted after \d+ of 5760 intervals; removed the incomplete \S+interrupted\.ndjson\n$/);
    } finally {
      clearInterval(watcher);
    }
    expect(existsSync(file)).toBe(false);
    // nothing of the destroyed stream may fail later (an unhandled 'error' would end the process): let I/O run
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  });

  it('fails with exit 1 and one line when the file cannot be created', async () => {
    const r = await run(['generate', '--seed', '42', '--from', FROM, '--to', TO, '--out', join(dir, 'missing', 'x.ndjson')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^rmf-sim: cannot write .*x\.ndjson: ENOENT/);
  });
});

describe('generate streaming', () => {
  it('respects back-pressure: never more than two chunks (one being written, the next) are buffered in a slow stream', async () => {
    let maxBuffered = 0;
    let total = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, cb) {
        total += chunk.length;
        maxBuffered = Math.max(maxBuffered, slow.writableLength);
        setImmediate(cb);
      },
    });
    const result = await writeSamples({ sim, from: fromMs, to: Date.parse(TO), stream: slow });
    expect(result).toEqual({ intervals: 4, samples: 4 * SERIES });
    expect(total).toBeGreaterThan(1_000_000);
    // a chunk is cut once it holds at least GENERATE_CHUNK_CHARS, so it is at most that plus one interval's lines
    const interval = Buffer.byteLength(sim.samples(ENDS[0]!).map(formatNdjsonLine).join(''));
    expect(maxBuffered).toBeLessThan(2 * (GENERATE_CHUNK_CHARS + interval));
  });

  // in one thread and with worker threads: the command returns with its workers ended
  const threads: [string, string[]][] = [['in one thread', []], ['with two workers', ['--workers', '2']]];

  it.each(threads)('exits 0 quietly when stdout reports EPIPE (e.g. | head), %s', async (_how, workers) => {
    let writes = 0;
    const closed = new Writable({
      write(_chunk, _enc, cb) {
        writes++;
        cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const err = capture();
    const code = await runCli(['generate', '--seed', '42', '--from', FROM, '--to', '2026-01-06T00:00:00Z', ...workers], { stdout: closed, stderr: err.stream });
    expect(code).toBe(0);
    expect(err.text()).toBe('');
    expect(writes).toBeLessThan(5);
  });

  it.each(threads)('stops between intervals when the signal aborts, with exit code 130, %s', async (_how, workers) => {
    const controller = new AbortController();
    let seen = 0;
    const out = new Writable({
      write(_chunk, _enc, cb) {
        if (++seen === 3) controller.abort();
        cb();
      },
    });
    const err = capture();
    const code = await runCli(['generate', '--seed', '42', '--from', FROM, '--to', '2026-01-06T00:00:00Z', ...workers], { stdout: out, stderr: err.stream, signal: controller.signal });
    expect(code).toBe(130);
    expect(err.text()).toBe('');
    expect(seen).toBeLessThan(40);
  });
});
