/**
 * Coupling facilities and their structures, compiled: each CF's hardware (model, CFCC level, dedicated or shared
 * processors, storage, link type, distance, subchannels, path CHPIDs) and each structure's static behaviour by what it
 * serves (the work that drives its requests, its async share, its CF cost and service time, how full it runs, the
 * entries its size holds).
 * @module
 */
import seedrandom from 'seedrandom';
import { CF_DUMP_BYTES, structureSizeMb, structureUseOf, type StructureUse, type Topology } from '../config.js';

const MIB = 1_048_576;
const GIB = 1_073_741_824;

/** The subsystems whose work drives structure requests, in this order (bit `1 << k` of a structure's `drivers`). */
export const CF_SUBSYSTEMS = ['CICS', 'IMS', 'MQ', 'BATCH', 'DB2', 'TSO', 'STC'] as const;
const ALL = (1 << CF_SUBSYSTEMS.length) - 1;
const bits = (...subs: (typeof CF_SUBSYSTEMS)[number][]) => subs.reduce((m, s) => m | (1 << CF_SUBSYSTEMS.indexOf(s)), 0);

/**
 * How each use behaves: the work that drives it, its share of the CF's requests (weight), the % of requests the
 * exploiter issues asynchronously, CF processor time per request (µs), sync service time on an idle ICP link (µs),
 * and how full it runs (base and swing of the utilized storage; a sawtooth for logger structures, which fill to their
 * HIGHOFFLOAD threshold and are offloaded to DASD).
 */
const USE: Readonly<Record<StructureUse, { drivers: number; weight: number; asyncPct: number; costUs: number; syncUs: number; fill: number; swing: number; sawtooth: boolean }>> = {
  xcf: { drivers: ALL, weight: 3, asyncPct: 95, costUs: 6, syncUs: 6, fill: 0.02, swing: 0.02, sawtooth: false },
  grs: { drivers: ALL, weight: 2, asyncPct: 1, costUs: 2.5, syncUs: 3, fill: 0.04, swing: 0.02, sawtooth: false },
  db2Lock: { drivers: bits('CICS', 'IMS', 'DB2', 'BATCH', 'TSO'), weight: 6, asyncPct: 2, costUs: 2.5, syncUs: 3.5, fill: 0.12, swing: 0.05, sawtooth: false },
  db2Gbp: { drivers: bits('CICS', 'IMS', 'DB2', 'BATCH'), weight: 4, asyncPct: 15, costUs: 5, syncUs: 6.5, fill: 0.7, swing: 0.08, sawtooth: false },
  db2Sca: { drivers: bits('DB2', 'BATCH'), weight: 0.2, asyncPct: 10, costUs: 4, syncUs: 7, fill: 0.1, swing: 0.02, sawtooth: false },
  imsLock: { drivers: bits('IMS'), weight: 3, asyncPct: 2, costUs: 2.5, syncUs: 3.5, fill: 0.1, swing: 0.04, sawtooth: false },
  imsCache: { drivers: bits('IMS'), weight: 2, asyncPct: 10, costUs: 4.5, syncUs: 6, fill: 0.6, swing: 0.1, sawtooth: false },
  cics: { drivers: bits('CICS'), weight: 1.5, asyncPct: 5, costUs: 4, syncUs: 6, fill: 0.3, swing: 0.1, sawtooth: false },
  mq: { drivers: bits('MQ'), weight: 1.5, asyncPct: 30, costUs: 5, syncUs: 7, fill: 0.15, swing: 0.15, sawtooth: false },
  logger: { drivers: ALL, weight: 1, asyncPct: 70, costUs: 6, syncUs: 8, fill: 0.2, swing: 0.6, sawtooth: true },
  jes: { drivers: bits('BATCH', 'TSO', 'STC'), weight: 0.5, asyncPct: 5, costUs: 5, syncUs: 9, fill: 0.35, swing: 0.05, sawtooth: false },
  racf: { drivers: bits('TSO', 'BATCH', 'STC'), weight: 0.5, asyncPct: 3, costUs: 3, syncUs: 5, fill: 0.5, swing: 0.05, sawtooth: false },
  other: { drivers: ALL, weight: 0.5, asyncPct: 20, costUs: 4, syncUs: 6, fill: 0.2, swing: 0.1, sawtooth: false },
};

/** Link types: service time they add to a sync request (µs, besides distance) and subchannels per CHPID. */
export const LINK_TYPES: Readonly<Record<'ICP' | 'CS5' | 'CL5' | 'CL6', { addUs: number; subchannels: number }>> = {
  ICP: { addUs: 0, subchannels: 8 },
  CS5: { addUs: 1.5, subchannels: 8 },
  CL5: { addUs: 3, subchannels: 32 },
  CL6: { addUs: 2.5, subchannels: 32 },
};
/** Round-trip signal time per km of fibre, µs. */
export const US_PER_KM = 10;

/** Hardware version (CFOVER's "Version") and CFCC level by machine type. */
const MACHINES: Readonly<Record<string, { version: string; cfLevel: number }>> = {
  '8561': { version: 'T01', cfLevel: 24 },
  '8562': { version: 'T02', cfLevel: 24 },
  '3931': { version: 'A01', cfLevel: 25 },
  '3932': { version: 'A02', cfLevel: 25 },
  '9175': { version: 'ME1', cfLevel: 26 },
};

/** A compiled structure (index `i` over the structures of all CFs, in order). */
export interface CStructure {
  i: number;
  cf: number;
  name: string;
  type: 'lock' | 'cache' | 'list';
  use: StructureUse;
  sizeBytes: number;
  weight: number;
  /** bit mask over {@link CF_SUBSYSTEMS} of the work that drives it */
  drivers: number;
  asyncShare: number;
  costUs: number;
  syncUs: number;
  fill: number;
  swing: number;
  /** period of a logger structure's fill-and-offload cycle, ms (0: no cycle) */
  cycleMs: number;
  /** entries its size holds: list entries and elements (list, lock record data), lock entries, directory entries and data elements (cache) */
  listEntries: number;
  listElements: number;
  lockEntries: number;
  dirEntries: number;
  dataElements: number;
  /** element size, bytes */
  elementBytes: number;
  /** its share of the CF's storage (size / CF storage) */
  storageShare: number;
  /** its CFRM policy: MINSIZE and SIZE (bytes; INITSIZE is `sizeBytes`), REBUILDPERCENT, PREFLIST (CF names) */
  policy: StructurePolicy;
  key: number;
}

/** A structure's CFRM policy entry (INITSIZE is the structure's size). */
export interface StructurePolicy {
  /** MINSIZE: the smallest size the system may alter it to, bytes (≤ INITSIZE) */
  minSizeBytes: number;
  /** SIZE: the largest size it may be altered to, bytes (≥ INITSIZE) */
  maxSizeBytes: number;
  /** REBUILDPERCENT (1–100; CFRM's default 1) */
  rebuildPercent: number;
  /** PREFLIST: the CFs it may be allocated in, in order of preference (its own CF first) */
  preferenceList: string[];
}

/**
 * The CFRM policy of a structure: MINSIZE 75–95 % of INITSIZE (75 % is CFRM's default with ALLOWAUTOALT; IBM's sample
 * APPC_STR1 has 19 of 20 MiB), SIZE 1.5 or 2 × INITSIZE (the sample: 30 of 20 MiB), both whole MiB; REBUILDPERCENT 1
 * (the default, as in the sample); the preference list is its CF, then the sysplex's other CFs in order.
 */
export function structurePolicy(sizeBytes: number, cf: string, cfNames: readonly string[], r: () => number): StructurePolicy {
  const mib = sizeBytes / MIB;
  return {
    minSizeBytes: Math.max(1, Math.floor(mib * (0.75 + 0.2 * r()))) * MIB,
    maxSizeBytes: Math.ceil(mib * (r() < 0.7 ? 1.5 : 2)) * MIB,
    rebuildPercent: 1,
    preferenceList: [cf, ...cfNames.filter((n) => n !== cf)],
  };
}

/**
 * The most connectors a structure allows (XES' limit, CFACT's "maximum number of users"): 32 for list and cache
 * structures (IBM's sample APPC_STR1: 32); an IRLM lock structure's lock entries are as wide as IRLM's MAXUSRS needs:
 * 2 bytes for up to 7 members, 4 for 23, 8 for 32 (IRLM's default is 7; a sysplex with more systems needs more).
 */
export function maxConnectors(use: StructureUse, systems: number): number {
  if (use === 'db2Lock' || use === 'imsLock') return systems <= 7 ? 7 : systems <= 23 ? 23 : 32;
  return 32;
}

/**
 * Whether a system connects to a structure: it runs work of a subsystem that drives it (a bit of `drivers` is set in
 * its `subsystems` mask over {@link CF_SUBSYSTEMS}); XCF, GRS, logger and other structures drive from all work, so
 * every system connects. Static: a connection exists whether or not it sends requests in an interval.
 */
export function connects(drivers: number, subsystems: number): boolean {
  return (drivers & subsystems) !== 0;
}

/** A compiled coupling facility. */
export interface CCf {
  i: number;
  name: string;
  processors: number;
  dedicated: boolean;
  weight: number;
  model: string;
  version: string;
  cfLevel: number;
  storageBytes: number;
  /** bytes the structures and the dump space take */
  allocatedBytes: number;
  linksPerLpar: number;
  linkType: 'ICP' | 'CS5' | 'CL5' | 'CL6';
  distanceKm: number;
  /** subchannels per link (CHPID) */
  subchannels: number;
  requestsPerBusyCp: number;
  key: number;
  /** link ids (`CF01.1` …) and their CHPIDs (hex) */
  links: string[];
  paths: string[];
  /** its structures: `structures[first]` … `structures[first + count - 1]` */
  first: number;
  count: number;
}

/** The largest power of two at or below n (0 below 1), by doubling: exact on every Node.js version. */
function pow2Floor(n: number): number {
  if (n < 1) return 0;
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

/** Entries and elements a structure of a type and size holds (CFACT's totals). */
export interface StructureGeometry {
  /** list entries (list structures; the record data of a lock structure) */
  listEntries: number;
  /** data elements (list, cache) */
  elements: number;
  /** lock table entries (lock) */
  lockEntries: number;
  /** directory entries (cache) */
  dirEntries: number;
  /** bytes per data element */
  elementBytes: number;
}

/**
 * The entries and elements a structure's size holds: a lock structure is half lock table (8-byte entries, a power of
 * two) and half record data (512 bytes an entry); a list structure has an entry (with its controls) per KiB and two
 * 256-byte elements per entry; a cache has a directory entry per 200 bytes and a 4 KiB data element per five
 * directory entries.
 *
 * @example
 * ```ts
 * structureGeometry({ type: 'lock', sizeBytes: 32 * 2 ** 20 }).lockEntries; // 2097152
 * ```
 */
export function structureGeometry(s: { type: 'lock' | 'cache' | 'list'; sizeBytes: number }): StructureGeometry {
  const b = s.sizeBytes;
  const listEntries = s.type === 'lock' ? Math.floor(b / 2 / 512) : s.type === 'list' ? Math.floor(b / 1024) : 0;
  const dirEntries = s.type === 'cache' ? Math.floor(b / (200 + 4096 / 5)) : 0;
  return {
    listEntries,
    elements: s.type === 'list' ? 2 * listEntries : s.type === 'cache' ? Math.floor(dirEntries / 5) : 0,
    lockEntries: s.type === 'lock' ? pow2Floor(b / 2 / 8) : 0,
    dirEntries,
    elementBytes: s.type === 'cache' ? 4096 : 256,
  };
}

/** Compiles the CFs and their structures of a topology; `key` hashes an entity id with the seed. */
export function compileCfs(topo: Topology, seed: string, key: (id: string) => number): { cfs: CCf[]; structures: CStructure[] } {
  const structures: CStructure[] = [];
  let chpid = 0xf0;
  const cfs = topo.couplingFacilities.map((cf, x): CCf => {
    const machine = cf.model ?? topo.cpc.model;
    const hw = MACHINES[machine] ?? { version: 'N/A', cfLevel: 22 };
    const storageBytes = cf.storageGb * GIB;
    const first = structures.length;
    let allocated = CF_DUMP_BYTES;
    for (const s of cf.structures) {
      const use = structureUseOf(s.type, s.use);
      const d = USE[use];
      const r = seedrandom(`${seed}/cfs:${cf.name}/${s.name}`);
      const sizeBytes = structureSizeMb(s.type, s.use, s.sizeMb) * MIB;
      allocated += sizeBytes;
      const g = structureGeometry({ type: s.type, sizeBytes });
      // the policy draws from its own stream, so the behaviour's draws above stay as they were
      const policy = structurePolicy(sizeBytes, cf.name, topo.couplingFacilities.map((c) => c.name), seedrandom(`${seed}/cfrm:${cf.name}/${s.name}`));
      structures.push({
        i: structures.length,
        cf: x,
        name: s.name,
        type: s.type,
        use,
        sizeBytes,
        weight: s.weight ?? d.weight,
        drivers: d.drivers,
        asyncShare: (s.asyncPercent ?? d.asyncPct) / 100,
        costUs: d.costUs * (0.9 + 0.2 * r()),
        syncUs: d.syncUs * (0.9 + 0.2 * r()),
        fill: d.fill * (0.8 + 0.4 * r()),
        swing: d.swing,
        cycleMs: d.sawtooth ? (20 + 40 * r()) * 60_000 : 0,
        listEntries: g.listEntries,
        listElements: s.type === 'list' ? g.elements : 0,
        lockEntries: g.lockEntries,
        dirEntries: g.dirEntries,
        dataElements: s.type === 'cache' ? g.elements : 0,
        elementBytes: g.elementBytes,
        storageShare: sizeBytes / storageBytes,
        policy,
        key: key(`cfs:${cf.name}/${s.name}`),
      });
    }
    const paths = Array.from({ length: cf.linksPerLpar }, (_, k) => ((chpid + k) & 0xff).toString(16).toUpperCase().padStart(2, '0'));
    chpid += cf.linksPerLpar;
    return {
      i: x,
      name: cf.name,
      processors: cf.processors,
      dedicated: cf.dedicated,
      weight: cf.dedicated ? 0 : (cf.weight ?? 10 * cf.processors),
      model: machine,
      version: hw.version,
      cfLevel: cf.cfLevel ?? hw.cfLevel,
      storageBytes,
      allocatedBytes: allocated,
      linksPerLpar: cf.linksPerLpar,
      linkType: cf.linkType,
      distanceKm: cf.distanceKm,
      subchannels: LINK_TYPES[cf.linkType].subchannels,
      requestsPerBusyCp: cf.requestsPerBusyCp,
      key: key(`cf:${cf.name}`),
      links: Array.from({ length: cf.linksPerLpar }, (_, k) => `${cf.name}.${k + 1}`),
      paths,
      first,
      count: cf.structures.length,
    };
  });
  return { cfs, structures };
}
