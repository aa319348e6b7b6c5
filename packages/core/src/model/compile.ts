import seedrandom from 'seedrandom';
import { lcuCount, rmfDeviceType, roleOfType, ssidStepOf, type Topology, type VolumeRole, type WorkloadKind } from '../config.js';
import { hashString } from '../noise.js';
import { partitions, type Polarisation } from '../prsm.js';
import { reportClassOf, serviceUnitsPerCpuSecond } from '../wlm.js';
import { compileCfs, type CCf, type CStructure } from './cfs.js';
import { compilePopulation, type CPopulation } from './population.js';

/** 3390 geometry: cylinders per model; 15 tracks per cylinder, 56,664 bytes per track. */
export const CYLINDERS: Readonly<Record<string, number>> = { '3390-3': 3339, '3390-9': 10017, '3390-27': 32760, '3390-54': 65520, '3390-A': 262668 };
const BYTES_PER_CYL = 15 * 56_664;
const MIB = 1_048_576;
const GIB = 1_073_741_824;

const LPAR_DEFAULTS: Record<WorkloadKind, { peakBusy: number; ziipElig: number; ioPerCp: number; memBase: number; memSwing: number; virtMult: number }> = {
  online: { peakBusy: 80, ziipElig: 18, ioPerCp: 420, memBase: 0.56, memSwing: 0.24, virtMult: 4 },
  batch: { peakBusy: 92, ziipElig: 10, ioPerCp: 650, memBase: 0.46, memSwing: 0.36, virtMult: 6 },
  mixed: { peakBusy: 60, ziipElig: 15, ioPerCp: 320, memBase: 0.5, memSwing: 0.25, virtMult: 5 },
};

const SUBSYSTEM_IO: Record<string, number> = { CICS: 0.6, IMS: 0.8, DB2: 1, MQ: 0.5, BATCH: 1.5, TSO: 0.7, STC: 0.4 };
/** Share of a transaction's (or job step's) elapsed time spent waiting for I/O when the I/O is fast. */
const SUBSYSTEM_IO_BOUND: Record<string, number> = { CICS: 0.25, IMS: 0.3, DB2: 0.35, MQ: 0.2, BATCH: 0.5, TSO: 0.3, STC: 0.1 };

/**
 * How volumes of each role behave: transfer size, read share and read hits; the I/O affinity of each workload kind;
 * the static skew of activity between volumes (log-normal σ); how fast and how far a volume's activity churns with
 * the job mix (σ over a period); the chance that a volume is idle for a two-hour block.
 */
export const ROLE_DEFAULTS: Readonly<Record<VolumeRole, { transferKb: number; readPercent: number; readHitPercent: number; sequentialPercent: number; affinity: Record<WorkloadKind, number>; skew: number; churn: number; churnMinutes: number; idle: number }>> = {
  sysres: { transferKb: 8, readPercent: 97, readHitPercent: 99.5, sequentialPercent: 2, affinity: { online: 0.015, batch: 0.01, mixed: 0.02 }, skew: 0.3, churn: 0.2, churnMinutes: 360, idle: 0 },
  page: { transferKb: 4, readPercent: 50, readHitPercent: 20, sequentialPercent: 10, affinity: { online: 0, batch: 0, mixed: 0 }, skew: 0.15, churn: 0.1, churnMinutes: 60, idle: 0 },
  spool: { transferKb: 24, readPercent: 35, readHitPercent: 85, sequentialPercent: 40, affinity: { online: 0.015, batch: 0.05, mixed: 0.03 }, skew: 0.3, churn: 0.5, churnMinutes: 120, idle: 0 },
  catalog: { transferKb: 4, readPercent: 92, readHitPercent: 98, sequentialPercent: 2, affinity: { online: 0.04, batch: 0.03, mixed: 0.04 }, skew: 0.5, churn: 0.3, churnMinutes: 240, idle: 0 },
  db2log: { transferKb: 32, readPercent: 5, readHitPercent: 90, sequentialPercent: 85, affinity: { online: 0.05, batch: 0.04, mixed: 0.03 }, skew: 0.1, churn: 0.15, churnMinutes: 30, idle: 0 },
  db2data: { transferKb: 8, readPercent: 75, readHitPercent: 93, sequentialPercent: 15, affinity: { online: 0.34, batch: 0.17, mixed: 0.24 }, skew: 0.8, churn: 0.8, churnMinutes: 150, idle: 0.03 },
  user: { transferKb: 6, readPercent: 78, readHitPercent: 95, sequentialPercent: 5, affinity: { online: 0.36, batch: 0.13, mixed: 0.3 }, skew: 1.2, churn: 0.7, churnMinutes: 240, idle: 0.2 },
  work: { transferKb: 27, readPercent: 55, readHitPercent: 88, sequentialPercent: 60, affinity: { online: 0.1, batch: 0.33, mixed: 0.19 }, skew: 0.25, churn: 0.8, churnMinutes: 90, idle: 0.08 },
  temp: { transferKb: 48, readPercent: 45, readHitPercent: 84, sequentialPercent: 70, affinity: { online: 0.06, batch: 0.24, mixed: 0.14 }, skew: 0.25, churn: 0.8, churnMinutes: 60, idle: 0.08 },
};

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
  /** index in `CTopology.chpids` of each of its channel paths (shared CHPIDs: the same for every LPAR) */
  chpidIndex: number[];
  /** host-port index of each channel path */
  chpidPort: number[];
  osa: string[];
  hipersockets: string[];
  /**
   * The service class periods running here (the `serviceClass` scope's members of this LPAR, in order): the class,
   * the period and its share of the class's work on this LPAR (`weight`).
   */
  classes: CPeriod[];
  // ---- PR/SM ----
  /** PR/SM weights of its shared GPs and zIIPs (0 for dedicated GPs) */
  weight: number;
  ziipWeight: number;
  dedicated: boolean;
  /** defined capacity (soft cap) in MSU/h, 0 without */
  definedCapacityMsu: number;
  /** absolute capping in processors, 0 without */
  absoluteCapping: number;
  /** capacity group index, -1 without */
  group: number;
  /** user partition id (LPAR number) */
  partitionId: number;
  /** its share of the shared GP pool at its weight, CPs (dedicated: its GPs) */
  entitled: number;
  /** the report classes (indices into `reportClasses`) of its periods, in report-class order: its `reportClass` members */
  reports: number[];
  /** for each of its periods, the position of its report class in `reports` (-1 without one) */
  periodReport: number[];
  /** its share of the zIIP pool at its zIIP weight, zIIP cores */
  entitledZiip: number;
  /** HiperDispatch's vertical polarisation of its GPs and zIIPs (see `polarise`) */
  vertical: { gp: Polarisation; ziip: Polarisation };
}

/** One period of a service class on one LPAR: a member of the `serviceClass` scope. */
export interface CPeriod {
  /** index of the class in `serviceClasses` */
  sc: number;
  /** period index (0-based; the label is 1-based) */
  p: number;
  /** the class's weight on the LPAR times the period's share of the class's work */
  weight: number;
  /** dispatch order: 0 system work, 1–5 the importance, 6 discretionary */
  level: number;
  goalKind: 'responseTime' | 'velocity' | 'system' | 'discretionary';
  /** goal seconds or velocity %, 0 for system and discretionary */
  goalValue: number;
  /** % of transactions that must meet a response-time goal (percentile goal), 0 for an average goal */
  percentile: number;
  /** CPU seconds per ended transaction of this period */
  cpuPerTxn: number;
  /** response time / goal under no contention (seeded, 0.4–0.75) */
  rtBase: number;
  key: number;
}

export interface CServiceClass {
  i: number;
  name: string;
  workload: string;
  subsystem: string;
  /** CPU seconds per transaction of the class (its first period's) */
  cpuPerTxn: number;
  ioSensitivity: number;
  /** share of elapsed time waiting for I/O at nominal response times */
  ioBound: number;
  /** its periods: level, goal, share of the class's work, CPU per ended transaction */
  periods: Omit<CPeriod, 'sc' | 'p' | 'weight'>[];
  /** share of the class's work done in each period */
  periodShare: number[];
  /** report class index, -1 without */
  reportClass: number;
  /** WLM resource group index (in `CTopology.resourceGroups`), -1 without */
  resourceGroup: number;
  key: number;
}

/** Share of a class's work done in each of its periods, by number of periods (later periods: the long transactions). */
const PERIOD_SHARE: Readonly<Record<number, readonly number[]>> = { 1: [1], 2: [0.3, 0.7], 3: [0.35, 0.25, 0.4] };
/** CPU per ended transaction of each period relative to the first (work that ends in a later period is longer). */
const PERIOD_CPU_FACTOR = [1, 8, 60, 400, 2000, 8000, 30000, 100000];

export interface CVolume {
  i: number;
  volser: string;
  type: string;
  group: number;
  model: string;
  ldev: string;
  devnum: string;
  /** LCU index (the `lcu` scope's member) */
  lcu: number;
  /** RMF device type (`33909`), SMS storage group, PAV kind */
  deviceType: string;
  storageGroup: string;
  pav: 'hyper' | 'static';
  /** share of its I/Os that are sequential */
  seqFrac: number;
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
  role: VolumeRole;
  /** how far (log σ) and over what period (ms) the volume's activity churns; chance of an idle two-hour block */
  churn: number;
  churnMs: number;
  idle: number;
  /** position within its group (DB2 logs: which pair it belongs to); the LPAR owning a page volume (-1: shared) */
  member: number;
  owner: number;
  key: number;
}

export interface CTopology {
  sysplex: string;
  cpc: Topology['cpc'] & { msuPerCp: number };
  capacityGroups: Topology['cpc']['capacityGroups'];
  /** report class names: the declared ones in order, then those only a class's own `reportClass` names */
  reportClasses: string[];
  /** WLM resource groups: the maximum in CPs (GP CPU seconds per second; Infinity without one), and whether their zIIP time counts */
  resourceGroups: { name: string; maxCp: number; specialty: boolean }[];
  lpars: CLpar[];
  serviceClasses: CServiceClass[];
  cfs: CCf[];
  /** the structures of every CF, CF by CF */
  structures: CStructure[];
  array: Topology['storageArray'] & { mpbNames: string[]; portNames: string[]; portCapMBps: number };
  clprs: { i: number; name: string; cacheGb: number; destageMBps: number; key: number }[];
  volumes: CVolume[];
  groups: { type: string; role: VolumeRole; volumes: number[]; affinity: Record<WorkloadKind, number>; clpr: number; readFrac: number; transferKb: number }[];
  deviceTypes: string[];
  chanCapMBps: number;
  /** every physical CHPID of the CPC, and the LPARs that share each (by index) */
  chpids: { id: string; lpars: number[] }[];
  channels: Topology['channels'];
  /** logical control units: SSID, LCU number, CU id (its first device number), first volume and count */
  lcus: { i: number; ssid: string; lcuNumber: string; cuId: string; first: number; count: number; key: number }[];
  controlUnits: Topology['storageArray']['controlUnits'] & { nvsBytes: number; cacheBytes: number };
  /** the address spaces of each system (model/population.ts), by LPAR index */
  populations: CPopulation[];
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

  const reportOf = reportClassOf(topo);
  // the declared report classes in order, then those only a class's own reportClass names
  const reportClasses = [...new Set([...topo.reportClasses.map((r) => r.name), ...reportOf.filter((r) => r !== '')])];
  const serviceClasses: CServiceClass[] = topo.serviceClasses.map((sc, i) => {
    const r = rng(`sc:${sc.name}`);
    const defs = sc.periods ?? [{ importance: sc.importance, goal: sc.goal }];
    const n = defs.length;
    const share = PERIOD_SHARE[n] ?? Array.from({ length: n }, () => 1 / n);
    const cpuPerTxn = sc.cpuPerTransactionMs / 1000;
    return {
      i,
      name: sc.name,
      workload: sc.workload,
      subsystem: sc.subsystem,
      cpuPerTxn,
      ioSensitivity: SUBSYSTEM_IO[sc.subsystem] ?? 0.5,
      ioBound: SUBSYSTEM_IO_BOUND[sc.subsystem] ?? 0.3,
      periods: defs.map((d, p) => ({
        level: d.goal.kind === 'system' ? 0 : d.goal.kind === 'discretionary' ? 6 : d.importance,
        goalKind: d.goal.kind,
        goalValue: d.goal.kind === 'velocity' ? d.goal.percent : d.goal.kind === 'responseTime' ? d.goal.seconds : 0,
        percentile: d.goal.kind === 'responseTime' ? (d.goal.percentile ?? 0) : 0,
        cpuPerTxn: cpuPerTxn * PERIOD_CPU_FACTOR[p]!,
        rtBase: 0.4 + 0.35 * r(),
        key: key(`sc:${sc.name}/${p + 1}`),
      })),
      periodShare: [...share],
      reportClass: reportOf[i] ? reportClasses.indexOf(reportOf[i]!) : -1,
      resourceGroup: topo.resourceGroups.findIndex((g) => g.serviceClasses.includes(sc.name)),
      key: key(`sc:${sc.name}`),
    };
  });

  const prsm = partitions(topo);
  // shared CHPIDs: every LPAR uses the same ones; unshared: each LPAR its own, one LPAR after the other
  const chpidBase = (i: number) => firstChpid + (topo.channels.shared ? 0 : i * paths);
  const chpidList: CTopology['chpids'] = Array.from({ length: paths * (topo.channels.shared ? 1 : topo.lpars.length) }, (_, c) => ({ id: hex(firstChpid + c, 2), lpars: [] }));
  const lpars: CLpar[] = topo.lpars.map((l, i) => {
    const d = LPAR_DEFAULTS[l.workload];
    const r = rng(`lpar:${l.name}`);
    const chpids = Array.from({ length: paths }, (_, c) => hex(chpidBase(i) + c, 2));
    const chpidIndex = chpids.map((_, c) => chpidBase(i) - firstChpid + c);
    for (const x of chpidIndex) chpidList[x]!.lpars.push(i);
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
      chpidIndex,
      chpidPort: chpids.map((_, c) => (i * paths + c) % portCount),
      osa: Array.from({ length: topo.network.osaPerLpar }, (_, k) => `OSA${hex(0xe0 + k, 2)}`),
      hipersockets: Array.from({ length: topo.network.hipersocketsPerLpar }, (_, k) => `HS${hex(0xf0 + k, 2)}`),
      classes: serviceClasses.flatMap((sc, s) => {
        const w = topo.serviceClasses[s]!.systems[l.name];
        return w ? sc.periods.map((per, p) => ({ sc: s, p, weight: w * sc.periodShare[p]!, ...per })) : [];
      }),
      reports: [],
      periodReport: [],
      weight: prsm[i]!.weight,
      ziipWeight: prsm[i]!.ziipWeight,
      entitled: prsm[i]!.entitledGp,
      entitledZiip: prsm[i]!.entitledZiip,
      vertical: prsm[i]!.vertical,
      dedicated: l.dedicated,
      definedCapacityMsu: l.definedCapacityMsu ?? 0,
      absoluteCapping: l.absoluteCapping ?? 0,
      group: l.capacityGroup === undefined ? -1 : topo.cpc.capacityGroups.findIndex((g) => g.name === l.capacityGroup),
      partitionId: prsm[i]!.partitionId,
    };
  });

  for (const lp of lpars) {
    const rcs = lp.classes.map((m) => serviceClasses[m.sc]!.reportClass);
    lp.reports = [...new Set(rcs.filter((r) => r >= 0))].sort((a, b) => a - b);
    lp.periodReport = rcs.map((r) => (r >= 0 ? lp.reports.indexOf(r) : -1));
  }

  const clprIndex = new Map(topo.storageArray.clprs.map((c, i) => [c.name, i]));
  const cu = topo.storageArray.controlUnits;
  const perLcu = cu.devicesPerLcu;
  const firstDevice = parseInt(cu.firstDevice, 16);
  const volumes: CVolume[] = [];
  const groups: CTopology['groups'] = [];
  topo.volumeGroups.forEach((g, gi) => {
    const digits = 6 - g.prefix.length;
    const role = g.role ?? roleOfType(g.type);
    const d = ROLE_DEFAULTS[role];
    const transferKb = g.transferKb ?? d.transferKb;
    const readPercent = g.readPercent ?? d.readPercent;
    const readHitPercent = g.readHitPercent ?? d.readHitPercent;
    const seqFrac = (g.sequentialPercent ?? d.sequentialPercent) / 100;
    const storageGroup = g.storageGroup ?? `SG${g.type}`.slice(0, 8);
    const members: number[] = [];
    for (let n = 1; n <= g.count; n++) {
      const volser = `${g.prefix}${String(n).padStart(digits, '0')}`;
      const r = rng(`vol:${volser}`);
      const idx = volumes.length;
      // log-normal activity weight: a few hot volumes, many quiet ones (scratch pools are spread evenly)
      const u1 = r() || 1e-9;
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r());
      const scratch = role === 'work' || role === 'temp';
      volumes.push({
        i: idx,
        volser,
        type: g.type,
        group: gi,
        model: g.model,
        ldev: `${hex(idx >> 8, 2)}:${hex(idx & 0xff, 2)}`,
        // LCU by position; each LCU's device numbers start at a multiple of 256 from the first device
        devnum: hex((firstDevice + Math.floor(idx / perLcu) * 256 + (idx % perLcu)) & 0xffff, 4),
        lcu: Math.floor(idx / perLcu),
        deviceType: rmfDeviceType(g.model),
        storageGroup,
        pav: g.pav,
        seqFrac,
        clpr: clprIndex.get(g.clpr)!,
        mpb: idx % topo.storageArray.mpBlades,
        transferKb: transferKb * (0.8 + 0.4 * r()),
        readFrac: Math.min(0.99, Math.max(0.01, readPercent / 100 + 0.08 * (r() - 0.5))),
        hitBase: Math.min(0.999, Math.max(0.05, readHitPercent / 100 + 0.04 * (r() - 0.5))),
        aliases: g.aliases,
        weight: Math.exp(d.skew * z),
        capacityBytes: CYLINDERS[g.model]! * BYTES_PER_CYL,
        usedBase: scratch ? 0.2 + 0.2 * r() : 0.55 + 0.3 * r(),
        usedSwing: scratch ? 0.25 + 0.2 * r() : 0.02,
        scratch,
        role,
        churn: d.churn,
        churnMs: d.churnMinutes * 60_000 * (0.75 + 0.5 * r()),
        idle: d.idle,
        member: n - 1,
        owner: role === 'page' ? (n - 1) % topo.lpars.length : -1,
        key: key(`vol:${volser}`),
      });
      members.push(idx);
    }
    groups.push({ type: g.type, role, volumes: members, affinity: role === 'page' ? { online: 0, batch: 0, mixed: 0 } : { ...(g.affinity ?? d.affinity) }, clpr: clprIndex.get(g.clpr)!, readFrac: readPercent / 100, transferKb });
  });
  // normalise affinities per workload kind over the groups
  for (const kind of ['online', 'batch', 'mixed'] as const) {
    const sum = groups.reduce((s, g) => s + g.affinity[kind], 0);
    for (const g of groups) g.affinity[kind] = sum > 0 ? g.affinity[kind] / sum : 1 / groups.length;
  }

  const array = topo.storageArray;
  const cacheBytes = array.clprs.reduce((n, c) => n + c.cacheGb, 0) * GIB;
  const ssidStep = ssidStepOf(cu, volumes.length);
  const lcus: CTopology['lcus'] = Array.from({ length: lcuCount(perLcu, volumes.length) }, (_, i) => {
    const ssid = hex(parseInt(cu.firstSsid, 16) + i * ssidStep, 4);
    return { i, ssid, lcuNumber: hex(parseInt(cu.firstLcu, 16) + i, 4), cuId: volumes[i * perLcu]!.devnum, first: i * perLcu, count: Math.min(perLcu, volumes.length - i * perLcu), key: key(`lcu:${ssid}`) };
  });
  const compiled: CTopology = {
    sysplex: topo.sysplex,
    cpc: { ...topo.cpc, msuPerCp: topo.cpc.capacityMsu / topo.cpc.gp },
    capacityGroups: topo.cpc.capacityGroups,
    reportClasses,
    resourceGroups: topo.resourceGroups.map((g) => ({ name: g.name, maxCp: g.maxServiceUnits !== undefined ? g.maxServiceUnits / serviceUnitsPerCpuSecond(topo.cpc) : Infinity, specialty: g.includeSpecialtyProcessors })),
    lpars,
    serviceClasses,
    ...compileCfs(topo, seed, key),
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
    chpids: chpidList,
    channels: topo.channels,
    lcus,
    controlUnits: { ...cu, cacheBytes, nvsBytes: cu.nvsGb !== undefined ? cu.nvsGb * GIB : Math.max(1, Math.round(cacheBytes / GIB / 16)) * GIB },
    populations: [],
  };
  compiled.populations = topo.lpars.map((l, i) => compilePopulation(compiled, l, i, seed));
  return compiled;
}
