import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator, fixtureTopology, INSTANT_RANGE, simulatorOptionsSchema, topologySchema, type IncidentInput, type SimulatorOptions } from '@rmf-sim/core';

/**
 * Every number a documented-valid configuration may hold, drawn from the bounds the schema itself declares (so the
 * property follows the schema), with both ends and their neighbourhood favoured; and instants anywhere in the
 * documented range. No sample and no snapshot number may ever be NaN or ±Infinity.
 */

interface NumberSchema {
  minValue: number | null;
  maxValue: number | null;
  isInt: boolean;
}
interface Wrapped {
  def: { type: string };
  unwrap?: () => Wrapped;
  shape?: Record<string, Wrapped>;
  element?: Wrapped;
  options?: Wrapped[];
}

/** The number schema under defaults and optionals. */
function numberSchema(s: Wrapped): NumberSchema {
  let x = s;
  while (x.def.type === 'default' || x.def.type === 'optional') x = x.unwrap!();
  if (x.def.type !== 'number') throw new Error(`not a number schema: ${x.def.type}`);
  return x as unknown as NumberSchema;
}

/** An arbitrary over the whole range a number schema accepts: its ends, values near them, and anything between. */
function within(s: Wrapped): fc.Arbitrary<number> {
  const n = numberSchema(s);
  const min = Number.isFinite(n.minValue) ? n.minValue! : -Number.MAX_VALUE;
  const max = Number.isFinite(n.maxValue) ? n.maxValue! : Number.MAX_VALUE;
  // `.positive()` is an exclusive 0: the smallest accepted double is the next one up
  const lo = min === 0 && !n.isInt && !safeParses(s, 0) ? Number.MIN_VALUE : min;
  if (n.isInt) return fc.oneof(fc.constant(lo), fc.constant(max), fc.integer({ min: Math.max(lo, -2_147_483_648), max: Math.min(max, 2_147_483_647) }));
  return fc.oneof(fc.constant(lo), fc.constant(max), fc.double({ min: lo, max, noNaN: true, noDefaultInfinity: true }));
}

function safeParses(s: Wrapped, v: unknown): boolean {
  return (s as unknown as { safeParse: (v: unknown) => { success: boolean } }).safeParse(v).success;
}

const unwrap = (s: Wrapped): Wrapped => (s.def.type === 'default' || s.def.type === 'optional' ? unwrap(s.unwrap!()) : s);
const topo = topologySchema as unknown as Wrapped;
const field = (path: string): Wrapped => {
  let s = topo;
  for (const part of path.split('.')) {
    s = unwrap(s);
    s = part === '[]' ? s.element! : s.shape![part]!;
  }
  return s;
};
const options = simulatorOptionsSchema as unknown as Wrapped;
const patterns = unwrap(options.shape!.patterns!);
const perKind = (s: Wrapped) => fc.record({ online: within(unwrap(s).shape!.online!), batch: within(unwrap(s).shape!.batch!), mixed: within(unwrap(s).shape!.mixed!) });

const lparArb = (name: string, workload: 'online' | 'batch' | 'mixed') =>
  fc.record({
    name: fc.constant(name),
    workload: fc.constant(workload),
    gp: within(field('lpars.[].gp')),
    ziip: within(field('lpars.[].ziip')),
    memoryGb: within(field('lpars.[].memoryGb')),
    peakHours: fc.constant([[8, 10]] as [number, number][]),
    peakBusyPercent: within(field('lpars.[].peakBusyPercent')),
    ziipEligiblePercent: within(field('lpars.[].ziipEligiblePercent')),
    ioPerCpSecond: within(field('lpars.[].ioPerCpSecond')),
    weight: within(field('lpars.[].weight')),
    ziipWeight: within(field('lpars.[].ziipWeight')),
    definedCapacityMsu: fc.option(within(field('lpars.[].definedCapacityMsu')), { nil: undefined }),
    absoluteCapping: fc.option(within(field('lpars.[].absoluteCapping')), { nil: undefined }),
  });

const goals = field('serviceClasses.[].goal') as unknown as { options: Wrapped[] };
const goalArb = fc.oneof(
  fc.record({ kind: fc.constant('responseTime' as const), seconds: within(goals.options[0]!.shape!.seconds!) }),
  fc.record({ kind: fc.constant('velocity' as const), percent: within(goals.options[1]!.shape!.percent!) }),
);
const weight = within((unwrap(field('serviceClasses.[].systems')) as unknown as { def: { valueType: Wrapped } }).def.valueType);
const classArb = (name: string, subsystem: 'CICS' | 'BATCH' | 'DB2' | 'STC', systems: string[]) =>
  fc.record({
    name: fc.constant(name),
    workload: fc.constant('WORK'),
    importance: within(field('serviceClasses.[].importance')),
    goal: goalArb,
    subsystem: fc.constant(subsystem),
    cpuPerTransactionMs: within(field('serviceClasses.[].cpuPerTransactionMs')),
    systems: fc.tuple(...systems.map(() => weight)).map((ws) => Object.fromEntries(systems.map((s, i) => [s, ws[i]!]))),
  });

const groupArb = (base: (typeof fixtureTopology.volumeGroups)[number]) =>
  fc.record({
    type: fc.constant(base.type),
    prefix: fc.constant(base.prefix),
    count: fc.constant(base.count),
    model: fc.constant(base.model),
    clpr: fc.constant(base.clpr),
    transferKb: within(field('volumeGroups.[].transferKb')),
    readPercent: within(field('volumeGroups.[].readPercent')),
    readHitPercent: within(field('volumeGroups.[].readHitPercent')),
    aliases: within(field('volumeGroups.[].aliases')),
    affinity: perKind(field('volumeGroups.[].affinity')),
  });

const topologyArb = fc.record({
  sysplex: fc.constant('PLEX1'),
  cpc: fc.record({ name: fc.constant('CPC1'), model: fc.constant('3931'), gp: within(field('cpc.gp')), ziip: within(field('cpc.ziip')), capacityMsu: within(field('cpc.capacityMsu')) }),
  lpars: fc.tuple(lparArb('PROD01', 'online'), lparArb('BATCH01', 'batch'), lparArb('TEST01', 'mixed')),
  serviceClasses: fc.tuple(classArb('CICSHI', 'CICS', ['PROD01', 'TEST01']), classArb('BATCHHI', 'BATCH', ['BATCH01', 'PROD01']), classArb('DDFHI', 'DB2', ['PROD01']), classArb('SYSSTC', 'STC', ['PROD01', 'BATCH01', 'TEST01'])),
  couplingFacilities: fc.tuple(
    fc.record({
      name: fc.constant('CF01'),
      processors: within(field('couplingFacilities.[].processors')),
      linksPerLpar: fc.constant(2),
      requestsPerBusyCp: within(field('couplingFacilities.[].requestsPerBusyCp')),
      storageGb: within(field('couplingFacilities.[].storageGb')),
      link: fc.oneof(
        fc.constant({ linkType: 'ICP' as const, distanceKm: 0 }),
        fc.record({ linkType: fc.constant('CS5' as const), distanceKm: fc.double({ min: 0, max: 0.15, noNaN: true }) }),
        fc.record({ linkType: fc.constantFrom('CL5' as const, 'CL6' as const), distanceKm: within(field('couplingFacilities.[].distanceKm')) }),
      ),
      sharing: fc.oneof(fc.constant({ dedicated: true }), fc.record({ dedicated: fc.constant(false), weight: within(field('couplingFacilities.[].weight')) })),
      structures: fc.tuple(
        ...(['IRLMLOCK1', 'DSNDB0G_GBP1', 'IXC_DEFAULT_1'] as const).map((name, i) =>
          fc.record({
            name: fc.constant(name),
            type: fc.constant((['lock', 'cache', 'list'] as const)[i]!),
            sizeMb: within(field('couplingFacilities.[].structures.[].sizeMb')),
            weight: within(field('couplingFacilities.[].structures.[].weight')),
            asyncPercent: within(field('couplingFacilities.[].structures.[].asyncPercent')),
          }),
        ),
      ),
    }).map(({ link, sharing, ...cf }) => ({
      ...cf,
      ...link,
      ...sharing,
      // the structures and the dump space must fit the CF's storage
      storageGb: Math.max(cf.storageGb, Math.ceil((cf.structures.reduce((n, x) => n + x.sizeMb, 0) + 6) / 1024)),
    })),
  ),
  storageArray: fc.record({
    name: fc.constant('VSP1'),
    mpBlades: fc.constant(2),
    coresPerBlade: within(field('storageArray.coresPerBlade')),
    hostPorts: fc.constant(4),
    portSpeedGbps: fc.constantFrom(8 as const, 16 as const, 32 as const),
    clprs: fc.tuple(
      ...['CLPR0', 'CLPR1'].map((name) => fc.record({ name: fc.constant(name), cacheGb: within(field('storageArray.clprs.[].cacheGb')), destageMBps: within(field('storageArray.clprs.[].destageMBps')) })),
    ),
  }),
  volumeGroups: fc.tuple(...fixtureTopology.volumeGroups.map(groupArb)),
  channels: fc.record({ pathsPerLpar: fc.constant(2), speedGbps: fc.constantFrom(8 as const, 16 as const, 32 as const), firstChpid: fc.constant('40') }),
  network: fc.record({ osaPerLpar: fc.integer({ min: 0, max: 2 }), hipersocketsPerLpar: fc.integer({ min: 0, max: 2 }) }),
}).map((t) => ({
  ...t,
  // PR/SM: a CPC has at least as many physical processors as any LPAR has logical ones
  cpc: { ...t.cpc, gp: Math.max(t.cpc.gp, ...t.lpars.map((l) => l.gp)), ziip: Math.max(t.cpc.ziip, ...t.lpars.map((l) => l.ziip)) },
}));

const patternsArb = fc.record({
  utcOffsetMinutes: within(patterns.shape!.utcOffsetMinutes!),
  profiles: fc.record({ online: fc.array(within(unwrap(patterns.shape!.profiles!).shape!.online!.unwrap!().element!), { minLength: 24, maxLength: 24 }) }),
  weekendFactor: perKind(patterns.shape!.weekendFactor!),
  mondayFactor: within(patterns.shape!.mondayFactor!),
  monthEnd: fc.record({ days: within(unwrap(patterns.shape!.monthEnd!).shape!.days!), factor: perKind(unwrap(patterns.shape!.monthEnd!).shape!.factor!) }),
  annualGrowthPercent: within(patterns.shape!.annualGrowthPercent!),
});

const { fromMs, toMs } = INSTANT_RANGE;
const instantArb = fc.oneof(fc.constant(fromMs), fc.constant(toMs), fc.integer({ min: fromMs, max: toMs }), fc.integer({ min: toMs - 400 * 86_400_000, max: toMs }));

/** Incidents of every type on the targets of the generated topology, around the instant under test. */
function scenarioArb(t: number) {
  const lpar = fc.constantFrom('PROD01', 'BATCH01', 'TEST01');
  const incident = fc.oneof(
    fc.record({ type: fc.constant('cpuLoop' as const), lpar }),
    fc.record({ type: fc.constant('runawayBatch' as const), lpar }),
    fc.record({ type: fc.constant('storageShortage' as const), lpar }),
    fc.record({ type: fc.constant('cacheWritePending' as const), clpr: fc.constantFrom('CLPR0', 'CLPR1') }),
    fc.record({ type: fc.constant('channelPathFailure' as const), lpar, chpid: fc.constantFrom('40', '41') }),
    fc.record({ type: fc.constant('hostPortFailure' as const), port: fc.constantFrom('CL1-A', 'CL2-A', 'CL3-A', 'CL4-A') }),
    fc.record({ type: fc.constant('mpbHotSpot' as const), mpb: fc.constantFrom('MPB0', 'MPB1') }),
    fc.record({ type: fc.constant('hotVolume' as const), volser: fc.constantFrom('USR001', 'WRK002') }),
    fc.record({ type: fc.constant('monthEndSurge' as const) }),
    fc.record({ type: fc.constant('cfStructureFull' as const), cf: fc.constant('CF01'), structure: fc.constantFrom('IRLMLOCK1', 'DSNDB0G_GBP1', 'IXC_DEFAULT_1') }),
  );
  const when = fc.record({
    start: fc.integer({ min: Math.max(fromMs, t - 3 * 3_600_000), max: Math.min(toMs, t + 600_000) }),
    durationMinutes: fc.integer({ min: 1, max: 240 }),
    severity: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  // at most one incident of each type on each target at a time: the schema refuses overlapping ones
  return fc
    .uniqueArray(fc.tuple(incident, when), { maxLength: 8, selector: ([i]) => JSON.stringify(i) })
    .map((xs) => xs.map(([i, w]) => ({ ...i, ...w }) as IncidentInput));
}

const caseArb = fc
  .record({ seed: fc.integer({ min: 0, max: 2 ** 31 }), topology: topologyArb, patterns: patternsArb, intervalSeconds: within(options.shape!.intervalSeconds!), t: instantArb })
  .chain((c) => scenarioArb(c.t).map((scenario) => ({ ...c, scenario })));

/** Paths of the non-finite numbers in a JSON-like value. */
function nonFinite(value: unknown, path = 'snapshot', out: string[] = []): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${path} = ${value}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => nonFinite(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) nonFinite(v, `${path}.${k}`, out);
  return out;
}

describe('no sample is ever non-finite', () => {
  it('for random seeds, documented-valid configurations at their bounds, instants anywhere in the range and scenarios', () => {
    fc.assert(
      fc.property(caseArb, ({ seed, topology, patterns: p, intervalSeconds, t, scenario }) => {
        const sim = createSimulator({ seed, topology, patterns: p, intervalSeconds, scenario } as unknown as SimulatorOptions);
        const bad = sim.samples(t).filter((s) => !Number.isFinite(s.value)).map((s) => `${s.metric}${JSON.stringify(s.labels)} = ${s.value}`);
        expect(bad).toEqual([]);
        expect(nonFinite(sim.snapshot(t))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('the configurations that gave NaN or Infinity are refused, each naming its path', () => {
    const sc = fixtureTopology.serviceClasses[0]!;
    const cases: [SimulatorOptions, string][] = [
      [{ seed: 1, patterns: { annualGrowthPercent: 201 } }, 'patterns.annualGrowthPercent'],
      [{ seed: 1, topology: { ...fixtureTopology, serviceClasses: [{ ...sc, cpuPerTransactionMs: 5e-324 }] } }, 'topology.serviceClasses[0].cpuPerTransactionMs'],
      [{ seed: 1, topology: { ...fixtureTopology, serviceClasses: [{ ...sc, systems: { PROD01: 1e308 } }] } }, 'topology.serviceClasses[0].systems.PROD01'],
      [{ seed: 1, topology: { ...fixtureTopology, serviceClasses: [{ ...sc, goal: { kind: 'responseTime', seconds: 5e-324 } }] } }, 'topology.serviceClasses[0].goal.seconds'],
      [{ seed: 1, patterns: { weekendFactor: { online: 1e308, batch: 1, mixed: 1 } } }, 'patterns.weekendFactor.online'],
      [{ seed: 1, patterns: { monthEnd: { days: 3, factor: { online: 1, batch: 1e308, mixed: 1 } } } }, 'patterns.monthEnd.factor.batch'],
    ];
    for (const [o, path] of cases) {
      let issues: { path: (string | number)[] }[] = [];
      try {
        createSimulator(o);
      } catch (e) {
        issues = (e as { issues: { path: (string | number)[] }[] }).issues;
      }
      expect(issues.map((i) => i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '').replace(/\.\[/g, '[')), path).toContain(path);
    }
  });

  it('growth of 200 % a year, the most allowed, stays finite to the end of the range; beyond it instants are refused', () => {
    const sim = createSimulator({ seed: 1, topology: fixtureTopology, patterns: { annualGrowthPercent: 200 } });
    expect(sim.samples(INSTANT_RANGE.toMs).filter((s) => !Number.isFinite(s.value))).toEqual([]);
    // year 2700 gave NaN at 200 %, year 13908 with the defaults: both lie outside the range now
    for (const t of ['2700-01-01T00:00:00Z', '13908-01-01T00:00:00Z', 8e15]) expect(() => sim.samples(t)).toThrow(expect.objectContaining({ code: 'ERR_RMF_ARGUMENT' }));
  });

  it('overlapping incidents of one type on one target are refused (their effects would compound without bound)', () => {
    const hot = (id: string, start: string) => ({ id, type: 'hotVolume' as const, volser: 'USR001', start, durationMinutes: 60 });
    let message = '';
    try {
      createSimulator({ seed: 1, topology: fixtureTopology, scenario: [hot('a', '2026-01-05T10:00:00Z'), hot('b', '2026-01-05T10:59:00Z')] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('scenario[1]: overlaps incident a (hotVolume on volser USR001, 2026-01-05T10:00:00.000Z … 2026-01-05T11:00:00.000Z)');
    // back to back is fine, and so are two types on one target or one type on two targets
    const sim = createSimulator({ seed: 1, topology: fixtureTopology, scenario: [hot('a', '2026-01-05T10:00:00Z'), hot('b', '2026-01-05T11:00:00Z'), { type: 'cpuLoop', lpar: 'PROD01', start: '2026-01-05T10:00:00Z', durationMinutes: 60 }] });
    expect(() => sim.addIncident({ type: 'cpuLoop', lpar: 'BATCH01', start: '2026-01-05T10:30:00Z', durationMinutes: 60 })).not.toThrow();
    expect(() => sim.addIncident({ type: 'cpuLoop', lpar: 'PROD01', start: '2026-01-05T10:30:00Z', durationMinutes: 60 })).toThrow(/incident: overlaps incident cpuLoop-3/);
  });
});
