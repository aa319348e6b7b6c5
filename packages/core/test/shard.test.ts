import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator, entityOf, fixtureTopology, getMetric, SHARD_UNIT, type LparSnapshot, type Snapshot, type Topology } from '@rmf-sim/core';
import { JAN5, seriesId } from './helpers.js';

const TOPOLOGIES: Record<string, Topology | undefined> = { default: undefined, fixture: fixtureTopology };
const withTopology = (name: string) => (TOPOLOGIES[name] ? { topology: TOPOLOGIES[name] } : {});

/** Series per shard of a topology for `count` shards. */
const shardSizes = (name: string, count: number) => Array.from({ length: count }, (_, index) => createSimulator({ seed: 3, ...withTopology(name), shard: { index, count } }).series.length);

/**
 * The shards' snapshots put back together: every top-level object from the one shard that lists it; an LPAR's header
 * (name, workload, cpu, memory) from any shard listing it (all must agree), each of its arrays from the one shard
 * whose array is not empty. Top-level lists are put in the unsharded order by name.
 */
function merge(parts: Snapshot[], order: Snapshot): Snapshot {
  const byName = <T extends { name: string }>(list: T[], ref: T[]) => [...list].sort((a, b) => ref.findIndex((r) => r.name === a.name) - ref.findIndex((r) => r.name === b.name));
  const lpars = new Map<string, LparSnapshot>();
  for (const p of parts)
    for (const l of p.lpars) {
      const seen = lpars.get(l.name);
      if (!seen) {
        lpars.set(l.name, structuredClone(l));
        continue;
      }
      for (const [k, v] of Object.entries(l) as [keyof LparSnapshot, unknown][]) {
        if (!Array.isArray(v)) expect(v, `${l.name}.${k} differs between shards`).toEqual(seen[k]);
        else if (v.length > 0) {
          expect((seen[k] as unknown[]).length, `${l.name}.${k} is in two shards`).toBe(0);
          (seen as unknown as Record<string, unknown>)[k] = v;
        }
      }
    }
  const one = <T>(xs: (T | null)[]) => {
    const held = xs.filter((x) => x !== null);
    expect(held.length).toBeLessThanOrEqual(1);
    return held[0] ?? null;
  };
  return {
    ...parts[0]!,
    cpc: one(parts.map((p) => p.cpc)),
    lpars: byName([...lpars.values()], order.lpars),
    couplingFacilities: byName(parts.flatMap((p) => p.couplingFacilities), order.couplingFacilities),
    volumes: [...parts.flatMap((p) => p.volumes)].sort((a, b) => order.volumes.findIndex((v) => v.volser === a.volser) - order.volumes.findIndex((v) => v.volser === b.volser)),
    storageArray: {
      ...parts[0]!.storageArray,
      clprs: byName(parts.flatMap((p) => p.storageArray.clprs), order.storageArray.clprs),
      mpBlades: byName(parts.flatMap((p) => p.storageArray.mpBlades), order.storageArray.mpBlades),
      hostPorts: byName(parts.flatMap((p) => p.storageArray.hostPorts), order.storageArray.hostPorts),
      lcus: [...parts.flatMap((p) => p.storageArray.lcus)].sort((a, b) => order.storageArray.lcus.findIndex((x) => x.ssid === a.ssid) - order.storageArray.lcus.findIndex((x) => x.ssid === b.ssid)),
    },
  };
}

describe('sharding', () => {
  it('shards are disjoint and their union equals the unsharded output, values included (1 to 9 shards, both topologies)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 5000 }), fc.constantFrom('default', 'fixture'), (seed, count, q, topology) => {
        const t = JAN5 + q * 60_000;
        const whole = createSimulator({ seed, ...withTopology(topology) }).samples(t);
        const seen = new Map<string, number>();
        for (let index = 0; index < count; index++) {
          for (const s of createSimulator({ seed, ...withTopology(topology), shard: { index, count } }).samples(t)) {
            const id = seriesId(s);
            expect(seen.has(id), id).toBe(false);
            seen.set(id, s.value);
          }
        }
        expect(seen.size).toBe(whole.length);
        for (const s of whole) expect(seen.get(seriesId(s))).toBe(s.value);
      }),
      { numRuns: 12 },
    );
  });

  it('the shards’ snapshots put together are the unsharded snapshot; each nested member is in one shard only, an LPAR’s header in each shard holding part of it', () => {
    for (const count of [3, 8]) {
      const t = JAN5 + 3600_000 * count;
      const whole = createSimulator({ seed: 3 }).snapshot(t);
      const parts = Array.from({ length: count }, (_, index) => createSimulator({ seed: 3, shard: { index, count } }).snapshot(t));
      expect(merge(parts, whole)).toEqual(whole);
      // the LPARs are split: at 8 shards none is held by one shard alone
      const holders = (name: string) => parts.filter((p) => p.lpars.some((l) => l.name === name)).length;
      if (count === 8) for (const l of whole.lpars) expect(holders(l.name), l.name).toBeGreaterThan(1);
      // address spaces and enqueues go with the LPAR's own numbers (its root unit): in exactly one shard per LPAR
      for (const l of whole.lpars) expect(parts.filter((p) => p.lpars.find((x) => x.name === l.name)?.addressSpaces.length).length, l.name).toBe(1);
    }
  });

  it('a shard’s snapshot lists what its samples hold: the LPAR volume views it lists are the ones it emits', () => {
    const count = 8;
    const t = JAN5 + 9 * 3600_000;
    for (let index = 0; index < count; index++) {
      const sim = createSimulator({ seed: 5, shard: { index, count } });
      const listed = sim.snapshot(t, { addressSpaces: false }).lpars.flatMap((l) => l.volumes.map((v) => `${l.name} ${v.volser}`));
      const emitted = new Set(sim.series.filter((s) => s.metric === 'rmf_volumes_iops').map((s) => `${s.labels.lpar} ${s.labels.volume_id}`));
      expect(listed.sort()).toEqual([...emitted].sort());
    }
  });

  it('shards hold within 20 % of the fair share of series for 1 to 8 shards, of the default topology and of fixtureTopology', () => {
    for (const name of Object.keys(TOPOLOGIES)) {
      const total = createSimulator({ seed: 3, ...withTopology(name) }).series.length;
      for (let count = 1; count <= 8; count++) {
        const sizes = shardSizes(name, count);
        const fair = total / count;
        const what = `${name}, ${count} shards: ${sizes.join('/')} (fair share ${fair.toFixed(1)})`;
        expect(sizes.reduce((a, b) => a + b, 0), what).toBe(total);
        expect(Math.max(...sizes), what).toBeLessThanOrEqual(1.2 * fair);
        expect(Math.min(...sizes), what).toBeGreaterThanOrEqual(0.8 * fair);
      }
    }
  });

  it('shard units: an entity’s scopes are split where no store group (family × entity) or nesting ties them', () => {
    expect(SHARD_UNIT).toEqual({
      cpc: 'cpc',
      lpar: 'lpar',
      serviceClass: 'serviceClass',
      queue: 'serviceClass',
      cfLink: 'lpar', // the cf family reads the LPAR's XCF rates and its CF links
      channel: 'channel',
      network: 'channel',
      lparVolume: 'lparVolume',
      ioResponse: 'lparVolume',
      cf: 'cf',
      cfSystem: 'cf',
      cfStructure: 'cf',
      cfStructureSystem: 'cf',
      volume: 'volume',
      clpr: 'clpr',
      mpb: 'mpb',
      hostPort: 'hostPort',
      lcu: 'lcu',
      reportClass: 'serviceClass',
      addressSpace: 'lpar',
    });
  });

  it('every store group (family, entity) is written by one shard only, so shard processes never write the same S3 object or MongoDB document', () => {
    for (const count of [5, 8]) {
      const writer = new Map<string, number>();
      for (let index = 0; index < count; index++)
        for (const s of createSimulator({ seed: 3, shard: { index, count } }).series) {
          const e = entityOf(s.metric, s.labels)!;
          const key = `${getMetric(s.metric)!.family} ${e.kind}:${e.name}`;
          expect(writer.get(key) ?? index, key).toBe(index);
          writer.set(key, index);
        }
      // and the split is real: some LPAR's groups are written by several shards
      const shardsOf = (lpar: string) => new Set([...writer].filter(([k]) => k.endsWith(` lpar:${lpar}`)).map(([, i]) => i)).size;
      expect(Math.max(...['PROD01', 'PROD02', 'BATCH01', 'TEST01'].map(shardsOf))).toBeGreaterThan(1);
    }
  });

  it('the deal is the same in every process and for every seed (it depends on the topology alone)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 8 }), (seed, count) => {
        const deal = (s: number) => Array.from({ length: count }, (_, index) => createSimulator({ seed: s, shard: { index, count } }).series.map(seriesId));
        expect(deal(seed)).toEqual(deal(seed + 1));
      }),
      { numRuns: 5 },
    );
  });
});
