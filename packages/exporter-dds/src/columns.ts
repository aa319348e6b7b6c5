/**
 * THE table: for every served Monitor III report, its rows (which entities of core's snapshot it lists) and, for
 * every column and caption id of the real report, the accessor that reads its value from the snapshot, or
 * `blank` with the reason the model cannot fill it yet. Column order, types and ids come from the catalogue
 * extracted from real DDS answers (`generated/catalogue.ts`); this table only says where values come from.
 *
 * To fill a column once core's model has the value: replace its `blank(...)` by `num(fmt, (row, ctx) => …)` or
 * `text((row, ctx) => …)`. `test/columns.test.ts` checks that every id of every sample is here.
 * @module
 */
import { classServiceUnitsPerSecond, combinePeriods, partitions, performanceIndexOf, resourceGroupActual, resourceGroupOf, serviceUnitsPerCpuSecond, structureGeometry, type CfSnapshot, type CombinedPeriods, type ResourceGroup, type ReportClassSnapshot, type CfStructureSnapshot, type LcuSnapshot, type LparSnapshot, type ServiceClassSnapshot, type Snapshot, type Topology, type VolumeSnapshot } from '@rmf-sim/core';
import { formatNumber, type NumberFormat } from './format.js';

/** What an accessor sees besides its row. */
export interface ReportContext {
  /** The MINTIME window as one snapshot (averages of its intervals). */
  readonly snap: Snapshot;
  readonly topo: Readonly<Topology>;
  /** The system (MVS image) a per-system report is asked for. */
  readonly system: LparSnapshot | undefined;
  /** Length of the window in seconds. */
  readonly seconds: number;
  /** Local start of the window as `MM/DD/YY` and `hh.mm.ss` (caption dates). */
  readonly localDate: string;
  readonly localTime: string;
}

/** A cell value: a number (formatted by the column's format), a string as it is, or `undefined` for an empty cell. */
export type CellValue = number | string | undefined;

/** How one column (or caption variable) is filled. */
export type ColumnSource<R> = { readonly kind: 'value'; readonly get: (row: R, ctx: ReportContext) => CellValue; readonly format?: NumberFormat } | BlankColumn;

/** A column the model cannot fill yet. */
export interface BlankColumn {
  readonly kind: 'blank';
  /** Why: what the model lacks. */
  readonly reason: string;
}

/** A numeric accessor with its format. */
export function num<R>(format: NumberFormat, get: (row: R, ctx: ReportContext) => number | undefined): ColumnSource<R> {
  return { kind: 'value', get, format };
}
/** A text accessor. */
export function text<R>(get: (row: R, ctx: ReportContext) => string | undefined): ColumnSource<R> {
  return { kind: 'value', get };
}
/** A column the model cannot fill yet, with the reason. */
export function blank(reason: string): BlankColumn {
  return { kind: 'blank', reason };
}
/** The same reason for several ids, each listed. */
function blanks(reason: string, ids: string): Record<string, BlankColumn> {
  return Object.fromEntries(ids.split(/\s+/).filter(Boolean).map((id) => [id, blank(reason)]));
}

/** A report's rows and sources. */
export interface ReportSpec<R> {
  readonly rows: (ctx: ReportContext) => R[];
  readonly columns: Readonly<Record<string, ColumnSource<R>>>;
  readonly caption: Readonly<Record<string, ColumnSource<undefined>>>;
}

/** Formats one cell. */
export function cell<R>(src: ColumnSource<R> | undefined, row: R, ctx: ReportContext): string {
  if (!src || src.kind === 'blank') return '';
  const v = src.get(row, ctx);
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return src.format ? formatNumber(v, src.format) : String(v);
}

const NO_IIP_ON_CP = 'zIIP-eligible work that runs on GPs is modelled per system (SYSINFO), not per address space';
const NO_ZAAP = 'zAAPs do not exist on current machines and are not in the topology';
const NO_JOB_VOLUMES = 'the model names one volume per job (its main volume, the largest part of its device delay): the 2nd to 4th most delaying volumes are not fields';
const NO_COMPAT = 'domain and performance group numbers belong to WLM compatibility mode, which z/OS no longer has (goal mode only)';
const NO_IRD = 'IRD (WLM LPAR weight and vary-CPU management) is not modelled';
const NO_HW = 'hardware detail the topology does not declare';
// Where the model has no such state (a boost, a promotion, a deferred operation, a queued CF request, SCM, large
// pages), the real DDS of a system without it writes 0, N or OFF; so do these columns (`none`): every row of the
// samples in ../shared/dds-samples shows that value for these ids.
const none = <R>(value: 0 | 'N' | 'NO' | 'OFF' | 'None', { format = 'int', when = () => true }: { format?: NumberFormat; when?: (r: R) => boolean } = {}): ColumnSource<R> =>
  typeof value === 'number' ? num(format, (r: R) => (when(r) ? value : undefined)) : text((r: R) => (when(r) ? value : undefined));
const NO_POLICY = 'the topology has no WLM policy or service definition name';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const lparConf = (ctx: ReportContext, name: string) => ctx.topo.lpars.find((l) => l.name === name)!;

// ---------------------------------------------------------------- CPC
/** A row of the CPC report: a pool's summary, an LPAR of the pool, the pool's PHYSICAL row, or the gap after it. */
export interface CpcRow {
  kind: 'pool' | 'lpar' | 'physical' | 'gap';
  pool: 'CP' | 'IIP';
  lpar?: LparSnapshot;
}
/** Processors of a pool an LPAR has online. */
const lparProcs = (ctx: ReportContext, r: CpcRow) => (r.pool === 'CP' ? lparConf(ctx, r.lpar!.name).gp : lparConf(ctx, r.lpar!.name).ziip);
const poolProcs = (ctx: ReportContext, pool: CpcRow['pool']) => (pool === 'CP' ? ctx.topo.cpc.gp : ctx.topo.cpc.ziip);
const poolLpars = (ctx: ReportContext, pool: CpcRow['pool']) => ctx.snap.lpars.filter((l) => (pool === 'CP' ? lparConf(ctx, l.name).gp : lparConf(ctx, l.name).ziip) > 0);
/** PR/SM's view of an LPAR (weights, entitlement, capping limits). */
const partitionOf = (ctx: ReportContext, name: string) => partitions(ctx.topo).find((p) => p.name === name)!;
const dedicatedGp = (ctx: ReportContext) => ctx.topo.lpars.reduce((n, l) => n + (l.dedicated ? l.gp : 0), 0);
/** The logical processors of a pool's LPARs (the pool line), or of one LPAR, split into shared and dedicated. */
const logical = (ctx: ReportContext, r: CpcRow, which: 'all' | 'shared' | 'dedicated') => {
  const count = (l: LparSnapshot) => {
    const n = lparProcs(ctx, { ...r, lpar: l });
    const dedicated = r.pool === 'CP' && lparConf(ctx, l.name).dedicated;
    return which === 'all' || (which === 'dedicated') === dedicated ? n : 0;
  };
  return r.kind === 'lpar' ? count(r.lpar!) : r.kind === 'pool' ? sum(poolLpars(ctx, r.pool).map(count)) : undefined;
};
const lparBusy = (r: CpcRow) => (r.pool === 'CP' ? r.lpar!.cpu.generalPurposePercent : r.lpar!.cpu.ziipPercent);
/** The zIIPs have no PR/SM management time in the model: their totals are their effective busy. */
const lparLogicalTotal = (r: CpcRow) => (r.pool === 'CP' ? r.lpar!.cpu.logicalTotalPercent : r.lpar!.cpu.ziipPercent);
/** Share of the pool's physical processors an LPAR keeps busy, in %. */
const physicalEffective = (r: CpcRow) => (r.pool === 'CP' ? r.lpar!.cpu.physicalEffectivePercent : r.lpar!.cpu.ziipPhysicalEffectivePercent);
const lparMgmt = (r: CpcRow) => (r.pool === 'CP' ? r.lpar!.cpu.lparManagementPercent : 0);
const physicalMgmt = (ctx: ReportContext, pool: CpcRow['pool']) => (pool === 'CP' ? (ctx.snap.cpc?.managementPercent ?? 0) : 0);
const poolSum = (ctx: ReportContext, pool: CpcRow['pool'], f: (r: CpcRow) => number) => sum(poolLpars(ctx, pool).map((lpar) => f({ kind: 'lpar', pool, lpar })));
/** A physical % column: each LPAR's, the PHYSICAL line's (PR/SM's own time), and on the pool line their sum. */
const physical = (ctx: ReportContext, r: CpcRow, lpar: (r: CpcRow) => number, phys: number | undefined) =>
  r.kind === 'lpar' ? lpar(r) : r.kind === 'pool' ? poolSum(ctx, r.pool, lpar) + (phys ?? 0) : r.kind === 'physical' ? phys : undefined;
const poolPhysical = (ctx: ReportContext, pool: CpcRow['pool']) => poolSum(ctx, pool, physicalEffective);
const yn = (b: boolean) => (b ? 'Y' : 'N');
/** The PR/SM weight of an LPAR's shared processors of the pool, or the pool's total. */
const weightOf = (ctx: ReportContext, r: CpcRow): number | undefined => {
  const w = (l: LparSnapshot) => {
    const p = partitionOf(ctx, l.name);
    return r.pool === 'CP' ? p.weight : p.ziipWeight;
  };
  if (r.kind === 'lpar') return r.pool === 'CP' && lparConf(ctx, r.lpar!.name).dedicated ? undefined : w(r.lpar!);
  return r.kind === 'pool' ? sum(poolLpars(ctx, r.pool).map(w)) : undefined;
};
const vertical = (r: CpcRow) => (r.pool === 'CP' ? r.lpar!.hiperDispatch.gp : r.lpar!.hiperDispatch.ziip);
const LINE: Record<CpcRow['pool'], Record<CpcRow['kind'], string>> = {
  CP: { pool: 'CS', lpar: 'CP', physical: 'CY', gap: '' },
  IIP: { pool: 'US', lpar: 'UP', physical: 'UY', gap: '' },
};

const CPC: ReportSpec<CpcRow> = {
  rows(ctx) {
    const rows: CpcRow[] = [];
    for (const pool of ['CP', 'IIP'] as const) {
      if (poolProcs(ctx, pool) === 0) continue;
      if (rows.length) rows.push({ kind: 'gap', pool });
      rows.push({ kind: 'pool', pool });
      for (const lpar of poolLpars(ctx, pool)) rows.push({ kind: 'lpar', pool, lpar });
      rows.push({ kind: 'physical', pool });
    }
    return rows;
  },
  columns: {
    CPCPPNAM: text((r) => (r.kind === 'pool' ? `*${r.pool}` : r.kind === 'physical' ? 'PHYSICAL' : r.kind === 'gap' ? '' : r.lpar!.name)),
    CPCPDMSU: num('int', (r) => (r.kind === 'lpar' && r.pool === 'CP' ? r.lpar!.cpu.definedCapacityMsu : undefined)),
    CPCPAMSU: num('int', (r) => (r.kind === 'lpar' && r.pool === 'CP' ? r.lpar!.cpu.actualMsu : undefined)),
    // initial capping, absolute capping, hardware group capping
    CPCPCAPD: text((r, ctx) => (r.kind === 'lpar' ? `N ${yn(r.pool === 'CP' && partitionOf(ctx, r.lpar!.name).absoluteCapping > 0)} N` : undefined)),
    CPCPLPNO: num('d1', (r, ctx) => logical(ctx, r, 'all')),
    CPCPLEFU: num('d2', (r) => (r.kind === 'lpar' ? lparBusy(r) : undefined)),
    CPCPLTOU: num('d2', (r) => (r.kind === 'lpar' ? lparLogicalTotal(r) : undefined)),
    CPCPPLMU: num('d2', (r, ctx) => physical(ctx, r, lparMgmt, physicalMgmt(ctx, r.pool))),
    CPCPPEFU: num('d2', (r, ctx) => (r.kind === 'physical' ? undefined : physical(ctx, r, physicalEffective, 0))),
    CPCPPTOU: num('d2', (r, ctx) => physical(ctx, r, (x) => physicalEffective(x) + lparMgmt(x), physicalMgmt(ctx, r.pool))),
    CPCPIND: text((r) => LINE[r.pool][r.kind]),
    CPCPLPND: num('int', (r, ctx) => logical(ctx, r, 'shared')),
    CPCPDEDP: num('int', (r, ctx) => logical(ctx, r, 'dedicated')),
    CPCPWGHT: num('int', (r, ctx) => weightOf(ctx, r)),
    // with HiperDispatch the share of each vertical medium (IBM's rows: SY24 entitled to 3.89 CPs, 3 highs + 1
    // medium, shows 88.9; SY22 1.458 CPs over 2 mediums 72.9; highs + mediums × share = weight × one constant); a
    // whole processor where every one is a high (dedicated), 0 where all are lows
    CPCPLPSH: num('d1', (r, ctx) => {
      if (r.kind !== 'lpar') return undefined;
      const p = partitionOf(ctx, r.lpar!.name);
      const v = r.pool === 'CP' ? p.vertical.gp : p.vertical.ziip;
      return v.medium > 0 ? v.mediumSharePercent : v.high > 0 ? 100 : 0;
    }),
    // HiperDispatch's vertical polarisation of the LPAR's processors of the pool (PR/SM's, from its entitlement)
    CPCPVCMH: num('int', (r) => (r.kind === 'lpar' ? vertical(r).high : undefined)),
    CPCPVCMM: num('int', (r) => (r.kind === 'lpar' ? vertical(r).medium : undefined)),
    CPCPVCML: num('int', (r) => (r.kind === 'lpar' ? vertical(r).low : undefined)),
    CPCPOSNM: text((r) => (r.kind === 'lpar' ? r.lpar!.name : undefined)), // the MVS system name is the LPAR name
    CPCPLPCN: text((r, ctx) => (r.kind === 'lpar' ? ctx.snap.sysplex : undefined)), // every LPAR is in the sysplex
    CPCPLCIW: num('int', (r, ctx) => (r.kind === 'lpar' ? weightOf(ctx, r) : undefined)),
    ...blanks(NO_IRD, 'CPCPLCMW CPCPLCXW'),
    CPCPCGNM: text((r, ctx) => (r.kind === 'lpar' && r.pool === 'CP' ? partitionOf(ctx, r.lpar!.name).group?.name : undefined)),
    CPCPCGLT: num('int', (r, ctx) => (r.kind === 'lpar' && r.pool === 'CP' ? partitionOf(ctx, r.lpar!.name).group?.limitMsu : undefined)),
    CPCPCGEM: num('int', (r, ctx) => (r.kind === 'lpar' && r.pool === 'CP' ? partitionOf(ctx, r.lpar!.name).group?.minEntitlementMsu : undefined)),
    CPCPCGEX: num('int', (r, ctx) => (r.kind === 'lpar' && r.pool === 'CP' ? partitionOf(ctx, r.lpar!.name).group?.maxEntitlementMsu : undefined)),
    CPCPCSMB: num('int', (r) => (r.kind === 'lpar' && r.pool === 'CP' ? r.lpar!.memory.realCapacityBytes / 2 ** 20 : undefined)),
    CPCPUPID: num('int', (r, ctx) => (r.kind === 'lpar' ? partitionOf(ctx, r.lpar!.name).partitionId : undefined)),
    CPCPCAPI: text((r) => (r.kind === 'lpar' ? 'NO' : undefined)), // initial (weight) capping is not in the topology
    CPCPHWCC: num('d2', (r, ctx) => {
      const cap = r.kind === 'lpar' && r.pool === 'CP' ? partitionOf(ctx, r.lpar!.name).absoluteCapping : 0;
      return cap > 0 ? cap : undefined;
    }),
    ...blanks('hardware (absolute) group capping is not in the topology', 'CPCPHGNM CPCPHWGC'),
    // System Recovery Boost: never boosting (the zIIP boost on the zIIP pool's rows, the speed boost on the CP pool's)
    CPCPBIIP: none<CpcRow>('N', { when: (r) => r.kind === 'lpar' && r.pool === 'IIP' }),
    CPCPBSPD: none<CpcRow>('N', { when: (r) => r.kind === 'lpar' && r.pool === 'CP' }),
  },
  caption: {
    CPCHPNAM: text((_, ctx) => ctx.system?.name),
    CPCHMOD: text((_, ctx) => ctx.topo.cpc.model),
    CPCHMDL: text((_, ctx) => ctx.topo.cpc.capacitySetting),
    CPCHBSTT: none('N'),
    CPCHCMSU: num('int', (_, ctx) => ctx.snap.cpc?.capacityMsu),
    CPCHWF: blank(NO_IRD),
    CPCHLMSU: num('int', (_, ctx) => ctx.system?.cpu.r4haMsu),
    CPCHGNAM: text((_, ctx) => (ctx.system ? (partitionOf(ctx, ctx.system.name).group?.name ?? 'N/A') : undefined)),
    CPCHIMSU: num('int', (_, ctx) => (ctx.system ? partitionOf(ctx, ctx.system.name).imageCapacityMsu : undefined)),
    CPCHCAP: num('d1', (_, ctx) => ctx.system?.cpu.cappedPercent),
    CPCHLMAX: blank('the highest 4-hour average since IPL needs the history since IPL, which the simulator does not keep'),
    CPCHGLIM: text((_, ctx) => {
      const g = ctx.system && partitionOf(ctx, ctx.system.name).group;
      return ctx.system ? (g ? String(g.limitMsu) : 'N/A') : undefined;
    }),
    CPCHGL4H: blank('the time the system has been in its group is not modelled (always more than 4 hours)'),
    ...blanks('SMT (multithreading) is not modelled', 'CPCHMTMS CPCHPRDS'),
    CPCHAMSU: text(() => 'N'), // absolute MSU capping is not in the topology
    ...blanks('projections of the time until capping are not modelled', 'CPCHRMSU CPCHRGRP CPCHGAUN'),
    CPCHCPU: text((_, ctx) => ctx.topo.cpc.serial),
    CPCHCPCN: text((_, ctx) => ctx.topo.cpc.name),
    CPCHCPNO: num('int', (_, ctx) => ctx.topo.cpc.gp),
    CPCHIFAN: num('int', () => 0), // zAAPs do not exist on current machines
    CPCHICFN: num('int', (_, ctx) => ctx.topo.cpc.icf),
    CPCHIFLN: num('int', (_, ctx) => ctx.topo.cpc.ifl),
    CPCHSUPN: num('int', (_, ctx) => ctx.topo.cpc.ziip),
    CPCHPANO: num('int', (_, ctx) => ctx.topo.lpars.length),
    CPCHWAIT: text(() => 'NO'),
    CPCHPMSU: num('int', (_, ctx) => (ctx.snap.cpc ? (100 * ctx.snap.cpc.actualMsu) / ctx.snap.cpc.capacityMsu : undefined)),
    CPCHDEDC: num('int', (_, ctx) => dedicatedGp(ctx)),
    CPCHDEDA: blank('zAAPs do not exist on current machines and are not in the topology'),
    CPCHDEDI: num('int', () => 0),
    CPCHSHRC: num('int', (_, ctx) => ctx.topo.cpc.gp - dedicatedGp(ctx)),
    CPCHSHRA: blank('zAAPs do not exist on current machines and are not in the topology'),
    CPCHSHRI: num('int', (_, ctx) => ctx.topo.cpc.ziip),
    ...blanks(NO_IRD, 'CPCHVCPU CPCHWMGT'),
    ...blanks('capacity changes (on/off capacity, power save) are not modelled', 'CPCHCCAI CPCHCCCR'),
    ...blanks('SMT (multithreading) is not modelled', 'CPCHPRD CPCHMCFS CPCHMCF CPCHCFS CPCHCF CPCHATDS CPCHATD CPCHMTM'),
    CPCHBSTC: none('None'),
    CPCHCUTL: num('d1', (_, ctx) => ctx.snap.cpc?.utilizationPercent),
    CPCHAUTL: blank('zAAPs do not exist on current machines and are not in the topology'),
    CPCHUUTL: num('d1', (_, ctx) => (ctx.topo.cpc.ziip > 0 ? poolPhysical(ctx, 'IIP') : undefined)),
    ...blanks(NO_HW, 'CPCHLUTL CPCHFUTL'),
  },
};

// ---------------------------------------------------------------- SYSINFO
/**
 * A row of SYSINFO: the system, a WLM workload, a service class (period) or a report class on the asked system
 * (`classes`: the periods it covers; a report class's are its members).
 */
export interface WlmRow {
  kind: 'system' | 'workload' | 'class' | 'report';
  name: string;
  classes: ServiceClassSnapshot[];
  report?: ReportClassSnapshot;
}
const one = (r: WlmRow) => (r.kind === 'class' ? r.classes[0]! : undefined);
/** The state samples of a class or report class row (what their own columns show). */
const st = (r: WlmRow): Pick<ServiceClassSnapshot, 'velocityPercent' | 'usingPercent' | 'usingBy' | 'delayPercent'> | undefined => one(r) ?? r.report;
/** The row's response time: a class period's, or a report class's when its periods ended transactions. */
const rowRt = (r: WlmRow) => one(r)?.responseTimeSeconds ?? (r.report && r.report.transactionRate > 0 ? r.report.responseTimeSeconds : undefined);
const delaySum = (c: Pick<ServiceClassSnapshot, 'delayPercent'>) => c.delayPercent.cpu + c.delayPercent.io + c.delayPercent.storage;
const wlmRows = (classes: ServiceClassSnapshot[], reports: readonly ReportClassSnapshot[], systemName: string): WlmRow[] => {
  const rows: WlmRow[] = [{ kind: 'system', name: systemName, classes }];
  const workloads = [...new Set(classes.map((c) => c.workload))];
  for (const w of workloads) {
    const mine = classes.filter((c) => c.workload === w);
    rows.push({ kind: 'workload', name: w, classes: mine });
    for (const c of mine) rows.push({ kind: 'class', name: c.serviceClass, classes: [c] });
  }
  for (const report of reports) rows.push({ kind: 'report', name: report.name, classes: classes.filter((c) => report.serviceClasses.includes(c.serviceClass)), report });
  return rows;
};
const SYS_TYPE: Record<WlmRow['kind'], string> = { system: '', workload: 'W', class: 'S', report: 'R' };
/** The row's periods combined as WLM combines samples (a report class row: its own numbers, their combination). */
const combinedOf = (r: WlmRow): CombinedPeriods => {
  let c = rowCombined.get(r);
  if (!c) rowCombined.set(r, (c = combinePeriods(r.classes)));
  return c;
};
const rowCombined = new WeakMap<WlmRow, CombinedPeriods>();
/** Processor delay samples (GP, zIIP, capping) of a row, in % of its samples. */
const processorDelay = (c: CombinedPeriods) => c.delayPercent.cpu + c.delayPercent.capping;
/** The address spaces of a SYSINFO row: all of the system's, or those of the row's class periods. */
const spacesOf = (r: WlmRow, ctx: ReportContext): AddressSpace[] => {
  const all = ctx.system?.addressSpaces ?? [];
  if (r.kind === 'system') return all;
  let mine = rowSpaces.get(r);
  if (!mine) {
    const keys = new Set(r.classes.map((c) => `${c.serviceClass}/${c.period}`));
    mine = all.filter((a) => keys.has(`${a.serviceClass}/${a.period}`));
    rowSpaces.set(r, mine);
  }
  return mine;
};
/** The address spaces of each row, found once per row (every cell of the row asks). */
const rowSpaces = new WeakMap<WlmRow, AddressSpace[]>();
/** Average number of the row's address spaces in a state: their state percentages times their share of the interval. */
const users = (r: WlmRow, ctx: ReportContext, get: (a: AddressSpace) => number) => sum(spacesOf(r, ctx).map((a) => (get(a) / 100) * (a.samples / ctx.snap.intervalSeconds)));
/** A class of enclaves (DDF: DB2's distributed work runs in enclaves, in no address space of its own). */
const isEnclaveClass = (ctx: ReportContext, c: ServiceClassSnapshot) => ctx.topo.serviceClasses.find((x) => x.name === c.serviceClass)?.subsystem === 'DB2';
/** The CPU of enclave classes (DDF), which no address space of their own carries. */
const enclaveCpu = (r: WlmRow, ctx: ReportContext) => sum(r.classes.filter((c) => isEnclaveClass(ctx, c)).map((c) => c.cpu.applCpPercent + c.cpu.applZiipPercent));
/** Ended enclave transactions per second of some class periods: the transactions of their enclave classes. */
const enclaveRate = (classes: readonly ServiceClassSnapshot[], ctx: ReportContext) => sum(classes.filter((c) => isEnclaveClass(ctx, c)).map((c) => c.transactionRate));
/** Mean execution time of those enclave transactions, in ms (their response time; 0 when none ended). */
const enclaveMs = (classes: readonly ServiceClassSnapshot[], ctx: ReportContext) => {
  const mine = classes.filter((c) => isEnclaveClass(ctx, c) && c.responseTimeSeconds !== undefined);
  const tps = sum(mine.map((c) => c.transactionRate));
  return tps > 0 ? (1000 * sum(mine.map((c) => c.transactionRate * c.responseTimeSeconds!))) / tps : 0;
};
/** Bytes of central storage of some address spaces: their working sets (private frames in use). */
const memoryBytes = (spaces: readonly AddressSpace[]) => 4096 * sum(spaces.map((a) => a.storage.workingSetFrames));

const SYSINFO: ReportSpec<WlmRow> = {
  rows: (ctx) => (ctx.system ? wlmRows(ctx.system.wlm, ctx.system.reportClasses, '*SYSTEM') : []),
  columns: {
    SYSNAMVC: text((r) => r.name),
    SYSTYPVC: text((r) => SYS_TYPE[r.kind]),
    SYSWFLVC: num('int', (r) => st(r)?.velocityPercent), // workflow % = using / (using + delay), the velocity
    SYSTUSVC: num('int', (r, ctx) => spacesOf(r, ctx).length),
    SYSAUSVC: text((r, ctx) => String(spacesOf(r, ctx).filter((a) => a.active).length)), // typed T in the real report
    SYSTRSVC: num('d2', (r) => sum(r.classes.map((c) => c.transactionRate))),
    // the active address spaces' frames, in % of the system's frames in use
    SYSAFCVC: num('int', (r, ctx) => (ctx.system ? (100 * 4096 * sum(spacesOf(r, ctx).filter((a) => a.active).map((a) => a.storage.workingSetFrames))) / ctx.system.memory.realStorageBytes : undefined)),
    SYSRSPM: num('int', (r) => (rowRt(r) === undefined ? undefined : rowRt(r)! * 1000)),
    SYSAUPVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.usingBy.processor)),
    SYSAUDVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.usingBy.device)),
    SYSADPVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.delayPercent.cpu)),
    SYSADDVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.delayPercent.io)),
    SYSADSVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.delayPercent.storage)),
    SYSADUVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.delayPercent.subsystem)),
    SYSADOVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.delayPercent.operator)),
    SYSADEVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.delayPercent.enqueue)),
    SYSADJVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.delayPercent.jes)),
    SYSADHVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.delayPercent.hsm)),
    SYSADXVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.delayPercent.xcf)),
    // parts of SYSADOVC (the third, quiesce, has no column in SYSINFO)
    SYSADNVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.delayPercent.operatorMount)),
    SYSADMVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.delayPercent.operatorMessage)),
    // CPU time of the row's classes (their APPL%: GPs and zIIPs), in % of one processor
    SYSCPUVC: num('sig4', (r) => sum(r.classes.map((c) => c.cpu.applCpPercent + c.cpu.applZiipPercent))), // a report class row: its periods'
    // the DDF classes' enclave time counts as TCB time (preemptible enclave SRBs are charged as TCB time in WLM's view)
    SYSSRBVC: num('sig4', (r, ctx) => sum(spacesOf(r, ctx).map((a) => a.cpu.srbPercent))),
    SYSTCBVC: num('sig4', (r, ctx) => sum(spacesOf(r, ctx).map((a) => a.cpu.tcbPercent)) + enclaveCpu(r, ctx)),
    SYSIFAVC: blank(NO_ZAAP),
    SYSCPVC: num('sig4', (r) => sum(r.classes.map((c) => c.cpu.applCpPercent))),
    SYSIFCVC: none(0, { format: 'd3' }), // zAAP-eligible work on CPs: there are no zAAPs
    SYSRSPVC: num('d3', (r) => rowRt(r)),
    SYSVELVC: num('int', (r) => st(r)?.velocityPercent),
    SYSUGMVC: num('int', (r) => st(r)?.usingPercent),
    SYSUGPVC: num('int', (r) => st(r)?.usingBy.processor),
    SYSUGDVC: num('int', (r) => st(r)?.usingBy.device),
    SYSWGDVC: num('int', (r) => (st(r) ? workflow(st(r)!.usingBy.device, st(r)!.delayPercent.io) : undefined)),
    SYSWGPVC: num('int', (r) => (st(r) ? workflow(st(r)!.usingBy.processor, st(r)!.delayPercent.cpu) : undefined)),
    SYSDGMVC: num('int', (r) => (st(r) ? delaySum(st(r)!) : undefined)),
    SYSUJMVC: num('d1', (r, ctx) => users(r, ctx, (a) => a.usingPercent)),
    SYSDJMVC: num('d1', (r, ctx) => users(r, ctx, totalDelay)),
    SYSDGEVC: num('int', (r) => st(r)?.delayPercent.enqueue),
    SYSDGHVC: num('int', (r) => st(r)?.delayPercent.hsm),
    SYSDGDVC: num('int', (r) => st(r)?.delayPercent.io),
    SYSDGJVC: num('int', (r) => st(r)?.delayPercent.jes),
    SYSDGOVC: num('int', (r) => st(r)?.delayPercent.operator),
    SYSDGPVC: num('int', (r) => st(r)?.delayPercent.cpu),
    SYSDGSVC: num('int', (r) => st(r)?.delayPercent.storage),
    SYSDGUVC: num('int', (r) => st(r)?.delayPercent.subsystem),
    SYSDGXVC: num('int', (r) => st(r)?.delayPercent.xcf),
    SYSDDSIN: text((r) => r.name),
    SYSDDSIT: text((r) => SYS_TYPE[r.kind]),
    SYSDDSIP: num('int', (r) => one(r)?.period),
    SYSRCTNT: blank('tenant report classes are not modelled'),
    SYSEAPVC: num('sig4', (r, ctx) => sum(spacesOf(r, ctx).map((a) => a.cpu.eapplCpPercent + a.cpu.eapplZiipPercent)) + (r.kind === 'system' ? 0 : enclaveCpu(r, ctx))),
    SYSLPIVC: num('d1', (r) => one(r)?.performanceIndex),
    SYSSUPVC: num('sig4', (r) => sum(r.classes.map((c) => c.cpu.applZiipPercent))),
    ...blanks(NO_IIP_ON_CP, 'SYSSUCVC'),
    SYSPDPVC: none(0, { format: 'd3' }), // WLM never promotes blocked work in the model
    // processor delay samples of the row's periods (sample-weighted), by type: GP, zIIP, capping
    SYSTODVC: num('d2', (r) => processorDelay(combinedOf(r))),
    SYSCPDVC: num('d2', (r) => combinedOf(r).delayPercent.cpu - combinedOf(r).delayPercent.ziip),
    SYSAPDVC: none(0, { format: 'd2' }), // zAAP delay: there are no zAAPs (the real rows: 0.00 on every line)
    SYSIPDVC: num('d2', (r) => combinedOf(r).delayPercent.ziip),
    SYSRGCVC: num('d2', (r) => combinedOf(r).delayPercent.capping),
    SYSDLYVC: num('int', (r) => (combinedOf(r).samples * processorDelay(combinedOf(r))) / 100),
    // the working sets of the row's address spaces, in bytes (the real *SYSTEM line leaves it empty)
    SYSMEMUS: num('int', (r, ctx) => (r.kind === 'system' ? undefined : memoryBytes(spacesOf(r, ctx)))),
    SYSECTVC: num('d2', (r, ctx) => enclaveRate(r.classes, ctx)),
    SYSECEVC: num('d3', (r, ctx) => (r.kind === 'system' ? undefined : enclaveMs(r.classes, ctx))),
    SYSCRIVC: blank('storage/CPU critical flags are not in the topology'),
    SYSAIIVC: blank('WLM batch initiator management is not modelled'),
  },
  caption: {
    SYSPARVC: text((_, ctx) => ctx.system?.name),
    SYSMODVC: text((_, ctx) => ctx.topo.cpc.model),
    SYSMDLVC: blank(NO_HW),
    // the address spaces' CPU time in % of the system's processors of the type
    SYSTSVVC: num('d1', (_, ctx) => (ctx.system ? sum(ctx.system.addressSpaces.map((a) => a.cpu.applCpPercent)) / lparConf(ctx, ctx.system.name).gp : undefined)),
    SYSPOLVC: blank(NO_POLICY),
    SYSPRVVC: num('d1', (_, ctx) => (ctx.system ? lparConf(ctx, ctx.system.name).gp : undefined)),
    SYSCUVVC: num('int', (_, ctx) => ctx.system?.cpu.generalPurposePercent),
    SYSTSEVC: num('d1', (_, ctx) => (ctx.system ? sum(ctx.system.addressSpaces.map((a) => a.cpu.eapplCpPercent)) / lparConf(ctx, ctx.system.name).gp : undefined)),
    SYSPADVC: blank(NO_POLICY),
    SYSLCPVC: blank('MVS view of CPU busy (incl. wait) is not modelled separately from the LPAR view'),
    SYSPATVC: blank(NO_POLICY),
    SYSPRTVC: num('d1', (_, ctx) => (ctx.system ? lparConf(ctx, ctx.system.name).ziip : undefined)),
    SYSAPTVC: num('d1', (_, ctx) => {
      const z = ctx.system ? lparConf(ctx, ctx.system.name).ziip : 0;
      return ctx.system && z > 0 ? sum(ctx.system.addressSpaces.map((a) => a.cpu.applZiipPercent)) / z : undefined;
    }),
    SYSATCVC: blank(NO_IIP_ON_CP),
    SYSLOAVG: blank('the load average is not modelled'),
    SYSCVAVC: blank(NO_IRD),
    ...blanks('zAAPs do not exist on current machines and are not in the topology', 'SYSCUAVC SYSMUAVC'),
    SYSCUIVC: num('int', (_, ctx) => ctx.system?.cpu.ziipPercent),
    SYSMUIVC: blank('MVS view of zIIP busy is not modelled separately from the LPAR view'),
    SYSAHPVC: blank('zAAPs do not exist on current machines and are not in the topology'),
    SYSIHPVC: text(() => 'YES'), // GPs help the zIIPs (IIPHONORPRIORITY=YES): the model's zIIP spill
    SYSPKCVC: num('d1', (_, ctx) => ctx.system?.hiperDispatch.gp.parked),
    SYSPKAVC: blank('zAAPs do not exist on current machines and are not in the topology'),
    SYSPKIVC: num('d1', (_, ctx) => (ctx.system && lparConf(ctx, ctx.system.name).ziip > 0 ? ctx.system.hiperDispatch.ziip.parked : undefined)),
    ...blanks('zAAPs do not exist on current machines and are not in the topology', 'SYSPRIVC SYSAPIVC SYSAICVC'),
  },
};

// ---------------------------------------------------------------- SYSSUM
/**
 * A row of SYSSUM: a workload, a service class period or a report class, with its snapshot on every system that
 * runs it (a report class: its member periods, and its own snapshots in `reports`).
 */
export interface SumRow {
  kind: 'workload' | 'class' | 'report';
  name: string;
  perSystem: ServiceClassSnapshot[];
  reports?: ReportClassSnapshot[];
}
const rtOf = (r: SumRow): number | undefined => {
  // the sysplex response time: total time over total transactions of every system
  const rt = r.perSystem.filter((c) => c.responseTimeSeconds !== undefined);
  const tps = sum(rt.map((c) => c.transactionRate));
  return r.kind !== 'workload' && rt.length && tps > 0 ? sum(rt.map((c) => c.transactionRate * c.responseTimeSeconds!)) / tps : undefined;
};
const goalOf = (r: SumRow) => (r.kind === 'class' ? r.perSystem[0]!.goal : undefined);
const percentileOf = (r: SumRow) => {
  const g = goalOf(r);
  return g?.kind === 'responseTime' ? g.percentile : undefined;
};
/** The row sysplex-wide, as WLM combines the systems' samples (a report class: its own snapshots combined). */
const plexOf = (r: SumRow): CombinedPeriods => {
  let c = plexCombined.get(r);
  if (!c) plexCombined.set(r, (c = r.reports ? combinePeriods(r.reports) : combinePeriods(r.perSystem)));
  return c;
};
const plexCombined = new WeakMap<SumRow, CombinedPeriods>();
type RtPart = keyof NonNullable<ServiceClassSnapshot['responseTimeBreakdown']>;
/** A part of a class's response time sysplex-wide: its ended transactions' mean over every system. */
const rtPart = (r: SumRow, part: RtPart): number | undefined => {
  const rt = r.perSystem.filter((c) => c.responseTimeBreakdown !== undefined);
  const tps = sum(rt.map((c) => c.transactionRate));
  return r.kind !== 'workload' && rt.length && tps > 0 ? sum(rt.map((c) => c.transactionRate * c.responseTimeBreakdown![part])) / tps : undefined;
};
const ms = (x: number | undefined) => (x === undefined ? undefined : x * 1000);
/** Duration of a class period in service units (none for the last or only period). */
const durationOf = (r: SumRow, ctx: ReportContext) => {
  if (r.kind !== 'class') return undefined;
  const c = r.perSystem[0]!;
  return ctx.topo.serviceClasses.find((x) => x.name === c.serviceClass)?.periods?.[c.period - 1]?.durationServiceUnits;
};
/** The resource group of a SYSSUM class row (none for workload and report class rows). */
const groupOf = (r: SumRow, ctx: ReportContext) => (r.kind === 'class' ? resourceGroupOf(ctx.topo, r.name) : undefined);
/** Capacity actual of a class row's resource group sysplex-wide, in service units per second (0 without a group, as real rows show). */
const groupActual = (r: SumRow, ctx: ReportContext) => {
  if (r.kind !== 'class') return undefined;
  const g = groupOf(r, ctx);
  return g ? resourceGroupActual(g, ctx.snap.lpars.flatMap((l) => l.wlm), serviceUnitsPerCpuSecond(ctx.topo.cpc)) : 0;
};
/** A capacity bound of a class row's resource group; `N/A` on a class without a group (the real rows), empty on other rows. */
const groupBound = (r: SumRow, ctx: ReportContext, bound: 'minServiceUnits' | 'maxServiceUnits') => {
  if (r.kind !== 'class') return undefined;
  const g = groupOf(r, ctx);
  return g ? (g[bound] === undefined ? undefined : String(g[bound])) : 'N/A';
};

const SUM_TYPE: Record<SumRow['kind'], string> = { workload: 'W', class: 'S', report: 'R' };
/** The address spaces of a SYSSUM row on every system: those of its class periods (indexed once per window). */
const sumSpaces = (r: SumRow, ctx: ReportContext): AddressSpace[] => {
  let byPeriod = spacesByPeriod.get(ctx.snap);
  if (!byPeriod) {
    byPeriod = new Map();
    for (const l of ctx.snap.lpars) {
      for (const a of l.addressSpaces) {
        const key = `${a.serviceClass}/${a.period}`;
        const list = byPeriod.get(key);
        if (list) list.push(a);
        else byPeriod.set(key, [a]);
      }
    }
    spacesByPeriod.set(ctx.snap, byPeriod);
  }
  const keys = new Set(r.perSystem.map((c) => `${c.serviceClass}/${c.period}`));
  return [...keys].flatMap((k) => byPeriod.get(k) ?? []);
};
const spacesByPeriod = new WeakMap<Snapshot, Map<string, AddressSpace[]>>();

const SYSSUM: ReportSpec<SumRow> = {
  rows(ctx) {
    const all = ctx.snap.lpars.flatMap((l) => l.wlm);
    const rows: SumRow[] = [];
    for (const w of [...new Set(all.map((c) => c.workload))]) {
      rows.push({ kind: 'workload', name: w, perSystem: all.filter((c) => c.workload === w) });
      // a row per service class period (SUMDDSIP), each with the period on every system that runs it
      for (const key of [...new Set(all.filter((c) => c.workload === w).map((c) => `${c.serviceClass}/${c.period}`))]) {
        const perSystem = all.filter((c) => `${c.serviceClass}/${c.period}` === key);
        rows.push({ kind: 'class', name: perSystem[0]!.serviceClass, perSystem });
      }
    }
    const reports = ctx.snap.lpars.flatMap((l) => l.reportClasses);
    for (const name of [...new Set(reports.map((x) => x.name))]) {
      const mine = reports.filter((x) => x.name === name);
      const members = new Set(mine.flatMap((x) => x.serviceClasses));
      rows.push({ kind: 'report', name, perSystem: all.filter((c) => members.has(c.serviceClass)), reports: mine });
    }
    return rows;
  },
  columns: {
    SUMGRP: text((r) => r.name),
    SUMTYP: text((r) => SUM_TYPE[r.kind]),
    SUMRCTNT: blank('tenant report classes are not modelled'),
    SUMIMP: num('int', (r) => (r.kind === 'class' ? r.perSystem[0]!.importance : undefined)),
    SUMEVG: num('int', (r) => (goalOf(r)?.kind === 'velocity' ? (goalOf(r) as { percent: number }).percent : undefined)),
    SUMEVA: num('d1', (r) => plexOf(r).velocityPercent), // over the systems' summed using and delay samples
    SUMRTGTM: num('int', (r) => (goalOf(r)?.kind === 'responseTime' ? (goalOf(r) as { seconds: number }).seconds * 1000 : undefined)),
    SUMRTGP: text((r) => (percentileOf(r) === undefined ? undefined : `${percentileOf(r)}%`)),
    SUMRTATM: num('int', (r) => ms(rtOf(r))),
    // the share of the transactions that met a percentile goal, sysplex-wide
    SUMRTAP: text((r) => (percentileOf(r) === undefined || plexOf(r).goalAchievedPercent === undefined ? undefined : `${Math.floor(plexOf(r).goalAchievedPercent!)}%`)),
    SUMPFID: num('d1', (r) => (goalOf(r) ? performanceIndexOf(goalOf(r)!, { velocityPercent: plexOf(r).velocityPercent, responseTimeSeconds: rtOf(r) }) : undefined)),
    SUMTRAN: num('d3', (r) => plexOf(r).transactionRate),
    SUMECTR: num('d3', (r, ctx) => enclaveRate(r.perSystem, ctx)),
    SUMARTWM: num('d3', (r) => (rtPart(r, 'activeSeconds') === undefined ? undefined : 0)), // no other wait part (see SUMARTW)
    SUMARTAM: num('d3', (r) => ms(rtPart(r, 'activeSeconds'))),
    SUMARTTM: num('d3', (r) => ms(r.kind === 'workload' ? undefined : rtOf(r))),
    SUMARTQM: num('d3', (r) => ms(rtPart(r, 'queueSeconds'))),
    SUMARTRM: num('d3', (r) => ms(rtPart(r, 'affinitySeconds'))),
    SUMARTIM: num('d3', (r) => ms(rtPart(r, 'ineligibleSeconds'))),
    SUMARTCM: num('d3', (r) => ms(rtPart(r, 'conversionSeconds'))),
    SUMECTRE: num('d3', (r, ctx) => enclaveMs(r.perSystem, ctx)),
    SUMGOA: text((r) => (goalOf(r) ? (goalOf(r)!.kind === 'velocity' ? 'V' : percentileOf(r) !== undefined ? 'P' : 'A') : undefined)),
    SUMDUR: num('int', (r, ctx) => durationOf(r, ctx)),
    // resource groups (type 1: service units per second sysplex-wide) on the rows of their member classes' periods
    SUMRES: text((r, ctx) => groupOf(r, ctx)?.name),
    SUMRGTYP: text((r, ctx) => (groupOf(r, ctx) ? 'SU/sec' : undefined)),
    SUMSMI: text((r, ctx) => groupBound(r, ctx, 'minServiceUnits')),
    SUMSMA: text((r, ctx) => groupBound(r, ctx, 'maxServiceUnits')),
    SUMSRA: num('d3', (r, ctx) => groupActual(r, ctx)),
    SUMRGSPC: text((r, ctx) => { const g = groupOf(r, ctx); return g ? (g.includeSpecialtyProcessors ? 'Yes' : 'No') : undefined; }),
    ...blanks('storage/CPU critical and honor-priority flags are not in the topology', 'SUMCRIT SUMHONP'),
    // no resource group has a memory limit (the real rows: N/A on a class line, empty on a workload line)
    SUMMLIM: text((r) => (r.kind === 'class' ? 'N/A' : undefined)),
    // the working sets of the row's address spaces on every system, in bytes (= Σ of its SYSINFO SYSMEMUS)
    SUMMEMUS: num('int', (r, ctx) => memoryBytes(sumSpaces(r, ctx))),
    SUMDDSIN: text((r) => r.name),
    SUMDDSIT: text((r) => SUM_TYPE[r.kind]),
    SUMDDSIP: num('int', (r) => (r.kind === 'class' ? r.perSystem[0]!.period : undefined)),
    // the description in the service definition: a service class's or a report class's (workloads have none in the topology)
    SUMEGRP: text((r, ctx) => (r.kind === 'class' ? ctx.topo.serviceClasses : r.kind === 'report' ? ctx.topo.reportClasses : []).find((c) => c.name === r.name)?.description),
    SUMRTGT: num('d3', (r) => (goalOf(r)?.kind === 'responseTime' ? (goalOf(r) as { seconds: number }).seconds : undefined)),
    SUMRTAT: num('d3', (r) => rtOf(r)),
    // the model's response time is its active, queue, conversion, ineligible and affinity parts: the other wait is 0
    // wherever the breakdown is shown (the real rows: 0.000 where SUMARTA is filled)
    SUMARTW: num('d3', (r) => (rtPart(r, 'activeSeconds') === undefined ? undefined : 0)),
    SUMARTA: num('d3', (r) => rtPart(r, 'activeSeconds')),
    SUMARTT: num('d3', (r) => (r.kind === 'workload' ? undefined : rtOf(r))),
    SUMARTQ: num('d3', (r) => rtPart(r, 'queueSeconds')),
    SUMARTR: num('d3', (r) => rtPart(r, 'affinitySeconds')),
    SUMARTI: num('d3', (r) => rtPart(r, 'ineligibleSeconds')),
    SUMARTC: num('d3', (r) => rtPart(r, 'conversionSeconds')),
    SUMAIINF: none('NO', { when: (r) => r.kind === 'class' }), // the model's initiators are JES2's, not WLM-managed (real class lines: NO)
  },
  caption: {
    ...blanks(NO_POLICY, 'SUMSRVVC SUMIDTVC SUMACPVC SUMADTVC'),
  },
};

// ---------------------------------------------------------------- SYSRG
/**
 * A row of SYSRG: a resource group's line (sysplex-wide), then one per system of the sysplex (every system, as the
 * real report lists them, 0 where the group has no work), then one per member service class (sysplex-wide).
 */
export interface RgRow {
  kind: 'group' | 'system' | 'class';
  group: ResourceGroup;
  /** the system of a system line */
  system?: string;
  /** the member class of a class line */
  serviceClass?: string;
}
/** Capacity actual of a SYSRG row in service units per second: its group's member periods on its system(s), of its class(es). */
const rgActual = (r: RgRow, ctx: ReportContext): number => {
  const su = serviceUnitsPerCpuSecond(ctx.topo.cpc);
  const members = new Set(r.kind === 'class' ? [r.serviceClass!] : r.group.serviceClasses);
  let total = 0;
  for (const l of ctx.snap.lpars) {
    if (r.kind === 'system' && l.name !== r.system) continue;
    for (const c of l.wlm) if (members.has(c.serviceClass)) total += classServiceUnitsPerSecond(c, su, r.group.includeSpecialtyProcessors);
  }
  return total;
};
const SYSRG: ReportSpec<RgRow> = {
  rows(ctx) {
    return ctx.topo.resourceGroups.flatMap((group) => [
      { kind: 'group' as const, group },
      ...ctx.snap.lpars.map((l) => ({ kind: 'system' as const, group, system: l.name })),
      // (a member class the topology does not have is not listed)
      ...group.serviceClasses.filter((name) => ctx.topo.serviceClasses.some((c) => c.name === name)).map((serviceClass) => ({ kind: 'class' as const, group, serviceClass })),
    ]);
  },
  columns: {
    SRGNAME: text((r) => (r.kind === 'group' ? r.group.name : undefined)),
    SRGTYPE: text((r) => (r.kind === 'group' ? 'RG' : undefined)), // (TRG: tenant resource groups, not modelled)
    SRGDESCD: text((r) => (r.kind === 'group' ? r.group.description : undefined)),
    SRGSYS: text((r) => (r.kind === 'system' ? r.system : '*ALL')),
    SRGSCTRC: text((r) => (r.kind === 'class' ? r.serviceClass : '*ALL')),
    SRGSRTYP: text((r) => (r.kind === 'group' ? 'SU/sec' : undefined)), // type 1, the only one modelled
    SRGSRMIN: num('int', (r) => (r.kind === 'group' ? r.group.minServiceUnits : undefined)),
    SRGSRMAX: num('int', (r) => (r.kind === 'group' ? r.group.maxServiceUnits : undefined)),
    // the actual in the three units the real report shows: CPs (CPU seconds per second), MSU (per hour), SU/sec
    SRGSRACP: num('d2', (r, ctx) => rgActual(r, ctx) / serviceUnitsPerCpuSecond(ctx.topo.cpc)),
    SRGSRAMS: num('int', (r, ctx) => (rgActual(r, ctx) * 3600) / 1e6),
    SRGSRASU: num('int', (r, ctx) => rgActual(r, ctx)),
    SRGSPINC: text((r) => (r.kind === 'group' ? (r.group.includeSpecialtyProcessors ? 'Yes' : 'No') : undefined)),
    // no group has a memory limit: the limit is empty and the actual 0 on the system lines (the real rows of groups
    // without one), empty elsewhere
    SRGMMAX: text(() => undefined),
    SRGMACT: num('int', (r) => (r.kind === 'system' ? 0 : undefined)),
    SRGSID: text((r) => (r.kind === 'system' ? r.system : r.kind === 'group' ? '*ALL' : undefined)),
  },
  caption: {},
};

// ---------------------------------------------------------------- job-based reports (the system's address spaces)
type AddressSpace = LparSnapshot['addressSpaces'][number];
const asid = (a: AddressSpace) => String(a.asid).padStart(4, '0');
/** Job class as the reports show it: S started task, T TSO user, B batch job, O z/OS UNIX process. */
const jobClass = (a: AddressSpace) => (a.type === 'TSO' ? 'T' : a.type === 'BATCH' ? 'B' : a.jobName.startsWith('BPXAS') || a.jobName.startsWith('OMVSUSR') ? 'O' : 'S');
const appl = (a: AddressSpace) => a.cpu.applCpPercent + a.cpu.applZiipPercent;
const eappl = (a: AddressSpace) => a.cpu.eapplCpPercent + a.cpu.eapplZiipPercent;
const totalDelay = (a: AddressSpace) => {
  const d = a.delayPercent;
  return d.cpu + d.capping + d.io + d.storage + d.enqueue + d.jes + d.hsm + d.xcf + d.operator + d.subsystem;
};
/** CPU time over the window in milliseconds, from a % of one processor. */
const msOf = (percent: number, ctx: ReportContext) => (percent / 100) * ctx.seconds * 1000;
/** The system's zIIP-eligible work that ran on GPs, in % of one processor, over the zIIP time of its address spaces. */
const spillPerZiip = new WeakMap<LparSnapshot, number>();
/**
 * zIIP-eligible CPU time of an address space that ran on GPs, in % of one processor: the system's (SYSINFO's zIIP
 * help, core's `ziipEligibleOnCpPercent` of the GP capacity) shared by the address spaces' zIIP time, at most its CP
 * time. So the address spaces add up to the system's, as long as none is capped at its CP time.
 */
const iict = (a: AddressSpace, ctx: ReportContext): number => {
  const sys = ctx.system;
  if (!sys) return 0;
  let k = spillPerZiip.get(sys);
  if (k === undefined) {
    const gp = ctx.topo.lpars.find((l) => l.name === sys.name)?.gp ?? 0;
    const ziip = sum(sys.addressSpaces.map((x) => x.cpu.applZiipPercent));
    k = ziip > 0 ? (sys.cpu.ziipEligibleOnCpPercent * gp) / ziip : 0;
    spillPerZiip.set(sys, k);
  }
  return Math.min(a.cpu.applCpPercent, a.cpu.applZiipPercent * k);
};
const active = (ctx: ReportContext) => (ctx.system?.addressSpaces ?? []).filter((a) => a.active);
const byCpu = (xs: AddressSpace[]) => [...xs].sort((a, b) => eappl(b) - eappl(a) || a.asid - b.asid);

/** A row of PROC: one processor type (CP, IIP) of an active address space. */
export interface ProcRow {
  as: AddressSpace;
  type: 'CP' | 'IIP';
  /** The three jobs holding the processors while it waited (the system's top users), with their shares of its delay. */
  holders: { name: string; percent: number }[];
}
/** Its processor samples of one type: using split by CPU time, the zIIP part of the delay. */
const using = (r: ProcRow) => {
  const total = appl(r.as);
  const share = total > 0 ? (r.type === 'CP' ? r.as.cpu.applCpPercent : r.as.cpu.applZiipPercent) / total : r.type === 'CP' ? 1 : 0;
  return r.as.usingBy.processor * share;
};
const delayOf = (r: ProcRow) => (r.type === 'CP' ? r.as.delayPercent.cpu - r.as.delayPercent.ziip : r.as.delayPercent.ziip);
const workflow = (u: number, d: number) => (u + d > 0 ? (100 * u) / (u + d) : 0);

const PROC: ReportSpec<ProcRow> = {
  rows(ctx) {
    const all = byCpu(active(ctx));
    const top = all.slice(0, 3);
    const topCpu = sum(top.map(eappl));
    return all.flatMap((as) => {
      const holders = (type: ProcRow['type']) => {
        const d = type === 'CP' ? as.delayPercent.cpu - as.delayPercent.ziip : as.delayPercent.ziip;
        return d >= 1 && topCpu > 0 ? top.map((h) => ({ name: h.jobName, percent: (d * eappl(h)) / topCpu })) : [];
      };
      const rows: ProcRow[] = [{ as, type: 'CP', holders: holders('CP') }];
      if (as.cpu.eapplZiipPercent > 0) rows.push({ as, type: 'IIP', holders: holders('IIP') });
      return rows;
    });
  },
  columns: {
    PRCPJOB: text((r) => r.as.jobName),
    PRCPJID: text((r) => r.as.jobId),
    PRCPASI: text((r) => asid(r.as)),
    PRCPCLAX: text((r) => jobClass(r.as)),
    PRCPSVCL: text((r) => r.as.serviceClass),
    PRCPRPCL: text((r) => r.as.reportClass),
    PRCPODEL: num('int', (r) => r.as.delayPercent.cpu),
    PRCPOUSE: num('int', (r) => r.as.usingBy.processor),
    PRCPTYPE: text((r) => r.type),
    PRCPTST: num('sig4', (r) => appl(r.as)),
    PRCPCAP: num('int', (r) => r.as.delayPercent.capping),
    PRCPETST: num('sig4', (r) => eappl(r.as)),
    PRCPAPPL: num('sig4', (r) => (r.type === 'CP' ? r.as.cpu.applCpPercent : r.as.cpu.applZiipPercent)),
    PRCPEAPP: num('sig4', (r) => (r.type === 'CP' ? r.as.cpu.eapplCpPercent : r.as.cpu.eapplZiipPercent)),
    PRCPTWFL: num('int', (r) => workflow(using(r), delayOf(r))),
    PRCPTDEL: num('int', (r) => delayOf(r)),
    PRCPTUSE: num('int', (r) => using(r)),
    PRCPAACP: num('int', (r) => (r.type === 'CP' ? 0 : undefined)), // zAAP work on CPs: there are no zAAPs
    // of its samples using a CP, those for zIIP-eligible work: its CP using samples × the zIIP-eligible share of its CP time
    PRCPIICP: num('int', (r, ctx) => (r.type === 'CP' ? (r.as.cpu.applCpPercent > 0 ? (using(r) * iict(r.as, ctx)) / r.as.cpu.applCpPercent : 0) : undefined)),
    PRC1SDEL: num('int', (r) => r.holders[0]?.percent),
    PRC1JOBN: text((r) => r.holders[0]?.name),
    PRC2SDEL: num('int', (r) => r.holders[1]?.percent),
    PRC2JOBN: text((r) => r.holders[1]?.name),
    PRC3SDEL: num('int', (r) => r.holders[2]?.percent),
    PRC3JOBN: text((r) => r.holders[2]?.name),
    PRCTCPUT: num('int', (r, ctx) => msOf(eappl(r.as), ctx)),
  },
  caption: {},
};

const PROCU: ReportSpec<AddressSpace> = {
  rows: (ctx) => byCpu(active(ctx)),
  columns: {
    PRUPJOB: text((a) => a.jobName),
    PRUPJID: text((a) => a.jobId),
    PRUPASI: text((a) => asid(a)),
    PRUPCLA: text((a) => jobClass(a)),
    PRUPCLAX: text((a) => jobClass(a)),
    PRUPSVCL: text((a) => a.serviceClass),
    PRUPRPCL: text((a) => a.reportClass),
    PRUPCLP: num('int', (a) => a.period),
    PRUPCPT: num('sig4', (a) => a.cpu.applCpPercent),
    PRUPAACT: num('d3', () => 0), // no zAAPs: no zAAP work on CPs
    PRUPIICT: num('sig4', (a, ctx) => iict(a, ctx)),
    PRUPCPE: num('sig4', (a) => a.cpu.eapplCpPercent),
    PRUPAAPE: blank(NO_ZAAP),
    PRUPIIPE: num('sig4', (a) => a.cpu.eapplZiipPercent),
    PRUPTOTC: num('sig4', (a) => appl(a)),
    PRUPTOTE: num('sig4', (a) => eappl(a)),
    // TOTC = TCB + SRB + client SRB (none modelled); TOTE = TCB + SRB + the enclaves' preemptible SRB time
    PRUPTCB: num('sig4', (a) => a.cpu.tcbPercent),
    PRUPSRB: num('sig4', (a) => a.cpu.srbPercent),
    PRUPPCS: num('sig4', () => 0),
    PRUPEPS: num('sig4', (a) => a.cpu.enclaveSrbPercent),
    PRUTTCB: num('int', (a, ctx) => msOf(a.cpu.tcbPercent, ctx)),
    PRUTSRB: num('int', (a, ctx) => msOf(a.cpu.srbPercent, ctx)),
    PRUTPCS: num('int', () => 0),
    PRUTEPS: num('int', (a, ctx) => msOf(a.cpu.enclaveSrbPercent, ctx)),
    PRUPRPB: text(() => 'NO'), // System Recovery Boost is not modelled: never boosted
    PRUTCPUT: num('int', (a, ctx) => msOf(eappl(a), ctx)),
    PRUTCPT: num('int', (a, ctx) => msOf(a.cpu.applCpPercent, ctx)),
    PRUTAACT: num('int', () => 0),
    PRUTIICT: num('int', (a, ctx) => msOf(iict(a, ctx), ctx)),
    PRUTCPE: num('int', (a, ctx) => msOf(a.cpu.eapplCpPercent, ctx)),
    PRUTAAPE: blank(NO_ZAAP),
    PRUTIIPE: num('int', (a, ctx) => msOf(a.cpu.eapplZiipPercent, ctx)),
    PRUTTOTC: num('int', (a, ctx) => msOf(appl(a), ctx)),
    PRUTTOTE: num('int', (a, ctx) => msOf(eappl(a), ctx)),
  },
  caption: {},
};

/** A row of DELAY: a group of address spaces (`*SYSTEM`, `*TSO`, `*BATCH`, `*STC`) or one address space. */
export interface DelayRow {
  name: string;
  /** The address space of a job row. */
  as?: AddressSpace;
  /** Its address spaces, and their state percentages weighted by samples. */
  members: AddressSpace[];
}
const DELAY_GROUPS: readonly [string, (a: AddressSpace) => boolean][] = [
  ['*SYSTEM', () => true],
  ['*TSO', (a) => a.type === 'TSO'],
  ['*BATCH', (a) => a.type === 'BATCH'],
  ['*STC', (a) => a.type === 'STC' || a.type === 'SYS'],
];
/** The sample-weighted average of a state percentage over a row's address spaces. */
const state = (r: DelayRow, get: (a: AddressSpace) => number) => {
  const n = sum(r.members.map((a) => a.samples));
  return n > 0 ? sum(r.members.map((a) => a.samples * get(a))) / n : 0;
};
const REASONS: readonly [string, (a: AddressSpace) => number][] = [
  ['PROC', (a) => a.delayPercent.cpu],
  ['DEV', (a) => a.delayPercent.io],
  ['STOR', (a) => a.delayPercent.storage],
  ['SUBS', (a) => a.delayPercent.subsystem],
  ['OPER', (a) => a.delayPercent.operator],
  ['ENQ', (a) => a.delayPercent.enqueue],
  ['JES', (a) => a.delayPercent.jes],
  ['HSM', (a) => a.delayPercent.hsm],
  ['XCF', (a) => a.delayPercent.xcf],
  ['CAP', (a) => a.delayPercent.capping],
];
const delayCol = (get: (a: AddressSpace) => number) => num<DelayRow>('int', (r) => state(r, get));
const jobText = (get: (a: AddressSpace) => string | undefined) => text<DelayRow>((r) => (r.as ? get(r.as) : ''));

const DELAY: ReportSpec<DelayRow> = {
  rows(ctx) {
    const all = active(ctx);
    const groups = DELAY_GROUPS.map(([name, has]) => ({ name, members: all.filter(has) }));
    const jobs = [...all].filter((a) => totalDelay(a) >= 1).sort((a, b) => totalDelay(b) - totalDelay(a) || a.asid - b.asid);
    return [...groups, ...jobs.map((as) => ({ name: as.jobName, as, members: [as] }))];
  },
  columns: {
    JDELDAN: text((r) => r.name),
    JDELJID: jobText((a) => a.jobId),
    JDELASI: jobText((a) => asid(a)),
    JDETYPX: jobText((a) => jobClass(a)),
    JDEPSVCL: jobText((a) => a.serviceClass),
    JDEPRPCL: jobText((a) => a.reportClass),
    JDEGMIP: blank('storage/CPU critical flags are not in the topology'),
    JDELWFL: num('int', (r) => workflow(state(r, (a) => a.usingPercent), state(r, totalDelay))),
    JDELUSG: delayCol((a) => a.usingPercent),
    JDELDEL: delayCol(totalDelay),
    JDELIDL: delayCol((a) => a.idlePercent),
    JDELUKN: delayCol((a) => a.unknownPercent),
    JDELPROC: delayCol((a) => a.delayPercent.cpu),
    JDELDEV: delayCol((a) => a.delayPercent.io),
    JDELSTOR: delayCol((a) => a.delayPercent.storage),
    JDELSUBS: delayCol((a) => a.delayPercent.subsystem),
    JDELOPER: delayCol((a) => a.delayPercent.operator),
    JDELENQ: delayCol((a) => a.delayPercent.enqueue),
    JDELJES: delayCol((a) => a.delayPercent.jes),
    JDELHSM: delayCol((a) => a.delayPercent.hsm),
    JDELXCF: delayCol((a) => a.delayPercent.xcf),
    // the parts of JDELOPER
    JDELMNT: delayCol((a) => a.delayPercent.operatorMount),
    JDELMES: delayCol((a) => a.delayPercent.operatorMessage),
    JDELQUI: delayCol((a) => a.delayPercent.operatorQuiesce),
    JDELCAP: delayCol((a) => a.delayPercent.capping),
    JDELCP: delayCol((a) => a.delayPercent.cpu - a.delayPercent.ziip),
    JDELSUP: delayCol((a) => a.delayPercent.ziip),
    JDELIFA: blank(NO_ZAAP),
    JDELREAS: text((r) => {
      if (!r.as) return '';
      const [name, get] = REASONS.reduce((best, x) => (x[1](r.as!) > best[1](r.as!) ? x : best));
      return get(r.as) >= 1 ? name : '';
    }),
  },
  caption: {},
};

const STOR_KINDS = 'STR1SDEL STR3SDEL STR4SDEL STR5SDEL STR6SDEL STR7SDEL STR8SDEL';
const STOR: ReportSpec<AddressSpace> = {
  rows: (ctx) => ctx.system?.addressSpaces ?? [],
  columns: {
    STRPJOB: text((a) => a.jobName),
    STRPJID: text((a) => a.jobId),
    STRPASI: text((a) => asid(a)),
    STRPCLA: text((a) => jobClass(a)),
    STRPSVCL: text((a) => a.serviceClass),
    STRPODEL: num('int', (a) => a.delayPercent.storage),
    // the model's storage delay is one state, shown as local page faults (STR2SDEL): the other kinds are 0
    ...Object.fromEntries(STOR_KINDS.split(' ').map((id) => [id, none<AddressSpace>(0)])),
    STR2SDEL: num('int', (a) => a.delayPercent.storage),
    STRPACTV: num('int', (a) => (a.active ? a.storage.workingSetFrames : 0)),
    STRPFIXD: num('int', (a) => a.storage.fixedFrames),
    STRPIDLE: num('int', (a) => (a.active ? 0 : a.storage.workingSetFrames)),
    STRPWSET: num('int', (a) => a.storage.workingSetFrames),
    STRPWSEX: blank('expanded storage does not exist on current machines'),
  },
  caption: {},
};

const STORF: ReportSpec<AddressSpace> = {
  rows: (ctx) => ctx.system?.addressSpaces ?? [],
  columns: {
    STFPJOB: text((a) => a.jobName),
    STFPJID: text((a) => a.jobId),
    STFPASI: text((a) => asid(a)),
    STFPCLA: text((a) => jobClass(a)),
    STFPSVCL: text((a) => a.serviceClass),
    STFPTOTL: num('int', (a) => a.storage.workingSetFrames),
    STFPACTV: num('int', (a) => (a.active ? a.storage.workingSetFrames : 0)),
    STFPIDLE: num('int', (a) => (a.active ? 0 : a.storage.workingSetFrames)),
    STFPWSET: num('int', (a) => a.storage.workingSetFrames),
    STFPFIXD: num('int', (a) => a.storage.fixedFrames),
    STFPDIV: num('int', (a) => a.storage.divFrames),
    STFPAUXS: num('int', (a) => a.storage.auxSlots),
    STFPPGIN: num('d1', (a) => a.storage.pageInRate),
    STFPEXIN: blank('expanded storage does not exist on current machines'),
    STFPTOTS: num('int', (a) => a.storage.sharedPages),
    STFPSVIN: num('int', (a) => a.storage.sharedPagesValid),
    // no shared-page page-ins or shared-page validation rate (the shared pages are a level, not a flow), no large
    // pages, nothing freemained: 0
    ...Object.fromEntries('STFPSPPI STFPSPVL STFPLMO STFPLPR STFPGMO STFPGPR STFPFREM'.split(' ').map((id) => [id, none<AddressSpace>(0)])),
    // no address space has dedicated memory in the topology: the real DDS writes N and zeros then
    STFDMUSE: text(() => 'N'),
    ...Object.fromEntries('STFDMNUK STFDMNUM STFDMNUG STFDMUPK STFDMUPM STFDMUFM STFDMUFG STFDMMRG STFDMARG STFDMAAG'.split(' ').map((id) => [id, num<AddressSpace>('int', () => 0)])),
  },
  caption: {},
};
/** DEV: the active address spaces delayed for (or using) devices, most delayed first. */
const DEV: ReportSpec<AddressSpace> = {
  rows: (ctx) => active(ctx).filter((a) => a.delayPercent.io + a.usingBy.device >= 1).sort((a, b) => b.delayPercent.io - a.delayPercent.io || a.asid - b.asid),
  columns: {
    DEVPJOB: text((a) => a.jobName),
    DEVPJID: text((a) => a.jobId),
    DEVPASI: text((a) => asid(a)),
    DEVPCLA: text((a) => jobClass(a)),
    DEVPODEL: num('int', (a) => a.delayPercent.io),
    DEVPOUSE: num('int', (a) => a.usingBy.device),
    // % of the interval its I/O kept a device connected: Σ its I/O per volume × the volume's connect time
    DEVPCON: num('int', (a) => a.device.connectPercent),
    DEVPSVCL: text((a) => a.serviceClass),
    // the volume delaying it most: its main volume (its device delay splits over its volumes by their weights)
    DEV1SDEL: num('int', (a) => (a.topVolume ? a.device.topVolumeDelayPercent : undefined)),
    DEV1VOLU: text((a) => a.topVolume || undefined),
    ...blanks(NO_JOB_VOLUMES, 'DEV2SDEL DEV2VOLU DEV3SDEL DEV3VOLU DEV4SDEL DEV4VOLU'),
  },
  caption: {},
};
/** A row of ENQ: one address space waiting for a contended resource, with its holder. */
export interface EnqRow {
  resource: LparSnapshot['enqueues'][number];
  waiter: LparSnapshot['enqueues'][number]['waiters'][number];
  as: AddressSpace | undefined;
}
const ENQ: ReportSpec<EnqRow> = {
  rows(ctx) {
    const byAsid = new Map((ctx.system?.addressSpaces ?? []).map((a) => [a.asid, a]));
    return (ctx.system?.enqueues ?? []).flatMap((resource) => resource.waiters.map((waiter) => ({ resource, waiter, as: byAsid.get(waiter.asid) })));
  },
  columns: {
    ENQPWJOB: text((r) => r.waiter.jobName),
    ENQPWJID: text((r) => r.as?.jobId),
    ENQPODEL: num('int', (r) => r.as?.delayPercent.enqueue),
    ENQPRDEL: num('int', (r) => r.as?.delayPercent.enqueue),
    ENQPWSTT: text((r) => r.waiter.status),
    ENQPMAJS: text((r) => `${r.resource.major} ${r.resource.minor} (${r.resource.scope === 'SYSTEMS' ? 'SYSS' : 'SYS'})`),
    // the holder holds it for as long as the waiter waits
    ENQPHDEL: num('int', (r) => r.as?.delayPercent.enqueue),
    ENQPHJOB: text((r) => r.resource.holder.jobName),
    ENQPHSTT: text((r) => r.resource.holder.status),
  },
  caption: {},
};

// ---------------------------------------------------------------- DEVR
/** A row of DEVR: a volume as the asked system uses it, or the sub-row that follows it. */
export interface DevrRow {
  sub: boolean;
  volume: VolumeSnapshot;
  /** The system's I/O rate to the volume. */
  rate: number;
  /** The address space doing the most I/O to it (of those whose main volume it is), if any. */
  job?: AddressSpace;
}
const main = (r: DevrRow) => !r.sub;
/** Fraction of time the system keeps the device in a state: its I/O rate × the time per I/O in that state. */
const busy = (r: DevrRow, seconds: number) => 100 * r.rate * seconds;
const rt = (r: DevrRow) => r.volume.responseTime;

/** The LCU number of a volume's SSID. */
const lcuOf = (ctx: ReportContext, v: VolumeSnapshot) => ctx.snap.storageArray.lcus.find((u) => u.ssid === v.ssid)?.lcu;
/** The control-unit type without the model (`2107-996` → `2107`), as DEVR's sub-row shows it. */
const cuType = (ctx: ReportContext) => ctx.topo.storageArray.controlUnits.type.split('-')[0];
const NO_CU_BUSY = 'the real DDS leaves % control-unit busy and % switch-port busy empty for FICON-attached 2107 devices (every sample row), and the model has neither state';

const DEVR: ReportSpec<DevrRow> = {
  rows(ctx) {
    if (!ctx.system) return [];
    const byVolser = new Map(ctx.snap.volumes.map((v) => [v.volser, v]));
    // per volume the address space with the largest I/O to it
    const jobs = new Map<string, AddressSpace>();
    for (const a of ctx.system.addressSpaces) {
      if (!a.active || !a.topVolume || !(a.device.topVolumeIoRate > 0)) continue;
      const prev = jobs.get(a.topVolume);
      if (!prev || a.device.topVolumeIoRate > prev.device.topVolumeIoRate) jobs.set(a.topVolume, a);
    }
    return ctx.system.volumes.flatMap((view) => {
      const volume = byVolser.get(view.volser)!;
      return [
        { sub: false, volume, rate: view.ioRate, job: jobs.get(view.volser) },
        { sub: true, volume, rate: view.ioRate },
      ];
    });
  },
  columns: {
    DVRPVOLU: text((r) => (r.sub ? `0${r.volume.devnum}` : r.volume.volser)), // the sub-row names the 5-digit device number
    DVRPDVN5: text((r) => (main(r) ? `0${r.volume.devnum}` : undefined)),
    DVRPIDEN: text((r, ctx) => (main(r) ? r.volume.deviceType : cuType(ctx))), // 3390-9 → 33909; the sub-row: the CU type
    // every modelled volume is genned shared by the systems of the sysplex (S); the sub-row: the exposures in use
    // on average and H for HyperPAV (1.0H: the base alone)
    DVRPSTAT: text((r) => (main(r) ? 'S' : `${r.volume.pavExposures.toFixed(1)}${r.volume.pav === 'hyper' ? 'H' : ''}`)),
    DVRPKIND: text((r) => (main(r) ? 'D' : undefined)), // every modelled volume is DASD
    DVRPLCUN: text((r, ctx) => (main(r) ? lcuOf(ctx, r.volume) : undefined)),
    DVRPACTV: num('int', (r) => (main(r) ? busy(r, rt(r).pend + rt(r).disc + rt(r).conn) : undefined)),
    DVRPCONN: num('int', (r) => (main(r) ? busy(r, rt(r).conn) : undefined)),
    DVRPDISC: num('int', (r) => (main(r) ? busy(r, rt(r).disc) : undefined)),
    DVRPPEND: num('int', (r) => (main(r) ? busy(r, rt(r).pend) : undefined)),
    // the real DDS names PND (pending) as the reason in every sample row; its % is the pending time's
    DVRPDLYR: text((r) => (main(r) ? 'PND' : undefined)),
    DVRPDLYP: num('int', (r) => (main(r) ? busy(r, rt(r).pend) : undefined)),
    DVRACTRT: num('d1', (r) => (main(r) ? r.rate : undefined)),
    DVRRESPT: num('dot3', (r) => (main(r) ? rt(r).total : undefined)),
    DVRIOSQT: num('dot3', (r) => (main(r) ? rt(r).iosq : undefined)),
    DVRPDVBT: num('int', (r) => (main(r) ? busy(r, rt(r).pendDeviceBusy) : undefined)),
    DVRPCMRT: num('int', (r) => (main(r) ? busy(r, rt(r).pendCmr) : undefined)),
    ...blanks(NO_CU_BUSY, 'DVRPCUBT DVRPSPBT'),
    DVRRPTHP: num('d1', (r) => (main(r) ? rt(r).total * 1000 : undefined)),
    DVRIQTHP: num('d1', (r) => (main(r) ? rt(r).iosq * 1000 : undefined)),
    DVRIOINT: num('int', (r) => (main(r) ? r.rate * rt(r).total * 1000 : undefined)), // I/O intensity: rate × response time in ms
    // the job using the volume most (a main row without one shows ASID 0000 and the rest empty, as the real rows)
    DVRPJOBN: text((r) => r.job?.jobName),
    DVRPASI: text((r) => (main(r) ? (r.job ? asid(r.job) : '0000') : undefined)),
    DVRPCLA: text((r) => (r.job ? jobClass(r.job) : undefined)),
    ...blanks(NO_COMPAT, 'DVRPDMN DVRPPGN'),
    DVRPSUSE: num('int', (r) => r.job?.device.topVolumeUsingPercent),
    DVRPSDEL: num('int', (r) => r.job?.device.topVolumeDelayPercent),
    DVRPSVCL: text((r) => r.job?.serviceClass),
    DVRPDEVN: text((r) => (main(r) ? r.volume.devnum : undefined)),
  },
  caption: {},
};

// ---------------------------------------------------------------- CHANNEL
type ChannelRow = LparSnapshot['channels'][number];
/** MB/s (MiB, as the model counts them) as the bytes per second CHANNEL shows. */
const bytesPerSecond = (mb: number) => mb * 1_048_576;
const CHANNEL: ReportSpec<ChannelRow> = {
  rows: (ctx) => ctx.system?.channels ?? [],
  columns: {
    CHACPIVC: text((r) => r.chpid),
    CHACPTVC: text((r) => r.pathType),
    CHACSIVC: text((r) => (r.shared ? 'Y' : 'N')),
    CHACPUVC: num('d1', (r) => r.utilizationPercent),
    CHACTUVC: num('d1', (r) => r.totalUtilizationPercent),
    CHACTBVC: num('d1', (r) => r.busUtilizationPercent),
    CHACPRVC: num('int', (r) => bytesPerSecond(r.readMBps)),
    CHACTRVC: num('int', (r) => bytesPerSecond(r.totalReadMBps)),
    CHACPWVC: num('int', (r) => bytesPerSecond(r.writeMBps)),
    CHACTWVC: num('int', (r) => bytesPerSecond(r.totalWriteMBps)),
    CHACFRTE: num('int', (r) => r.ioRate - r.zhpfRate), // FICON command mode; zHPF is CHACXRTE
    CHACFACT: num('int', (r) => r.ficonActive),
    CHACXRTE: num('int', (r) => r.zhpfRate),
    CHACXACT: num('int', (r) => r.zhpfActive),
    ...blanks('coupling and OSA message statistics are not modelled', 'CHACTMVC CHACTFVC CHACTSVC CHACPMVC CHACPSVC CHACSFVC CHACPFVC'),
    CHACFDFR: none(0), // no deferred FICON or zHPF operations
    CHACXDFR: none(0),
    CHACLTVC: text(() => 'C'), // the line type every row of the real report shows
    CHACMGVC: num('int', () => 5), // the measurement group of FICON Express16S+ and later: every FICON row of the samples
    ...blanks('physical network ids apply to OSA and RoCE, not to the modelled FICON paths', 'CHACNET1 CHACNET2'),
  },
  caption: {},
};

// ---------------------------------------------------------------- CACHSUM
/** A share in %, or `none` when there is nothing to share (the real DDS writes 100 or 0.0 by column, see below). */
const pctOr = (part: number, whole: number, none: number) => (whole > 0 ? (100 * part) / whole : none);
/** The normal (not sequential) part of an LCU's I/O. */
const normal = (u: LcuSnapshot) => ({ reads: u.readRate - u.sequentialReadRate, hits: u.readHitRate - u.sequentialReadHitRate, writes: u.writeRate - u.sequentialWriteRate });
/** Sequential writes are DASD fast writes like every write the array accepts: its write hits are its writes. */
const seqWriteHits = (u: LcuSnapshot) => (u.writeRate > 0 ? (u.writeHitRate * u.sequentialWriteRate) / u.writeRate : 0);
const zero = () => 0;
const CACHSUM: ReportSpec<LcuSnapshot> = {
  rows: (ctx) => ctx.snap.storageArray.lcus,
  columns: {
    CASPSSID: text((u) => u.ssid),
    CASPCUID: text((u) => u.cuId),
    CASPTYPM: text((u) => u.typeModel),
    CASPSIZE: num('int', (u) => u.cacheBytes),
    CASPIO: num('d1k', (u) => u.ioRate),
    CASPHITP: num('pct1', (u) => pctOr(u.readHitRate + u.writeHitRate, u.ioRate, 100)),
    CASPHIT: num('d1k', (u) => u.readHitRate + u.writeHitRate),
    CASPMTOT: num('d1k', (u) => u.readRate - u.readHitRate + (u.writeRate - u.writeHitRate)),
    CASPMSTG: num('d1k', (u) => u.readRate - u.readHitRate), // every read miss is staged
    CASPREAP: num('pct1', (u) => pctOr(u.readRate, u.ioRate, 100)),
    CASPSEQ: num('d1k', (u) => u.sequentialTrackRate),
    CASPASYN: num('d1k', (u) => u.destageRate),
    CASPOFF: num('d1k', zero), // the model issues no I/O that bypasses or inhibits the cache
    // the real DDS writes 100 for the read hit % of no reads (normal and total) and 0.0 for the sequential one and
    // for write hit % of no writes (the sample's idle SSID 5200)
    CASNRRA: num('d1k', (u) => normal(u).reads),
    CASNRHI: num('d1k', (u) => normal(u).hits),
    CASNRHIP: num('pct1', (u) => pctOr(normal(u).hits, normal(u).reads, 100)),
    CASNWRA: num('d1k', (u) => normal(u).writes),
    CASNWFA: num('d1k', (u) => u.writeHitRate - seqWriteHits(u)),
    CASNWHI: num('d1k', (u) => u.writeHitRate - seqWriteHits(u)),
    CASNWHIP: num('pct1', (u) => pctOr(u.writeHitRate - seqWriteHits(u), normal(u).writes, 0)),
    CASNREAP: num('pct1', (u) => pctOr(normal(u).reads, normal(u).reads + normal(u).writes, 100)),
    CASNTRA: num('d1k', (u) => u.stagingRate),
    CASSRRA: num('d1k', (u) => u.sequentialReadRate),
    CASSRHI: num('d1k', (u) => u.sequentialReadHitRate),
    CASSRHIP: num('pct1', (u) => pctOr(u.sequentialReadHitRate, u.sequentialReadRate, 0)),
    CASSWRA: num('d1k', (u) => u.sequentialWriteRate),
    CASSWFA: num('d1k', seqWriteHits),
    CASSWHI: num('d1k', seqWriteHits),
    CASSWHIP: num('pct1', (u) => pctOr(seqWriteHits(u), u.sequentialWriteRate, 0)),
    CASSREAP: num('pct1', (u) => pctOr(u.sequentialReadRate, u.sequentialReadRate + u.sequentialWriteRate, 0)),
    CASSTRA: num('d1k', (u) => u.sequentialTrackRate),
    // cache fast write: no volume group uses it (DFSORT work files would), so 0.0 as the real DDS writes without it
    ...Object.fromEntries('CASCRRA CASCRHI CASCRHIP CASCWRA CASCWFA CASCWHI CASCWHIP CASCREAP'.split(' ').map((id) => [id, num<LcuSnapshot>('d1k', zero)])),
    CASTRRA: num('d1k', (u) => u.readRate),
    CASTRHI: num('d1k', (u) => u.readHitRate),
    CASTRHIP: num('pct1', (u) => pctOr(u.readHitRate, u.readRate, 100)),
    CASTWRA: num('d1k', (u) => u.writeRate),
    CASTWFA: num('d1k', (u) => u.writeHitRate),
    CASTWHI: num('d1k', (u) => u.writeHitRate),
    CASTWHIP: num('pct1', (u) => pctOr(u.writeHitRate, u.writeRate, 0)),
    CASTREAP: num('pct1', (u) => pctOr(u.readRate, u.ioRate, 100)),
    // nothing of the cache or NVS fails in the model: both active, nothing offline or pinned
    CASMCACH: text(() => 'Active'),
    CASMCCON: num('int', (u) => u.cacheBytes),
    CASMCAVL: num('int', (u) => u.cacheAvailableBytes),
    CASMCOFF: num('int', zero),
    CASMCPIN: num('int', zero),
    CASMNVS: text(() => 'Active'),
    CASMNCON: num('int', (u) => u.nvsBytes),
    CASMNPIN: num('int', zero),
  },
  caption: {
    CASHCDAT: text((_, ctx) => ctx.localDate),
    CASHCTIM: text((_, ctx) => ctx.localTime),
    CASHCRNG: num('int', (_, ctx) => ctx.seconds),
  },
};

// ---------------------------------------------------------------- coupling facility
const NO_CONN = 'structure connections are counted per system, not named (connection names, their jobs, ASIDs and options are not modelled)';
const NO_CFRM = 'the CFRM policy is derived per structure, without a policy name, activation time or exclusion lists';
const NO_SCM = 'storage class memory is not modelled';
/** Subchannels of one system to a CF: every link's (all generated, all in use). */
const subchannels = (cf: CfSnapshot) => cf.paths.length * cf.subchannelsPerLink;
const CFOVER: ReportSpec<CfSnapshot> = {
  rows: (ctx) => ctx.snap.couplingFacilities,
  columns: {
    CFOPNAM: text((r) => r.name),
    CFOPMOD: text((r) => r.model),
    CFOPVER: text((r) => r.version),
    CFOPLVL: num('int', (r) => r.cfLevel),
    // dynamic dispatching: off for dedicated processors, THIN (the default since CFCC 19) for shared ones
    CFOPDYND: text((r) => (r.dedicated ? 'OFF' : 'THIN')),
    CFOPSTAT: text(() => 'Okay'), // no CF failure is modelled: every CF is connected and running
    CFOPVOL: text(() => 'NO'), // ICFs on a CPC with battery backup: non-volatile
    CFOPUTIP: num('d1', (r) => r.processorUtilizationPercent),
    CFOPDEF: num('int', (r) => r.processors),
    CFOPPDED: num('int', (r) => (r.dedicated ? r.processors : 0)),
    CFOPPSHR: num('int', (r) => (r.dedicated ? 0 : r.processors)),
    CFOPPWGT: num('int', (r) => (r.dedicated ? undefined : r.weight)),
    CFOPEFF: num('d1', (r) => r.effectiveProcessors),
    CFOPREQR: num('rate', (r) => r.requestRate),
    CFOPTSD: num('int', (r) => r.storage.sizeBytes),
    CFOPTSF: num('int', (r) => r.storage.availableBytes),
    CFOPUTIS: num('d1', (r) => r.storage.utilizedPercent),
    // the whole CF storage is control storage (no separate data storage since CFCC level 12)
    CFOPTCS: num('int', (r) => r.storage.sizeBytes),
    CFOPFCS: num('int', (r) => r.storage.availableBytes),
    CFOPDTS: num('int', (r) => r.storage.sizeBytes - r.storage.availableBytes - sum(r.structures.map((x) => x.sizeBytes))),
    CFOPDTUS: none(0), // no structure dump in progress
    CFOPSYSC: num('int', (r) => r.systems.length),
    CFOPSTCI: num('int', (r) => r.structures.length),
    CFOPSTCO: none(0), // the policy is derived from the allocated structures: none is allocated outside it (IBM's rows: 0)
    CFOPMNT: none('OFF'), // never in maintenance or recovery mode
    CFOPRCV: none('OFF'),
    // no storage-class memory (or augmented space) is configured
    ...Object.fromEntries('CFOPSCMS CFOPSCMA CFOPAUGS CFOPAUGA CFOPSMSC'.split(' ').map((id) => [id, none<CfSnapshot>(0)])),
    CFOPSCMU: none(0, { format: 'd1' }),
    CFOPAUGU: none(0, { format: 'd1' }),
  },
  caption: {
    ...blanks(NO_CFRM, 'CFOHPNAM CFOHPACD CFOHPACT CFOHPREF'),
  },
};

/** A row of CFSYS: one system's view of one CF. */
export interface CfSysRow {
  cf: CfSnapshot;
  sys: CfSnapshot['systems'][number];
  first: boolean;
}
const PATH_FIELDS = ['CFSICPO', 'CFSICPD', 'CFSICPL', 'CFSIPHY', 'CFSIHCA', 'CFSIHCP', 'CFSIIOP'];
const NUMS = [1, 2, 3, 4, 5, 6, 7, 8];
const PATH_DETAIL = NUMS.flatMap((n) => PATH_FIELDS.map((p) => p + n)).join(' ');
const countOf = (rate: number, ctx: ReportContext) => rate * ctx.seconds;
const CFSYS: ReportSpec<CfSysRow> = {
  rows: (ctx) => ctx.snap.couplingFacilities.flatMap((cf) => cf.systems.map((sys, i) => ({ cf, sys, first: i === 0 }))),
  columns: {
    CFSPNAM: text((r) => (r.first ? r.cf.name : '')),
    CFSPSYS: text((r) => r.sys.lpar),
    CFSPSDEL: num('d1', (r) => r.sys.subchannelDelayPercent),
    CFSPSBSP: num('d1', (r) => r.sys.subchannelBusyPercent),
    CFSPPTHA: num('int', (r) => r.cf.paths.length),
    CFSPPDEL: num('d1', (r) => r.sys.pathDelayPercent),
    CFSPSYNR: num('rate', (r) => r.sys.syncRate),
    CFSPASS: num('int', (r) => r.sys.syncServiceSeconds * 1e6),
    CFSPASYR: num('rate', (r) => r.sys.asyncRate),
    CFSPAAS: num('int', (r) => r.sys.asyncServiceSeconds * 1e6),
    CFSPACHG: num('d1', (r) => r.sys.changedPercent),
    CFSPADEL: num('d1', (r) => r.sys.delayedPercent),
    CFSPREQC: num('int', (r, ctx) => countOf(r.sys.syncRate + r.sys.asyncRate, ctx)),
    CFSPSYNC: num('int', (r, ctx) => countOf(r.sys.syncRate, ctx)),
    CFSPASYC: num('int', (r, ctx) => countOf(r.sys.asyncRate, ctx)),
    CFSPCNVC: num('int', (r, ctx) => countOf(r.sys.convertedRate, ctx)),
    // sync and async requests in % of all the system's requests to the CF
    CFSPSYNP: num('d1', (r) => pct(r.sys.syncRate, r.sys.syncRate + r.sys.asyncRate)),
    CFSPASYP: num('d1', (r) => pct(r.sys.asyncRate, r.sys.syncRate + r.sys.asyncRate)),
    CFSPSOPD: none(0), // no sync operation is delayed or fails in the model
    CFSPFOPT: none(0),
    CFSINAM: text((r) => r.cf.name),
    CFSISCG: num('int', (r) => subchannels(r.cf)),
    CFSISCU: num('int', (r) => subchannels(r.cf)),
    CFSISCL: num('int', (r) => subchannels(r.cf)),
    ...Object.fromEntries(NUMS.flatMap((n) => [
      [`CFSICPI${n}`, text<CfSysRow>((r) => r.cf.paths[n - 1])],
      [`CFSICPT${n}`, text<CfSysRow>((r) => (r.cf.paths[n - 1] ? r.cf.linkType : undefined))],
    ])),
    ...blanks('coupling path hardware detail (operation mode, degradation, distance per path, CHID, adapter, port, IOPs) the topology does not declare', PATH_DETAIL),
  },
  caption: {},
};
const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);

/** A row of CFACT: one structure of a CF, all systems together (`sys` undefined: `*ALL`) or one system's part. */
export interface CfStructRow {
  cf: CfSnapshot;
  s: CfStructureSnapshot;
  sys?: CfStructureSnapshot['systems'][number];
}
type SysRow = CfStructureSnapshot['systems'][number];
/** Sums a number over a structure's systems (the `*ALL` row) or takes one system's. */
const over = (r: CfStructRow, f: (y: SysRow) => number) => (r.sys ? f(r.sys) : sum(r.s.systems.map(f)));
/** A rate-weighted average over the systems (service times, %), or one system's. */
const weighted = (r: CfStructRow, w: (y: SysRow) => number, f: (y: SysRow) => number) => {
  if (r.sys) return f(r.sys);
  const total = sum(r.s.systems.map(w));
  return total > 0 ? sum(r.s.systems.map((y) => w(y) * f(y))) / total : 0;
};
/** A structure-wide value on the `*ALL` row and each system's share of it (by its requests) on the system rows. */
const share = (r: CfStructRow, v: number | undefined) => {
  if (v === undefined || !r.sys) return v;
  return r.s.requestRate > 0 ? (v * (r.sys.syncRate + r.sys.asyncRate)) / r.s.requestRate : 0;
};
const allOnly = <T>(r: CfStructRow, v: T) => (r.sys ? undefined : v);
const fillOf = (r: CfStructRow) => r.s.utilizedPercent / 100;
/** Entries and elements its size holds (CFACT's totals), from core's structure geometry in the snapshot's attrs. */
const geometry = (r: CfStructRow) => structureGeometry(r.s);
const CFACT: ReportSpec<CfStructRow> = {
  rows: (ctx) => ctx.snap.couplingFacilities.flatMap((cf) => cf.structures.flatMap((s) => [{ cf, s }, ...s.systems.map((sys) => ({ cf, s, sys }))])),
  columns: {
    CFAPSTRU: text((r) => allOnly(r, r.s.name)),
    CFAPTYPE: text((r) => r.s.type.toUpperCase()),
    CFAPSTAT: text((r) => allOnly(r, 'A')), // allocated (active)
    CFAPSTEX: text((r) => allOnly(r, 'ActiveInUse')),
    CFAPENCR: text((r) => allOnly(r, 'N')), // the topology asks for no encrypted structures
    CFAPSYS: text((r) => r.sys?.lpar ?? '*ALL'),
    CFAPUTIP: num('d1', (r) => allOnly(r, r.s.processorUtilizationPercent)),
    CFAPSTEP: num('d1', (r) => allOnly(r, pct(r.s.processorUtilizationPercent, r.cf.processorUtilizationPercent))),
    CFAPSYNR: num('rate', (r) => over(r, (y) => y.syncRate)),
    CFAPASS: num('int', (r) => weighted(r, (y) => y.syncRate, (y) => y.syncServiceSeconds * 1e6)),
    CFAPSYNC: num('int', (r, ctx) => countOf(over(r, (y) => y.syncRate), ctx)),
    CFAPASYR: num('rate', (r) => over(r, (y) => y.asyncRate)),
    CFAPAAS: num('int', (r) => weighted(r, (y) => y.asyncRate, (y) => y.asyncServiceSeconds * 1e6)),
    CFAPASYC: num('int', (r, ctx) => countOf(over(r, (y) => y.asyncRate), ctx)),
    CFAPACHG: num('d1', (r) => weighted(r, (y) => y.asyncRate, (y) => y.changedPercent)),
    CFAPADEL: num('d1', (r) => weighted(r, (y) => y.asyncRate, (y) => y.delayedPercent)),
    CFAPCNVC: num('int', (r, ctx) => countOf(over(r, (y) => y.convertedRate), ctx)),
    // no request queues at the CF (dump serialization, monopolization) in the model: 0 on every row
    ...Object.fromEntries('CFAPQRT CFAPDELC CFAPQUEC CFAPMQRT CFAPMONC'.split(' ').map((id) => [id, none<CfStructRow>(0)])),
    CFAPMUSR: num('int', (r) => allOnly(r, r.s.maxConnectors)),
    CFAPTUSR: num('int', (r) => allOnly(r, r.s.connectors)),
    CFAPPUSR: none(0, { when: (r) => !r.sys }), // no connector fails (failed-persistent) in the model
    CFAPREBP: num('int', (r) => allOnly(r, r.s.policy.rebuildPercent)),
    CFAINAM: text((r) => r.cf.name),
    CFAISTRU: text((r) => r.s.name),
    CFAITYPE: text((r) => r.s.type.toUpperCase()),
    ...blanks(NO_CONN, 'CFAICNAM CFAICJOB CFAICSTA CFAICPRB CFAICASI CFAICLVL CFAICREB CFAICDRB CFAICALT CFAICAUT CFAICSUS'),
    CFAISTRS: num('int', (r) => r.s.sizeBytes),
    CFAISTRP: num('d1', (r) => allOnly(r, pct(r.s.sizeBytes, r.cf.storage.sizeBytes))),
    CFAISTUP: num('d1', (r) => allOnly(r, r.s.utilizedPercent)),
    CFAISTRC: none(0, { when: (r) => !r.sys }), // no storage classes: 0 on the *ALL row, as the real one
    CFAISTRM: num('int', (r) => allOnly(r, r.s.policy.minSizeBytes)),
    CFAISTRX: num('int', (r) => allOnly(r, r.s.policy.maxSizeBytes)),
    // castout classes belong to (store-in) cache structures; a list or lock structure has none: 0, as the real one.
    // A cache structure's range is its connectors' choice (DB2's castout classes), which the model does not have.
    CFAIFCCL: num('int', (r) => (r.sys || r.s.type === 'cache' ? undefined : 0)),
    CFAILCCL: num('int', (r) => (r.sys || r.s.type === 'cache' ? undefined : 0)),
    // the CF names, each padded to 8 characters, one blank between (the real one: 'CF01     CF02')
    CFAIPREF: text((r) => allOnly(r, r.s.policy.preferenceList.map((n, i, a) => (i < a.length - 1 ? n.padEnd(8) : n)).join(' '))),
    CFAIEXCL: blank(NO_CFRM),
    CFAIDTS: none<CfStructRow>(0, { when: (r) => !r.sys }), // no dump table: 0 on the *ALL row, as the real one
    // a list structure's elements: their size as the characteristic n of 256 × 2^n bytes and the most elements an entry
    // may have (IBM's APPC_STR1: 0 and 255); a lock structure's record data and a cache have no list elements: 0
    CFAILDES: num('int', (r) => allOnly(r, r.s.type === 'list' ? Math.log2(geometry(r).elementBytes / 256) : 0)),
    CFAILDLS: num('int', (r) => allOnly(r, r.s.type === 'list' ? 255 : 0)),
    CFAILEL: num('int', (r) => geometry(r).listEntries),
    CFAILEM: num('int', (r) => geometry(r).listEntries && geometry(r).listEntries * fillOf(r)),
    CFAIMAE: num('int', (r) => geometry(r).elements),
    CFAICUE: num('int', (r) => geometry(r).elements && geometry(r).elements * fillOf(r)),
    CFAILTL: num('int', (r) => geometry(r).lockEntries),
    CFAILTM: num('int', (r) => geometry(r).lockEntries && geometry(r).lockEntries * fillOf(r)),
    CFAIDES: num('int', (r) => (r.s.type === 'cache' ? geometry(r).elementBytes : 0)),
    CFAIDEN: num('int', (r) => geometry(r).dirEntries),
    CFAIDEC: num('int', (r) => geometry(r).dirEntries && geometry(r).dirEntries * fillOf(r)),
    CFAIDEL: num('int', (r) => (r.s.type === 'cache' ? geometry(r).elements : 0)),
    CFAIDAC: num('int', (r) => (r.s.type === 'cache' ? geometry(r).elements * fillOf(r) : 0)),
    CFAICEN: num('int', (r) => r.s.changedEntries ?? 0),
    CFAICEL: num('int', (r) => r.s.changedElements ?? 0),
    CFAICONT: num('d1', (r) => r.s.contentionPercent ?? 0),
    CFAIFCON: num('d1', (r) => r.s.falseContentionPercent ?? 0),
    CFAIREQR: num('rate', (r) => over(r, (y) => y.syncRate + y.asyncRate)),
    CFAIREAR: num('rate', (r) => share(r, r.s.readRate ?? 0)),
    CFAIWRIR: num('rate', (r) => share(r, r.s.writeRate ?? 0)),
    CFAICAOR: num('rate', (r) => share(r, r.s.castoutRate ?? 0)),
    CFAIXIR: num('rate', (r) => share(r, r.s.crossInvalidateRate ?? 0)),
    CFAIDER: num('int', (r, ctx) => countOf(share(r, r.s.directoryReclaimRate ?? 0)!, ctx)),
    CFAISPCF: num('d1', (r) => pct(r.s.sizeBytes, r.cf.storage.sizeBytes)),
    ...blanks(NO_SCM, 'CFAISCM CFAISAUM CFAISAUP CFAISALG CFAISSCM CFAISSCP CFAISLTM CFAISLTC CFAISLMM CFAISLMC'),
  },
  caption: {},
};

/**
 * Every served report: id → rows and column sources. A report in the sample catalogue but not here answers
 * with the real "no data" message.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each report has its own row type
export const REPORT_TABLE: Readonly<Record<string, ReportSpec<any>>> = {
  CPC,
  SYSINFO,
  SYSSUM,
  SYSRG,
  PROC,
  PROCU,
  DELAY,
  STOR,
  STORF,
  DEV,
  DEVR,
  CHANNEL,
  CACHSUM,
  CFOVER,
  CFSYS,
  CFACT,
  ENQ,
};
