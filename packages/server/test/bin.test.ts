/**
 * Runs the BUILT executable (dist/cli.js) as a child process, the way `npm start` and `npx rmf-sim` do.
 * Builds first (turbo, from the repository root) when dist is missing or older than the sources.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '@rmf-sim/core';
import { formatNdjsonLine } from '../src/index.js';
import { lines } from './helpers.js';
import { cli, ensureBuilt, spawnCli, startCli } from './built-cli.js';

const run = promisify(execFile);

describe('built executable dist/cli.js', () => {
  beforeAll(() => {
    ensureBuilt();
    expect(existsSync(cli)).toBe(true);
  }, 180_000);

  it('starts with a node shebang and is executable', () => {
    expect(statSync(cli).mode & 0o111).not.toBe(0);
    expect(execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('live --count 2 --speed 1000 prints a header and 2 lines 15 s apart, exit 0', async () => {
    const { stdout, stderr } = await run(process.execPath, [cli, 'live', '--count', '2', '--speed', '1000'], { timeout: 20_000 });
    expect(stderr).toBe('');
    const out = lines(stdout);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^# rmf-sim \S+ live {2}seed 42 {2}speed 1000x/);
    const stamps = out.slice(1).map((l) => Date.parse(l.slice(0, l.indexOf(' '))));
    expect(stamps[1]! - stamps[0]!).toBe(15_000);
    for (const l of out.slice(1)) expect(l).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z {2}SYSPLEX01 {2}CPC \d+ MSU \d+% {2}PROD01 GP \d+% zIIP \d+%.* {2}hottest \S+ \d+ io\/s \d+\.\d\d ms {2}CLPR\d+ WP \d+%$/);
  });

  it('generate writes the samples of (from, to] to stdout, exit 0', async () => {
    const from = '2026-01-05T00:00:00Z';
    const { stdout, stderr } = await run(process.execPath, [cli, 'generate', '--seed', '42', '--from', from, '--to', '2026-01-05T00:00:30Z'], { maxBuffer: 64 * 1024 * 1024 });
    expect(stderr).toBe('');
    const sim = createSimulator({ seed: 42 });
    const t0 = Date.parse(from);
    expect(stdout).toBe([t0 + 15_000, t0 + 30_000].flatMap((t) => sim.samples(t)).map(formatNdjsonLine).join(''));
  });

  it('exits 2 with one stderr line on a usage error', async () => {
    const r = await spawnCli(['generate', '--seed', '42', '--from', '2026-01-05T00:00:00Z', '--to', '2026-01-05T00:01:00Z', '--shard', '3/2']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^rmf-sim: --shard/);
  });

  it('the built worker threads write the bytes of one thread (--workers 2 against --workers 1)', async () => {
    const args = [cli, 'generate', '--seed', '42', '--from', '2026-01-05T00:00:00Z', '--to', '2026-01-05T00:03:15Z', '-f', 'csv'];
    const [one, two] = await Promise.all(['1', '2'].map((w) => run(process.execPath, [...args, '--workers', w], { maxBuffer: 256 * 1024 * 1024 })));
    expect(two!.stderr).toBe('');
    expect(two!.stdout.length).toBeGreaterThan(1_000_000);
    expect(two!.stdout === one!.stdout).toBe(true);
  });

  it.each(['1', '2'])('exits 0 quietly when the reader closes the pipe (EPIPE, like | head), --workers %s', async (workers) => {
    const r = await spawnCli(['generate', '--seed', '42', '--from', '2026-01-05T00:00:00Z', '--to', '2026-01-06T00:00:00Z', '--workers', workers], (_text, child) => child.stdout?.destroy());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('live stops cleanly on %s with exit 0', async (sig) => {
    let sent = false;
    const r = await spawnCli(['live', '--speed', '1000'], (text, child) => {
      if (!sent && lines(text).length >= 3) {
        sent = true;
        child.kill(sig);
      }
    });
    expect(r.stderr).toBe('');
    expect(r.signal).toBe(null);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['SIGINT', '1'],
    ['SIGTERM', '2'],
  ] as const)('generate --out interrupted by %s (--workers %s) exits 130, removes the incomplete file and says so', async (sig, workers) => {
    const dir = mkdtempSync(join(tmpdir(), 'rmf-sim-bin-'));
    const file = join(dir, 'week.ndjson');
    try {
      const child = startCli(['generate', '--seed', '42', '--from', '2026-01-05T00:00:00Z', '--to', '2026-01-12T00:00:00Z', '--out', file, '--workers', workers]);
      // signal once data reaches the file (polled), with the stream's writes in flight
      const watcher = setInterval(() => {
        if (existsSync(file) && statSync(file).size > 0) {
          clearInterval(watcher);
          child.process.kill(sig);
        }
      }, 5);
      const r = await child.done;
      clearInterval(watcher);
      expect(r.signal).toBe(null);
      expect(r.code).toBe(130);
      expect(r.stderr).not.toMatch(/ERR_STREAM_DESTROYED|Unhandled/);
      expect(r.stderr).toMatch(/^rmf-sim: interrupted after \d+ of 40320 intervals; removed the incomplete \S+week\.ndjson\n$/);
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an interrupted generate exits 130', async () => {
    let sent = false;
    const r = await spawnCli(['generate', '--seed', '42', '--from', '2026-01-05T00:00:00Z', '--to', '2026-01-08T00:00:00Z'], (_text, child) => {
      if (!sent) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(130);
  });
});
