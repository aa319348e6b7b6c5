/**
 * The routes of the reference server. Handlers serialise their answers once (and the response cache keeps the
 * serialised body); the zod schemas validate the requests and document the answers in the OpenAPI document.
 * @module
 */
import { getMetric, MAX_TIMESTAMP, metricCatalog, sampleNames, toEpochMs, type MetricRecord, type RecordQuery, type Sample } from '@rmf-sim/core';
import { contentTypeOf, negotiateFormat } from '@rmf-sim/exporter-prometheus';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { VERSION } from '../version.js';
import { capabilitiesOf, type StoreCapabilities } from './capabilities.js';
import { HttpProblem } from './problem.js';
import {
  aggregateQuery,
  aggregateResponse,
  archiveBody,
  archiveResponse,
  catalogMetric,
  catalogResponse,
  cleanupBody,
  cleanupResponse,
  countResponse,
  FAMILIES,
  filterQuery,
  incidentBody,
  incidentOut,
  incidentsQuery,
  incidentsResponse,
  isoInstant,
  labelFilters,
  latestResponse,
  parseDuration,
  probeResponse,
  problemResponse,
  rangeQuery,
  recordsResponse,
  rootResponse,
  samplesQuery,
  samplesResponse,
  snapshotQuery,
  snapshotResponse,
  storeSummaryResponse,
  storesResponse,
  storesSummaryResponse,
  systemResponse,
} from './schemas.js';
import type { ResolvedStore, ServerContext } from './server.js';
import { subscriptionSchema, type StreamSocket, type Subscription } from './stream.js';
import type { ReadOnlyMetricStore } from '../query/simulator-view.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const errors = { 400: problemResponse, 401: problemResponse, 429: problemResponse };
const sendJson = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type(JSON_TYPE).send(body);

const iso = (ms: number) => new Date(ms).toISOString();

/** Serialises records with one ISO string per distinct timestamp. */
function recordsJson(records: readonly MetricRecord[]): string {
  let lastT = Number.NaN;
  let lastIso = '';
  const parts = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.timestamp !== lastT) {
      lastT = r.timestamp;
      lastIso = iso(lastT);
    }
    parts[i] = `{"timestamp":"${lastIso}","metric":${JSON.stringify(r.metric)},"labels":${JSON.stringify(r.labels)},"value":${r.value}}`;
  }
  return `[${parts.join(',')}]`;
}

function samplesJson(samples: readonly Pick<Sample, 'metric' | 'labels' | 'value'>[]): string {
  const parts = new Array<string>(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    parts[i] = `{"metric":${JSON.stringify(s.metric)},"labels":${JSON.stringify(s.labels)},"value":${s.value}}`;
  }
  return `[${parts.join(',')}]`;
}

interface Filters {
  sysplex?: string[] | undefined;
  lpar?: string[] | undefined;
  family?: string[] | undefined;
  metric?: string[] | undefined;
  label?: string[] | undefined;
}

/** Filters as a core `RecordQuery` (without the range). */
function recordFilter(f: Filters): Omit<RecordQuery, 'from' | 'to'> {
  const labels = labelFilters(f.label);
  return {
    ...(f.sysplex ? { sysplex: f.sysplex } : {}),
    ...(f.lpar ? { lpar: f.lpar } : {}),
    ...(f.family ? { family: f.family as RecordQuery['family'] } : {}),
    ...(f.metric ? { metric: f.metric } : {}),
    ...(labels ? { labels } : {}),
  };
}

/** Registers every route on the app. */
export function registerRoutes(root: FastifyInstance, ctx: ServerContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const sim = ctx.simulator;
  const sysplex = sim.topology.sysplex;
  const lparNames = sim.topology.lpars.map((l) => l.name);

  const cached = async (key: string, ttl: number, compute: () => Promise<string> | string): Promise<string> => {
    if (!ctx.cache) return compute();
    const hit = await ctx.cache.get(key);
    if (hit !== undefined) return hit;
    const body = await compute();
    await ctx.cache.set(key, body, ttl);
    return body;
  };

  /**
   * Answers that depend only on the request URL (and the scenario) are cached under it, and looked up before the
   * query is even validated: a hit skips validation and computation (a URL is only cached once it was valid).
   */
  const urlKey = (req: FastifyRequest) => `${ctx.scenario.token}|${req.url}`;
  if (ctx.cache) {
    const cache = ctx.cache;
    root.addHook('preValidation', async (req, reply) => {
      if (!req.routeOptions.config?.cacheByUrl) return;
      const hit = await cache.get(urlKey(req));
      if (hit !== undefined) return reply.type(JSON_TYPE).send(hit);
    });
  }

  const source = (name: string | undefined): { name: string; store: ReadOnlyMetricStore; ttl: number } => {
    if (name === 'simulator' || (name === undefined && ctx.stores.length === 0)) return { name: 'simulator', store: ctx.view, ttl: ctx.cacheTtl.simulator };
    const s = name === undefined ? ctx.stores[0]! : ctx.stores.find((x) => x.name === name);
    if (!s) throw new HttpProblem(400, `unknown source ${JSON.stringify(name)}: use simulator${ctx.stores.length ? ` or a store (${ctx.stores.map((x) => x.name).join(', ')})` : ''}`, { parameter: 'source' });
    return { name: s.name, store: s.store, ttl: ctx.cacheTtl.store };
  };

  const storeByName = (name: string): ResolvedStore => {
    const s = ctx.stores.find((x) => x.name === name);
    if (!s) throw new HttpProblem(404, `no store named ${JSON.stringify(name)} (stores: ${ctx.stores.map((x) => x.name).join(', ') || 'none configured'})`, { parameter: 'store' });
    return s;
  };
  const withCapability = <K extends keyof StoreCapabilities>(s: ResolvedStore, capability: K, what: string) => {
    const fn = s.store[capability];
    if (typeof fn !== 'function') throw new HttpProblem(501, `store ${s.name} (${s.kind}) cannot ${what}: it has no ${capability}() capability (the S3 and MongoDB adapters provide it)`);
    return fn.bind(s.store) as NonNullable<StoreCapabilities[K]>;
  };
  /** The first store of a kind (the predecessor's Mongo and S3 paths), else 501. */
  const firstOfKind = (kind: string, capability: keyof StoreCapabilities, pkg: string): ResolvedStore => {
    const s = ctx.stores.find((x) => x.kind === kind && typeof x.store[capability] === 'function');
    if (!s) throw new HttpProblem(501, `no ${kind} store is configured: this path needs a ${kind} store (${pkg}) with ${capability}(); configured: ${ctx.stores.map((x) => `${x.name} (${x.kind})`).join(', ') || 'none'}`);
    return s;
  };

  // ---------------------------------------------------------------- probes
  const probe = (url: string, description: string, check: () => Promise<{ ok: boolean; body: z.infer<typeof probeResponse> }>) =>
    app.route({
      method: 'GET',
      url,
      config: { group: 'probes', rateLimit: false } as never,
      schema: { tags: ['probes'], summary: description, response: { 200: probeResponse, 503: probeResponse } },
      handler: async (_req, reply) => {
        const { ok, body } = await check();
        return sendJson(reply, JSON.stringify(body), ok ? 200 : 503);
      },
    });
  probe('/health', 'Liveness: the process answers', async () => ({ ok: true, body: { status: ctx.state.stopping ? 'stopping' : 'ok' } }));
  probe('/startup', 'Startup: the server has started (stores opened, live feed running)', async () => {
    const ok = ctx.state.started;
    return { ok, body: { status: ok ? 'ok' : 'starting' } };
  });
  probe('/ready', 'Readiness: started, not stopping, and every configured store answers', async () => {
    if (ctx.state.stopping) return { ok: false, body: { status: 'stopping' } };
    if (!ctx.state.started) return { ok: false, body: { status: 'starting' } };
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    await Promise.all(
      ctx.stores.map(async (s) => {
        const controller = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        try {
          const ping = typeof s.store.ping === 'function' ? s.store.ping(controller.signal) : s.store.count({ from: 0, to: 0 }).then(() => undefined);
          await Promise.race([ping, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ctx.readyTimeoutMs} ms`)), ctx.readyTimeoutMs)))]);
          checks[s.name] = { ok: true };
        } catch (e) {
          controller.abort();
          checks[s.name] = { ok: false, detail: (e as Error).message.split('\n')[0] };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const ok = Object.values(checks).every((c) => c.ok);
    return { ok, body: { status: ok ? 'ok' : 'unavailable', checks } };
  });

  // ---------------------------------------------------------------- documents
  app.route({
    method: 'GET',
    url: '/openapi.json',
    config: { group: 'docs' },
    schema: { hide: true },
    handler: async (_req, reply) => sendJson(reply, JSON.stringify(root.swagger())),
  });
  app.route({
    method: 'GET',
    url: '/',
    config: { group: 'docs' },
    schema: { tags: ['predecessor'], summary: 'What this server offers, with links (the predecessor’s root)', response: { 200: rootResponse } },
    handler: async (_req, reply) =>
      sendJson(
        reply,
        JSON.stringify({
          name: 'rmf-sim',
          version: VERSION,
          links: { docs: '/docs', openapi: '/openapi.json', api: '/api/v1', system: '/api/v1/system', metrics: '/metrics', stream: '/ws/metrics', health: '/health', ready: '/ready', startup: '/startup' },
        }),
      ),
  });

  // ---------------------------------------------------------------- simulator
  const systemInfo = async () => {
    const latest = ctx.feed?.latest;
    return JSON.stringify({
      name: 'rmf-sim',
      version: VERSION,
      modelVersion: sim.modelVersion,
      seed: sim.options.seed,
      sysplex,
      intervalSeconds: sim.intervalMs / 1000,
      series: sim.series.length,
      lpars: sim.topology.lpars.map((l) => ({ name: l.name, workload: l.workload })),
      live: { running: ctx.feed?.running ?? false, ...(ctx.feed ? { speed: ctx.feed.speed } : {}), intervals: ctx.feed?.intervals ?? 0, ...(latest ? { latest: iso(latest.epochMs) } : {}) },
      stores: ctx.stores.map((s) => s.name),
      ...(ctx.state.startedAt !== undefined ? { startedAt: iso(ctx.state.startedAt) } : {}),
      uptimeSeconds: ctx.state.startedAt !== undefined ? Math.max(0, (ctx.clock.now() - ctx.state.startedAt) / 1000) : 0,
      stream: { clients: ctx.hub.size },
    });
  };
  const aliasOf = (path: string) => ({ tags: ['predecessor'], deprecated: true, summary: `Alias of ${path} (the predecessor’s path)` });

  for (const [url, schemaExtra] of [
    ['/api/v1/system', { tags: ['simulator'], summary: 'System information: version, model, seed, sysplex, interval, live feed, stores' }],
    ['/system-info', aliasOf('/api/v1/system')],
  ] as const) {
    app.route({ method: 'GET', url, schema: { ...schemaExtra, response: { 200: systemResponse, ...errors } }, handler: async (_req, reply) => sendJson(reply, await systemInfo()) });
  }

  app.route({
    method: 'GET',
    url: '/api/v1/topology',
    schema: { tags: ['simulator'], summary: 'The validated topology (sysplex, CPC, LPARs, service classes, coupling facilities, volumes, storage array)', response: { 200: z.looseObject({ sysplex: z.string(), lpars: z.array(z.looseObject({ name: z.string() })) }), ...errors } },
    handler: async (_req, reply) => sendJson(reply, JSON.stringify(sim.topology)),
  });

  // every field of the catalogue's definitions but the internal `sources` (which field of which scope fills a series)
  const catalog = metricCatalog.map((d) => {
    const { sources: _sources, ...m } = d;
    return { ...(JSON.parse(JSON.stringify(m)) as Record<string, unknown>), name: d.name, samples: sampleNames(d) };
  });
  const catalogBody = JSON.stringify({ families: FAMILIES, metrics: catalog });
  app.route({
    method: 'GET',
    url: '/api/v1/catalog',
    schema: { tags: ['simulator'], summary: 'The metric catalogue: names, help, units, labels, families, RMF DDS ids, IBM names', response: { 200: catalogResponse, ...errors } },
    handler: async (_req, reply) => sendJson(reply, catalogBody),
  });
  app.route({
    method: 'GET',
    url: '/api/v1/catalog/:metric',
    schema: { tags: ['simulator'], summary: 'One metric of the catalogue (by name or sample name)', params: z.object({ metric: z.string().max(200) }), response: { 200: catalogMetric, 404: problemResponse, ...errors } },
    handler: async (req, reply) => {
      const d = getMetric(req.params.metric);
      if (!d) throw new HttpProblem(404, `unknown metric ${JSON.stringify(req.params.metric)}; GET /api/v1/catalog lists them`, { parameter: 'metric' });
      return sendJson(reply, JSON.stringify(catalog.find((m) => m.name === d.name)));
    },
  });

  app.route({
    method: 'GET',
    url: '/api/v1/snapshot',
    config: { cacheByUrl: true },
    schema: { tags: ['simulator'], summary: 'The nested snapshot of the interval ending at or before `at` (default: now)', querystring: snapshotQuery, response: { 200: snapshotResponse, ...errors } },
    handler: async (req, reply) => {
      const t = sim.alignMs(req.query.at ?? ctx.clock.now());
      const addressSpaces = req.query.addressSpaces !== 'false';
      const key = req.query.at !== undefined ? urlKey(req) : `${ctx.scenario.token}|snapshot|${t}|${addressSpaces}`;
      const body = await cached(key, ctx.cacheTtl.simulator, () => ctx.tracing.span('rmf-sim.snapshot', { 'rmf_sim.interval_end': iso(t) }, () => JSON.stringify(sim.snapshot(t, { addressSpaces }))));
      return sendJson(reply, body);
    },
  });

  app.route({
    method: 'GET',
    url: '/api/v1/samples',
    config: { cacheByUrl: true },
    schema: { tags: ['simulator'], summary: 'The flat samples of the interval ending at or before `at`, filtered', querystring: samplesQuery, response: { 200: samplesResponse, ...errors } },
    handler: async (req, reply) => {
      const { at, ...filters } = req.query;
      const t = sim.alignMs(at);
      const body = await cached(urlKey(req), ctx.cacheTtl.simulator, () =>
        ctx.tracing.span('rmf-sim.samples', { 'rmf_sim.interval_end': iso(t) }, async () => {
          // the interval ending at t is the range (t - 1, t]: the same filters, with the same meaning, as a store query
          const picked = await ctx.view.read({ from: t - 1, to: t, ...recordFilter(filters) });
          return `{"timestamp":"${iso(t)}","epochMs":${t},"intervalSeconds":${sim.intervalMs / 1000},"count":${picked.length},"samples":${samplesJson(picked)}}`;
        }),
      );
      return sendJson(reply, body);
    },
  });

  // ---------------------------------------------------------------- latest
  const latestParams = z.object({ sysplex: z.string().max(16).optional(), lpar: z.string().max(16).optional() });
  const latest = async (sysplexParam: string | undefined, lparParam: string | undefined, reply: FastifyReply) => {
    if (sysplexParam !== undefined && sysplexParam !== sysplex) throw new HttpProblem(404, `unknown sysplex ${JSON.stringify(sysplexParam)} (this server simulates ${sysplex})`, { parameter: 'sysplex' });
    if (lparParam !== undefined && !lparNames.includes(lparParam)) throw new HttpProblem(404, `unknown LPAR ${JSON.stringify(lparParam)} (LPARs: ${lparNames.join(', ')})`, { parameter: 'lpar' });
    const fromFeed = ctx.feed?.latest;
    const t = fromFeed?.epochMs ?? sim.alignMs(ctx.clock.now());
    const samples = fromFeed?.samples ?? sim.samples(t);
    const groups = new Map<string, Sample[]>();
    for (const s of samples) {
      const l = s.labels.lpar ?? '';
      if (lparParam !== undefined ? l !== lparParam : false) continue;
      let g = groups.get(l);
      if (!g) groups.set(l, (g = []));
      g.push(s);
    }
    const parts = [...groups].map(([l, g]) => `{"lpar":${JSON.stringify(l)},"count":${g.length},"samples":${samplesJson(g)}}`);
    return sendJson(reply, `{"source":"${fromFeed ? 'live' : 'simulator'}","timestamp":"${iso(t)}","sysplex":${JSON.stringify(sysplex)},"lpars":[${parts.join(',')}]}`);
  };
  const latestSummary = 'The latest interval (the live feed’s last, else the one completed now), grouped by LPAR (`""`: sysplex-wide series)';
  app.route({ method: 'GET', url: '/api/v1/latest', schema: { tags: ['simulator'], summary: latestSummary, response: { 200: latestResponse, ...errors } }, handler: async (_req, reply) => latest(undefined, undefined, reply) });
  app.route({ method: 'GET', url: '/api/v1/latest/:sysplex', schema: { tags: ['simulator'], summary: `${latestSummary}, of one sysplex`, params: latestParams.pick({ sysplex: true }).required(), response: { 200: latestResponse, 404: problemResponse, ...errors } }, handler: async (req, reply) => latest(req.params.sysplex, undefined, reply) });
  app.route({ method: 'GET', url: '/api/v1/latest/:sysplex/:lpar', schema: { tags: ['simulator'], summary: `${latestSummary}, of one LPAR`, params: latestParams.required(), response: { 200: latestResponse, 404: problemResponse, ...errors } }, handler: async (req, reply) => latest(req.params.sysplex, req.params.lpar, reply) });
  app.route({ method: 'GET', url: '/mongodb-latest/:sysplex', schema: { ...aliasOf('/api/v1/latest/{sysplex}'), params: latestParams.pick({ sysplex: true }).required(), response: { 200: latestResponse, 404: problemResponse, ...errors } }, handler: async (req, reply) => latest(req.params.sysplex, undefined, reply) });

  // ---------------------------------------------------------------- range queries
  const readRecords = async (q: z.infer<typeof rangeQuery>, key: string, reply: FastifyReply) => {
    const { from, to, source: sourceName, limit, ...filters } = q;
    if (toEpochMs(to, 'to') < toEpochMs(from, 'from')) throw new HttpProblem(400, `query parameter to: ${to} is before from (${from})`, { parameter: 'to' });
    const src = source(sourceName);
    const max = limit ?? ctx.maxRecords;
    const query: RecordQuery = { from, to, ...recordFilter(filters) };
    const body = await cached(key, src.ttl, () =>
      ctx.tracing.span('rmf-sim.store.read', { 'rmf_sim.source': src.name }, async () => {
        const n = await src.store.count(query);
        if (n > max) throw new HttpProblem(400, `query parameter limit: the query matches ${n} records, more than ${max}; narrow from/to or the filters, raise limit (up to ${Math.max(max, ctx.maxRecords)}), or aggregate (/api/v1/aggregate)`, { parameter: 'limit' });
        const records = await src.store.read(query);
        return `{"source":${JSON.stringify(src.name)},"from":"${iso(toEpochMs(from, 'from'))}","to":"${iso(toEpochMs(to, 'to'))}","count":${records.length},"records":${recordsJson(records)}}`;
      }),
    );
    return sendJson(reply, body);
  };
  app.route({
    method: 'GET',
    url: '/api/v1/records',
    config: { cacheByUrl: true },
    schema: { tags: ['queries'], summary: 'Records in (from, to] by sysplex, LPAR, family, metric and labels, from a store or the simulator', querystring: rangeQuery, response: { 200: recordsResponse, ...errors } },
    handler: async (req, reply) => readRecords(req.query, urlKey(req), reply),
  });
  app.route({
    method: 'GET',
    url: '/api/v1/records/count',
    schema: { tags: ['queries'], summary: 'How many records a range query matches', querystring: rangeQuery.omit({ limit: true }), response: { 200: countResponse, ...errors } },
    handler: async (req, reply) => {
      const { from, to, source: sourceName, ...filters } = req.query;
      const src = source(sourceName);
      const n = await ctx.tracing.span('rmf-sim.store.count', { 'rmf_sim.source': src.name }, () => src.store.count({ from, to, ...recordFilter(filters) }));
      return sendJson(reply, JSON.stringify({ source: src.name, from: iso(toEpochMs(from, 'from')), to: iso(toEpochMs(to, 'to')), count: n }));
    },
  });
  app.route({
    method: 'GET',
    url: '/api/v1/aggregate',
    config: { cacheByUrl: true },
    schema: { tags: ['queries'], summary: 'One metric in time buckets (avg, min, max, pNN), grouped by labels, from a store or the simulator', querystring: aggregateQuery, response: { 200: aggregateResponse, ...errors } },
    handler: async (req, reply) => {
      const { from, to, metric, step, fn, by, source: sourceName, ...filters } = req.query;
      const src = source(sourceName);
      const stepMs = parseDuration(step);
      const body = await cached(urlKey(req), src.ttl, () =>
        ctx.tracing.span('rmf-sim.store.aggregate', { 'rmf_sim.source': src.name, 'rmf_sim.metric': metric }, async () => {
          const points = await src.store.aggregate({ ...recordFilter(filters), from, to, metric, stepMs, fn: fn as never, ...(by ? { by } : {}) });
          const parts = points.map((p) => `{"timestamp":"${iso(p.timestamp)}","labels":${JSON.stringify(p.labels)},"value":${p.value},"count":${p.count}}`);
          return `{"source":${JSON.stringify(src.name)},"metric":${JSON.stringify(metric)},"fn":${JSON.stringify(fn)},"stepMs":${stepMs},"points":[${parts.join(',')}]}`;
        }),
      );
      return sendJson(reply, body);
    },
  });

  // the predecessor's S3 metrics path: a range read of a metric type (a family, or the metrics named rmf_<type>_*)
  const s3MetricsQuery = z
    .object({
      sysplex: filterQuery.sysplex,
      lpar: filterQuery.lpar,
      start_time: isoInstant('Start of the range, exclusive (default: end_time minus one hour)').optional(),
      end_time: isoInstant('End of the range, inclusive (default: now)').optional(),
      limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
    })
    .strict();
  app.route({
    method: 'GET',
    url: '/storage/s3/metrics/:metric_type',
    config: { cacheByUrl: true },
    schema: { ...aliasOf('/api/v1/records'), description: 'metric_type is a family (cpu, memory, …) or a predecessor prefix (clpr, mpb, ports, volumes, ldev): the metrics named rmf_<type>_*. Read from the first s3 store, else the first store, else the simulator.', params: z.object({ metric_type: z.string().max(32) }), querystring: s3MetricsQuery, response: { 200: recordsResponse, ...errors } },
    handler: async (req, reply) => {
      const type = req.params.metric_type;
      const byFamily = FAMILIES.includes(type);
      const metrics = byFamily ? undefined : metricCatalog.filter((m) => m.name.startsWith(`rmf_${type}_`)).map((m) => m.name);
      if (metrics && metrics.length === 0) throw new HttpProblem(400, `path parameter metric_type: unknown metric type ${JSON.stringify(type)} (a family: ${FAMILIES.join(', ')}; or a metric prefix such as clpr, mpb, ports, volumes)`, { parameter: 'metric_type' });
      const endMs = req.query.end_time ? toEpochMs(req.query.end_time, 'end_time') : ctx.clock.now();
      const startMs = req.query.start_time ? toEpochMs(req.query.start_time, 'start_time') : endMs - 3_600_000;
      const s3 = ctx.stores.find((s) => s.kind === 's3');
      return readRecords(
        {
          from: iso(startMs),
          to: iso(endMs),
          ...(byFamily ? { family: [type] } : { metric: metrics }),
          ...(req.query.sysplex ? { sysplex: req.query.sysplex } : {}),
          ...(req.query.lpar ? { lpar: req.query.lpar } : {}),
          ...(s3 ? { source: s3.name } : {}),
          ...(req.query.limit ? { limit: req.query.limit } : {}),
        },
        urlKey(req),
        reply,
      );
    },
  });

  // ---------------------------------------------------------------- incidents
  app.route({
    method: 'GET',
    url: '/api/v1/incidents',
    schema: { tags: ['incidents'], summary: 'The scenario’s incidents with ground truth (what, where, when, which metrics move which way), optionally those active in [from, to]', querystring: incidentsQuery, response: { 200: incidentsResponse, ...errors } },
    handler: async (req, reply) => {
      const { from, to } = req.query;
      const range = from !== undefined || to !== undefined ? { from: from ?? 0, to: to ?? MAX_TIMESTAMP } : undefined;
      return sendJson(reply, JSON.stringify({ incidents: sim.incidents(range) }));
    },
  });
  app.route({
    method: 'POST',
    url: '/api/v1/incidents',
    config: { group: 'admin' },
    schema: { tags: ['incidents'], summary: 'Adds an incident to the scenario; without `start` it starts now. Values of every instant it covers change.', body: incidentBody, response: { 201: incidentOut, ...errors } },
    handler: async (req, reply) => {
      const body = req.body as Record<string, unknown>;
      const incident = sim.addIncident({ ...body, start: (body.start as string | undefined) ?? ctx.clock.now() } as never);
      ctx.refreshScenario();
      req.log.info({ incident: incident.id, type: incident.type }, 'incident added');
      return sendJson(reply, JSON.stringify(incident), 201);
    },
  });

  // ---------------------------------------------------------------- stores
  app.route({
    method: 'GET',
    url: '/api/v1/stores',
    schema: { tags: ['stores'], summary: 'The configured stores: kind, capabilities, write pipeline counters', response: { 200: storesResponse, ...errors } },
    handler: async (_req, reply) => {
      const stats = ctx.pipeline?.stats();
      return sendJson(
        reply,
        JSON.stringify({
          stores: ctx.stores.map((s) => {
            const p = stats?.sinks[s.name];
            return { name: s.name, kind: s.kind, ...(s.url ? { url: s.url } : {}), capabilities: capabilitiesOf(s.store), ...(p ? { pipeline: { written: p.written, dropped: p.dropped, pendingRecords: p.pendingRecords, failures: p.failures, retries: p.retries, lagMs: p.lagMs } } : {}) };
          }),
        }),
      );
    },
  });

  const storesSummary = async () => {
    const out = await Promise.all(
      ctx.stores.map(async (s) => {
        const families: Record<string, number> = {};
        let total = 0;
        for (const f of FAMILIES) {
          const n = await s.store.count({ from: -1, to: MAX_TIMESTAMP, family: f as RecordQuery['family'] });
          families[f] = n;
          total += n;
        }
        const own = typeof s.store.summary === 'function' ? await s.store.summary() : undefined;
        return { name: s.name, kind: s.kind, total, families, ...(own ? { summary: own } : {}) };
      }),
    );
    return JSON.stringify({ stores: out });
  };
  for (const [url, extra] of [
    ['/api/v1/stores/summary', { tags: ['stores'], summary: 'Records per metric family in every store (and each store’s own summary when it has one)' }],
    ['/database-summary', aliasOf('/api/v1/stores/summary')],
  ] as const) {
    app.route({ method: 'GET', url, schema: { ...extra, response: { 200: storesSummaryResponse, ...errors } }, handler: async (_req, reply) => sendJson(reply, await ctx.tracing.span('rmf-sim.store.summary', {}, storesSummary)) });
  }

  const ownSummary = async (s: ResolvedStore, reply: FastifyReply) => {
    const summary = await withCapability(s, 'summary', 'summarise itself')();
    return sendJson(reply, JSON.stringify({ name: s.name, kind: s.kind, summary }));
  };
  const storeParam = z.object({ store: z.string().max(64) });
  const own = { response: { 200: storeSummaryResponse, 404: problemResponse, 501: problemResponse, ...errors } };
  app.route({ method: 'GET', url: '/api/v1/stores/:store/summary', schema: { tags: ['stores'], summary: 'A store’s own summary (needs the summary capability: MongoDB collections, S3 objects)', params: storeParam, ...own }, handler: async (req, reply) => ownSummary(storeByName(req.params.store), reply) });
  app.route({ method: 'GET', url: '/mongodb-summary', schema: { ...aliasOf('/api/v1/stores/{store}/summary'), description: 'The summary of the first mongodb store; 501 when none is configured', ...own }, handler: async (_req, reply) => ownSummary(firstOfKind('mongodb', 'summary', '@rmf-sim/storage-mongo'), reply) });
  app.route({ method: 'GET', url: '/storage/s3/statistics', schema: { ...aliasOf('/api/v1/stores/{store}/summary'), description: 'The summary of the first s3 store; 501 when none is configured', ...own }, handler: async (_req, reply) => ownSummary(firstOfKind('s3', 'summary', '@rmf-sim/storage-s3'), reply) });

  const archive = (capability: 'backup' | 'exportRange', what: string) => async (s: ResolvedStore, body: z.infer<typeof archiveBody>, reply: FastifyReply) => {
    const fn = withCapability(s, capability, what) as (o: object) => Promise<{ location: string }>;
    const result = await ctx.tracing.span(`rmf-sim.store.${capability}`, { 'rmf_sim.store': s.name }, () => fn(body));
    return sendJson(reply, JSON.stringify({ store: s.name, ...result }));
  };
  const backup = archive('backup', 'back up');
  const archiveSchema = { body: archiveBody.optional(), response: { 200: archiveResponse, 404: problemResponse, 501: problemResponse, ...errors } };
  app.route({ method: 'POST', url: '/api/v1/stores/:store/backup', config: { group: 'admin' }, schema: { tags: ['stores'], summary: 'Backs a store up (needs the backup capability: S3)', params: storeParam, ...archiveSchema }, handler: async (req, reply) => backup(storeByName(req.params.store), req.body ?? {}, reply) });
  app.route({ method: 'POST', url: '/api/v1/stores/:store/export', config: { group: 'admin' }, schema: { tags: ['stores'], summary: 'Exports a range of a store (needs the exportRange capability: S3)', params: storeParam, ...archiveSchema }, handler: async (req, reply) => archive('exportRange', 'export')(storeByName(req.params.store), req.body ?? {}, reply) });
  app.route({ method: 'POST', url: '/storage/s3/backup', config: { group: 'admin' }, schema: { ...aliasOf('/api/v1/stores/{store}/backup'), description: 'Backs up the first s3 store; 501 when none is configured', ...archiveSchema }, handler: async (req, reply) => backup(firstOfKind('s3', 'backup', '@rmf-sim/storage-s3'), req.body ?? {}, reply) });

  const cleanup = async (before: number, reply: FastifyReply) => {
    if (ctx.stores.length === 0) throw new HttpProblem(409, 'no store is configured: there is nothing to clean up');
    const out = await Promise.all(
      ctx.stores.map(async (s) => {
        const q = { from: -1, to: before - 1 };
        const n = await s.store.count(q);
        await ctx.tracing.span('rmf-sim.store.deleteBefore', { 'rmf_sim.store': s.name }, () => s.store.deleteBefore(before));
        return { name: s.name, removed: n - (await s.store.count(q)) };
      }),
    );
    return sendJson(reply, JSON.stringify({ before: iso(before), stores: out }));
  };
  app.route({
    method: 'POST',
    url: '/api/v1/retention/cleanup',
    config: { group: 'admin' },
    schema: { tags: ['stores'], summary: 'Retention: removes every record before `before` (or older than `olderThanDays`) from every store', body: cleanupBody, response: { 200: cleanupResponse, 409: problemResponse, ...errors } },
    handler: async (req, reply) => cleanup(req.body.before !== undefined ? toEpochMs(req.body.before, 'before') : ctx.clock.now() - req.body.olderThanDays! * 86_400_000, reply),
  });
  app.route({
    method: 'POST',
    url: '/cleanup-old-data',
    config: { group: 'admin' },
    schema: { ...aliasOf('/api/v1/retention/cleanup'), querystring: z.object({ days: z.coerce.number().positive().max(36_500).default(30).describe('Remove records older than this many days') }).strict(), response: { 200: cleanupResponse, 409: problemResponse, ...errors } },
    handler: async (req, reply) => cleanup(ctx.clock.now() - req.query.days * 86_400_000, reply),
  });

  // ---------------------------------------------------------------- Prometheus and the stream
  if (ctx.exporter) {
    const exporter = ctx.exporter;
    app.route({
      method: 'GET',
      url: '/metrics',
      config: { group: 'metrics' },
      schema: { tags: ['metrics'], summary: 'Prometheus text 0.0.4 or OpenMetrics 1.0 (negotiated by Accept) of the current interval and the server’s own metrics', produces: ['text/plain', 'application/openmetrics-text'], response: { 200: z.string(), ...errors } },
      handler: async (req, reply) => {
        const format = negotiateFormat(req.headers.accept);
        if (ctx.feed && exporter.epochMs === undefined) exporter.update(ctx.clock.now());
        const text = await ctx.tracing.span('rmf-sim.metrics', {}, () => exporter.scrape(format));
        return reply.type(contentTypeOf(format)).header('vary', 'Accept').send(text);
      },
    });
  }

  const subscription = subscriptionSchema(lparNames, [sysplex]);
  app.route({
    method: 'GET',
    url: '/ws/metrics',
    websocket: true,
    config: { group: 'stream' },
    schema: {
      tags: ['metrics'],
      summary: 'WebSocket: live intervals, filtered by the subscription (query parameters at connect, or {"type":"subscribe",…} messages later)',
      description:
        'Messages from the server: {"type":"hello"}, {"type":"interval","timestamp","epochMs","count","samples":[{metric,labels,value}]}, {"type":"subscribed"}, {"type":"missed","count"} (intervals skipped while the connection was behind), {"type":"error","message"}. A client that stays behind is closed with code 4008; one that does not answer pings with 4002; shutdown closes with 1001. Browsers may authenticate with ?access_token= or ?api_key=.',
      querystring: z.object({ sysplex: filterQuery.sysplex, lpar: filterQuery.lpar, family: filterQuery.family, metric: filterQuery.metric, access_token: z.string().optional(), api_key: z.string().optional() }).strict(),
    },
    handler: (socket: unknown, req) => {
      const ws = socket as StreamSocket;
      const q = req.query;
      const initial: Subscription = { ...(q.sysplex ? { sysplex: q.sysplex } : {}), ...(q.lpar ? { lpar: q.lpar } : {}), ...(q.family ? { family: q.family } : {}), ...(q.metric ? { metric: q.metric } : {}) };
      const checked = subscription.safeParse(initial);
      if (!checked.success) {
        ws.send(JSON.stringify({ type: 'error', message: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }));
        ws.close(1008, 'invalid subscription');
        return;
      }
      const client = ctx.hub.add(ws, checked.data);
      if (!client) return;
      ws.send(JSON.stringify({ type: 'hello', version: VERSION, sysplex, intervalSeconds: sim.intervalMs / 1000, subscription: client.subscription, live: ctx.feed?.running ?? false }));
      ws.on('message', (data: unknown) => {
        let msg: unknown;
        try {
          msg = JSON.parse(String(data));
        } catch {
          ws.send(JSON.stringify({ type: 'error', message: 'messages are JSON: {"type":"subscribe","lpar":["PROD01"],"family":["cpu"]}' }));
          return;
        }
        const { type, ...rest } = (msg ?? {}) as { type?: unknown };
        if (type !== 'subscribe') {
          ws.send(JSON.stringify({ type: 'error', message: `unknown message type ${JSON.stringify(type)}; send {"type":"subscribe",…}` }));
          return;
        }
        const r = subscription.safeParse(rest);
        if (!r.success) {
          ws.send(JSON.stringify({ type: 'error', message: r.error.issues.map((i) => `${i.path.join('.') || 'subscription'}: ${i.message}`).join('; ') }));
          return;
        }
        ws.send(JSON.stringify({ type: 'subscribed', subscription: ctx.hub.resubscribe(client, r.data) }));
      });
    },
  });
}
