import seedrandom from 'seedrandom';
import type { Topology, WorkloadKind } from '../config.js';
import { hashString } from '../noise.js';

/** 3390 geometry: cylinders per model; 15 tracks per cylinder, 56,664 bytes per track. */
export const CYLINDERS: Readonly<Record<string, number>> = { '3390-3': 3339, '3390-9': 10017, '3390-27': 32760, '3390-54': 65520, '3390-A': 262668 };
const BYTES_PER_CYL = 15 * 56_664;
const MIB = 1_048_576;
const GIB = 1_073_741_824;

const LPAR_DEFAULTS: Record<WorkloadKind, { peakBusy: number; ziipElig: number; ioPerCp: number; memBase: number; memSwing: number; virtMult: number }> = {
  online: { peakBusy: 80, ziipElig: 18, ioPerCp: 600, memBase: 0.56, memSwing: 0.24, virtMult: 4 },
  batch: { peakBusy: 92, ziipElig: 10, ioPerCp: 900, memBase: 0.46, memSwing: 0.36, virtMult: 6 },
  mixed: { peakBusy: 60, ziipElig: 15, ioPerCp: 450, memBase: 0.5, memSwing: 0.25, virtMult: 5 },
};

const SUBSYSTEM_IO: Record<string, number> = { CICS: 0.6, IMS: 0.8, DB2: 1, MQ: 0.5, BATCH: 1.5, TSO: 0.7, STC: 0.4 };

export interface CLpar {
  i: number;
  name: string;
  workload: WorkloadKind;
  peakHours: [number, number][];
  gp: number;
  ziip: number;
  memBytes: number;
  peakBusy: number;
  ziipElig: number;
  javaShare: number;
  ioPerCp: number;
  memBase: number;
  memSwing: number;
  virtMult: number;
  csaBase: number;
  key: number;
  chpids: string[];
  /** host-port index of each channel path */
  chpidPort: number[];
  osa: string[];
  hipersockets: string[];
  /** service classes running here: index into serviceClasses and base weight */
  classes: { sc: number; weight: number }[];
}

export interface CServiceClass {
  i: number;
  name: string;
  workload: string;
  importance: number;
  goalKind: 'responseTime' | 'velocity';
  goalValue: number;
  subsystem: string;
  cpuPerTxn: number;
  ioSensitivity: number;
  /** response time / goal under no contention (seeded, 0.4–0.75) */
  rtBase: number;
  key: number;
}

export interface CVolume {
  i: number;
  volser: string;
  type: string;
  group: number;
  model: string;
  ldev: string;
  devnum: string;
  clpr: number;
  mpb: number;
  transferKb: number;
  readFrac: number;
  hitBase: number;
  aliases: number;
  weight: number;
  capacityBytes: number;
  usedBase: number;
  usedSwing: number;
  /** scratch volumes (WORK, TEMP) fill up during the batch window */
  scratch: boolean;
  key: number;
}

export interface CTopology {
  sysplex: string;
  cpc: Topology['cpc'] & { msuPerCp: number };
  lpars: CLpar[];
  serviceClasses: CServiceClass[];
  cfs: { i: number; name: string; processors: number; linksPerLpar: number; requestsPerBusyCp: number; key: number; links: string[] }[];
  array: Topology['storageArray'] & { mpbNames: string[]; portNames: string[]; portCapMBps: number };
  clprs: { i: number; name: string; cacheGb: number; destageMBps: number; key: number }[];
  volumes: CVolume[];
  groups: { type: string; volumes: number[]; affinity: Record<WorkloadKind, number> }[];
  deviceTypes: string[];
  chanCapMBps: number;
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

/** Hitachi-style host port names: CL1-A, CL2-A, …, CL8-A, CL1-B, … */
function portName(i: number): string {
  return `CL${(i % 8) + 1}-${String.fromCharCode(65 + Math.floor(i / 8))}`;
}

/**
 * Expands a validated topology into entities with stable ids and seeded static parameters.
 * Every parameter is drawn from a generator seeded by (seed, entity id), so it does not depend on
 * the order or number of other entities.
 */
export function compileTopology(topo: Topology, seed: string): CTopology {
  const rng = (id: string) => seedrandom(`${seed}/${id}`);
  const key = (id: string) => hashString(`${seed}/${id}`);
  const portCount = topo.storageArray.hostPorts;
  const paths = topo.channels.pathsPerLpar;
  const firstChpid = parseInt(topo.channels.firstChpid, 16);

  const serviceClasses: CServiceClass[] = topo.serviceClasses.map((sc, i) => {
    const r = rng(`sc:${sc.name}`);
    return {
      i,
      name: sc.name,
      workload: sc.workload,
      importance: sc.importance,
      goalKind: sc.goal.kind,
      goalValue: sc.goal.kind === 'velocity' ? sc.goal.percent : sc.goal.seconds,
      subsystem: sc.subsystem,
      cpuPerTxn: sc.cpuPerTransactionMs / 1000,
      ioSensitivity: SUBSYSTEM_IO[sc.subsystem] ?? 0.5,
      rtBase: 0.4 + 0.35 * r(),
      key: key(`sc:${sc.name}`),
    };
  });

  const lpars: CLpar[] = topo.lpars.map((l, i) => {
    const d = LPAR_DEFAULTS[l.workload];
    const r = rng(`lpar:${l.name}`);
    const chpids = Array.from({ length: paths }, (_, c) => hex(firstChpid + c, 2));
    return {
      i,
      name: l.name,
      workload: l.workload,
      peakHours: l.peakHours.map(([a, b]) => [a, b] as [number, number]),
      gp: l.gp,
      ziip: l.ziip,
      memBytes: l.memoryGb * GIB,
      peakBusy: (l.peakBusyPercent ?? d.peakBusy) / 100,
      ziipElig: (l.ziipEligiblePercent ?? d.ziipElig) / 100,
      javaShare: 0.3 + 0.2 * r(),
      ioPerCp: l.ioPerCpSecond ?? d.ioPerCp,
      memBase: d.memBase + 0.06 * (r() - 0.5),
      memSwing: d.memSwing,
      virtMult: d.virtMult * (0.9 + 0.2 * r()),
      csaBase: (250 + 400 * r()) * MIB,
      key: key(`lpar:${l.name}`),
      chpids,
      chpidPort: chpids.map((_, c) => (i * paths + c) % portCount),
      osa: Array.from({ length: topo.network.osaPerLpar }, (_, k) => `OSA${hex(0xe0 + k, 2)}`),
      hipersockets: Array.from({ length: topo.network.hipersocketsPerLpar }, (_, k) => `HS${hex(0xf0 + k, 2)}`),
      classes: topo.serviceClasses.flatMap((sc, s) => (sc.systems[l.name] ? [{ sc: s, weight: sc.systems[l.name]! }] : [])),
    };
  });

  const clprIndex = new Map(topo.storageArray.clprs.map((c, i) => [c.name, i]));
  const volumes: CVolume[] = [];
  const groups: CTopology['groups'] = [];
  topo.volumeGroups.forEach((g, gi) => {
    const digits = 6 - g.prefix.length;
    const members: number[] = [];
    for (let n = 1; n <= g.count; n++) {
      const volser = `${g.prefix}${String(n).padStart(digits, '0')}`;
      const r = rng(`vol:${volser}`);
      const idx = volumes.length;
      // log-normal activity weight: a few hot volumes, many quiet ones
      const u1 = r() || 1e-9;
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r());
      const scratch = g.type === 'WORK' || g.type === 'TEMP';
      volumes.push({
        i: idx,
        volser,
        type: g.type,
        group: gi,
        model: g.model,
        ldev: `${hex(idx >> 8, 2)}:${hex(idx & 0xff, 2)}`,
        devnum: hex(0x8000 + idx, 4),
        clpr: clprIndex.get(g.clpr)!,
        mpb: idx % topo.storageArray.mpBlades,
        transferKb: g.transferKb * (0.8 + 0.4 * r()),
        readFrac: Math.min(0.99, Math.max(0.01, g.readPercent / 100 + 0.08 * (r() - 0.5))),
        hitBase: Math.min(0.999, Math.max(0.2, g.readHitPercent / 100 + 0.04 * (r() - 0.5))),
        aliases: g.aliases,
        weight: Math.exp(1.25 * z),
        capacityBytes: CYLINDERS[g.model]! * BYTES_PER_CYL,
        usedBase: scratch ? 0.2 + 0.2 * r() : 0.55 + 0.3 * r(),
        usedSwing: scratch ? 0.25 + 0.2 * r() : 0.02,
        scratch,
        key: key(`vol:${volser}`),
      });
      members.push(idx);
    }
    groups.push({ type: g.type, volumes: members, affinity: { ...g.affinity } });
  });
  // normalise affinities per workload kind over the groups
  for (const kind of ['online', 'batch', 'mixed'] as const) {
    const sum = groups.reduce((s, g) => s + g.affinity[kind], 0);
    for (const g of groups) g.affinity[kind] = sum > 0 ? g.affinity[kind] / sum : 1 / groups.length;
  }

  const array = topo.storageArray;
  return {
    sysplex: topo.sysplex,
    cpc: { ...topo.cpc, msuPerCp: topo.cpc.capacityMsu / topo.cpc.gp },
    lpars,
    serviceClasses,
    cfs: topo.couplingFacilities.map((cf, i) => ({
      i,
      name: cf.name,
      processors: cf.processors,
      linksPerLpar: cf.linksPerLpar,
      requestsPerBusyCp: cf.requestsPerBusyCp,
      key: key(`cf:${cf.name}`),
      links: Array.from({ length: cf.linksPerLpar }, (_, k) => `${cf.name}.${k + 1}`),
    })),
    array: {
      ...array,
      mpbNames: Array.from({ length: array.mpBlades }, (_, b) => `MPB${b}`),
      portNames: Array.from({ length: portCount }, (_, p) => portName(p)),
      portCapMBps: array.portSpeedGbps * 100,
    },
    clprs: array.clprs.map((c, i) => ({ i, name: c.name, cacheGb: c.cacheGb, destageMBps: c.destageMBps, key: key(`clpr:${c.name}`) })),
    volumes,
    groups,
    deviceTypes: [...new Set(volumes.map((v) => v.model))],
    chanCapMBps: topo.channels.speedGbps * 100,
  };
}
