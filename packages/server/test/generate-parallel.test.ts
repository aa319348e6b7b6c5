// generate --workers N: worker threads render disjoint chunks of the range, the main thread joins them in order. The
// bytes must be those of the single-thread writer for any N (whose bytes the goldens hold), and stops, closed pipes
// and failing workers must behave as documented without leaving a worker behind.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type SimulatorOptions } from '@rmf-sim/core';
import { CSV_HEADER, writeSamples } from '../src/index.js';
import { chunkIntervals, defaultWorkers, GENERATE_PARALLEL_MIN_LINES, writeSamplesParallel } from '../src/generate-parallel.js';
import { simulatorFromFiles, type SimulatorFiles } from '../src/topology-file.js';
import { capture, lines, run } from './helpers.js';
import { smallTopology } from './backfill-helpers.js';
import { useSourceWorker } from './generate-worker-build.js';

const dir = mkdtempSync(join(tmpdir(), 'rmf-gen-par-'));
let workerFile = '';
beforeAll(async () => {
  workerFile = await useSourceWorker();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

/** Everything written to a stream, as one string. */
async function bytesOf(write: (stream: Writable) => Promise<unknown>): Promise<string> {
  const out = capture();
  await write(out.stream);
  return out.text();
}

describe('generate --workers N: the same bytes as one thread', () => {
  // 13 intervals of the default topology (ends 00:00:15 … 00:03:15): 3¼ chunks of 4 intervals
  const RANGE = ['--seed', '42', '--from', '2026-01-05T00:00:07Z', '--to', '2026-01-05T00:03:20Z'];

  it('the range is several chunks and not a multiple of one (or the test would prove nothing)', () => {
    const per = chunkIntervals(createSimulator({ seed: 42 }).series.length);
    expect(13 / per).toBeGreaterThan(3);
    expect(13 % per).not.toBe(0);
  });

  it.each([['ndjson'], ['csv']])('%s: --workers 1, 2 and 3 write identical bytes', async (format) => {
    const [one, two, three] = await Promise.all(['1', '2', '3'].map((w) => run(['generate', ...RANGE, '--format', format, '--workers', w])));
    for (const r of [one!, two!, three!]) expect(r.code, r.stderr).toBe(0);
    expect(lines(one!.stdout)).toHaveLength((format === 'csv' ? 1 : 0) + 13 * createSimulator({ seed: 42 }).series.length);
    if (format === 'csv') expect(two!.stdout.startsWith(CSV_HEADER)).toBe(true);
    expect(two!.stdout === one!.stdout).toBe(true);
    expect(three!.stdout === one!.stdout).toBe(true);
  });

  it('--out FILE with --workers 3 writes the bytes of --workers 1 to stdout', async () => {
    const out = join(dir, 'three.ndjson');
    const [viaFile, one] = await Promise.all([run(['generate', ...RANGE, '--workers', '3', '--out', out]), run(['generate', ...RANGE, '--workers', '1'])]);
    expect(viaFile).toEqual({ code: 0, stdout: '', stderr: '' });
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8') === one.stdout).toBe(true);
  });

  const cases: [string, SimulatorOptions, () => Omit<SimulatorFiles, 'cwd'>, 'ndjson' | 'csv', string, string][] = [
    ['a shard, CSV', { seed: 42, shard: { index: 1, count: 3 } }, () => ({}), 'csv', '2026-01-05T00:00:00Z', '2026-01-05T00:09:45Z'],
    ['a topology and a scenario file, unaligned ends', { seed: 'plex-b', intervalSeconds: 60 }, () => ({ topologyFile: file('small.json', JSON.stringify(smallTopology('PLEXWK'))), scenarioFile: file('loop.yaml', '- {type: cpuLoop, lpar: PROD01, start: 2026-01-05T00:10:00Z, durationMinutes: 20}\n') }), 'ndjson', '2026-01-05T00:00:31Z', '2026-01-05T00:59:59Z'],
    ['a range shorter than one chunk', { seed: 7 }, () => ({}), 'csv', '2026-01-05T00:00:00Z', '2026-01-05T00:00:15Z'],
  ];
  it.each(cases)('%s: chunks of a few lines, 1 to 3 workers, the bytes of writeSamples', async (_name, simOptions, filesOf, format, fromIso, toIso) => {
    const files = { ...filesOf(), cwd: dir };
    const sim = simulatorFromFiles(simOptions, files);
    const [from, to] = [Date.parse(fromIso), Date.parse(toIso)];
    const expected = await bytesOf((stream) => writeSamples({ sim, from, to, format, stream }));
    expect(expected.length).toBeGreaterThan(0);
    // chunks of about 1.5 series' worth of lines: 1 or 2 intervals each, so many chunks per worker
    const chunkLines = Math.ceil(sim.series.length * 1.5);
    for (const workers of [1, 2, 3]) {
      const text = await bytesOf((stream) => writeSamplesParallel({ sim, options: simOptions, files, workers, from, to, format, stream, workerFile, chunkLines }));
      expect(text === expected, `${workers} workers`).toBe(true);
    }
  });
});

describe('generate --workers: stops, closed pipes and failures', () => {
  const DAY = ['--seed', '42', '--from', '2026-01-05T00:00:00Z', '--to', '2026-01-06T00:00:00Z'];

  // EPIPE and abort to stdout with workers: generate.test.ts runs them in one thread and with two workers

  it('aborted with --out: the incomplete file is removed, one line says so, exit 130', async () => {
    const out = join(dir, 'interrupted.ndjson');
    const controller = new AbortController();
    const watcher = setInterval(() => {
      if ((statSync(out, { throwIfNoEntry: false })?.size ?? 0) > 0) controller.abort();
    }, 1);
    try {
      const r = await run(['generate', ...DAY, '--workers', '2', '--out', out], { signal: controller.signal });
      expect(r.code).toBe(130);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^rmf-sim: interrupted after \d+ of 5760 intervals; removed the incomplete \S+interrupted\.ndjson\n$/);
    } finally {
      clearInterval(watcher);
    }
    expect(existsSync(out)).toBe(false);
  });

  /** Runs generate with RMF_SIM_GENERATE_WORKER pointing at a worker script of the test. */
  async function withWorker(source: string | null, args: string[]) {
    const saved = process.env.RMF_SIM_GENERATE_WORKER;
    process.env.RMF_SIM_GENERATE_WORKER = source === null ? join(dir, 'no-such-worker.mjs') : file(`w${Math.random().toString(36).slice(2)}.mjs`, source);
    try {
      return await run(['generate', '--seed', '42', '--from', '2026-01-05T00:00:00Z', '--to', '2026-01-05T01:00:00Z', ...args]);
    } finally {
      process.env.RMF_SIM_GENERATE_WORKER = saved;
    }
  }

  it.each([
    ['an error a worker reports (its code kept: a usage error is exit 2)', "import { parentPort } from 'node:worker_threads'; parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, error: { message: '--topology: gone', code: 'ERR_RMF_USAGE' } }));", 2, /^rmf-sim: --topology: gone\n$/],
    ['a worker that throws', "import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => { throw new Error('kaput'); });", 1, /^rmf-sim: a generate worker failed: kaput\n$/],
    ['a worker that exits', "import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => process.exit(3));", 1, /^rmf-sim: a generate worker stopped before its work was done \(exit code 3\)\n$/],
    ['a missing worker script', null, 1, /^rmf-sim: generate: the worker script \S+no-such-worker\.mjs is missing/],
  ])('%s: one line on stderr, nothing on stdout', async (_name, source, code, pattern) => {
    const r = await withWorker(source, ['--workers', '2']);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });

  it('the default: cores - 1, at most 4, from GENERATE_PARALLEL_MIN_LINES lines on; else one thread', () => {
    const many = GENERATE_PARALLEL_MIN_LINES;
    expect([1, 2, 3, 5, 16].map((cores) => defaultWorkers(many, cores))).toEqual([1, 1, 2, 4, 4]);
    expect(defaultWorkers(many - 1, 16)).toBe(1);
  });

  it.each([
    ['0', /^rmf-sim: --workers: must be at least 1, got 0\n$/],
    ['two', /^rmf-sim: --workers: expected a whole number, got "two"\n$/],
    ['65', /^rmf-sim: --workers: at most 64, got 65\n$/],
  ])('--workers %s is a usage error naming the flag', async (value, pattern) => {
    const r = await run(['generate', '--seed', '42', '--from', '2026-01-05T00:00:00Z', '--to', '2026-01-05T00:00:15Z', '--workers', value]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(pattern);
  });
});
