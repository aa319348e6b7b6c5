import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createSimulator, defaultTopology, parseTopology, topologySchema } from '@rmf-sim/core';
import { TOPOLOGY_DOCS, topologyExample } from '../src/topology-example.js';
import { lines, run } from './helpers.js';
import { smallTopology } from './backfill-helpers.js';

/** Series of the default topology, as the CLI prints them (from the simulator, not a number written here). */
const SERIES = createSimulator({ seed: 42 }).series.length.toLocaleString('en-US');

const dir = mkdtempSync(join(tmpdir(), 'rmf-topology-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};
const ONE = ['--seed', '1', '--from', '2026-01-05T00:00:00Z', '--to', '2026-01-05T00:00:15Z'];
const gen = (...extra: string[]) => run(['generate', ...ONE, ...extra], { cwd: dir });

/** One line on stderr, exit 2, nothing on stdout. */
function expectUsage(r: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(lines(r.stderr)).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('topology --example', () => {
  it('prints a YAML file that parses to exactly the default topology, with a comment on every section', async () => {
    const r = await run(['topology', '--example']);
    expect(r.code).toBe(0);
    expect(parseTopology(parse(r.stdout))).toEqual(defaultTopology);
    expect(r.stdout).toBe(topologyExample());
    for (const key of Object.keys(topologySchema.shape)) expect(r.stdout, key).toMatch(new RegExp(`# .+\\n${key}:`));
    expect(r.stdout).toContain(`${SERIES} series per interval`);
  });

  it('documents only fields the schema has, and every top-level one', () => {
    expect(Object.keys(TOPOLOGY_DOCS).sort()).toEqual(Object.keys(topologySchema.shape).sort());
  });

  it('checks a file and names what it describes; --check of the example is valid', async () => {
    const f = file('example.yaml', topologyExample());
    const r = await run(['topology', '--check', f], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(String.raw`^example\.yaml: valid {2}sysplex SYSPLEX01 {2}4 LPARs \(PROD01, PROD02, BATCH01, TEST01\) .* ${SERIES} series per interval\n$`));
  });
});

describe('--topology and --scenario files', () => {
  it('generate with a JSON topology writes that sysplex, and with a YAML scenario its incidents', async () => {
    const t = file('small.json', JSON.stringify(smallTopology('PLEXJS')));
    const s = file('incidents.yaml', '# a loop\n- type: cpuLoop\n  lpar: PROD01\n  start: 2026-01-04T23:50:00Z\n  durationMinutes: 30\n');
    const plain = await gen('--topology', t);
    const looping = await gen('--topology', t, '--scenario', s);
    expect(plain.code, plain.stderr).toBe(0);
    expect(looping.code, looping.stderr).toBe(0);
    const gp = (text: string) => lines(text).map((l) => JSON.parse(l) as { metric: string; labels: Record<string, string>; value: number }).find((x) => x.metric === 'rmf_cpu_utilization_percent' && x.labels.cpu_type === 'general_purpose')!;
    expect(gp(plain.stdout).labels.sysplex).toBe('PLEXJS');
    expect(gp(looping.stdout).value).toBeGreaterThan(gp(plain.stdout).value);
  });

  it('a schema error names the file, line, column and path', async () => {
    const text = topologyExample().replace('gp: 16', 'gp: 999');
    const line = text.split('\n').findIndex((l) => l.includes('gp: 999')) + 1;
    expectUsage(await gen('--topology', file('big.yaml', text)), new RegExp(`^rmf-sim: --topology: invalid topology: big\\.yaml:${line}:9 lpars\\[0\\]\\.gp: Too big`));
  });

  it('several problems are one line, each with its place; a JSON file gets lines too', async () => {
    const t = structuredClone(smallTopology()) as Record<string, unknown> & { lpars: Record<string, unknown>[] };
    t.lpars[0]!.gp = 0;
    t.sysplex = 'bad name';
    const r = await gen('--topology', file('two.json', JSON.stringify(t, null, 2)));
    expectUsage(r, /two\.json:2:14 sysplex: sysplex name must be .*; two\.json:\d+:\d+ lpars\[0\]\.gp: Too small/);
  });

  it('a syntax error gives the line and column of the parser', async () => {
    expectUsage(await gen('--topology', file('broken.yaml', 'sysplex: PLEX\ncpc: {name: [\n')), /^rmf-sim: --topology: broken\.yaml:\d+:\d+: .* \(not valid YAML or JSON\)\n$/);
    expectUsage(await gen('--topology', file('broken.json', '{"sysplex": "P",\n "cpc": }')), /^rmf-sim: --topology: broken\.json(:2:\d+)?: Unexpected token .* \(not valid JSON\)\n$/);
    expectUsage(await gen('--topology', file('dup.yaml', 'sysplex: A\nsysplex: B\n')), /dup\.yaml:2:1: Map keys must be unique/);
  });

  it('a missing file, a directory, an empty name', async () => {
    expectUsage(await gen('--topology', 'nope.yaml'), /^rmf-sim: --topology: cannot read nope\.yaml: no such file\n$/);
    expectUsage(await gen('--scenario', '.'), /^rmf-sim: --scenario: cannot read \.: is a directory\n$/);
    expectUsage(await gen('--topology', ''), /^rmf-sim: --topology: expected a file name\n$/);
  });

  it('a scenario: an incident the schema refuses, one the topology lacks, and a file that is not a list', async () => {
    expectUsage(await gen('--scenario', file('neg.yaml', '- {type: cpuLoop, lpar: PROD01, start: 2026-01-05T00:00:00Z, durationMinutes: -5}\n')), /^rmf-sim: --scenario: invalid scenario: neg\.yaml:1:\d+ \[0\]\.durationMinutes: Too small/);
    expectUsage(await gen('--scenario', file('who.yaml', 'scenario:\n  - type: cpuLoop\n    lpar: NOPE01\n    start: 2026-01-05T00:00:00Z\n    durationMinutes: 5\n')), /^rmf-sim: --scenario: invalid scenario: who\.yaml:3:11 scenario\[0\]\.lpar: unknown LPAR NOPE01/);
    expectUsage(await gen('--scenario', file('map.yaml', 'type: cpuLoop\n')), /expected a list of incidents/);
    expectUsage(await run(['live', '--count', '1', '--scenario', 'map.yaml'], { cwd: dir }), /expected a list of incidents/);
  });

  it('topology --check with --scenario checks the incidents against that topology', async () => {
    const t = file('small2.json', JSON.stringify(smallTopology()));
    const s = file('prod02.yaml', '- {type: cpuLoop, lpar: PROD02, start: 2026-01-05T00:00:00Z, durationMinutes: 5}\n');
    expectUsage(await run(['topology', '--check', t, '--scenario', s], { cwd: dir }), /prod02\.yaml:1:\d+ \[0\]\.lpar: unknown LPAR PROD02/);
    expectUsage(await run(['topology'], { cwd: dir }), /missing --example or --check FILE/);
  });
});

describe('generate --to-store and --format parquet', () => {
  it('--to-store is backfill: into memory: it writes the range and reports it', async () => {
    const r = await run(['generate', ...ONE, '--to-store', 'memory:', '--progress', 'none'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`backfill done: 1 intervals .* memory ${SERIES} records up to 2026-01-05T00:00:15Z`));
    expectUsage(await run(['generate', ...ONE, '--to-store', 'memory:', '--out', 'x'], { cwd: dir }), /--out: not with --to-store/);
  });

  it('--format parquet without --out: refused, Parquet is not written to stdout', async () => {
    expectUsage(await gen('--format', 'parquet'), /^rmf-sim: --format parquet: needs --out FILE.parquet .*not written to stdout\n$/);
  });
});
