import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '@rmf-sim/core';
import { createPrometheusExporter, negotiateFormat, OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE, startExporter, type ExporterServer } from '../src/index.js';
import { ensureBuilt, parseExposition, root, T0 } from './helpers.js';

/** Prometheus 2.42's Accept header. */
const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

const running: ExporterServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(...args: Parameters<typeof startExporter>) {
  const s = await startExporter(...args);
  running.push(s);
  return s;
}

describe('negotiateFormat', () => {
  it('follows the Accept header and its q-values, defaulting to the Prometheus text format', () => {
    expect(negotiateFormat(PROMETHEUS_ACCEPT)).toBe('openmetrics');
    expect(negotiateFormat('application/openmetrics-text; version=1.0.0; charset=utf-8')).toBe('openmetrics');
    expect(negotiateFormat('application/openmetrics-text')).toBe('openmetrics');
    expect(negotiateFormat('text/plain;version=0.0.4')).toBe('prometheus');
    expect(negotiateFormat('text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5')).toBe('prometheus');
    expect(negotiateFormat('application/openmetrics-text;q=0.2,text/plain;q=0.9')).toBe('prometheus');
    expect(negotiateFormat('application/openmetrics-text;version=2.0.0,text/plain;q=0.1')).toBe('prometheus');
    expect(negotiateFormat('application/openmetrics-text;q=0')).toBe('prometheus');
    expect(negotiateFormat('*/*')).toBe('prometheus');
    expect(negotiateFormat('application/json')).toBe('prometheus');
    expect(negotiateFormat('')).toBe('prometheus');
    expect(negotiateFormat(undefined)).toBe('prometheus');
    expect(negotiateFormat(['text/plain;q=0.1', 'application/openmetrics-text'])).toBe('openmetrics');
  });
});

describe('startExporter', () => {
  it('serves both formats by content negotiation, with the exporter’s values', async () => {
    const sim = createSimulator({ seed: 42 });
    const exporter = createPrometheusExporter({ simulator: sim, naming: 'both' });
    exporter.update(T0);
    const server = await start({ exporter, port: 0 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
    expect(server.exporter).toBe(exporter);

    const om = await fetch(server.url, { headers: { accept: PROMETHEUS_ACCEPT } });
    expect(om.status).toBe(200);
    expect(om.headers.get('content-type')).toBe(OPENMETRICS_CONTENT_TYPE);
    expect(om.headers.get('vary')).toBe('Accept');
    const omText = await om.text();
    expect(omText).toBe(exporter.render('openmetrics'));
    expect(omText.endsWith('# EOF\n')).toBe(true);

    const text = await fetch(server.url, { headers: { accept: 'text/plain;version=0.0.4' } });
    expect(text.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(await text.text()).toBe(exporter.render('prometheus'));
    const plain = await fetch(`${server.url}?x=1`);
    expect(plain.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
    const parsed = parseExposition(await plain.text());
    const gp = sim.samples(T0).find((s) => s.metric === 'rmf_cpu_utilization_percent' && s.labels.lpar === 'PROD01')!;
    expect(parsed.samples.find((s) => s.name === gp.metric && s.labels.lpar === 'PROD01' && s.labels.cpu_type === gp.labels.cpu_type)?.value).toBe(gp.value);
  });

  it('answers HEAD without a body, 404 elsewhere, 405 for other methods', async () => {
    const server = await start({ simulator: createSimulator({ seed: 1 }), port: 0, path: '/prom' });
    const head = await fetch(server.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
    expect((await fetch(server.url.replace('/prom', '/metrics'))).status).toBe(404);
    const post = await fetch(server.url, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('advances an exporter with a clock at each scrape', async () => {
    let now = 0;
    const server = await start({ simulator: createSimulator({ seed: 1 }), clock: { now: () => now }, start: T0, speed: 15, port: 0 });
    await fetch(server.url).then((r) => r.text());
    expect(server.exporter.epochMs).toBe(T0);
    now += 2_000;
    await fetch(server.url).then((r) => r.text());
    expect(server.exporter.epochMs).toBe(T0 + 30_000);
  });

  it('stop() closes the server and its keep-alive connections, and is idempotent', async () => {
    const server = await startExporter({ simulator: createSimulator({ seed: 1 }), port: 0 });
    // a keep-alive connection held open by the client
    await new Promise<void>((resolve, reject) => {
      const req = request(server.url, { agent: new Agent({ keepAlive: true }) }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
    await server.stop();
    await server.stop();
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('rejects invalid options with ERR_RMF_CONFIG and a busy port with EADDRINUSE', async () => {
    const sim = createSimulator({ seed: 1 });
    await expect(startExporter({} as never)).rejects.toMatchObject({ code: 'ERR_RMF_CONFIG' });
    await expect(startExporter({ simulator: sim, exporter: createPrometheusExporter({ simulator: sim }) })).rejects.toMatchObject({ code: 'ERR_RMF_CONFIG' });
    await expect(startExporter({ simulator: sim, port: -1 })).rejects.toMatchObject({ code: 'ERR_RMF_CONFIG', issues: [expect.objectContaining({ path: ['port'] })] });
    await expect(startExporter({ simulator: sim, path: 'metrics' })).rejects.toMatchObject({ code: 'ERR_RMF_CONFIG' });
    const a = await start({ simulator: sim, port: 0 });
    await expect(startExporter({ simulator: sim, port: a.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('the process is never held open (built package, child process)', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  function runChild(script: string, onLine?: (line: string) => void) {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      for (const l of d.split('\n')) if (l) onLine?.(l);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    return new Promise<{ code: number | null; signal: string | null; out: string; err: string }>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('close', (code, signal) => {
        clearTimeout(kill);
        resolve({ code, signal, out, err });
      });
    });
  }

  it('a process that only starts the exporter (with the real clock) exits by itself', async () => {
    const r = await runChild(`
      import { createSimulator } from '@rmf-sim/core';
      import { systemClock } from '@rmf-sim/core/system-clock';
      import { startExporter } from '@rmf-sim/exporter-prometheus';
      const server = await startExporter({ simulator: createSimulator({ seed: 1 }), clock: systemClock, port: 0 });
      console.log(server.url);
    `);
    expect(r.signal, r.err).toBeNull();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics\n$/);
  });

  it('it exits even while scrapers hold connections open (keep-alive, and a request still arriving)', async () => {
    const agent = new Agent({ keepAlive: true });
    let scraped: Promise<number> | undefined;
    let pending: Socket | undefined;
    const r = await runChild(
      `
      import { createSimulator } from '@rmf-sim/core';
      import { startExporter } from '@rmf-sim/exporter-prometheus';
      const server = await startExporter({ simulator: createSimulator({ seed: 1 }), port: 0 });
      server.exporter.update('2026-01-05T09:00:00Z');
      console.log(server.url);
      // the program's own work: 1.5 s, then nothing is left but the exporter
      setTimeout(() => console.log('done'), 1500);
    `,
      (line) => {
        if (!line.startsWith('http://')) return;
        const url = new URL(line);
        scraped = new Promise<number>((resolve, reject) => {
          const req = request(url, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end();
        });
        // headers never completed: the server would wait 60 s (headersTimeout) for them
        pending = connect(Number(url.port), url.hostname, () => pending!.write(`GET ${url.pathname} HTTP/1.1\r\nHost: x\r\n`));
        pending.on('error', () => {});
      },
    );
    agent.destroy();
    pending?.destroy();
    expect(await scraped).toBe(200);
    // killed by runChild's 20 s guard if the server had kept it alive
    expect(r.signal, r.err).toBeNull();
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim().split('\n').at(-1)).toBe('done');
  });
});
