/**
 * The zod schemas of the HTTP API: request parameters (validated by Fastify through fastify-type-provider-zod) and
 * responses (documented in the OpenAPI document from the same schemas). Families, metric names and incident types
 * are derived from core's catalogue and incident schema at load time, never listed here.
 * @module
 */
import { getMetric, incidentSchema, metricCatalog, sampleNames, toEpochMs } from '@rmf-sim/core';
import { z } from 'zod';

/** Every metric family of the catalogue. */
export const FAMILIES = [...new Set(metricCatalog.map((m) => m.family))] as [string, ...string[]];
/** Every sample name (histograms: `_bucket`, `_sum`, `_count`). */
export const SAMPLE_NAMES = metricCatalog.flatMap(sampleNames);
/** Every incident type core knows. */
export const INCIDENT_TYPES = incidentSchema.options.map((o) => o.shape.type.value) as [string, ...string[]];

/** Splits a query value given once, repeated, or comma-separated into a list of non-empty strings. */
const list = (v: unknown) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter((x) => x !== ''));

/** A list-valued query parameter: repeated (`lpar=A&lpar=B`) or comma-separated (`lpar=A,B`). */
const stringList = (description: string) => z.preprocess(list, z.array(z.string().min(1).max(128)).max(200).optional()).describe(description);

/** An instant: ISO-8601 date-time with a zone, checked by core's strict parser. */
export const isoInstant = (description: string) =>
  z
    .string()
    .describe(description)
    .meta({ format: 'date-time', example: '2026-01-05T09:00:00Z' })
    .superRefine((v, ctx) => {
      if (!/T\d{2}:\d{2}/.test(v)) {
        ctx.addIssue({ code: 'custom', message: `expected an ISO-8601 date-time with a zone such as 2026-01-05T09:00:00Z, got ${JSON.stringify(v)}` });
        return;
      }
      try {
        toEpochMs(v, 'instant');
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^instant: /, '') });
      }
    });

const familyList = z
  .preprocess(list, z.array(z.enum(FAMILIES, { error: (i) => `unknown metric family ${JSON.stringify(i.input)} (families: ${FAMILIES.join(', ')})` })).optional())
  .describe(`Metric families, repeated or comma-separated: ${FAMILIES.join(', ')}`);

const metricName = z.string().refine((m) => getMetric(m) !== undefined && (getMetric(m)!.name === m || sampleNames(getMetric(m)!).includes(m)), {
  error: (i) => `unknown metric ${JSON.stringify(i.input)}; GET /api/v1/catalog lists them`,
});
const metricList = z.preprocess(list, z.array(metricName).optional()).describe('Metric names (a histogram by its base name or one of its `_bucket`/`_sum`/`_count` samples), repeated or comma-separated');

const labelPair = z.string().regex(/^[a-z_][a-z0-9_]*:.*$/, { error: (i) => `expected name:value such as cpu_type:ziip, got ${JSON.stringify(i.input)}` });
const labelList = z.preprocess(
  (v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(String)),
  z.array(labelPair).max(50).optional(),
).describe('Label filters `name:value`, repeatable; the same name twice matches either value (e.g. `label=cpu_type:ziip&label=cpu_type:zaap`)');

/** The filters shared by samples, records and aggregates. */
export const filterQuery = {
  sysplex: stringList('Sysplex names, repeated or comma-separated'),
  lpar: stringList('LPAR names, repeated or comma-separated; series without an LPAR label are left out when given'),
  family: familyList,
  metric: metricList,
  label: labelList,
};

/** The label filters as core's `RecordQuery.labels`. */
export function labelFilters(pairs: readonly string[] | undefined): Record<string, string[]> | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const p of pairs) {
    const i = p.indexOf(':');
    (out[p.slice(0, i)] ??= []).push(p.slice(i + 1));
  }
  return out;
}

/** Where a range query is answered from. */
export const sourceParam = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/)
  .optional()
  .describe('`simulator` (generated for the range), a store name (see /api/v1/stores), or omitted: the first configured store, else the simulator');

export const samplesQuery = z.object({ at: isoInstant('The instant: the interval that ends at or before it (snapped down to the interval grid)'), ...filterQuery }).strict();
export const snapshotQuery = z
  .object({
    at: isoInstant('The instant: the interval that ends at or before it (snapped down to the interval grid)').optional(),
    addressSpaces: z
      .enum(['true', 'false'])
      .default('true')
      .describe('`false` leaves out the address spaces (about 750 per system: most of the body); every other number is the same'),
  })
  .strict();

export const rangeQuery = z
  .object({
    from: isoInstant('Start of the range, exclusive'),
    to: isoInstant('End of the range, inclusive'),
    ...filterQuery,
    source: sourceParam,
    limit: z.coerce.number().int().min(1).max(1_000_000).optional().describe('Most records to return; a query that matches more is refused with 400 (default: the server’s maxRecords)'),
  })
  .strict();

/** A duration: `90`, `90s`, `5m`, `1h`, `1d`, `500ms`. */
const DURATION = /^(\d{1,9})(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] ?? 's']! : Number.NaN;
}

export const aggregateQuery = z
  .object({
    from: isoInstant('Start of the range, exclusive'),
    to: isoInstant('End of the range, inclusive'),
    metric: metricName.describe('One sample name (a histogram: its `_bucket`, `_sum` or `_count`)'),
    step: z
      .string()
      .refine((s) => parseDuration(s) > 0, { error: (i) => `expected a duration such as 60s, 5m, 1h, got ${JSON.stringify(i.input)}` })
      .describe('Bucket width: seconds (`300`) or with a unit (`500ms`, `90s`, `5m`, `1h`, `1d`); buckets are aligned to the epoch and named by their end'),
    fn: z.string().regex(/^(avg|min|max|p\d{1,2})$/, { error: 'expected avg, min, max or a percentile such as p95' }).default('avg').describe('`avg`, `min`, `max` or a nearest-rank percentile `pNN` (core checks which percentiles it supports)'),
    by: stringList('Labels to group by (default: every label of the metric, one series per group)'),
    sysplex: filterQuery.sysplex,
    lpar: filterQuery.lpar,
    label: filterQuery.label,
    source: sourceParam,
  })
  .strict();

export const incidentsQuery = z.object({ from: isoInstant('Only incidents active at or after this instant').optional(), to: isoInstant('Only incidents active at or before this instant').optional() }).strict();

/** Body of `POST /api/v1/incidents`: one of core's incidents; `start` may be left out (it then starts now). */
export const incidentBody = z.discriminatedUnion(
  'type',
  incidentSchema.options.map((o) => o.extend({ start: isoInstant('When it starts (default: now)').optional() })) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

export const cleanupBody = z
  .object({
    before: isoInstant('Remove every record before this instant').optional(),
    olderThanDays: z.number().positive().max(36_500).optional().describe('Or: remove records older than this many days (the predecessor’s parameter)'),
  })
  .strict()
  .refine((b) => (b.before === undefined) !== (b.olderThanDays === undefined), { error: 'give either before or olderThanDays' });

export const archiveBody = z.object({ from: isoInstant('Start of the range').optional(), to: isoInstant('End of the range').optional(), format: z.string().max(32).optional() }).strict();

// ---------------------------------------------------------------- responses

const labels = z.record(z.string(), z.string());
export const sampleOut = z.object({ metric: z.string(), labels, value: z.number() });
export const recordOut = z.object({ timestamp: z.string().meta({ format: 'date-time' }), metric: z.string(), labels, value: z.number() });

export const samplesResponse = z.object({ timestamp: z.string().meta({ format: 'date-time' }), epochMs: z.number().int(), intervalSeconds: z.number(), count: z.number().int(), samples: z.array(sampleOut) });
export const snapshotResponse = z
  .looseObject({ timestamp: z.string(), epochMs: z.number().int(), intervalSeconds: z.number(), modelVersion: z.number().int(), sysplex: z.string(), lpars: z.array(z.looseObject({ name: z.string() })) })
  .describe('The nested snapshot of core (`Snapshot`): CPC, LPARs, coupling facilities, volumes, storage array');
export const recordsResponse = z.object({ source: z.string(), from: z.string(), to: z.string(), count: z.number().int(), records: z.array(recordOut) });
export const countResponse = z.object({ source: z.string(), from: z.string(), to: z.string(), count: z.number().int() });
export const aggregateResponse = z.object({
  source: z.string(),
  metric: z.string(),
  fn: z.string(),
  stepMs: z.number().int(),
  points: z.array(z.object({ timestamp: z.string().meta({ format: 'date-time' }), labels, value: z.number(), count: z.number().int() })),
});

export const incidentOut = z.object({
  id: z.string(),
  type: z.enum(INCIDENT_TYPES),
  severity: z.number(),
  target: labels,
  startMs: z.number(),
  endMs: z.number(),
  start: z.string(),
  end: z.string(),
  onsetMs: z.number().meta({ description: 'How long the onset takes, ms.' }),
  settledMs: z.number().meta({ description: 'When its after-effects are over (the end for incidents that leave none), epoch ms.' }),
  settled: z.string(),
  expected: z.array(z.object({ metric: z.string(), labels, direction: z.enum(['up', 'down']) })),
  description: z.string(),
  jobs: z.array(z.object({ role: z.enum(['looping', 'runaway', 'holder']), jobName: z.string(), asid: z.number().int() })).optional().meta({ description: 'The address spaces it is about (cpuLoop, runawayBatch, enqContention).' }),
  resource: z.object({ major: z.string(), minor: z.string(), scope: z.literal('SYSTEMS') }).optional().meta({ description: 'The contended resource of an ENQ contention.' }),
});
export const incidentsResponse = z.object({ incidents: z.array(incidentOut) });

export const catalogMetric = z
  .looseObject({
    name: z.string(),
    help: z.string(),
    unit: z.string(),
    type: z.string(),
    family: z.string(),
    entity: z.string(),
    labels: z.array(z.string()),
    samples: z.array(z.string()),
    predecessor: z.boolean(),
    range: z.array(z.number()),
    labelValues: z.record(z.string(), z.array(z.string())),
    buckets: z.array(z.number()).optional(),
    dds: z.array(z.object({ id: z.string(), when: labels.optional() })).optional(),
    ibm: z.array(z.looseObject({ name: z.string() })).describe('IBM’s RMF DDS OpenMetrics names of the metric, with their labels and scale'),
  })
  .describe('A metric of core’s catalogue (every field of its definition)');
export const catalogResponse = z.object({ families: z.array(z.string()), metrics: z.array(catalogMetric) });

export const latestResponse = z.object({
  source: z.enum(['live', 'simulator']),
  timestamp: z.string().meta({ format: 'date-time' }),
  sysplex: z.string(),
  lpars: z.array(z.object({ lpar: z.string(), count: z.number().int(), samples: z.array(sampleOut) })),
});

export const storeInfo = z.object({
  name: z.string(),
  kind: z.string(),
  url: z.string().optional(),
  capabilities: z.array(z.string()),
  pipeline: z.looseObject({ written: z.number(), dropped: z.number(), pendingRecords: z.number(), failures: z.number() }).optional(),
});
export const storesResponse = z.object({ stores: z.array(storeInfo) });
export const storesSummaryResponse = z.object({
  stores: z.array(z.object({ name: z.string(), kind: z.string(), total: z.number().int(), families: z.record(z.string(), z.number().int()), summary: z.record(z.string(), z.unknown()).optional() })),
});
export const storeSummaryResponse = z.object({ name: z.string(), kind: z.string(), summary: z.record(z.string(), z.unknown()) });
export const cleanupResponse = z.object({ before: z.string(), stores: z.array(z.object({ name: z.string(), removed: z.number().int() })) });
export const archiveResponse = z.object({ store: z.string(), location: z.string(), records: z.number().optional(), objects: z.number().optional(), bytes: z.number().optional() });

export const probeResponse = z.object({ status: z.enum(['ok', 'starting', 'unavailable', 'stopping']), checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })).optional() });
export const problemResponse = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), instance: z.string().optional(), parameter: z.string().optional(), code: z.string().optional(), requestId: z.string().optional() })
  .describe('RFC 9457 problem details (application/problem+json)');

export const systemResponse = z.object({
  name: z.string(),
  version: z.string(),
  modelVersion: z.number().int(),
  seed: z.union([z.number(), z.string()]),
  sysplex: z.string(),
  intervalSeconds: z.number(),
  series: z.number().int(),
  lpars: z.array(z.object({ name: z.string(), workload: z.string() })),
  live: z.object({ running: z.boolean(), speed: z.number().optional(), intervals: z.number().int(), latest: z.string().optional() }),
  stores: z.array(z.string()),
  startedAt: z.string().optional(),
  uptimeSeconds: z.number(),
  stream: z.object({ clients: z.number().int() }),
});

export const rootResponse = z.object({ name: z.string(), version: z.string(), links: z.record(z.string(), z.string()) });
