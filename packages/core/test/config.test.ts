import { describe, expect, it } from 'vitest';
import { createSimulator, defaultTopology, estimateSeriesCount, fixtureTopology, formatPath, parseTopology, type ConfigError, type RmfSimError } from '@rmf-sim/core';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration validation', () => {
  it('names the path of each problem', () => {
    const lpars = defaultTopology.lpars.map((l) => ({ ...l }));
    lpars[0]!.gp = 0;
    lpars[2]!.memoryGb = -1;
    const e = configError(() => createSimulator({ seed: 1, topology: { ...defaultTopology, lpars } }));
    expect(e.code).toBe('ERR_RMF_CONFIG');
    expect(e.name).toBe('ConfigError');
    expect(e.issues.map((i) => i.path)).toEqual([
      ['topology', 'lpars', 0, 'gp'],
      ['topology', 'lpars', 2, 'memoryGb'],
    ]);
    expect(e.message).toContain('topology.lpars[0].gp:');
    expect(e.message).toContain('topology.lpars[2].memoryGb: Too small');
    const renamed = defaultTopology.lpars.map((l, i) => (i === 3 ? { ...l, name: 'bad name' } : l));
    expect(configError(() => createSimulator({ seed: 1, topology: { ...defaultTopology, lpars: renamed } })).message).toContain('topology.lpars[3].name: LPAR name must be');
  });

  it('checks references between parts of the topology', () => {
    const e = configError(() =>
      parseTopology({
        ...defaultTopology,
        serviceClasses: [{ ...defaultTopology.serviceClasses[0]!, systems: { NOPE: 1 } }],
        volumeGroups: [{ ...defaultTopology.volumeGroups[0]!, clpr: 'CLPR9' }],
      }),
    );
    expect(e.message).toContain('serviceClasses[0].systems.NOPE: unknown LPAR NOPE');
    expect(e.message).toContain('volumeGroups[0].clpr: unknown CLPR CLPR9');
  });

  it('rejects unknown options, bad seeds and bad shards', () => {
    expect(configError(() => createSimulator({ seed: 1, speed: 2 } as never)).message).toMatch(/speed/);
    expect(configError(() => createSimulator({ seed: -1 })).issues[0]!.path).toEqual(['seed']);
    expect(configError(() => createSimulator({ seed: 1.5 })).issues[0]!.path).toEqual(['seed']);
    expect(configError(() => createSimulator({} as never)).issues[0]!.path).toEqual(['seed']);
    expect(configError(() => createSimulator({ seed: 1, shard: { index: 2, count: 2 } })).message).toContain('shard.index: shard.index must be less than shard.count');
    expect(configError(() => createSimulator({ seed: 1, intervalSeconds: 0 })).issues[0]!.path).toEqual(['intervalSeconds']);
    expect(configError(() => createSimulator({ seed: 1, patterns: { holidays: ['25/12/2026'] } })).issues[0]!.path).toEqual(['patterns', 'holidays', 0]);
  });

  it('rejects unreadable instants with a typed argument error', () => {
    const sim = createSimulator({ seed: 1 });
    for (const bad of ['yesterday', '2026-13-45T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-05T24:00:00Z', '2026-01-05T10:00:00', Number.NaN, {} as never]) {
      let err: RmfSimError | undefined;
      try {
        sim.samples(bad);
      } catch (e) {
        err = e as RmfSimError;
      }
      expect(err?.code, String(bad)).toBe('ERR_RMF_ARGUMENT');
    }
  });

  it('reads a date alone as UTC midnight and honours explicit offsets', () => {
    const sim = createSimulator({ seed: 1 });
    expect(sim.alignMs('2026-01-05')).toBe(Date.UTC(2026, 0, 5));
    expect(sim.alignMs('2026-01-05T01:00:00+01:00')).toBe(Date.UTC(2026, 0, 5));
  });

  it('accepts a smaller custom topology and fills in defaults', () => {
    const sim = createSimulator({
      seed: 1,
      intervalSeconds: 60,
      topology: {
        ...defaultTopology,
        lpars: [{ name: 'SYSA', workload: 'online', gp: 2, memoryGb: 8 }],
        serviceClasses: [],
        volumeGroups: [defaultTopology.volumeGroups[0]!],
        couplingFacilities: [],
      },
    });
    const snap = sim.snapshot('2026-03-02T10:00:00Z');
    expect(snap.lpars.map((l) => l.name)).toEqual(['SYSA']);
    expect(snap.intervalSeconds).toBe(60);
    expect(snap.volumes).toHaveLength(2);
    expect(snap.lpars[0]!.channels).toHaveLength(4);
    expect(sim.samples('2026-03-02T10:00:00Z').every((s) => s.labels.lpar === undefined || s.labels.lpar === 'SYSA')).toBe(true);
  });

  it('the default topology is the predecessor’s sysplex, frozen', () => {
    expect(defaultTopology.sysplex).toBe('SYSPLEX01');
    expect(defaultTopology.lpars.map((l) => [l.name, l.workload, l.gp, l.memoryGb])).toEqual([
      ['PROD01', 'online', 16, 64],
      ['PROD02', 'online', 12, 48],
      ['BATCH01', 'batch', 8, 32],
      ['TEST01', 'mixed', 4, 16],
    ]);
    expect(defaultTopology.lpars[2]!.peakHours).toEqual([[22, 5]]);
    expect(Object.isFrozen(defaultTopology.lpars[0])).toBe(true);
  });
});

describe('duplicate names', () => {
  const paths = (e: ConfigError) => e.issues.map((i) => formatPath(i.path));

  it('rejects every named entity that appears twice, naming the path of each repeat and of the first', () => {
    const cf = defaultTopology.couplingFacilities[0]!;
    const sc = defaultTopology.serviceClasses;
    const e = configError(() =>
      parseTopology({
        ...defaultTopology,
        lpars: [...defaultTopology.lpars, { ...defaultTopology.lpars[1]! }],
        serviceClasses: [...sc, { ...sc[2]! }, { ...sc[2]! }],
        couplingFacilities: [cf, { ...cf, structures: [cf.structures[0]!, { ...cf.structures[0]!, sizeMb: 32 }] }],
        storageArray: { ...defaultTopology.storageArray, clprs: [...defaultTopology.storageArray.clprs, { name: 'CLPR0', cacheGb: 8, destageMBps: 100 }] },
      }),
    );
    expect(paths(e)).toEqual([
      'lpars[4].name',
      'serviceClasses[9].name',
      'serviceClasses[10].name',
      'couplingFacilities[1].name',
      'couplingFacilities[1].structures[1].name',
      'storageArray.clprs[2].name',
    ]);
    expect(e.message).toContain('lpars[4].name: duplicate LPAR name PROD02 (also lpars[1].name)');
    expect(e.message).toContain('serviceClasses[10].name: duplicate service class name IMSHI (also serviceClasses[2].name)');
    expect(e.message).toContain('couplingFacilities[1].name: duplicate coupling facility name CF01 (also couplingFacilities[0].name)');
    expect(e.message).toContain('couplingFacilities[1].structures[1].name: duplicate structure name IXC_DEFAULT_1 in CF01 (also couplingFacilities[1].structures[0].name)');
    expect(e.message).toContain('storageArray.clprs[2].name: duplicate CLPR name CLPR0 (also storageArray.clprs[0].name)');
  });

  it('rejects volume groups whose volsers collide, even with different prefixes', () => {
    const g = defaultTopology.volumeGroups[2]!;
    const e = configError(() =>
      parseTopology({ ...defaultTopology, volumeGroups: [{ ...g, prefix: 'AB', count: 1500 }, { ...g, prefix: 'AB1', count: 3 }, { ...g, prefix: 'AB2', count: 3 }] }),
    );
    // AB + 4 digits runs AB0001 … AB1500, which holds AB1001 … AB1003 (prefix AB1 + 3 digits); AB2001 is beyond it
    expect(paths(e)).toEqual(['volumeGroups[1].prefix']);
    expect(e.message).toContain('volumeGroups[1].prefix: volsers AB1001 … AB1003 are also generated by volumeGroups[0] (prefix AB, count 1500)');
    expect(() => parseTopology({ ...defaultTopology, volumeGroups: [{ ...g, prefix: 'AB', count: 1000 }, { ...g, prefix: 'AB1', count: 3 }] })).not.toThrow();
  });

  it('with unique names, every series of the simulator is unique', () => {
    const sim = createSimulator({ seed: 1 });
    const keys = new Set(sim.series.map((s) => `${s.metric}${JSON.stringify(Object.entries(s.labels).sort())}`));
    expect(keys.size).toBe(sim.series.length);
  });
});

describe('size of a topology', () => {
  const wide = (groups: number, count: number) => ({
    ...defaultTopology,
    volumeGroups: Array.from({ length: groups }, (_, i) => ({ ...defaultTopology.volumeGroups[2]!, prefix: `${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`, count })),
  });

  it('estimateSeriesCount gives exactly the number of series the simulator builds', () => {
    const topologies = [
      defaultTopology,
      fixtureTopology,
      wide(3, 50),
      { ...defaultTopology, couplingFacilities: [], serviceClasses: [], network: { osaPerLpar: 0, hipersocketsPerLpar: 0 } },
      { ...defaultTopology, couplingFacilities: [...defaultTopology.couplingFacilities, { ...defaultTopology.couplingFacilities[0]!, name: 'CF03', linksPerLpar: 2 }] },
    ];
    for (const topology of topologies) {
      expect(estimateSeriesCount(parseTopology(topology))).toBe(createSimulator({ seed: 1, topology }).series.length);
    }
  });

  it('refuses a topology with more series than maxSeries before building it, naming the count', () => {
    // 100 groups of 9,999 volumes: about 22 million series, which ran V8 out of memory
    const huge = wide(100, 9999);
    const e = configError(() => createSimulator({ seed: 1, topology: huge }));
    expect(e.issues.map((i) => i.path)).toEqual([['topology']]);
    const n = estimateSeriesCount(parseTopology(huge));
    expect(n).toBeGreaterThan(20_000_000);
    expect(e.message).toContain(`topology: gives ${n.toLocaleString('en-US')} series, more than maxSeries (1,000,000)`);
    // the bound is an option
    const small = wide(2, 100);
    const count = estimateSeriesCount(parseTopology(small));
    expect(configError(() => createSimulator({ seed: 1, topology: small, maxSeries: count - 1 })).message).toContain(`more than maxSeries (${(count - 1).toLocaleString('en-US')})`);
    expect(createSimulator({ seed: 1, topology: small, maxSeries: count }).series).toHaveLength(count);
    expect(configError(() => createSimulator({ seed: 1, maxSeries: 0 })).issues[0]!.path).toEqual(['maxSeries']);
  });
});
