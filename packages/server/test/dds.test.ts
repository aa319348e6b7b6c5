/**
 * The DDS emulation in the reference server: mounted on the server's listener (`ddsExtension`), on a listener of
 * its own (`serve --dds-port`), and alone (`rmf-sim dds`). Answers are compared with `createDds` of the same
 * simulator at the same instant, so the server adds nothing and loses nothing on the way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDds, renderXml } from '@rmf-sim/exporter-dds';
import { fakeClock } from '@rmf-sim/test-utils';
import { ddsExtension, runCli } from '../src/index.js';
import { capture } from './helpers.js';
import { smallSim, startServer, stopAll, T } from './server-helpers.js';

afterEach(stopAll);

const CPC = new URLSearchParams({ resource: ',PROD01,MVS_IMAGE', report: 'CPC' });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the DDS on the server listener', () => {
  it('answers /gpm/… exactly as createDds does, in XML by path and JSON by Accept, and stays out of the OpenAPI document', async () => {
    const sim = smallSim();
    const clock = fakeClock(T + 7_000);
    const server = await startServer({ simulator: sim, clock, dds: ddsExtension({ mintime: 60 }) });
    const expected = createDds({ simulator: sim, mintime: 60 }).answer('rmfm3', CPC, clock.now());

    const xml = await fetch(`${server.url}/gpm/rmfm3.xml?${CPC}`);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await xml.text()).toBe(renderXml(expected));

    const json = await fetch(`${server.url}/gpm/rmfm3?${CPC}`, { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual(JSON.parse(JSON.stringify(expected)));

    const m3 = await fetch(`${server.url}/metrics/m3?groups=cpcs`);
    expect(m3.status).toBe(200);
    expect(await m3.text()).toMatch(/^mvs_cpc_/m);
    const head = await fetch(`${server.url}/gpm/index.xml`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/gpm') || p.startsWith('/metrics/m3'))).toEqual([]);
    // the server's own routes are untouched
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
  });

  it('asks for the DDS users by basic auth, after the server auth of the dds route group', async () => {
    const server = await startServer({
      clock: fakeClock(T),
      auth: { apiKeys: [{ id: 'ops', key: 'k-0123456789abcdef' }], groups: { dds: 'required' } },
      dds: ddsExtension({ users: { ibmuser: 'secret' } }),
    });
    // the server's auth first: no API key, a problem body
    const noKey = await fetch(`${server.url}/gpm/index.xml`);
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // with the key, the DDS's own basic auth
    const noUser = await fetch(`${server.url}/gpm/index.xml`, { headers: { 'x-api-key': 'k-0123456789abcdef' } });
    expect(noUser.status).toBe(401);
    expect(noUser.headers.get('www-authenticate')).toBe('Basic realm="RMF Distributed Data Server"');
    const ok = await fetch(`${server.url}/gpm/index.xml`, { headers: { 'x-api-key': 'k-0123456789abcdef', authorization: basic('ibmuser', 'secret') } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<ddsml');
  });

  it('with the dds group open, DDS clients that only speak basic auth connect while the API stays closed', async () => {
    const server = await startServer({
      clock: fakeClock(T),
      auth: { apiKeys: [{ id: 'ops', key: 'k-0123456789abcdef' }], groups: { dds: 'open' } },
      dds: ddsExtension({ users: { ibmuser: 'secret' } }),
    });
    expect((await fetch(`${server.url}/gpm/root.xml`, { headers: { authorization: basic('ibmuser', 'secret') } })).status).toBe(200);
    expect((await fetch(`${server.url}/gpm/root.xml`, { headers: { authorization: basic('ibmuser', 'wrong') } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/system`)).status).toBe(401);
  });
});

/** Runs the CLI until its banner shows `pattern`; returns what it printed and a stop function. */
async function runUntil(argv: string[], pattern: RegExp) {
  const out = capture();
  const err = capture();
  const controller = new AbortController();
  const done = runCli(argv, { stdout: out.stream, stderr: err.stream, signal: controller.signal, clock: fakeClock(T + 7_000), env: {}, cwd: process.cwd() });
  const deadline = Date.now() + 15_000;
  let settled: number | undefined;
  void done.then((c) => (settled = c));
  while (!pattern.test(out.text()) && settled === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const match = pattern.exec(out.text());
  return {
    match,
    out,
    err,
    stop: async () => {
      controller.abort();
      return done;
    },
  };
}

describe('rmf-sim dds', () => {
  it('serves the emulation alone on its own port with basic-auth users, and stops cleanly on abort', async () => {
    const run = await runUntil(['dds', '--port', '0', '--seed', '7', '--user', 'ibmuser:secret', '--mintime', '120'], /# {3}index {4}(http:\/\/127\.0\.0\.1:\d+)\/gpm\/index\.xml/);
    expect(run.match, run.out.text() + run.err.text()).not.toBeNull();
    const base = run.match![1]!;
    expect(run.out.text()).toContain('MINTIME 120 s  1 users');
    expect((await fetch(`${base}/gpm/index.xml`)).status).toBe(401);
    const res = await fetch(`${base}/gpm/rmfm3.xml?${CPC}`, { headers: { authorization: basic('ibmuser', 'secret') } });
    expect(res.status).toBe(200);
    const expected = createDds({ simulator: smallSim({ seed: 7 }), mintime: 120 }).answer('rmfm3', CPC, T + 7_000);
    expect(await res.text()).toBe(renderXml(expected));
    expect(await run.stop()).toBe(0);
    await expect(fetch(`${base}/gpm/index.xml`)).rejects.toThrow();
  });

  it.each([
    [['dds', '--port', '70000'], /^rmf-sim: --port: must be at most 65535, got 70000\n$/],
    [['dds', '--port', '0', '--user', 'nocolon'], /^rmf-sim: --dds-user: expected NAME:PASSWORD, got "nocolon"\n$/],
    [['dds', '--port', '0', '--mintime', '50'], /^rmf-sim: invalid configuration: dds\.mintime: mintime must be a whole multiple of the simulator's interval \(15 s\), got 50\n$/],
    [['dds', '--port', '0', '--time-zone', 'Mars/Olympus'], /^rmf-sim: invalid configuration: dds\.timeZone: .*Mars\/Olympus/],
    [['dds', '--port', '0', '--host', '0.0.0.0'], /^rmf-sim: invalid configuration: dds\.host: refusing to serve the DDS on 0\.0\.0\.0 \(not a loopback address\) without users/],
    [['serve', '--port', '0', '--no-live', '--mintime', '50'], /^rmf-sim: invalid configuration: dds\.mintime: /],
  ])('refuses %j with exit 2 and one line naming the flag or path', async (argv, message) => {
    const out = capture();
    const err = capture();
    const code = await runCli(argv as string[], { stdout: out.stream, stderr: err.stream, clock: fakeClock(T), env: {}, cwd: process.cwd() });
    expect(err.text()).toMatch(message as RegExp);
    expect(code).toBe(2);
  });

  it('a taken port is said plainly', async () => {
    const first = await runUntil(['dds', '--port', '0'], /# {3}index {4}http:\/\/127\.0\.0\.1:(\d+)\//);
    const port = first.match![1]!;
    const out = capture();
    const err = capture();
    const code = await runCli(['dds', '--port', port], { stdout: out.stream, stderr: err.stream, clock: fakeClock(T), env: {}, cwd: process.cwd() });
    expect(err.text()).toBe(`rmf-sim: invalid configuration: dds.port: port ${port} on 127.0.0.1 is in use; choose another with --dds-port (0 picks a free one)\n`);
    expect(code).toBe(2);
    expect(await first.stop()).toBe(0);
  });
});

describe('rmf-sim serve with the DDS', () => {
  it('mounts the DDS on its listener and, with --dds-port, on a listener of its own; --no-dds leaves it out', async () => {
    const run = await runUntil(['serve', '--port', '0', '--no-live', '--log-level', 'silent', '--dds-port', '0'], /# {3}dds {6}(http:\/\/127\.0\.0\.1:\d+)\/gpm\/index\.xml {2}(http:\/\/127\.0\.0\.1:\d+)\/gpm\/index\.xml \(own listener\)/);
    expect(run.match, run.out.text() + run.err.text()).not.toBeNull();
    const [, onServer, own] = run.match!;
    const a = await (await fetch(`${onServer}/gpm/rmfm3.xml?${CPC}`)).text();
    const b = await (await fetch(`${own}/gpm/rmfm3.xml?${CPC}`)).text();
    expect(a).toBe(b);
    expect(a).toContain('<col type="T">CPCPPNAM</col>');
    expect(await run.stop()).toBe(0);

    const off = await runUntil(['serve', '--port', '0', '--no-live', '--log-level', 'silent', '--no-dds'], /# {3}docs {5}(http:\/\/127\.0\.0\.1:\d+)\/docs/);
    expect(off.out.text()).toContain('#   dds      off (--no-dds)');
    expect((await fetch(`${off.match![1]}/gpm/index.xml`)).status).toBe(404);
    expect(await off.stop()).toBe(0);
  });
});
