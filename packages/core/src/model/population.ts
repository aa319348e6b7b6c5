/**
 * The address spaces of each system, compiled once per topology: one slot per ASID — the system tasks (*MASTER*,
 * XCFAS, GRS, SMSPDSE, JES2, RMF, RMFGAT, TCPIP, …), the regions of the subsystems its service classes run (CICS,
 * IMS, DB2, MQ, test started tasks), TSO user slots, batch initiators (a job runs in its initiator's address space)
 * and the long tail of idle started tasks and z/OS UNIX processes. What occupies a TSO slot or an initiator at an
 * instant is a pure function of the instant (`stages/jobs.ts`); the slots themselves never change.
 * @module
 */
import type { Topology } from '../config.js';
import { hashString, hashUnit, mix32 } from '../noise.js';
import type { CTopology } from './compile.js';

/** Kind of an address-space slot. */
export type SlotKind = 'system' | 'subsystem' | 'tso' | 'initiator' | 'idle';

/** How a slot's samples spread over the states WLM samples (see `STATES` in stages/jobs.ts). */
export type StateProfile = 'cpu' | 'io' | 'mixed' | 'quiet' | 'tso' | 'batch';

/** One ASID of one system. */
export interface CSlot {
  /** ASID (1-based, as `asid_dec`) */
  asid: number;
  kind: SlotKind;
  /** job name of a static slot; the user id of a TSO slot; `INIT` for an initiator */
  name: string;
  /** service class index (in `serviceClasses`) its work is classified to */
  sc: number;
  /** the LPAR's class-member index of a static slot (its class's first period); -1 where the period changes */
  member: number;
  /** relative CPU, I/O, working-set, CSA and SQA weights (static, seeded) */
  cpu: number;
  io: number;
  frames: number;
  fixedShare: number;
  csa: number;
  sqa: number;
  /** share of its CPU that is zIIP-eligible, relative to the LPAR's (0: none, 1: average, >1: DB2 DIST and Java) */
  ziip: number;
  /** share of its own CPU time that runs in SRB mode (the rest is TCB time), static and seeded */
  srb: number;
  /** chance it does something in an interval (1: every interval) */
  activeP: number;
  /** share of its working set in Data-in-Virtual frames (mapped VSAM linear data sets): 0 but for DB2 and MQ (see `divShare`) */
  div: number;
  /** shared pages it uses (IARVSERV views, z/OS UNIX fork and shared memory), and the share of them valid in central storage */
  shared: number;
  sharedValid: number;
  /** owns the enclaves of the LPAR's DB2 (DDF) classes: their CPU shows in its EAppl% */
  enclaves: boolean;
  profile: StateProfile;
  /** JES job class of an initiator's jobs (`''` for started tasks and TSO) */
  jobClass: string;
  key: number;
}

/** The address spaces of one system. */
export interface CPopulation {
  slots: CSlot[];
  /** slot indices of the TSO slots and of the initiators, in order */
  tso: number[];
  initiators: number[];
  /** one letter for the system, used in subsystem names (PROD01 → A, PROD02 → B, …) */
  letter: string;
  /** the slot a CPU loop runs in by default, the initiator a runaway job and an ENQ holder run in (-1: none) */
  loopSlot: number;
  runawaySlot: number;
  holderSlot: number;
}

/** Default number of address spaces by workload kind (a real production image has about 750). */
export const DEFAULT_ADDRESS_SPACES: Readonly<Record<'online' | 'batch' | 'mixed', number>> = { online: 750, batch: 600, mixed: 450 };
/** Initiators per unit of batch-class weight, and TSO user slots per unit of TSO-class weight (plus a floor). */
const INITIATORS_PER_WEIGHT = 15;
const TSO_PER_WEIGHT = 60;
const TSO_FLOOR = 12;

/** System tasks every image runs: name, CPU weight, profile, chance of being active in an interval. */
const SYSTEM_TASKS: readonly (readonly [string, number, StateProfile, number])[] = [
  ['*MASTER*', 1.2, 'mixed', 1], ['PCAUTH', 0.01, 'quiet', 0.2], ['RASP', 0.3, 'cpu', 1], ['TRACE', 0.2, 'cpu', 1], ['DUMPSRV', 0.01, 'quiet', 0.2],
  ['XCFAS', 1.5, 'cpu', 1], ['GRS', 0.8, 'cpu', 1], ['SMSPDSE', 0.5, 'io', 1], ['SMSPDSE1', 0.3, 'io', 1], ['CONSOLE', 0.2, 'quiet', 1],
  ['WLM', 0.6, 'cpu', 1], ['ANTMAIN', 0.05, 'quiet', 0.5], ['ANTAS000', 0.05, 'quiet', 0.5], ['DEVMAN', 0.02, 'quiet', 0.4], ['OMVS', 0.4, 'mixed', 1],
  ['IEFSCHAS', 0.02, 'quiet', 0.5], ['JESXCF', 0.3, 'cpu', 1], ['ALLOCAS', 0.1, 'quiet', 0.8], ['IOSAS', 0.3, 'io', 1], ['AXR', 0.02, 'quiet', 0.3],
  ['SMF', 0.3, 'io', 1], ['HZSPROC', 0.1, 'quiet', 0.6], ['CATALOG', 0.9, 'io', 1], ['LLA', 0.2, 'io', 1], ['VLF', 0.1, 'quiet', 1],
  ['JES2', 1.4, 'mixed', 1], ['JES2MON', 0.1, 'cpu', 1], ['JES2AUX', 0.05, 'quiet', 0.6], ['RMF', 0.5, 'cpu', 1], ['RMFGAT', 0.8, 'cpu', 1],
  ['TCPIP', 1.6, 'mixed', 1], ['RESOLVER', 0.1, 'quiet', 0.8], ['VTAM', 0.9, 'mixed', 1], ['TSO', 0.05, 'quiet', 0.5], ['RACF', 0.3, 'cpu', 1],
  ['HSM', 0.5, 'io', 1], ['DFRMM', 0.1, 'io', 0.6], ['CEA', 0.05, 'quiet', 0.5], ['ZFS', 0.4, 'io', 1], ['BPXOINIT', 0.02, 'quiet', 0.3],
  ['TN3270', 0.2, 'mixed', 1], ['FTPD', 0.05, 'quiet', 0.4], ['SSHD', 0.05, 'quiet', 0.4], ['SYSLOGD', 0.05, 'quiet', 0.6], ['NETVIEW', 0.4, 'cpu', 1],
  ['SDSF', 0.1, 'quiet', 0.6], ['OAM', 0.05, 'io', 0.5], ['IZUSVR1', 0.3, 'cpu', 0.8], ['RMFDDS', 0.3, 'cpu', 1],
];
/** The subsystem regions of a class, by subsystem: name patterns (`#` the system letter, `nn` a number), weights. */
const REGIONS: Readonly<Record<string, { names: (letter: string, count: number) => string[]; perWeight: number; cpu: number; frames: number; ziip: number; profile: StateProfile }>> = {
  CICS: { names: (x, n) => [`CICS${x}T01`, ...Array.from({ length: n - 1 }, (_, i) => `CICS${x}A${String(i + 1).padStart(2, '0')}`)], perWeight: 2, cpu: 6, frames: 60_000, ziip: 0.6, profile: 'cpu' },
  IMS: { names: (x, n) => [`IMS${x}CTL`, `IMS${x}DLI`, `IMS${x}DBRC`, ...Array.from({ length: n - 3 }, (_, i) => `IMS${x}MP${String(i + 1).padStart(2, '0')}`)], perWeight: 2.5, cpu: 4, frames: 40_000, ziip: 0.3, profile: 'mixed' },
  MQ: { names: (x) => [`MQ${x}1MSTR`, `MQ${x}1CHIN`], perWeight: 0, cpu: 3, frames: 30_000, ziip: 0.5, profile: 'cpu' },
  STC: { names: (x, n) => Array.from({ length: n }, (_, i) => `TST${x}S${String(i + 1).padStart(2, '0')}`), perWeight: 4, cpu: 2, frames: 15_000, ziip: 1, profile: 'mixed' },
};
/**
 * Typical share of an address space's own CPU time in SRB mode, by kind (an address space draws 0.5–1.5 times it).
 * Most work runs under TCBs: the real SYSINFO shows 1 % SRB for *SYSTEM and 4 % for *STC; the lock manager and the
 * DB2 system services run more of theirs as SRBs.
 */
const SRB_SHARE: Readonly<Record<SlotKind, number>> = { system: 0.03, subsystem: 0.03, tso: 0.005, initiator: 0.01, idle: 0.01 };
/** DB2's address spaces (in the system class; DIST owns the DDF enclaves). */
const DB2 = (x: string) => [
  { name: `DB${x}1MSTR`, cpu: 1.5, frames: 40_000, profile: 'io' as const, enclaves: false, ziip: 0.5, srb: 0.1 },
  { name: `DB${x}1DBM1`, cpu: 4, frames: 900_000, profile: 'io' as const, enclaves: false, ziip: 1.5, srb: 0.12 },
  { name: `DB${x}1DIST`, cpu: 0.8, frames: 60_000, profile: 'cpu' as const, enclaves: true, ziip: 2, srb: 0.05 },
  { name: `DB${x}1IRLM`, cpu: 0.8, frames: 20_000, profile: 'cpu' as const, enclaves: false, ziip: 0, srb: 0.6 },
  { name: `DB${x}1ADMT`, cpu: 0.1, frames: 8_000, profile: 'quiet' as const, enclaves: false, ziip: 0, srb: 0.02 },
];
/** Names of the long tail: idle started tasks and z/OS UNIX processes (a number is appended). */
const IDLE_NAMES = ['BPXAS', 'OMVSUSR', 'PRTWTR', 'APPCAS', 'WEBSRV', 'NVAPPL', 'AOPSTC', 'CSFSTC', 'IZUANG', 'HTTPD'];
/**
 * z/OS UNIX work (the kernel, forked processes and daemons, the z/OSMF and web servers): `fork()` shares the parent's
 * pages with the child and the daemons use shared memory, so they hold hundreds of shared pages (the real STORF's
 * OMVS job: 442, of which 390 valid) where other address spaces hold a few (9–44 in the real rows).
 */
const UNIX_NAMES = /^(OMVS|BPX|SSHD|FTPD|SYSLOGD|IZU|WEBSRV|HTTPD)/;
/**
 * Share of the working set in Data-in-Virtual frames, by job name: DIV maps VSAM linear data sets into virtual
 * storage, and the users here are DB2 (DBM1's linear table and index spaces, MSTR's active log) and MQ's queue
 * manager (its page sets). Every other address space has none, as most real rows (4 of 6 STORF sample rows have
 * 0.3–10 % of their working set in DIV frames, the other two 0). A user draws its share log-uniformly in the range.
 */
function divShare(name: string, key: number): number {
  const range = /^DB.1DBM1$/.test(name) ? [0.01, 0.1] : /^DB.1MSTR$/.test(name) ? [0.003, 0.03] : /^MQ.1MSTR$/.test(name) ? [0.01, 0.08] : null;
  return range ? range[0]! * Math.exp(Math.log(range[1]! / range[0]!) * hashUnit(key, 5)) : 0;
}
/** Shared pages of a slot by kind (z/OS UNIX work: hundreds; batch and TSO: a handful), and the share valid in central. */
function sharedPages(kind: SlotKind, name: string, key: number): { shared: number; sharedValid: number } {
  const u = hashUnit(key, 6);
  const v = hashUnit(key, 7);
  if (UNIX_NAMES.test(name)) return { shared: 100 + 500 * u, sharedValid: 0.8 + 0.2 * v };
  const [lo, hi] = kind === 'tso' ? [5, 30] : kind === 'initiator' ? [3, 20] : [5, 50];
  // most address spaces have every shared page valid (the real rows: 9/9, 10/10, 44/44); some have a few paged out
  return { shared: lo + (hi! - lo!) * u * u, sharedValid: v < 0.7 ? 1 : 0.75 + 0.25 * hashUnit(key, 8) };
}

function lognormal(key: number, n: number, sigma: number): number {
  const u1 = hashUnit(key, n * 2) || 1e-9;
  const u2 = hashUnit(key, n * 2 + 1);
  return Math.exp(sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
}

/**
 * The address spaces of one system. `total` (the topology's `addressSpaces`) is filled up with idle address spaces;
 * the system tasks, the subsystem regions, at least one TSO slot per TSO period and one initiator per batch period
 * are always there, so the total may come out larger on a tiny configuration.
 */
export function compilePopulation(topo: Pick<CTopology, 'serviceClasses' | 'lpars'>, conf: Topology['lpars'][number], l: number, seed: string): CPopulation {
  const lp = topo.lpars[l]!;
  const letter = String.fromCharCode(65 + (l % 26));
  const slots: CSlot[] = [];
  const classes = lp.classes;
  const firstMember = (sc: number) => classes.findIndex((c) => c.sc === sc && c.p === 0);
  // the system class: the first goal-less system period, else the loop class (the LPAR's most important first period)
  let sysMember = classes.findIndex((c) => c.goalKind === 'system' && c.p === 0);
  if (sysMember < 0) sysMember = classes.findIndex((c) => c.p === 0 && topo.serviceClasses[c.sc]!.subsystem === 'STC');
  if (sysMember < 0) sysMember = classes.reduce((best, c, j) => (c.p === 0 && (best < 0 || c.level < classes[best]!.level) ? j : best), -1);
  const sysSc = sysMember >= 0 ? classes[sysMember]!.sc : -1;
  const add = (s: Omit<CSlot, 'asid' | 'key' | 'fixedShare' | 'csa' | 'sqa' | 'srb' | 'div' | 'shared' | 'sharedValid'> & Partial<Pick<CSlot, 'fixedShare' | 'csa' | 'sqa' | 'srb'>>) => {
    const key = hashString(`${seed}/as:${lp.name}/${slots.length + 1}`);
    slots.push({
      fixedShare: 0.03 + 0.1 * hashUnit(key, 1),
      csa: 0.2 + lognormal(key, 2, 1),
      sqa: 0.3 + lognormal(key, 3, 0.8),
      srb: SRB_SHARE[s.kind] * (0.5 + hashUnit(key, 4)),
      div: divShare(s.name, key),
      ...sharedPages(s.kind, s.name, key),
      ...s,
      asid: slots.length + 1,
      key,
    });
  };
  const jitter = (name: string, w: number) => w * (0.7 + 0.6 * hashUnit(hashString(`${seed}/${lp.name}/${name}`), 0));
  if (sysSc >= 0) {
    for (const [name, cpu, profile, activeP] of SYSTEM_TASKS) {
      add({ kind: 'system', name, sc: sysSc, member: sysMember, cpu: jitter(name, cpu), io: profile === 'io' ? 2 : profile === 'quiet' ? 0.05 : 0.4, frames: jitter(name, 2000 + 8000 * cpu), ziip: 0, activeP, enclaves: false, profile, jobClass: '' });
    }
  }
  // Class weights are relative and unbounded (1e-6 … 1e6 are valid): counts derived from them are capped by the
  // image's size, so that the population stays of the order of `addressSpaces` whatever the weights.
  const size = conf.addressSpaces ?? DEFAULT_ADDRESS_SPACES[lp.workload];
  const perClassCap = Math.max(2, Math.floor(size / 8));
  const halfCap = Math.max(1, Math.floor(size / 2));
  // subsystem regions, one set per class (by subsystem); TSO and batch classes get slots below
  const tsoClasses: number[] = [];
  const batchClasses: number[] = [];
  const seen = new Set<number>();
  const classWeight = (sc: number) => classes.filter((x) => x.sc === sc).reduce((s, x) => s + x.weight, 0);
  let db2 = false;
  for (const c of classes) {
    if (seen.has(c.sc)) continue;
    seen.add(c.sc);
    const sc = topo.serviceClasses[c.sc]!;
    const weight = classWeight(c.sc);
    if (sc.subsystem === 'TSO') tsoClasses.push(c.sc);
    else if (sc.subsystem === 'BATCH') batchClasses.push(c.sc);
    else if (sc.subsystem === 'DB2') db2 = true;
    else if (c.goalKind !== 'system') {
      const r = REGIONS[sc.subsystem] ?? REGIONS.STC!;
      const names = sc.subsystem in REGIONS ? r.names(letter, Math.max(sc.subsystem === 'IMS' ? 4 : 2, Math.min(perClassCap, Math.round(r.perWeight * weight)))) : [`${sc.name.slice(0, 5)}${letter}01`];
      for (const name of names) {
        add({ kind: 'subsystem', name, sc: c.sc, member: firstMember(c.sc), cpu: jitter(name, r.cpu), io: r.profile === 'io' ? 2 : 1, frames: jitter(name, r.frames), ziip: r.ziip, activeP: 1, enclaves: false, profile: r.profile, jobClass: '' });
      }
    }
  }
  if (db2 && sysSc >= 0) {
    for (const d of DB2(letter)) add({ kind: 'subsystem', name: d.name, sc: sysSc, member: sysMember, cpu: jitter(d.name, d.cpu), io: d.profile === 'io' ? 3 : 0.3, frames: jitter(d.name, d.frames), ziip: d.ziip, srb: d.srb, activeP: 1, enclaves: d.enclaves, profile: d.profile, jobClass: '', fixedShare: d.name.endsWith('DBM1') ? 0.4 : 0.1 });
  }
  // TSO user slots, spread over the TSO classes by weight
  const tso: number[] = [];
  const tsoWeight = tsoClasses.reduce((s, sc) => s + classWeight(sc), 0);
  if (tsoClasses.length > 0) {
    const n = Math.min(halfCap, Math.round(TSO_FLOOR + TSO_PER_WEIGHT * tsoWeight));
    for (let u = 0; u < n; u++) {
      const sc = tsoClasses[u % tsoClasses.length]!;
      tso.push(slots.length);
      add({ kind: 'tso', name: `U${letter}${String(1000 + ((mix32(hashString(`${seed}/tso/${lp.name}`) + u) % 9000))).padStart(4, '0')}${String.fromCharCode(65 + (u % 26))}`, sc, member: -1, cpu: lognormal(hashString(`${seed}/tso/${lp.name}/${u}`), 0, 1), io: 1, frames: 1500 + 3000 * hashUnit(u, 7), ziip: 0.2, activeP: 0.5, enclaves: false, profile: 'tso', jobClass: '' });
    }
  }
  // batch initiators, dealt over the batch classes by weight (at least one per period of each)
  const initiators: number[] = [];
  const batchWeight = batchClasses.reduce((s, sc) => s + classWeight(sc), 0);
  if (batchClasses.length > 0) {
    const wanted = conf.batchInitiators ?? Math.min(halfCap, Math.round(INITIATORS_PER_WEIGHT * batchWeight));
    for (const sc of batchClasses) {
      const periods = classes.filter((x) => x.sc === sc).length;
      const n = Math.max(periods + 1, Math.round((wanted * classWeight(sc)) / batchWeight));
      const jobClass = String.fromCharCode(65 + ((topo.serviceClasses[sc]!.i * 7) % 26));
      for (let k = 0; k < n; k++) {
        initiators.push(slots.length);
        add({ kind: 'initiator', name: 'INIT', sc, member: -1, cpu: 1, io: 3, frames: 20_000, ziip: 0.3, activeP: 1, enclaves: false, profile: 'batch', jobClass });
      }
    }
  }
  // fill up with idle address spaces in the system class
  const total = size;
  if (sysSc >= 0) {
    for (let k = 0; slots.length < total; k++) {
      const base = IDLE_NAMES[k % IDLE_NAMES.length]!;
      const name = `${base}${Math.floor(k / IDLE_NAMES.length) + 1}`.slice(0, 8);
      add({ kind: 'idle', name, sc: sysSc, member: sysMember, cpu: 0.01 + 0.03 * hashUnit(k, 11), io: 0.05, frames: 300 + 1500 * hashUnit(k, 12), ziip: 0.2, activeP: 0.22, enclaves: false, profile: 'quiet', jobClass: '' });
    }
  }
  // every class period outside TSO, batch and DDF has address spaces: a period of its own gets one region
  classes.forEach((c, j) => {
    const sub = topo.serviceClasses[c.sc]!.subsystem;
    if (sub === 'TSO' || sub === 'BATCH' || sub === 'DB2' || slots.some((s) => s.member === j)) return;
    const name = `${topo.serviceClasses[c.sc]!.name.slice(0, 5)}${letter}P${c.p + 1}`.slice(0, 8);
    add({ kind: 'subsystem', name, sc: c.sc, member: j, cpu: 1, io: 1, frames: 10_000, ziip: 0.5, activeP: 1, enclaves: false, profile: 'mixed', jobClass: '' });
  });
  const loopSlot = slots.findIndex((s) => s.name === 'RMFGAT');
  const runawayClass = batchClasses.length ? batchClasses.reduce((a, b) => (classWeight(b) > classWeight(a) ? b : a)) : -1;
  const inits = initiators.filter((i) => slots[i]!.sc === runawayClass);
  return {
    slots,
    tso,
    initiators,
    letter,
    loopSlot: loopSlot >= 0 ? loopSlot : slots.findIndex((s) => s.kind !== 'tso' && s.kind !== 'initiator'),
    runawaySlot: inits.length ? inits[inits.length - 1]! : -1,
    holderSlot: inits.length > 1 ? inits[inits.length - 2]! : -1,
  };
}
