/**
 * Configuration (file, environment, flags; zod; the topology by core), the store registry, and the `serve` and
 * `validate-config` commands in-process (bad flags exit 2 naming the flag; serve prints where everything is, logs
 * JSON with request ids and stops cleanly on the signal).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTopology } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStoreUrls, redactUrl, runCli } from '../src/index.js';
import { loadServeConfig, serverOptionsOf, simulatorOf } from '../src/config/load.js';
import { capture, run } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'rmf-sim-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const topo = { ...defaultTopology, sysplex: 'PLEXCFG', lpars: defaultTopology.lpars.slice(0, 2) };

describe('configuration', () => {
  it('merges file < environment < flags, resolves paths from the file, and checks the topology with core', async () => {
    file('topo.json', JSON.stringify({ ...topo, serviceClasses: topo.serviceClasses.map((sc) => ({ ...sc, systems: Object.fromEntries(Object.entries(sc.systems).filter(([k]) => ['PROD01', 'PROD02'].includes(k))) })).filter((sc) => Object.keys(sc.systems).length) }));
    const cfg = file('a.yaml', 'host: 127.0.0.1\nport: 9001\nsimulator:\n  seed: 7\n  topologyFile: topo.json\nlive:\n  speed: 60\nstores: ["memory:"]\nprometheus:\n  naming: both\n');
    const loaded = loadServeConfig({ config: cfg, speed: 120 }, { RMF_SIM_PORT: '9002', RMF_SIM_SEED: '8' }, '/');
    expect(loaded.config).toMatchObject({ port: 9002, simulator: { seed: 8 }, live: { speed: 120 }, stores: ['memory:'], prometheus: { naming: 'both' } });
    const sim = simulatorOf(loaded);
    expect(sim.topology.sysplex).toBe('PLEXCFG');
    expect(sim.topology.lpars.map((l) => l.name)).toEqual(['PROD01', 'PROD02']);
    const options = await serverOptionsOf(loaded);
    expect(options).toMatchObject({ port: 9002, live: { speed: 120 }, prometheus: { naming: 'both' } });
  });

  it('reports bad fields with their path and the file, bad environment values by variable', () => {
    const bad = file('b.yaml', 'port: 99999\nlive:\n  speeed: 2\n');
    let e: unknown;
    try {
      loadServeConfig({ config: bad }, {}, '/');
    } catch (x) {
      e = x;
    }
    expect(e).toMatchObject({ code: 'ERR_RMF_CONFIG' });
    const issues = (e as { issues: { path: unknown[]; message: string }[] }).issues;
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining([['port'], ['live']]));
    expect(issues.find((i) => i.path[0] === 'live')!.message).toMatch(/speeed/);
    expect(issues[0]!.message).toContain(bad);
    expect(() => loadServeConfig({}, { RMF_SIM_PORT: 'eighty' }, '/')).toThrow(/RMF_SIM_PORT: expected a number/);
    expect(() => loadServeConfig({ config: file('c.yaml', 'port: [') }, {}, '/')).toThrow(/not valid YAML/);
  });

  it('the store registry parses URLs, validates their options and names them', () => {
    const specs = parseStoreUrls(['memory:', 'mysql://root:s3cret@db:3306/rmf?partitioning=daily', 'mariadb://u@h/db2?name=archive']);
    expect(specs.map((s) => [s.name, s.factory.kind])).toEqual([
      ['memory', 'memory'],
      ['mysql', 'mysql'],
      ['archive', 'mysql'],
    ]);
    expect(specs[1]!.options).toMatchObject({ partitioning: 'daily', migrate: true });
    expect(specs[1]!.redacted).toBe('mysql://root:***@db:3306/rmf');
    expect(redactUrl(new URL('mysql://a:b@h/d'))).not.toContain(':b@');
    const fail = (urls: string[]) => {
      try {
        parseStoreUrls(urls);
      } catch (e) {
        return (e as { issues: { path: unknown[]; message: string }[] }).issues;
      }
      throw new Error('expected a ConfigError');
    };
    expect(fail(['mysql://h/db?partitioning=weekly'])[0]).toMatchObject({ path: ['stores', 0, 'partitioning'] });
    expect(parseStoreUrls(['memory:', 'memory:']).map((s) => s.name)).toEqual(['memory', 'memory-2']);
    expect(fail(['memory:?name=a', 'memory:?name=a'])[0]!.message).toMatch(/two stores are named a/);
    expect(fail(['mongodb://h/db?timeSeries=maybe'])[0]).toMatchObject({ path: ['stores', 0, 'timeSeries'] });
    expect(parseStoreUrls(['s3://bucket/prefix?window=1h'])[0]).toMatchObject({ name: 's3', options: { window: '1h', migrate: true } });
    expect(fail(['s3://bucket/prefix?concurrency=0'])[0]).toMatchObject({ path: ['stores', 0, 'concurrency'] });
    expect(parseStoreUrls(['s3://bucket/prefix?listBeforeWrite=true'])[0]).toMatchObject({ options: { listBeforeWrite: true } });
    expect(fail(['s3://bucket/prefix?listBeforeWrite=maybe'])[0]).toMatchObject({ path: ['stores', 0, 'listBeforeWrite'] });
    expect(fail(['ftp://x'])[0]!.message).toMatch(/unknown store scheme ftp:/);
    expect(fail(['not a url'])[0]!.message).toMatch(/not a URL/);
  });
});

describe('rmf-sim validate-config', () => {
  it('prints a summary and exits 0 for a good configuration', async () => {
    const cfg = file('ok.yaml', 'simulator:\n  seed: 3\nstores: ["memory:"]\nauth:\n  apiKeys: [{ id: ops, key: k-0123456789abcdef }]\n');
    const r = await run(['validate-config', '--config', cfg]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^configuration OK: /);
    expect(r.stdout).toMatch(/seed 3, sysplex SYSPLEX01, 4 LPARs, \d+ series/);
    expect(r.stdout).toMatch(/stores +memory \(memory:\)/);
    expect(r.stdout).toMatch(/auth +1 API keys/);
  });

  it('exits 2 with one line per problem: topology, scenario, stores, auth', async () => {
    const cases: [string[], RegExp][] = [
      [['--config', file('t.yaml', 'simulator:\n  topology:\n    sysplex: "bad name"\n')], /simulator\.topology\.sysplex/],
      [['--config', file('s.yaml', 'simulator:\n  scenario: [{ type: cpuLoop, lpar: NOPE, start: "2026-01-05T00:00:00Z", durationMinutes: 5 }]\n')], /unknown LPAR NOPE/],
      [['--store', 's3://bucket/p?concurrency=0'], /--store s3:\/\/bucket\/p\?concurrency=0: Too small/],
      [['--config', file('k.yaml', 'auth:\n  apiKeys: [{ id: ops, key: short }]\n')], /auth\.apiKeys\[0\]\.key/],
      [['--config', join(dir, 'missing.yaml')], /cannot read .*missing\.yaml: ENOENT/],
    ];
    for (const [args, message] of cases) {
      const r = await run(['validate-config', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('rmf-sim serve', () => {
  it('exits 2 naming a bad flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--port', 'http'], /^rmf-sim: --port: expected a whole number/],
      [['--port', '70000'], /^rmf-sim: --port: must be at most 65535/],
      [['--speed', '0'], /^rmf-sim: --speed: expected a number greater than 0/],
      [['--naming', 'x'], /^rmf-sim: --naming: expected rmf, ibm or both/],
      [['--store', 'ftp://x'], /^rmf-sim: --store ftp:\/\/x: unknown store scheme/],
      [['--start', 'soon'], /^rmf-sim: --start: expected an ISO-8601/],
      [['--bogus'], /^rmf-sim: unknown option '--bogus'/],
      [['--host', '0.0.0.0', '--port', '0'], /^rmf-sim: invalid configuration: host: refusing to listen on 0\.0\.0\.0/],
    ];
    for (const [args, message] of cases) {
      const r = await run(['serve', ...args], { signal: AbortSignal.timeout(10_000) });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const help = await run(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--config FILE');
    expect(help.stdout).toContain('RMF_SIM_STORES');
    expect((await run(['help', 'validate-config'])).stdout).toMatch(/^Usage: rmf-sim validate-config/);
  });

  it('serves until the signal: prints where things are, logs JSON lines with request ids, stops cleanly', async () => {
    const out = capture();
    const err = capture();
    const controller = new AbortController();
    const done = runCli(['serve', '--port', '0', '--store', 'memory:', '--speed', '300', '--log-level', 'info'], { stdout: out.stream, stderr: err.stream, signal: controller.signal, clock: systemClock, env: {}, cwd: dir });
    const deadline = Date.now() + 10_000;
    while (!/# {3}stream {3}ws:\/\//.test(out.text()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const base = /# {3}docs {5}(http:\/\/127\.0\.0\.1:\d+)\/docs/.exec(out.text())?.[1];
    expect(base, out.text()).toBeDefined();
    expect(out.text()).toContain(`${base}/api/v1`);
    expect(out.text()).toContain(`${base}/metrics`);
    expect(out.text()).toContain(`${base!.replace('http', 'ws')}/ws/metrics`);
    const res = await fetch(`${base}/api/v1/system`, { headers: { 'x-request-id': 'test-req-42' } });
    expect(res.headers.get('x-request-id')).toBe('test-req-42');
    expect(((await res.json()) as { stores: string[] }).stores).toEqual(['memory']);
    controller.abort();
    expect(await done).toBe(0);
    const logs = out
      .text()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { reqId?: string; msg: string });
    expect(logs.some((l) => l.reqId === 'test-req-42')).toBe(true);
    expect(err.text()).toMatch(/^rmf-sim: stopped after \d+ intervals; memory \d+ written, 0 dropped, 0 pending\n$/);
  });
});
