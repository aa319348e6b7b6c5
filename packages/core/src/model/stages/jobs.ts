/**
 * Address spaces and jobs: who occupies each ASID at the instant (TSO sessions following the online curve, batch
 * jobs started and ended on a schedule shaped by the batch window, the runaway job and the ENQ holder of incidents),
 * and each one's share of its service class period's numbers — CPU (APPL%, EAppl% with the enclaves DB2 DIST
 * owns), I/O, WLM state samples, page-ins, working set (its fixed and DIV frames), CSA, the slots it holds on the page
 * data sets and its shared pages — so that the class's and the system's numbers are sums
 * of its address spaces'. An address space's state samples are grounded in time: it uses the processor for its CPU
 * seconds and a device for the connect time of its I/O, and is delayed in proportion (the period's delay per using
 * sample); what is left of its seconds is idle or unknown. Top-down: the classes are computed first
 * (stages/wlm.ts), then split; nothing upstream reads this stage, so it runs for snapshots only.
 *
 * Random access in time: a batch job's state at t is computed from t (the initiator's job sequence within a 4-hour
 * cell is a pure function of the cell), never from a history.
 * @module
 */
import type { CIncident } from '../../incidents.js';
import { activity, PAGE_BACK_TAU_MS } from '../../incidents.js';
import { hashString, hashUnit, mix32, valueNoise } from '../../noise.js';
import { builtinProfiles, profileLevel } from '../../patterns.js';
import type { CSlot, StateProfile } from '../population.js';
import type { Ctx } from './context.js';
import { compileVolumeSets, volumeParts, type VolumeSets } from './jobvolumes.js';
import { HOUR, MIN } from './shared.js';

/** The WLM states a sample can be in: using processor / device, the delay reasons, idle. */
const STATES = ['usingProcessor', 'usingDevice', 'cpu', 'capping', 'io', 'storage', 'enqueue', 'jes', 'hsm', 'xcf', 'operator', 'subsystem', 'idle'] as const;
const X = STATES.length;
const ENQ = STATES.indexOf('enqueue');
const STORAGE = STATES.indexOf('storage');
/**
 * How each kind of address space tends to be delayed: relative weights of the delay states (STATES[2] … STATES[11]:
 * processor, capping, I/O, storage, ENQ, JES, HSM, XCF, operator, subsystem). Its using is measured time and its
 * idle what is left, so they have no weights.
 */
const PROFILES: Readonly<Record<StateProfile, readonly number[]>> = {
  cpu: [1.5, 1, 0.5, 1, 0.5, 0.3, 0.2, 1, 0.2, 1],
  io: [0.7, 0.7, 3, 1, 1, 0.5, 1, 0.5, 0.3, 0.5],
  mixed: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  quiet: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
  tso: [1, 1, 1, 1, 1, 0.5, 2, 0.5, 0.5, 0.5],
  batch: [1.2, 1.2, 2, 1, 1.5, 1.5, 1.5, 0.5, 1, 0.5],
};
/**
 * Per occupant type (AS_TYPES: SYS, STC, TSO, BATCH, INIT): relative weights of the operator delay's parts — tape
 * mounts (batch), messages awaiting a reply (started tasks), quiesce (only swappable work: TSO users and batch jobs)
 * — and the share of the samples neither using nor delayed that RMF counts as unknown rather than idle (the real
 * DELAY report: *STC 11 % idle, 89 % unknown; *BATCH 9 / 91; *TSO 93 / 7, a TSO user waiting at the terminal is idle).
 */
const OPER_MOUNT = [0.1, 0.2, 0.25, 0.6, 0];
const OPER_MESSAGE = [0.9, 0.8, 0.7, 0.35, 1];
const OPER_QUIESCE = [0, 0, 0.05, 0.05, 0];
const UNKNOWN_SHARE = [0.89, 0.89, 0.07, 0.91, 0];
/** Batch schedule: jobs never cross a cell; at most this many jobs per initiator and cell. */
const CELL_MS = 4 * HOUR;
const MAX_JOBS = 48;
/** TSO sessions: logged on or off for blocks of this length. */
const SESSION_MS = 40 * MIN;
/** Idle started tasks wake up (or not) in blocks of this length. */
const WAKE_MS = 5 * MIN;
/** Job name stems of the batch jobs (a hashed suffix makes eight characters). */
const JOB_STEMS = ['PAYR', 'GLPST', 'INVUP', 'ORDX', 'CRDT', 'BILL', 'HRPY', 'DWLD', 'SETL', 'RECN', 'ARCV', 'BKUP', 'RPTG', 'ETLD', 'CLMS', 'STMT'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Data sets the background ENQ contention is on (major SYSDSN), and other resources. */
const ENQ_RESOURCES: readonly (readonly [string, string, 'SYSTEMS' | 'SYSTEM'])[] = [
  ['SYSDSN', 'PROD.GL.MASTER', 'SYSTEMS'],
  ['SYSDSN', 'PROD.BILLING.HISTORY', 'SYSTEMS'],
  ['SYSIGGV2', 'CATALOG.PROD.UCAT01', 'SYSTEMS'],
  ['SYSVTOC', 'USR012', 'SYSTEMS'],
  ['SPFEDIT', 'SYS1.PROCLIB', 'SYSTEMS'],
  ['SYSZRACF', 'DSDT', 'SYSTEMS'],
  ['SYSDSN', 'PROD.ORDERS.DAILY', 'SYSTEMS'],
  ['SYSZTIOT', 'TIOT', 'SYSTEM'],
];
/** An address space counts as waiting for an ENQ (an ENQ report row) from this much ENQ delay, %. */
const ENQ_ROW_PERCENT = 1;

/** Dynamic type of an occupant. */
export const AS_TYPES = ['SYS', 'STC', 'TSO', 'BATCH', 'INIT'] as const;

/** A contended resource in one interval (strings only; the numbers are its waiters' ENQ delay). */
export interface EnqueueState {
  major: string;
  minor: string;
  scope: 'SYSTEMS' | 'SYSTEM';
  holder: number;
  waiters: number[];
}

/** Who is in each ASID in the evaluated interval, allocated once per simulator (global slot index: LPAR offset + slot). */
export interface JobState {
  offset: Int32Array;
  present: Uint8Array;
  active: Uint8Array;
  /** class member (index within the LPAR) the occupant is classified to in the interval, -1 none */
  member: Int32Array;
  /** index of AS_TYPES */
  type: Uint8Array;
  /** the job's (or session's) code, from which its name and JES number are derived; -1 none */
  code: Float64Array;
  start: Float64Array;
  /** per LPAR: the contended resources */
  enqueues: EnqueueState[][];
  /** the ENQ contention incident's resource, holder code and waiters per LPAR (-1: none) */
  rows: Int32Array;
  g: Float64Array;
  m: Float64Array;
  w: Float64Array;
  /** active address spaces per class member of the LPAR being evaluated; where each member's start in byMember */
  counts: Int32Array;
  first: Int32Array;
  fillAt: Int32Array;
  byMember: Int32Array;
  /** every field array of the addressSpace scope (found on first use) */
  arrays?: Float64Array[];
  /** names of each slot's last occupant (a job keeps its names while it runs): its code, job name and JES id */
  nameCode: Float64Array;
  jobNames: string[];
  jobIds: string[];
  /** the static set of volumes each slot does I/O to, with weights */
  volumes: VolumeSets;
  /** each address space's own I/O (its class period's part, the runaway job's scratch I/O): what its device-using samples count */
  ownIo: Float64Array;
}

function allocate(c: Ctx): JobState {
  const pops = c.topo.populations;
  const offset = new Int32Array(pops.length + 1);
  pops.forEach((p, l) => (offset[l + 1] = offset[l]! + p.slots.length));
  const n = offset[pops.length]!;
  const most = Math.max(1, ...pops.map((p) => p.slots.length));
  return {
    offset,
    present: new Uint8Array(n),
    active: new Uint8Array(n),
    member: new Int32Array(n),
    type: new Uint8Array(n),
    code: new Float64Array(n),
    start: new Float64Array(n),
    enqueues: pops.map(() => []),
    rows: new Int32Array(most),
    g: new Float64Array(most * X),
    m: new Float64Array(most * X),
    w: new Float64Array(most),
    counts: new Int32Array(Math.max(1, ...c.topo.lpars.map((l) => l.classes.length))),
    first: new Int32Array(Math.max(1, ...c.topo.lpars.map((l) => l.classes.length)) + 1),
    fillAt: new Int32Array(Math.max(1, ...c.topo.lpars.map((l) => l.classes.length))),
    byMember: new Int32Array(most),
    nameCode: new Float64Array(n).fill(-2),
    jobNames: new Array<string>(n).fill(''),
    jobIds: new Array<string>(n).fill(''),
    volumes: compileVolumeSets(c, offset),
    ownIo: new Float64Array(n),
  };
}

/** The name of a batch job from its code: a stem and a hashed suffix, eight characters. */
export function batchJobName(code: number): string {
  const h = mix32(code >>> 0 ^ 0x2545f491);
  const stem = JOB_STEMS[h % JOB_STEMS.length]!;
  let out = stem;
  let x = mix32(h);
  while (out.length < 8) {
    out += ALNUM[x % 36];
    x = Math.floor(x / 36);
  }
  return out;
}

/** A JES job number from a code: five digits. */
export function jesNumber(code: number): string {
  return String((mix32(code >>> 0 ^ 0x68e31da4) % 99_999) + 1).padStart(5, '0');
}

/** The job running in an initiator at instant t (its code, start and end), from the initiator's sequence in t's cell. */
export function jobAt(slot: CSlot, busy: boolean, t: number, hourAt: (ms: number) => number): { code: number; start: number; end: number } | null {
  const phase = slot.key % CELL_MS;
  const cell = Math.floor((t + phase) / CELL_MS);
  const cellStart = cell * CELL_MS - phase;
  const cellEnd = cellStart + CELL_MS;
  let cursor = cellStart;
  for (let k = 0; k < MAX_JOBS; k++) {
    const n = cell * MAX_JOBS + k;
    const level = Math.max(0.05, profileLevel(builtinProfiles.batch, hourAt(cursor)));
    const idleness = Math.max(0, 1 / level - 0.8);
    // idle time before the next job: short in the batch window, long by day; an always-busy initiator barely waits
    const gapMean = busy ? 0.05 * MIN : 3 * MIN * idleness * Math.sqrt(idleness) + 0.1 * MIN;
    const gap = -Math.log(1 - hashUnit(slot.key ^ 0x5bd1e995, n)) * gapMean;
    // elapsed time: log-normal around 7 minutes (Irwin–Hall deviate), at most 3 hours
    const z = (hashUnit(slot.key ^ 0x1b873593, n) + hashUnit(slot.key ^ 0x27d4eb2f, n) + hashUnit(slot.key ^ 0x165667b1, n) - 1.5) * 2;
    const dur = Math.min(3 * HOUR, 7 * MIN * Math.exp(1.1 * z));
    const start = cursor + gap;
    if (start >= cellEnd || t < start) return null;
    const end = Math.min(cellEnd, start + dur);
    if (t < end) return { code: mix32(slot.key + n * 0x9e3779b9) + (n % 1024) * 4294967296, start, end };
    cursor = end;
  }
  return null;
}

/** The period (index) a share `x` in [0, 1) of a class's work falls into, by the class's period shares. */
function periodOf(shares: readonly number[], x: number): number {
  let acc = 0;
  for (let p = 0; p < shares.length; p++) {
    acc += shares[p]!;
    if (x < acc) return p;
  }
  return shares.length - 1;
}

/** Fills the address spaces of every system for the interval of `c`. */
export function jobsStage(c: Ctx, incidents: readonly CIncident[]): void {
  const st = (c.jobs ??= allocate(c));
  const { topo, k, s, mid, counter } = c;
  const a = c.f.addressSpace;
  const w = c.f.serviceClass;
  const dt = c.intervalMs / 1000;
  const hourAt = (ms: number) => (((s.hour + (ms - mid) / HOUR) % 24) + 24) % 24;
  const onLevel = profileLevel(builtinProfiles.online, s.hour);
  for (let l = 0; l < k.L; l++) {
    const pop = topo.populations[l]!;
    const lp = topo.lpars[l]!;
    const base = st.offset[l]!;
    const slots = pop.slots;
    const classes = lp.classes;
    const at = k.lcOffset[l]!;
    // ---- incidents that put a job of their own into an ASID ----
    let runaway = -1;
    let runawayStart = 0;
    let holder = -1;
    let holderStart = 0;
    let enqInc: CIncident | undefined;
    let loopSlot = -1;
    for (const inc of incidents) {
      if (inc.lpar !== l || mid <= inc.startMs || mid >= inc.endMs) continue;
      if (inc.type === 'runawayBatch' && pop.runawaySlot >= 0) [runaway, runawayStart] = [pop.runawaySlot, inc.startMs];
      if (inc.type === 'enqContention' && pop.holderSlot >= 0 && activity(inc, mid) > 0) [holder, holderStart, enqInc] = [pop.holderSlot, inc.startMs, inc];
      if (inc.type === 'cpuLoop') loopSlot = inc.index >= 0 ? inc.index : pop.loopSlot;
    }
    // ---- occupants ----
    let tsoRank = 0;
    const initRank = new Map<number, number>();
    for (let i = 0; i < slots.length; i++) {
      const sl = slots[i]!;
      const g = base + i;
      st.code[g] = -1;
      st.start[g] = 0;
      if (sl.kind === 'tso') {
        const always = tsoRank++ < 3;
        const block = Math.floor((mid + (sl.key % SESSION_MS)) / SESSION_MS);
        const on = always || hashUnit(sl.key ^ 0x77, block) < 0.08 + 0.85 * onLevel;
        st.present[g] = on ? 1 : 0;
        st.active[g] = on && (always || hashUnit(sl.key ^ 0x78, counter) < sl.activeP) ? 1 : 0;
        st.type[g] = 2;
        st.code[g] = on ? (always ? sl.key : mix32(sl.key + block)) : -1;
        st.start[g] = on ? (always ? mid - 8 * HOUR : block * SESSION_MS - (sl.key % SESSION_MS)) : 0;
        const shares = topo.serviceClasses[sl.sc]!.periodShare;
        st.member[g] = on ? memberOf(classes, sl.sc, periodOf(shares, hashUnit(sl.key ^ 0x79, counter))) : -1;
      } else if (sl.kind === 'initiator') {
        const rank = initRank.get(sl.sc) ?? 0;
        initRank.set(sl.sc, rank + 1);
        const periods = topo.serviceClasses[sl.sc]!.periodShare;
        st.present[g] = 1;
        const special = i === runaway ? runawayStart : i === holder ? holderStart : -1;
        const job = special >= 0 ? { code: mix32(sl.key ^ Math.floor(special / 1000)), start: special, end: Infinity } : jobAt(sl, rank <= periods.length, mid, hourAt);
        if (job) {
          st.type[g] = 3;
          st.active[g] = 1;
          st.code[g] = job.code;
          st.start[g] = job.start;
          const p = i === runaway ? periods.length - 1 : job.end === Infinity ? 0 : periodOf(periods, (mid - job.start) / (job.end - job.start));
          st.member[g] = memberOf(classes, sl.sc, p);
        } else {
          st.type[g] = 4;
          st.active[g] = 0;
          st.member[g] = memberOf(classes, sl.sc, 0);
        }
      } else {
        st.present[g] = 1;
        st.type[g] = sl.kind === 'system' && i < 20 ? 0 : 1;
        st.member[g] = sl.member;
        st.code[g] = sl.key;
        st.active[g] = sl.activeP >= 1 || i === loopSlot || hashUnit(sl.key ^ 0x33, Math.floor(mid / WAKE_MS)) < sl.activeP ? 1 : 0;
      }
    }
    // ---- every period with work has an active address space (TSO users and jobs move between periods) ----
    const counts = st.counts;
    counts.fill(0);
    for (let q = 0; q < slots.length; q++) if (st.active[base + q] && st.member[base + q]! >= 0) counts[st.member[base + q]!]!++;
    for (let j = 0; j < classes.length; j++) {
      if (counts[j]! > 0 || topo.serviceClasses[classes[j]!.sc]!.subsystem === 'DB2') continue;
      // take one from the most populated period of the same class
      let best = -1;
      let bestN = 1;
      for (let q = 0; q < classes.length; q++) {
        if (classes[q]!.sc !== classes[j]!.sc || q === j) continue;
        if (counts[q]! > bestN) [best, bestN] = [q, counts[q]!];
      }
      if (best < 0) continue;
      for (let i = slots.length - 1; i >= 0; i--) {
        const g = base + i;
        if (st.active[g] && st.member[g] === best && i !== runaway && i !== holder) {
          st.member[g] = j;
          counts[best]!--;
          counts[j]!++;
          break;
        }
      }
    }
    // ---- clear this system's address spaces ----
    clearAs(c, st, base, base + slots.length);
    // the active address spaces of each period, grouped (counting sort: first[j] … first[j + 1] - 1 in byMember)
    const first = st.first;
    first.fill(0);
    for (let j = 0; j < classes.length; j++) first[j + 1] = first[j]! + counts[j]!;
    st.fillAt.set(first.subarray(0, classes.length));
    for (let q = 0; q < slots.length; q++) {
      const j = st.member[base + q]!;
      if (st.active[base + q] && j >= 0) st.byMember[st.fillAt[j]!++] = q;
    }
    // ---- per class period: CPU ----
    let enclaveCp = 0;
    let enclaveZiip = 0;
    for (let j = 0; j < classes.length; j++) {
      const i = at + j;
      if (topo.serviceClasses[classes[j]!.sc]!.subsystem === 'DB2') {
        enclaveCp += w.cpu.applCpPercent[i]!;
        enclaveZiip += w.cpu.applZiipPercent[i]!;
        continue;
      }
      // the active address spaces of the period
      const n = first[j + 1]! - first[j]!;
      if (n === 0) continue;
      st.rows.set(st.byMember.subarray(first[j]!, first[j + 1]!));
      const phi = s.classServed[i]!;
      const loop = 100 * phi * s.classLoop[i]!;
      const run = 100 * phi * s.classRunaway[i]!;
      const cpTotal = w.cpu.applCpPercent[i]!;
      const ziipTotal = w.cpu.applZiipPercent[i]!;
      // ordinary CPU by weight (the loop's and the runaway job's go to their own address spaces)
      let sumW = 0;
      let sumZ = 0;
      for (let r = 0; r < n; r++) {
        const sl = slots[st.rows[r]!]!;
        const wt = sl.cpu * Math.exp(0.5 * valueNoise(sl.key + 1, mid, 15 * MIN));
        st.w[r] = wt;
        sumW += wt;
        sumZ += wt * sl.ziip;
      }
      const loopHere = loopSlot >= 0 && st.member[base + loopSlot] === j && loop > 0;
      const runHere = runaway >= 0 && st.member[base + runaway] === j && run > 0;
      const ordinary = cpTotal - (loopHere ? loop : 0) - (runHere ? run : 0);
      for (let r = 0; r < n; r++) {
        const q = st.rows[r]!;
        const g = base + q;
        const sl = slots[q]!;
        let cp = (ordinary * st.w[r]!) / sumW;
        if (loopHere && q === loopSlot) cp += loop;
        if (runHere && q === runaway) cp += run;
        const z = sumZ > 0 ? (ziipTotal * st.w[r]! * sl.ziip) / sumZ : (ziipTotal * st.w[r]!) / sumW;
        a.cpu.applCpPercent[g] = cp;
        a.cpu.applZiipPercent[g] = z;
        a.cpu.eapplCpPercent[g] = cp;
        a.cpu.eapplZiipPercent[g] = z;
        // its own time by dispatch mode: SRB by its seeded share with slow noise, the rest TCB (a loop spins in TCB)
        const srbShare = q === loopSlot && loopHere ? 0 : Math.min(0.9, sl.srb * Math.exp(0.3 * valueNoise(sl.key + 4, mid, 30 * MIN)));
        a.cpu.srbPercent[g] = (cp + z) * srbShare;
        a.cpu.tcbPercent[g] = cp + z - a.cpu.srbPercent[g]!;
      }
    }
    // the DDF enclaves' CPU shows in the EAppl% of their owner (DB2 DIST), spread if there are several
    if (enclaveCp > 0 || enclaveZiip > 0) {
      let owners = 0;
      for (let q = 0; q < slots.length; q++) if (slots[q]!.enclaves) owners++;
      for (let q = 0; q < slots.length && owners > 0; q++) {
        if (!slots[q]!.enclaves) continue;
        const g = base + q;
        a.cpu.eapplCpPercent[g] = a.cpu.eapplCpPercent[g]! + enclaveCp / owners;
        a.cpu.eapplZiipPercent[g] = a.cpu.eapplZiipPercent[g]! + enclaveZiip / owners;
        a.cpu.enclaveSrbPercent[g] = (enclaveCp + enclaveZiip) / owners;
      }
    }
    frames(c, st, l);
    ioRates(c, st, l, runaway);
    volumeParts(c, st.volumes, base, slots.length, l, st.active);
    // ---- per class period: state samples ----
    for (let j = 0; j < classes.length; j++) {
      const i = at + j;
      const n = first[j + 1]! - first[j]!;
      if (n === 0 || topo.serviceClasses[classes[j]!.sc]!.subsystem === 'DB2') continue;
      st.rows.set(st.byMember.subarray(first[j]!, first[j + 1]!));
      states(c, st, l, i, n, base, slots, holder, enqInc, dt, mid);
    }
    pageIns(c, st, l);
    enqueues(c, st, l, holder, enqInc);
    for (let q = 0; q < slots.length; q++) {
      const g = base + q;
      a.elapsedSeconds[g] = st.present[g] && (st.type[g] === 2 || st.type[g] === 3) ? Math.max(0, (c.endMs - st.start[g]!) / 1000) : 0;
    }
  }
}

/**
 * The operator delay's parts (mounts, messages awaiting a reply, quiesce) and the unknown part of the samples
 * neither using nor delayed, of address space g: shares by its occupant's type `t` with slow noise; the last part
 * is the rest, so the parts add up. (Its own function: inlined into the jobs stage's loop, it made V8 optimise the
 * loop worse — twice the GC time in a profile.)
 */
function splitStates(a: Ctx['f']['addressSpace'], g: number, t: number, key: number, mid: number, op: number, idleOrUnknown: number): void {
  const n = valueNoise(key + 11, mid, 30 * MIN);
  const wm = OPER_MOUNT[t]! * Math.exp(0.5 * n);
  const wg = OPER_MESSAGE[t]! * Math.exp(-0.5 * n);
  const wq = OPER_QUIESCE[t]!;
  const mount = (op * wm) / (wm + wg + wq);
  const message = wq > 0 ? (op * wg) / (wm + wg + wq) : op - mount;
  a.delayPercent.operatorMount[g] = mount;
  a.delayPercent.operatorMessage[g] = message;
  a.delayPercent.operatorQuiesce[g] = wq > 0 ? Math.max(0, op - mount - message) : 0;
  const unknown = idleOrUnknown * Math.min(0.98, UNKNOWN_SHARE[t]! * Math.exp(0.3 * valueNoise(key + 13, mid, 30 * MIN)));
  a.unknownPercent[g] = unknown;
  a.idlePercent[g] = idleOrUnknown - unknown;
}

/** The LPAR's class member of class `sc`, period `p` (or its last). */
function memberOf(classes: readonly { sc: number; p: number }[], sc: number, p: number): number {
  let last = -1;
  for (let j = 0; j < classes.length; j++) {
    if (classes[j]!.sc !== sc) continue;
    if (classes[j]!.p === p) return j;
    last = j;
  }
  return last;
}

/** Zeroes the address spaces g0 … g1 - 1 (idle 100 %): every field array of the scope, filled natively. */
function clearAs(c: Ctx, st: JobState, g0: number, g1: number): void {
  if (!st.arrays) {
    const arrays: Float64Array[] = [];
    const walk = (o: object) => {
      for (const v of Object.values(o)) if (v instanceof Float64Array) arrays.push(v);
      else walk(v as object);
    };
    walk(c.f.addressSpace);
    st.arrays = arrays;
  }
  for (const a of st.arrays) a.fill(0, g0, g1);
  c.f.addressSpace.idlePercent.fill(100, g0, g1);
}

const COLS = new Float64Array(X);
/** The class period's samples by state, in % (using by processor and device, the delays without the zIIP part, idle). */
function classStates(c: Ctx, i: number): Float64Array {
  const w = c.f.serviceClass;
  const d = w.delayPercent;
  COLS[0] = w.usingBy.processor[i]!;
  COLS[1] = w.usingBy.device[i]!;
  COLS[2] = d.cpu[i]!;
  COLS[3] = d.capping[i]!;
  COLS[4] = d.io[i]!;
  COLS[5] = d.storage[i]!;
  COLS[6] = d.enqueue[i]!;
  COLS[7] = d.jes[i]!;
  COLS[8] = d.hsm[i]!;
  COLS[9] = d.xcf[i]!;
  COLS[10] = d.operator[i]!;
  COLS[11] = d.subsystem[i]!;
  let busy = 0;
  for (let x = 0; x < 12; x++) busy += COLS[x]!;
  COLS[12] = Math.max(0, 100 - busy);
  return COLS;
}

/** Per delay reason: the normalisation of the address spaces' weights (stages' scratch). */
const COLSUM = new Float64Array(X);

/** How much more (or less) an address space is delayed for ENQs than its class's average: the incident's waiters and holder. */
function enqWeight(st: JobState, base: number, q: number, holder: number, inc: CIncident | undefined, sc: number, topo: Ctx['topo']): number {
  if (!inc) return 1;
  if (q === holder) return 1e-3;
  const sub = topo.serviceClasses[sc]!.subsystem;
  if (sub !== 'BATCH' && sub !== 'TSO') return 1;
  // about two thirds of the batch and TSO work wants the data set
  return hashUnit(mix32(st.code[base + q]!) ^ 0x4f1bbcdc, Math.floor(inc.startMs / 60_000)) < 0.65 ? 40 : 0.2;
}

/**
 * Working sets, fixed and Data-in-Virtual frames, CSA, SQA and shared pages of every address space of LPAR l. The
 * shared pages (not part of the working set) are the slot's count (a batch job's scaled by the job, as its frames)
 * with the working set's slow noise, those valid in central the slot's share of them, fewer as frames run short.
 */
function frames(c: Ctx, st: JobState, l: number): void {
  const { topo, mid } = c;
  const a = c.f.addressSpace;
  const mem = c.f.lpar.memory;
  const slots = topo.populations[l]!.slots;
  const base = st.offset[l]!;
  // frames: the private frames in use (frames in use less CSA) by working-set weight
  const privateFrames = Math.max(0, (mem.realStorageBytes[l]! - mem.csaBytes[l]!) / 4096);
  // below 10 % of the frames available the stealing reaches the shared pages too (as the memory stage's shortage)
  const avail = mem.framesAvailablePercent[l]! / 100;
  const validCut = avail < 0.1 ? 0.5 * ((0.1 - avail) / 0.1) : 0;
  let fw = 0;
  let cw = 0;
  for (let q = 0; q < slots.length; q++) {
    const g = base + q;
    if (!st.present[g]) continue;
    const sl = slots[q]!;
    const job = st.type[g] === 4 ? 0.03 : st.type[g] === 3 ? 0.3 + 1.4 * hashUnit(mix32(st.code[g]!) ^ 0x1234, 0) : 1;
    const noise = valueNoise(sl.key + 4, mid, 30 * MIN);
    const wt = sl.frames * job * (st.active[g] ? 1 : 0.7) * Math.exp(0.1 * noise);
    a.storage.workingSetFrames[g] = wt;
    fw += wt;
    a.storage.csaBytes[g] = sl.csa;
    cw += sl.csa;
    const shared = sl.shared * (st.type[g] === 3 ? job : 1) * Math.exp(0.05 * noise);
    a.storage.sharedPages[g] = shared;
    a.storage.sharedPagesValid[g] = shared * sl.sharedValid * (1 - validCut);
  }
  for (let q = 0; q < slots.length; q++) {
    const g = base + q;
    if (!st.present[g]) continue;
    const sl = slots[q]!;
    const ws = fw > 0 ? (privateFrames * a.storage.workingSetFrames[g]!) / fw : 0;
    const fixed = ws * sl.fixedShare;
    a.storage.workingSetFrames[g] = ws;
    a.storage.fixedFrames[g] = fixed;
    // DIV frames: a static share of the working set with slow noise, pageable (at most the frames not fixed)
    if (sl.div > 0) a.storage.divFrames[g] = Math.min(ws - fixed, ws * sl.div * Math.exp(0.2 * valueNoise(sl.key + 6, mid, 30 * MIN)));
    a.storage.csaBytes[g] = cw > 0 ? (mem.csaBytes[l]! * a.storage.csaBytes[g]!) / cw : 0;
    a.storage.sqaBytes[g] = Math.round(sl.sqa * 24_576);
  }
}

/**
 * Page-ins of every address space of LPAR l, by working set and storage delay (after the state samples), and the
 * slots it occupies on the page data sets: the system's pages on auxiliary storage — page-outs × their residence
 * there, plus the pages a storage shortage stole that are still to come back (their page-in rate decays with
 * `PAGE_BACK_TAU_MS`, so what is left is that rate × the time constant) — split by its pageable frames (neither
 * fixed nor DIV: a stolen DIV page goes back to its linear data set, not to a page data set) × storage delay.
 */
function pageIns(c: Ctx, st: JobState, l: number): void {
  const a = c.f.addressSpace;
  const mem = c.f.lpar.memory;
  const n = c.topo.populations[l]!.slots.length;
  const base = st.offset[l]!;
  // how long a page stays on auxiliary storage: the model's time constant of stolen pages coming back (10 min), so
  // the pages on the page data sets are the page-out rate × it (Little's law). (Read here, not at module level:
  // incidents.js is initialised after this module in the bundle.)
  const residence = PAGE_BACK_TAU_MS / 1000;
  const onAux = residence * (mem.pageOutRate[l]! + c.fx.pageBack[l]!);
  let pw = 0;
  let sw = 0;
  for (let g = base; g < base + n; g++) {
    if (!st.present[g]) continue;
    const ws = a.storage.workingSetFrames[g]!;
    const delay = 0.02 + a.delayPercent.storage[g]!;
    const pin = ws * delay;
    a.storage.pageInRate[g] = pin; // a weight until normalised below
    pw += pin;
    const slots = Math.max(0, ws - a.storage.fixedFrames[g]! - a.storage.divFrames[g]!) * delay;
    a.storage.auxSlots[g] = slots; // a weight too
    sw += slots;
  }
  for (let g = base; g < base + n; g++) {
    if (!st.present[g]) continue;
    a.storage.pageInRate[g] = pw > 0 ? (mem.pageInRate[l]! * a.storage.pageInRate[g]!) / pw : 0;
    a.storage.auxSlots[g] = sw > 0 ? (onAux * a.storage.auxSlots[g]!) / sw : 0;
  }
}

/**
 * The I/O of every address space of LPAR l: each class period's I/O (stages/wlm.ts) split over its active address
 * spaces by their I/O weight (slow noise), the runaway job's scratch I/O its own; that is what their device-using
 * samples count (`st.ownIo`). Besides, paging is *MASTER*'s (ASM) and the I/O of periods without an address space
 * (the DDF enclaves) that of the enclaves' owners (DB2 DIST; *MASTER* without one): in their I/O rate, not their samples.
 */
function ioRates(c: Ctx, st: JobState, l: number, runaway: number): void {
  const { topo, s, mid } = c;
  const a = c.f.addressSpace;
  const slots = topo.populations[l]!.slots;
  const base = st.offset[l]!;
  const classes = topo.lpars[l]!.classes;
  const at = c.k.lcOffset[l]!;
  const first = st.first;
  let owners = 0;
  for (let q = 0; q < slots.length; q++) if (slots[q]!.enclaves && st.active[base + q]) owners++;
  let orphan = 0;
  st.ownIo.fill(0, base, base + slots.length);
  for (let j = 0; j < classes.length; j++) {
    const io = s.classIo[at + j]!;
    const n = first[j + 1]! - first[j]!;
    if (n === 0 || topo.serviceClasses[classes[j]!.sc]!.subsystem === 'DB2') {
      orphan += io;
      continue;
    }
    let sw = 0;
    for (let r = first[j]!; r < first[j + 1]!; r++) {
      const sl = slots[st.byMember[r]!]!;
      const wt = sl.io * Math.exp(0.6 * valueNoise(sl.key + 3, mid, 20 * MIN));
      st.ownIo[base + st.byMember[r]!] = wt;
      sw += wt;
    }
    for (let r = first[j]!; r < first[j + 1]!; r++) {
      const g = base + st.byMember[r]!;
      st.ownIo[g] = sw > 0 ? (io * st.ownIo[g]!) / sw : io / n;
    }
  }
  const master = base;
  // (the runaway job's scratch I/O is its own: the incident's effect and its job begin and end together)
  if (runaway >= 0) st.ownIo[base + runaway] = st.ownIo[base + runaway]! + s.scratchIo[l]!;
  for (let g = base; g < base + slots.length; g++) a.ioRate[g] = st.ownIo[g]!;
  a.ioRate[master] = a.ioRate[master]! + s.pageIo[l]! + (owners > 0 ? 0 : orphan);
  if (owners > 0) for (let q = 0; q < slots.length; q++) if (slots[q]!.enclaves && st.active[base + q]) a.ioRate[base + q] = a.ioRate[base + q]! + orphan / owners;
}

/**
 * The state samples of the n active address spaces of class period i (their slots in `st.rows`), in % of each
 * one's samples (one per second): using the processor for its CPU time, using a device for the connect time of its
 * own I/O; each delay its using × the period's delay per using (so that the period's using and delay samples are
 * the sums of its address spaces') × its profile's weight for the reason (normalised over the period); idle or
 * unknown the rest. Its using is at most 100 % (a multitasking one can use more than a processor); where its delays
 * would not fit beside its using they are scaled to the rest.
 */
function states(c: Ctx, st: JobState, l: number, i: number, n: number, base: number, slots: readonly CSlot[], holder: number, enqInc: CIncident | undefined, dt: number, mid: number): void {
  const { topo } = c;
  const a = c.f.addressSpace;
  const dd = c.f.serviceClass.delayPercent;
  const connPerIo = c.s.connPerIo[l]!;
  const cols = classStates(c, i);
  const using = cols[0]! + cols[1]!;
  const mm = st.m;
  COLSUM.fill(0);
  let usingSum = 0;
  for (let r = 0; r < n; r++) {
    const q = st.rows[r]!;
    const g = base + q;
    const sl = slots[q]!;
    const prof = PROFILES[sl.profile];
    const proc = Math.min(100, a.cpu.applCpPercent[g]! + a.cpu.applZiipPercent[g]!);
    const dev = Math.min(100 - proc, 100 * st.ownIo[g]! * connPerIo);
    const u = proc + dev;
    mm[r * X] = proc;
    mm[r * X + 1] = dev;
    usingSum += u;
    const busyNoise = Math.exp(0.6 * valueNoise(sl.key + 2, mid, 20 * MIN));
    const ioNoise = Math.exp(0.6 * valueNoise(sl.key + 3, mid, 20 * MIN));
    for (let x = 2; x < X - 1; x++) {
      let gx = prof[x - 2]! * (x === 4 ? ioNoise : busyNoise) + 1e-3;
      if (x === ENQ) gx *= enqWeight(st, base, q, holder, enqInc, sl.sc, topo);
      // contention (processor, capping, I/O, paging) comes with the work's own demand; a wait (ENQ, JES, HSM, XCF,
      // operator, subsystem) blocks a work unit whatever it uses
      const wx = x <= STORAGE ? u * gx : gx;
      st.g[r * X + x] = wx;
      COLSUM[x] = COLSUM[x]! + wx;
    }
  }
  for (let x = 2; x < X - 1; x++) COLSUM[x] = COLSUM[x]! > 0 && using > 0 ? (cols[x]! / using) * (usingSum / COLSUM[x]!) : 0;
  for (let r = 0; r < n; r++) {
    const g = base + st.rows[r]!;
    const u = mm[r * X]! + mm[r * X + 1]!;
    let delays = 0;
    for (let x = 2; x < X - 1; x++) {
      const d = st.g[r * X + x]! * COLSUM[x]!;
      mm[r * X + x] = d;
      delays += d;
    }
    // (its using is measured time; where the sampled delays would not fit beside it, they are scaled)
    const k = u + delays > 100 ? (100 - u) / delays : 1;
    const busy = u + delays * k;
    const at = r * X;
    const pct = (x: number) => (x < 2 ? mm[at + x]! : mm[at + x]! * k);
    a.samples[g] = dt;
    const cpuDelay = pct(2);
    a.usingBy.processor[g] = pct(0);
    a.usingBy.device[g] = pct(1);
    a.usingPercent[g] = pct(0) + pct(1);
    a.delayPercent.cpu[g] = cpuDelay;
    a.delayPercent.ziip[g] = dd.cpu[i]! > 0 ? (cpuDelay * dd.ziip[i]!) / dd.cpu[i]! : 0;
    a.delayPercent.capping[g] = pct(3);
    a.delayPercent.io[g] = pct(4);
    a.delayPercent.storage[g] = pct(5);
    a.delayPercent.enqueue[g] = pct(6);
    a.delayPercent.jes[g] = pct(7);
    a.delayPercent.hsm[g] = pct(8);
    a.delayPercent.xcf[g] = pct(9);
    a.delayPercent.operator[g] = pct(10);
    a.delayPercent.subsystem[g] = pct(11);
    a.device.topVolumeDelayPercent[g] = pct(4) * st.volumes.topWeight[g]!;
    splitStates(a, g, st.type[g]!, slots[st.rows[r]!]!.key, mid, pct(10), k < 1 ? 0 : 100 - busy);
  }
}

/** The contended resources of LPAR l: the incident's data set (holder and waiters), and background contention. */
function enqueues(c: Ctx, st: JobState, l: number, holder: number, inc: CIncident | undefined): void {
  const { topo, mid } = c;
  const a = c.f.addressSpace;
  const base = st.offset[l]!;
  const slots = topo.populations[l]!.slots;
  const out: EnqueueState[] = [];
  st.enqueues[l] = out;
  const byResource = new Map<number, EnqueueState>();
  const resource = inc ? enqResource(inc) : undefined;
  // holders of background contention: active address spaces, picked by hash
  const actives: number[] = [];
  for (let q = 0; q < slots.length; q++) if (st.active[base + q]) actives.push(q);
  for (let q = 0; q < slots.length; q++) {
    const g = base + q;
    if (!st.active[g] || a.delayPercent.enqueue[g]! < ENQ_ROW_PERCENT || q === holder) continue;
    let r: EnqueueState | undefined;
    if (inc && resource && holder >= 0 && enqWeight(st, base, q, holder, inc, slots[q]!.sc, topo) > 1) {
      r = byResource.get(-1);
      if (!r) {
        r = { major: resource.major, minor: resource.minor, scope: 'SYSTEMS', holder, waiters: [] };
        byResource.set(-1, r);
      }
    } else {
      const which = hashUnit(slots[q]!.key ^ 0x3c6ef372, Math.floor(mid / (10 * MIN))) * ENQ_RESOURCES.length;
      const ri = Math.floor(which);
      r = byResource.get(ri);
      if (!r) {
        const [major, minor, scope] = ENQ_RESOURCES[ri]!;
        let h = actives[Math.floor(hashUnit(hashString(minor) ^ l, Math.floor(mid / (10 * MIN))) * actives.length)]!;
        if (h === q) h = actives[(actives.indexOf(h) + 1) % actives.length]!;
        r = { major, minor, scope, holder: h, waiters: [] };
        byResource.set(ri, r);
      }
    }
    r.waiters.push(q);
  }
  const incident = byResource.get(-1);
  if (incident) out.push(incident);
  for (const [key, r] of byResource) if (key !== -1 && r.holder !== undefined) out.push(r);
}

/** The data set an ENQ contention incident is about (seeded by its id and start). */
export function enqResource(inc: { id: string; startMs: number }): { major: string; minor: string } {
  const h = hashString(`${inc.id}/${inc.startMs}`);
  const apps = ['PAYROLL', 'LEDGER', 'CLAIMS', 'ORDERS', 'BILLING', 'CUSTMAST'];
  const kinds = ['MASTER', 'KSDS', 'HISTORY', 'DAILY'];
  return { major: 'SYSDSN', minor: `PROD.${apps[h % apps.length]}.${kinds[(h >>> 8) % kinds.length]}` };
}

/** The names of the occupant of slot `q` of LPAR `l` in the evaluated interval. */
export function occupant(topo: Ctx['topo'], st: JobState, l: number, q: number): { jobName: string; jobId: string; type: (typeof AS_TYPES)[number]; jobClass: string; serviceClass: string; period: number; reportClass: string } {
  const g = st.offset[l]! + q;
  const sl = topo.populations[l]!.slots[q]!;
  const type = AS_TYPES[st.type[g]!]!;
  const j = st.member[g]!;
  const m = j >= 0 ? topo.lpars[l]!.classes[j]! : undefined;
  const sc = topo.serviceClasses[m ? m.sc : sl.sc]!;
  const code = st.code[g]!;
  // (a pure cache: the names are a function of the slot, its type and the code)
  const key = code * 8 + st.type[g]!;
  if (st.nameCode[g] !== key) {
    st.nameCode[g] = key;
    st.jobNames[g] = type === 'BATCH' ? batchJobName(code) : sl.name;
    st.jobIds[g] = type === 'BATCH' ? `JOB${jesNumber(code)}` : type === 'TSO' ? `TSU${jesNumber(code)}` : type === 'STC' ? `STC${jesNumber(code)}` : '';
  }
  return { jobName: st.jobNames[g]!, jobId: st.jobIds[g]!, type, jobClass: type === 'BATCH' || type === 'INIT' ? sl.jobClass : '', serviceClass: sc.name, period: m ? m.p + 1 : 1, reportClass: sc.reportClass >= 0 ? topo.reportClasses[sc.reportClass]! : '' };
}
