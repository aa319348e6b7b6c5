import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator, defaultTopology, seriesKey, type TopologyInput } from '@rmf-sim/core';
import { createMysqlStore } from '@rmf-sim/storage-mysql';
import { expect } from 'vitest';

/** A small sysplex (one LPAR, two classes, four volumes: about 200 series) so that a simulated day is quick to store. */
export function smallTopology(sysplex = 'PLEXBF'): TopologyInput {
  const t = structuredClone(defaultTopology) as TopologyInput & Record<string, unknown>;
  const lpar = { ...t.lpars[0]! };
  delete lpar.capacityGroup;
  return {
    ...t,
    sysplex,
    cpc: { ...t.cpc, capacityGroups: [] },
    lpars: [lpar],
    serviceClasses: t.serviceClasses!.filter((s) => s.systems.PROD01).slice(0, 2).map((s) => ({ ...s, systems: { PROD01: 1 } })),
    volumeGroups: t.volumeGroups.slice(0, 2).map((g) => ({ ...g, count: 2 })),
    couplingFacilities: [],
  };
}

/** A temporary directory with the small topology as `small.json`. */
export function workDir(sysplex?: string): { dir: string; topology: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rmf-backfill-'));
  const topology = join(dir, 'small.json');
  writeFileSync(topology, JSON.stringify(smallTopology(sysplex), null, 1));
  return { dir, topology };
}

/**
 * Checks that the store at `url` holds exactly the simulator's records of (from, to]: as many as series × intervals,
 * each (series, interval) once, with the simulator's value (every record compared).
 */
export async function expectStoreHolds(url: string, sim: ReturnType<typeof createSimulator>, fromMs: number, toMs: number): Promise<void> {
  const store = createMysqlStore({ connection: url });
  try {
    const records = await store.read({ from: fromMs, to: toMs });
    const intervals = Math.round((toMs - fromMs) / sim.intervalMs);
    expect(records.length).toBe(sim.series.length * intervals);
    const seen = new Map<string, number>();
    for (const r of records) seen.set(r.key, r.value);
    expect(seen.size).toBe(records.length);
    for (let end = fromMs + sim.intervalMs; end <= toMs; end += sim.intervalMs) {
      for (const s of sim.samples(end)) {
        const k = `${seriesKey(s.metric, s.labels)}@${end}`;
        if (seen.get(k) !== s.value) expect(seen.get(k), k).toBe(s.value);
      }
    }
  } finally {
    await store.close();
  }
}
