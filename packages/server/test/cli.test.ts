import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RmfSimError } from '@rmf-sim/core';
import { describeError, parseInstant, parseSeed, parseShard, runCli, UsageError, VERSION } from '../src/index.js';
import { capture, lines, run } from './helpers.js';

const RANGE = ['--from', '2026-01-05T00:00:00Z', '--to', '2026-01-05T00:01:00Z'];
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

describe('usage errors: exit 2, exactly one stderr line starting "rmf-sim: ", nothing on stdout', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /missing command/],
    ['unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['unknown flag before the command', ['--frob'], /unknown option --frob/],
    ['unknown flag', ['generate', '--seed', '42', ...RANGE, '--frob'], /unknown option '--frob'/],
    ['unknown short flag', ['generate', '-x'], /unknown option '-x'/],
    ['a positional argument', ['generate', 'extra', '--seed', '42', ...RANGE], /unexpected argument 'extra'/],
    ['missing --seed', ['generate', ...RANGE], /missing --seed/],
    ['missing --from', ['generate', '--seed', '42', '--to', '2026-01-05T00:01:00Z'], /missing --from/],
    ['missing --to', ['generate', '--seed', '42', '--from', '2026-01-05T00:00:00Z'], /missing --to/],
    ['a flag without its value', ['generate', ...RANGE, '--seed'], /--seed.*argument missing/],
    ['from after to', ['generate', '--seed', '42', '--from', '2026-01-05T01:00:00Z', '--to', '2026-01-05T00:00:00Z'], /--from .* is after --to/],
    ['bad ISO (not a date)', ['generate', '--seed', '42', '--from', 'yesterday', '--to', '2026-01-05T00:00:00Z'], /--from: expected an ISO-8601/],
    ['bad ISO (no zone)', ['generate', '--seed', '42', '--from', '2026-01-05T00:00:00', '--to', '2026-01-05T00:01:00Z'], /--from: expected an ISO-8601/],
    ['bad ISO (Feb 30)', ['generate', '--seed', '42', '--from', '2026-01-05T00:00:00Z', '--to', '2026-02-30T00:00:00Z'], /--to: "2026-02-30T00:00:00Z" is not a real calendar date and time/],
    ['bad ISO (hour 24)', ['generate', '--seed', '42', '--from', '2026-01-05T24:00:00Z', '--to', '2026-01-06T01:00:00Z'], /--from: "2026-01-05T24:00:00Z" is not a real calendar date and time/],
    ['shard index >= count', ['generate', '--seed', '42', ...RANGE, '--shard', '3/2'], /--shard: the index must be less than the count/],
    ['shard not i/n', ['generate', '--seed', '42', ...RANGE, '--shard', 'x'], /--shard: expected i\/n/],
    ['shard count 0', ['generate', '--seed', '42', ...RANGE, '--shard', '0/0'], /--shard: the shard count must be at least 1/],
    ['bad format', ['generate', '--seed', '42', ...RANGE, '--format', 'xml'], /--format: expected ndjson, csv or parquet, got "xml"/],
    ['bad interval', ['generate', '--seed', '42', ...RANGE, '--interval', '1.5'], /--interval: expected a whole number/],
    ['config error from core (negative seed), naming the flag', ['generate', '--seed=-1', ...RANGE], /^rmf-sim: --seed: Too small: expected number to be >=0$/],
    ['config errors from core, joined on one line, each naming its flag', ['generate', '--seed=-1', ...RANGE, '--interval', '7200'], /^rmf-sim: --seed: Too small[^;\n]+; --interval: Too big: expected number to be <=3600$/],
    ['live: interval too long, naming the flag', ['live', '--interval', '99999'], /^rmf-sim: --interval: Too big: expected number to be <=3600$/],
    ['live: too many shards, naming the flag', ['live', '--shard', '1/5000'], /^rmf-sim: --shard: Too big: expected number to be <=4096$/],
    // one problem, said once (zod reports the integer and the range check of the same number)
    ['seed beyond the safe integers, said once', ['generate', '--seed', '123456789012345678901234', ...RANGE], /^rmf-sim: --seed: Too big: expected int to be <=9007199254740991$/],
    ['--from before the simulated range', ['generate', '--seed', '42', '--from', '1969-12-31T00:00:00Z', '--to', '2026-01-05T00:00:00Z'], /^rmf-sim: --from: 1969-12-31T00:00:00Z is outside the simulated range 1970-01-01T00:00:00\.000Z … 2199-12-31T23:59:59\.999Z$/],
    ['--to after the simulated range', ['generate', '--seed', '42', '--from', '2026-01-05T00:00:00Z', '--to', '2200-01-01T00:00:00Z'], /^rmf-sim: --to: 2200-01-01T00:00:00Z is outside the simulated range/],
    ['live: --start outside the simulated range', ['live', '--start', '2200-01-01T00:00:00Z'], /^rmf-sim: --start: 2200-01-01T00:00:00Z is outside the simulated range/],
    ['live: --metrics-host that does not resolve', ['live', '--count', '1', '--metrics-port', '0', '--metrics-host', 'not a host'], /^rmf-sim: --metrics-host: cannot listen on "not a host": getaddrinfo ENOTFOUND not a host$/],
    ['live: --metrics-host not of this machine', ['live', '--count', '1', '--metrics-port', '0', '--metrics-host', '192.0.2.1'], /^rmf-sim: --metrics-host: cannot listen on "192.0.2.1": listen EADDRNOTAVAIL: address not available 192\.0\.2\.1$/],
    ['live: empty --metrics-host', ['live', '--count', '1', '--metrics-port', '0', '--metrics-host', ''], /^rmf-sim: --metrics-host: host must be a non-empty string$/],
    ['live: speed 0', ['live', '--speed', '0'], /--speed: expected a number greater than 0/],
    ['live: speed not a number', ['live', '--speed', 'fast'], /--speed/],
    ['live: count 0', ['live', '--count', '0'], /--count: must be at least 1/],
    ['live: bad start', ['live', '--start', 'now'], /--start: expected an ISO-8601/],
    ['live: bad shard', ['live', '--shard', '2/2'], /--shard/],
    ['live: unknown flag', ['live', '--frob'], /unknown option '--frob'/],
    ['help for an unknown command', ['help', 'frob'], /unknown command "frob"/],
  ];

  it.each(cases)('%s', async (_name, argv, pattern) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.split('\n')).toHaveLength(2); // one line + the final newline
    expect(r.stderr.startsWith('rmf-sim: ')).toBe(true);
    expect(r.stderr.trimEnd()).toMatch(pattern);
  });
});

describe('help and version', () => {
  it.each([[['--help']], [['-h']], [['help']]])('%j prints the main usage and exits 0', async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('rmf-sim generate --seed N --from ISO --to ISO');
    expect(r.stdout).toContain('rmf-sim live');
    expect(r.stdout).toMatch(/Exit codes/);
  });

  it.each([
    [['generate', '--help'], '--shard i/n'],
    [['help', 'generate'], '--format F'],
    [['live', '--help'], '--count N'],
    [['help', 'live'], '--speed X'],
  ])('%j prints the command usage', async (argv, needle) => {
    const r = await run(argv);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(needle);
  });

  it('--help wins over missing required flags', async () => {
    expect((await run(['generate', '--help'])).code).toBe(0);
  });

  it('--version prints the package version', async () => {
    expect(VERSION).toBe(pkg.version);
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});

describe('argument parsers', () => {
  it('parseShard', () => {
    expect(parseShard('0/2')).toEqual({ index: 0, count: 2 });
    expect(parseShard('1/2')).toEqual({ index: 1, count: 2 });
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    for (const bad of ['3/2', '2/2', 'x', '1', '1/', '/2', '-1/2', '1.5/2', '0/0', '1/2/3']) expect(() => parseShard(bad), bad).toThrow(UsageError);
  });

  it('parseSeed: integers are numbers, anything else a string', () => {
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed('-1')).toBe(-1);
    expect(parseSeed('0042')).toBe(42);
    expect(parseSeed('4.2')).toBe('4.2');
    expect(parseSeed('prod-replay')).toBe('prod-replay');
  });

  it('parseInstant accepts zones and rejects impossible dates', () => {
    expect(parseInstant('2026-01-05T00:00:00Z', '--from')).toBe(Date.UTC(2026, 0, 5));
    expect(parseInstant('2026-01-05T01:00+01:00', '--from')).toBe(Date.UTC(2026, 0, 5));
    expect(parseInstant('2024-02-29T12:00:00.250Z', '--from')).toBe(Date.UTC(2024, 1, 29, 12, 0, 0, 250));
    for (const bad of ['2026-01-05', '2026-01-05T00:00:00', 'now', '']) {
      expect(() => parseInstant(bad, '--from'), bad).toThrow(/--from: expected an ISO-8601/);
    }
    for (const bad of ['2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-05T23:60:00Z']) {
      expect(() => parseInstant(bad, '--from'), bad).toThrow(/--from: .* is not a real calendar date and time/);
    }
  });

  it('UsageError is an RmfSimError with the stable code ERR_RMF_USAGE', () => {
    const e = new UsageError('--seed: must not be empty');
    expect(e).toBeInstanceOf(RmfSimError);
    expect(e.code).toBe('ERR_RMF_USAGE');
    expect(e.name).toBe('UsageError');
    expect(describeError(e)).toEqual({ exitCode: 2, message: '--seed: must not be empty' });
  });

  it('describeError: config issues on one line, unexpected errors exit 1', () => {
    const configError = Object.assign(new Error('Invalid rmf-sim configuration:\n  - a\n  - b'), {
      code: 'ERR_RMF_CONFIG',
      issues: [
        { path: ['topology', 'lpars', 0, 'gp'], message: 'Too small' },
        { path: [], message: 'Bad' },
      ],
    });
    expect(describeError(configError)).toEqual({ exitCode: 2, message: 'invalid configuration: topology.lpars[0].gp: Too small; (root): Bad' });
    expect(describeError(new Error('disk\nfull'))).toEqual({ exitCode: 1, message: 'disk full' });
    expect(describeError(Object.assign(new Error('x'), { code: 'ERR_RMF_ARGUMENT' })).exitCode).toBe(2);
    expect(describeError(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })).exitCode).toBe(0);
  });

  it('unexpected errors print one line and exit 1', async () => {
    // A stdout that fails with a non-EPIPE error.
    const broken = new Writable({ write: (_c, _e, cb) => cb(Object.assign(new Error('disk full'), { code: 'ENOSPC' })) });
    const err = capture();
    const code = await runCli(['generate', '--seed', '42', ...RANGE], { stdout: broken, stderr: err.stream });
    expect(code).toBe(1);
    expect(lines(err.text())).toEqual(['rmf-sim: disk full']);
  });
});
