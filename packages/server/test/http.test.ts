/**
 * The REST API through Fastify's inject: the OpenAPI document (validated by an OpenAPI validator), every documented
 * route called and its answer validated against the document, bad parameters answered with problems naming them,
 * values equal to the simulator's, capabilities, the response cache and tracing.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { createMemoryStore, getMetric, metricCatalog, toRecords, type MetricStore } from '@rmf-sim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { RmfServer, StoreCapabilities } from '../src/index.js';
import { makeServer, responseValidator, smallSim, stopAll, T } from './server-helpers.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A memory store with the optional capabilities, answering from its real content. */
function archiveStore(): MetricStore & StoreCapabilities {
  const store = createMemoryStore();
  return Object.assign(store, {
    summary: async () => ({ records: store.size }),
    backup: async () => ({ location: 'memory://backup', records: store.size }),
    exportRange: async (o: { from: unknown; to: unknown }) => ({ location: `memory://export/${String(o.from)}`, records: await store.count({ from: o.from as string, to: o.to as string }) }),
  });
}

let server: RmfServer;
let doc: Record<string, unknown> & { paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[]; requestBody?: unknown }>> };
const sim = smallSim();
const memory = createMemoryStore();
const archive = archiveStore() as ReturnType<typeof archiveStore> & { size: number };

beforeAll(async () => {
  // two intervals in both stores so that store routes have data
  for (const t of [T - 15_000, T]) {
    await memory.write(toRecords(sim.samples(t)));
    await archive.write(toRecords(sim.samples(t)));
  }
  server = await makeServer({ simulator: sim, stores: { memory, archive: { store: archive, kind: 's3' }, documents: { store: archiveStore(), kind: 'mongodb' } }, clock: { now: () => T + 1000, sleep: async () => {} } });
  await server.start(); // listening: /startup and /ready answer 200
  doc = JSON.parse((await server.app.inject({ url: '/openapi.json' })).body);
});
afterAll(stopAll);

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3 document (checked by an OpenAPI validator)', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.0');
  });

  it('documents the API and keeps the predecessor’s paths as deprecated aliases', () => {
    const paths = Object.keys(doc.paths);
    for (const p of ['/health', '/ready', '/startup', '/metrics', '/api/v1/snapshot', '/api/v1/samples', '/api/v1/records', '/api/v1/aggregate', '/api/v1/incidents', '/api/v1/latest/{sysplex}']) expect(paths).toContain(p);
    const aliases = ['/', '/system-info', '/database-summary', '/cleanup-old-data', '/mongodb-summary', '/mongodb-latest/{sysplex}', '/storage/s3/statistics', '/storage/s3/metrics/{metric_type}', '/storage/s3/backup'];
    for (const p of aliases) expect(paths, p).toContain(p);
    for (const p of aliases.slice(1)) {
      const op = Object.values(doc.paths[p]!)[0] as { deprecated?: boolean; summary?: string };
      expect(op.deprecated, p).toBe(true);
      expect(op.summary, p).toMatch(/^Alias of \/api\/v1\//);
    }
  });

  it('lists the catalogue’s families and metric names as the allowed values (derived, not hand-written)', () => {
    const samples = doc.paths['/api/v1/samples']!.get!.parameters!;
    const family = samples.find((p) => p.name === 'family') as unknown as { schema: unknown };
    const text = JSON.stringify(family.schema);
    for (const f of new Set(metricCatalog.map((m) => m.family))) expect(text).toContain(`"${f}"`);
  });
});

/** A request for every documented operation, with example parameters. */
function requestFor(path: string, method: string): { url: string; payload?: object } {
  const params: Record<string, string> = { metric: 'rmf_cpu_utilization_percent', sysplex: 'SYSPLEX01', lpar: 'PROD01', store: 'archive', metric_type: 'cpu' };
  let url = path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!);
  const query: Record<string, string> = {
    '/api/v1/samples': `at=${iso(T)}&lpar=PROD01`,
    '/api/v1/snapshot': `at=${iso(T)}`,
    '/api/v1/records': `from=${iso(T - 30_000)}&to=${iso(T)}&lpar=PROD01&family=cpu`,
    '/api/v1/records/count': `from=${iso(T - 30_000)}&to=${iso(T)}`,
    '/api/v1/aggregate': `from=${iso(T - 30_000)}&to=${iso(T)}&metric=rmf_cpu_utilization_percent&step=1m&fn=max&by=lpar`,
    '/storage/s3/metrics/{metric_type}': `start_time=${iso(T - 30_000)}&end_time=${iso(T)}&lpar=PROD01`,
    '/cleanup-old-data': 'days=3650',
  };
  if (query[path]) url += `?${query[path]}`;
  const bodies: Record<string, object> = {
    '/api/v1/incidents': { type: 'cpuLoop', lpar: 'PROD02', durationMinutes: 10, id: 'doc-test' },
    '/api/v1/retention/cleanup': { olderThanDays: 3650 },
    '/api/v1/stores/{store}/backup': {},
    '/api/v1/stores/{store}/export': { from: iso(T - 60_000), to: iso(T) },
    '/storage/s3/backup': {},
  };
  return method === 'post' ? { url, payload: bodies[path] ?? {} } : { url };
}

describe('every documented route', () => {
  it('answers as the OpenAPI document says', async () => {
    const check = responseValidator(doc as never);
    let called = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        if (path === '/ws/metrics') continue; // a WebSocket upgrade: tested in stream.test.ts
        const { url, payload } = requestFor(path, method);
        const res = await server.app.inject({ method: method.toUpperCase() as 'GET', url, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
        const body = String(res.headers['content-type']).startsWith('application/json') ? res.json() : res.body;
        check(path, method, res.statusCode, body);
        called++;
      }
    }
    expect(called).toBeGreaterThanOrEqual(30);
  });

  it('answers 501 with a reason where no configured store has the capability, validated against the document', async () => {
    const check = responseValidator(doc as never);
    const plain = await makeServer({ simulator: sim, stores: { memory } });
    await plain.app.ready();
    for (const [method, url, path] of [
      ['GET', '/mongodb-summary', '/mongodb-summary'],
      ['GET', '/storage/s3/statistics', '/storage/s3/statistics'],
      ['POST', '/storage/s3/backup', '/storage/s3/backup'],
      ['GET', '/api/v1/stores/memory/summary', '/api/v1/stores/{store}/summary'],
      ['POST', '/api/v1/stores/memory/backup', '/api/v1/stores/{store}/backup'],
      ['POST', '/api/v1/stores/memory/export', '/api/v1/stores/{store}/export'],
    ] as const) {
      const res = await plain.app.inject({ method, url, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(res.statusCode, url).toBe(501);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().detail, url).toMatch(/capability|no (mongodb|s3) store/);
      check(path, method, 501, res.json());
    }
  });
});

describe('values', () => {
  it('samples and snapshot of any instant are the simulator’s own values, filtered', async () => {
    const res = await server.app.inject({ url: `/api/v1/samples?at=${iso(T + 7000)}&lpar=PROD01&family=cpu&label=cpu_type:ziip` });
    const body = res.json();
    const want = sim.samples(T).filter((s) => s.labels.lpar === 'PROD01' && getMetric(s.metric)!.family === 'cpu' && s.labels.cpu_type === 'ziip');
    expect(want.length).toBeGreaterThan(0);
    expect(body).toMatchObject({ timestamp: iso(T), epochMs: T, count: want.length });
    expect(body.samples).toEqual(want.map((s) => ({ metric: s.metric, labels: { ...s.labels }, value: s.value })));
    const snap = (await server.app.inject({ url: `/api/v1/snapshot?at=${iso(T)}` })).json();
    expect(snap).toEqual(JSON.parse(JSON.stringify(sim.snapshot(T))));
    expect(snap.lpars[0].addressSpaces.length).toBeGreaterThan(0);
    const lean = await server.app.inject({ url: `/api/v1/snapshot?at=${iso(T)}&addressSpaces=false` });
    expect(lean.json()).toEqual(JSON.parse(JSON.stringify(sim.snapshot(T, { addressSpaces: false }))));
    expect(lean.body.length).toBeLessThan(JSON.stringify(snap).length / 2);
    const bad = await server.app.inject({ url: `/api/v1/snapshot?at=${iso(T)}&addressSpaces=no` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail ?? bad.json().title).toMatch(/addressSpaces/);
  });

  it('range reads come from the first store by default, from the simulator or a named store on request, and agree', async () => {
    const q = `from=${iso(T - 30_000)}&to=${iso(T)}&lpar=PROD01&metric=rmf_cpu_utilization_percent`;
    const fromStore = (await server.app.inject({ url: `/api/v1/records?${q}` })).json();
    const fromSim = (await server.app.inject({ url: `/api/v1/records?${q}&source=simulator` })).json();
    const fromArchive = (await server.app.inject({ url: `/api/v1/records?${q}&source=archive` })).json();
    expect(fromStore.source).toBe('memory');
    expect(fromSim.source).toBe('simulator');
    expect(fromStore.count).toBe(6); // 2 intervals × 3 CPU types
    const sorted = (r: { records: { timestamp: string; labels: object }[] }) => [...r.records].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    expect(sorted(fromSim)).toEqual(sorted(fromStore));
    expect(sorted(fromArchive)).toEqual(sorted(fromStore));
  });

  it('the predecessor’s S3 metrics path reads a metric type (family or rmf_<type>_ prefix) from the s3-kind store', async () => {
    const res = (await server.app.inject({ url: `/storage/s3/metrics/clpr?start_time=${iso(T - 15_000)}&end_time=${iso(T)}` })).json();
    expect(res.source).toBe('archive');
    const want = sim.samples(T).filter((s) => s.metric.startsWith('rmf_clpr_'));
    expect(res.count).toBe(want.length);
    expect(new Set(res.records.map((r: { metric: string }) => r.metric))).toEqual(new Set(want.map((s) => s.metric)));
  });

  it('latest interval per sysplex and LPAR: the one completed at the clock’s time', async () => {
    const res = (await server.app.inject({ url: '/api/v1/latest/SYSPLEX01/PROD02' })).json();
    expect(res).toMatchObject({ source: 'simulator', timestamp: iso(T), sysplex: 'SYSPLEX01' });
    expect(res.lpars).toHaveLength(1);
    const want = sim.samples(T).filter((s) => s.labels.lpar === 'PROD02');
    expect(res.lpars[0].samples).toEqual(want.map((s) => ({ metric: s.metric, labels: { ...s.labels }, value: s.value })));
    expect((await server.app.inject({ url: '/mongodb-latest/NOPE' })).statusCode).toBe(404);
  });

  it('store summaries count records per family, with the store’s own summary where it has one', async () => {
    const res = (await server.app.inject({ url: '/database-summary' })).json();
    const byName = Object.fromEntries(res.stores.map((s: { name: string }) => [s.name, s]));
    expect(byName.memory.total).toBe(memory.size);
    expect(byName.archive.summary).toEqual({ records: archive.size });
    const cpu = sim.samples(T).filter((s) => getMetric(s.metric)!.family === 'cpu').length;
    expect(byName.memory.families.cpu).toBe(2 * cpu);
  });
});

describe('bad input', () => {
  const cases: [string, string][] = [
    ['/api/v1/samples', 'at'],
    ['/api/v1/samples?at=2026-02-30T00:00:00Z', 'at'],
    ['/api/v1/samples?at=yesterday', 'at'],
    [`/api/v1/samples?at=${iso(T)}&family=disk`, 'family'],
    [`/api/v1/samples?at=${iso(T)}&metric=rmf_nope`, 'metric'],
    [`/api/v1/samples?at=${iso(T)}&label=nocolon`, 'label'],
    [`/api/v1/samples?at=${iso(T)}&colour=red`, 'colour'],
    [`/api/v1/records?from=${iso(T)}&to=${iso(T - 1)}`, 'to'],
    [`/api/v1/records?from=${iso(T - 60_000)}&to=${iso(T)}&limit=0`, 'limit'],
    [`/api/v1/records?from=${iso(T - 60_000)}&to=${iso(T)}&limit=3`, 'limit'],
    [`/api/v1/records?from=${iso(T - 60_000)}&to=${iso(T)}&source=nowhere`, 'source'],
    [`/api/v1/aggregate?from=${iso(T - 60_000)}&to=${iso(T)}&metric=rmf_cpu_utilization_percent&step=5x`, 'step'],
    [`/api/v1/aggregate?from=${iso(T - 60_000)}&to=${iso(T)}&metric=rmf_cpu_utilization_percent&step=60&fn=median`, 'fn'],
    [`/api/v1/aggregate?from=${iso(T - 60_000)}&to=${iso(T)}&step=60`, 'metric'],
    ['/storage/s3/metrics/disks', 'metric_type'],
  ];
  it.each(cases)('%s → 400 problem naming %s', async (url, parameter) => {
    const res = await server.app.inject({ url });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = res.json();
    expect(p).toMatchObject({ status: 400, title: 'Bad Request', parameter });
    expect(p.detail).toContain(parameter);
    expect(p.requestId).toBe(res.headers['x-request-id']);
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
  });

  it('refuses a range longer than the simulator may generate, and bad bodies, with problems', async () => {
    const long = await server.app.inject({ url: `/api/v1/records/count?from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z&source=simulator` });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'ERR_RMF_ARGUMENT' });
    expect(long.json().detail).toMatch(/at most 5760/);
    const badJson = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { 'content-type': 'application/json' }, payload: '{"type":' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.headers['content-type']).toMatch(/^application\/problem\+json/);
    const unknownLpar = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: { type: 'cpuLoop', lpar: 'NOPE', durationMinutes: 5 } });
    expect(unknownLpar.statusCode).toBe(400);
    expect(unknownLpar.json().detail).toMatch(/unknown LPAR NOPE/);
    const badType = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: { type: 'meteor', durationMinutes: 5 } });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().parameter).toBe('type');
  });

  it('a handler that fails unexpectedly answers 500 without internals', async () => {
    const broken = createMemoryStore();
    broken.count = async () => {
      throw new TypeError('secret internal detail at /srv/app/x.js:12');
    };
    const s = await makeServer({ simulator: sim, stores: { broken } });
    const res = await s.app.inject({ url: `/api/v1/records/count?from=${iso(T - 60_000)}&to=${iso(T)}` });
    expect(res.statusCode).toBe(500);
    expect(res.json().detail).not.toMatch(/secret|x\.js/);
    expect(res.json().requestId).toBe(res.headers['x-request-id']);
  });
});

describe('incidents', () => {
  it('POST adds an incident that starts now, visible in ground truth and in the values; cached answers follow', async () => {
    // at night, when the CPC has room for TEST01's loop (at a weekday peak PR/SM holds it near its share)
    const night = T - 6 * 3_600_000;
    const clock = { now: () => night, sleep: async () => {} };
    const s = await makeServer({ simulator: smallSim(), clock, cache: { store: 'memory' } });
    const url = `/api/v1/samples?at=${iso(night + 10 * 60_000)}&lpar=TEST01&metric=rmf_cpu_utilization_percent&label=cpu_type:general_purpose`;
    const before = (await s.app.inject({ url })).json().samples[0].value;
    expect((await s.app.inject({ url })).json().samples[0].value).toBe(before); // from the cache
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: { type: 'cpuLoop', lpar: 'TEST01', durationMinutes: 30, id: 'loop-1' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: 'loop-1', type: 'cpuLoop', target: { lpar: 'TEST01' }, startMs: night, endMs: night + 30 * 60_000 });
    const truth = (await s.app.inject({ url: `/api/v1/incidents?from=${iso(night)}&to=${iso(night + 60_000)}` })).json();
    expect(truth.incidents.map((i: { id: string }) => i.id)).toEqual(['loop-1']);
    const after = (await s.app.inject({ url })).json().samples[0].value;
    expect(after).toBeGreaterThan(before + 5); // a CPU loop raises GP busy (not the cached value)
    expect((await s.app.inject({ method: 'POST', url: '/api/v1/incidents', payload: { type: 'cpuLoop', lpar: 'TEST01', durationMinutes: 30, id: 'loop-1' } })).statusCode).toBe(400);
  });
});

describe('tracing', () => {
  it('records spans for requests and generation when a tracer provider is given', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const s = await makeServer({ simulator: sim, tracerProvider: provider });
    await s.app.inject({ url: `/api/v1/snapshot?at=${iso(T)}` });
    await s.app.inject({ url: '/api/v1/samples?at=nope' });
    const spans = exporter.getFinishedSpans().map((x) => ({ name: x.name, status: x.status.code, attrs: x.attributes }));
    expect(spans.map((x) => x.name)).toEqual(expect.arrayContaining(['HTTP GET /api/v1/snapshot', 'rmf-sim.snapshot', 'HTTP GET /api/v1/samples']));
    expect(spans.find((x) => x.name === 'HTTP GET /api/v1/snapshot')!.attrs['http.response.status_code']).toBe(200);
    expect(spans.find((x) => x.name === 'HTTP GET /api/v1/samples')!.attrs['http.response.status_code']).toBe(400);
    await provider.shutdown();
  });
});
