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
import { partitions, structureGeometry, type CfSnapshot, type CfStructureSnapshot, type LparSnapshot, type ServiceClassSnapshot, type Snapshot, type Topology, type VolumeSnapshot } from '@rmf-sim/core';
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

const NO_JOBS = 'address spaces and jobs are not modelled yet (Model 2b)';
const NO_PARKING = 'HiperDispatch (vertical polarisation, parked processors) is not modelled';
const NO_IRD = 'IRD (WLM LPAR weight and vary-CPU management) is not modelled';
const NO_HW = 'hardware detail the topology does not declare';
const NO_SSID = 'SSIDs, LCUs and control-unit cache statistics are not modelled yet (Model 2b)';
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
    CPCPLPSH: num('d1', (r, ctx) => {
      if (r.kind !== 'lpar') return undefined;
      const p = partitionOf(ctx, r.lpar!.name);
      return r.pool === 'CP' ? (p.dedicated ? 100 : p.logicalShareGpPercent) : p.logicalShareZiipPercent;
    }),
    ...blanks('HiperDispatch vertical polarisation is not modelled', 'CPCPVCMH CPCPVCMM CPCPVCML'),
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
    ...blanks('System Recovery Boost is not modelled', 'CPCPBIIP CPCPBSPD'),
  },
  caption: {
    CPCHPNAM: text((_, ctx) => ctx.system?.name),
    CPCHMOD: text((_, ctx) => ctx.topo.cpc.model),
    CPCHMDL: text((_, ctx) => ctx.topo.cpc.capacitySetting),
    CPCHBSTT: blank('System Recovery Boost is not modelled'),
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
    CPCHBSTC: blank('System Recovery Boost is not modelled'),
    CPCHCUTL: num('d1', (_, ctx) => ctx.snap.cpc?.utilizationPercent),
    CPCHAUTL: blank('zAAPs do not exist on current machines and are not in the topology'),
    CPCHUUTL: num('d1', (_, ctx) => (ctx.topo.cpc.ziip > 0 ? poolPhysical(ctx, 'IIP') : undefined)),
    ...blanks(NO_HW, 'CPCHLUTL CPCHFUTL'),
  },
};

// ---------------------------------------------------------------- SYSINFO
/** A row of SYSINFO: the system, a WLM workload or a service class (period) on the asked system. */
export interface WlmRow {
  kind: 'system' | 'workload' | 'class';
  name: string;
  classes: ServiceClassSnapshot[];
}
const one = (r: WlmRow) => (r.kind === 'class' ? r.classes[0]! : undefined);
const delaySum = (c: ServiceClassSnapshot) => c.delayPercent.cpu + c.delayPercent.io + c.delayPercent.storage;
const wlmRows = (classes: ServiceClassSnapshot[], systemName: string): WlmRow[] => {
  const rows: WlmRow[] = [{ kind: 'system', name: systemName, classes }];
  const workloads = [...new Set(classes.map((c) => c.workload))];
  for (const w of workloads) {
    const mine = classes.filter((c) => c.workload === w);
    rows.push({ kind: 'workload', name: w, classes: mine });
    for (const c of mine) rows.push({ kind: 'class', name: c.serviceClass, classes: [c] });
  }
  return rows;
};
const SYS_TYPE: Record<WlmRow['kind'], string> = { system: '', workload: 'W', class: 'S' };

const SYSINFO: ReportSpec<WlmRow> = {
  rows: (ctx) => (ctx.system ? wlmRows(ctx.system.wlm, '*SYSTEM') : []),
  columns: {
    SYSNAMVC: text((r) => r.name),
    SYSTYPVC: text((r) => SYS_TYPE[r.kind]),
    SYSWFLVC: num('int', (r) => one(r)?.velocityPercent), // workflow % = using / (using + delay), the velocity
    ...blanks(NO_JOBS, 'SYSTUSVC SYSAUSVC'),
    SYSTRSVC: num('d2', (r) => sum(r.classes.map((c) => c.transactionRate))),
    SYSAFCVC: blank(NO_JOBS),
    SYSRSPM: num('int', (r) => (one(r)?.responseTimeSeconds === undefined ? undefined : one(r)!.responseTimeSeconds! * 1000)),
    ...blanks('average numbers of users by state need address spaces (Model 2b)', 'SYSAUPVC SYSAUDVC SYSADPVC SYSADDVC SYSADSVC SYSADUVC SYSADOVC SYSADEVC SYSADJVC SYSADHVC SYSADXVC SYSADNVC SYSADMVC'),
    ...blanks('CPU time by class (TCB, SRB, specialty engines) is not modelled yet (Model 2b)', 'SYSCPUVC SYSSRBVC SYSTCBVC SYSIFAVC SYSCPVC SYSIFCVC'),
    SYSRSPVC: num('d3', (r) => one(r)?.responseTimeSeconds),
    SYSVELVC: num('int', (r) => one(r)?.velocityPercent),
    SYSUGMVC: num('int', (r) => one(r)?.usingPercent),
    ...blanks('using samples are not split into processor and device (Model 2b)', 'SYSUGPVC SYSUGDVC'),
    ...blanks('workflow is not split into processor and device (Model 2b)', 'SYSWGDVC SYSWGPVC'),
    SYSDGMVC: num('int', (r) => (one(r) ? delaySum(one(r)!) : undefined)),
    ...blanks('average numbers of users by state need address spaces (Model 2b)', 'SYSUJMVC SYSDJMVC'),
    ...blanks('ENQ and HSM delays are not modelled yet (Model 2b)', 'SYSDGEVC SYSDGHVC'),
    SYSDGDVC: num('int', (r) => one(r)?.delayPercent.io),
    ...blanks('JES and operator delays are not modelled', 'SYSDGJVC SYSDGOVC'),
    SYSDGPVC: num('int', (r) => one(r)?.delayPercent.cpu),
    SYSDGSVC: num('int', (r) => one(r)?.delayPercent.storage),
    ...blanks('subsystem and XCF delays are not modelled yet (Model 2b)', 'SYSDGUVC SYSDGXVC'),
    SYSDDSIN: text((r) => r.name),
    SYSDDSIT: text((r) => SYS_TYPE[r.kind]),
    SYSDDSIP: num('int', (r) => one(r)?.period),
    SYSRCTNT: blank('tenant report classes are not modelled'),
    SYSEAPVC: blank('CPU time by class is not modelled yet (Model 2b)'),
    SYSLPIVC: num('d1', (r) => one(r)?.performanceIndex),
    ...blanks('CPU time by class (specialty engines) is not modelled yet (Model 2b)', 'SYSSUPVC SYSSUCVC SYSPDPVC'),
    ...blanks('delay sample counts by processor type are not modelled yet (Model 2b)', 'SYSTODVC SYSCPDVC SYSAPDVC SYSIPDVC SYSRGCVC SYSDLYVC'),
    SYSMEMUS: blank('memory by class is not modelled yet (Model 2b)'),
    ...blanks('enclaves are not modelled', 'SYSECTVC SYSECEVC'),
    SYSCRIVC: blank('storage/CPU critical flags are not in the topology'),
    SYSAIIVC: blank('WLM batch initiator management is not modelled'),
  },
  caption: {
    SYSPARVC: text((_, ctx) => ctx.system?.name),
    SYSMODVC: text((_, ctx) => ctx.topo.cpc.model),
    SYSMDLVC: blank(NO_HW),
    SYSTSVVC: blank('application CPU time (Appl%) is not modelled yet (Model 2b)'),
    SYSPOLVC: blank(NO_POLICY),
    SYSPRVVC: num('d1', (_, ctx) => (ctx.system ? lparConf(ctx, ctx.system.name).gp : undefined)),
    SYSCUVVC: num('int', (_, ctx) => ctx.system?.cpu.generalPurposePercent),
    SYSTSEVC: blank('application CPU time (EAppl%) is not modelled yet (Model 2b)'),
    SYSPADVC: blank(NO_POLICY),
    SYSLCPVC: blank('MVS view of CPU busy (incl. wait) is not modelled separately from the LPAR view'),
    SYSPATVC: blank(NO_POLICY),
    SYSPRTVC: num('d1', (_, ctx) => (ctx.system ? lparConf(ctx, ctx.system.name).ziip : undefined)),
    ...blanks('application CPU time (Appl%) is not modelled yet (Model 2b)', 'SYSAPTVC SYSATCVC'),
    SYSLOAVG: blank('the load average is not modelled'),
    SYSCVAVC: blank(NO_IRD),
    ...blanks('zAAPs do not exist on current machines and are not in the topology', 'SYSCUAVC SYSMUAVC'),
    SYSCUIVC: num('int', (_, ctx) => ctx.system?.cpu.ziipPercent),
    SYSMUIVC: blank('MVS view of zIIP busy is not modelled separately from the LPAR view'),
    SYSAHPVC: blank('zAAPs do not exist on current machines and are not in the topology'),
    SYSIHPVC: text(() => 'YES'), // GPs help the zIIPs (IIPHONORPRIORITY=YES): the model's zIIP spill
    SYSPKCVC: blank(NO_PARKING),
    SYSPKAVC: blank('zAAPs do not exist on current machines and are not in the topology'),
    SYSPKIVC: blank(NO_PARKING),
    ...blanks('zAAPs do not exist on current machines and are not in the topology', 'SYSPRIVC SYSAPIVC SYSAICVC'),
  },
};

// ---------------------------------------------------------------- SYSSUM
/** A row of SYSSUM: a workload or a service class, with its snapshot on every system that runs it. */
export interface SumRow {
  kind: 'workload' | 'class';
  name: string;
  perSystem: ServiceClassSnapshot[];
}
const rtOf = (r: SumRow): number | undefined => {
  // the sysplex response time: total time over total transactions of every system
  const rt = r.perSystem.filter((c) => c.responseTimeSeconds !== undefined);
  const tps = sum(rt.map((c) => c.transactionRate));
  return r.kind === 'class' && rt.length && tps > 0 ? sum(rt.map((c) => c.transactionRate * c.responseTimeSeconds!)) / tps : undefined;
};
const goalOf = (r: SumRow) => (r.kind === 'class' ? r.perSystem[0]!.goal : undefined);
const NO_PLEX_SAMPLES = 'sysplex-wide velocity and PI need the systems’ sample counts (Model 2b WLM periods)';

const SYSSUM: ReportSpec<SumRow> = {
  rows(ctx) {
    const all = ctx.snap.lpars.flatMap((l) => l.wlm);
    const rows: SumRow[] = [];
    for (const w of [...new Set(all.map((c) => c.workload))]) {
      rows.push({ kind: 'workload', name: w, perSystem: all.filter((c) => c.workload === w) });
      for (const sc of [...new Set(all.filter((c) => c.workload === w).map((c) => c.serviceClass))]) {
        rows.push({ kind: 'class', name: sc, perSystem: all.filter((c) => c.serviceClass === sc) });
      }
    }
    return rows;
  },
  columns: {
    SUMGRP: text((r) => r.name),
    SUMTYP: text((r) => (r.kind === 'workload' ? 'W' : 'S')),
    SUMRCTNT: blank('tenant report classes are not modelled'),
    SUMIMP: num('int', (r) => (r.kind === 'class' ? r.perSystem[0]!.importance : undefined)),
    SUMEVG: num('int', (r) => (goalOf(r)?.kind === 'velocity' ? (goalOf(r) as { percent: number }).percent : undefined)),
    SUMEVA: blank(NO_PLEX_SAMPLES),
    SUMRTGTM: num('int', (r) => (goalOf(r)?.kind === 'responseTime' ? (goalOf(r) as { seconds: number }).seconds * 1000 : undefined)),
    SUMRTGP: blank('response-time goals have no percentile in the topology'),
    SUMRTATM: num('int', (r) => (rtOf(r) === undefined ? undefined : rtOf(r)! * 1000)),
    SUMRTAP: blank('response-time goals have no percentile in the topology'),
    SUMPFID: blank(NO_PLEX_SAMPLES),
    SUMTRAN: num('d3', (r) => sum(r.perSystem.map((c) => c.transactionRate))),
    SUMECTR: blank('enclaves are not modelled'),
    ...blanks('the response-time breakdown (wait, active, queue, …) is not modelled yet (Model 2b)', 'SUMARTWM SUMARTAM SUMARTTM SUMARTQM SUMARTRM SUMARTIM SUMARTCM'),
    SUMECTRE: blank('enclaves are not modelled'),
    SUMGOA: text((r) => (goalOf(r) ? (goalOf(r)!.kind === 'velocity' ? 'V' : 'A') : undefined)),
    SUMDUR: blank('the topology has one period per class and no durations'),
    ...blanks('resource groups are not modelled', 'SUMRES SUMRGTYP SUMSMI SUMSMA SUMSRA SUMRGSPC'),
    ...blanks('storage/CPU critical and honor-priority flags are not in the topology', 'SUMCRIT SUMHONP'),
    ...blanks('memory limits and memory by class are not modelled yet (Model 2b)', 'SUMMLIM SUMMEMUS'),
    SUMDDSIN: text((r) => r.name),
    SUMDDSIT: text((r) => (r.kind === 'workload' ? 'W' : 'S')),
    SUMDDSIP: num('int', (r) => (r.kind === 'class' ? r.perSystem[0]!.period : undefined)),
    SUMEGRP: blank('the topology has no class descriptions'),
    SUMRTGT: num('d3', (r) => (goalOf(r)?.kind === 'responseTime' ? (goalOf(r) as { seconds: number }).seconds : undefined)),
    SUMRTAT: num('d3', (r) => rtOf(r)),
    ...blanks('the response-time breakdown (wait, active, queue, …) is not modelled yet (Model 2b)', 'SUMARTW SUMARTA SUMARTT SUMARTQ SUMARTR SUMARTI SUMARTC'),
    SUMAIINF: blank('WLM batch initiator management is not modelled'),
  },
  caption: {
    ...blanks(NO_POLICY, 'SUMSRVVC SUMIDTVC SUMACPVC SUMADTVC'),
  },
};

// ---------------------------------------------------------------- job-based reports (no address spaces yet)
const noRows = (): unknown[] => [];
const PROC: ReportSpec<unknown> = {
  rows: noRows,
  columns: blanks(NO_JOBS, 'PRCPJOB PRCPJID PRCPASI PRCPCLAX PRCPSVCL PRCPRPCL PRCPODEL PRCPOUSE PRCPTYPE PRCPTST PRCPCAP PRCPETST PRCPAPPL PRCPEAPP PRCPTWFL PRCPTDEL PRCPTUSE PRCPAACP PRCPIICP PRC1SDEL PRC1JOBN PRC2SDEL PRC2JOBN PRC3SDEL PRC3JOBN PRCTCPUT'),
  caption: {},
};
const PROCU: ReportSpec<unknown> = {
  rows: noRows,
  columns: blanks(NO_JOBS, 'PRUPJOB PRUPJID PRUPASI PRUPCLA PRUPCLAX PRUPSVCL PRUPRPCL PRUPCLP PRUPCPT PRUPAACT PRUPIICT PRUPCPE PRUPAAPE PRUPIIPE PRUPTOTC PRUPTOTE PRUPTCB PRUPSRB PRUPPCS PRUPEPS PRUPRPB PRUTCPUT PRUTCPT PRUTAACT PRUTIICT PRUTCPE PRUTAAPE PRUTIIPE PRUTTOTC PRUTTOTE PRUTTCB PRUTSRB PRUTPCS PRUTEPS'),
  caption: {},
};
const DELAY: ReportSpec<unknown> = {
  rows: noRows,
  columns: blanks(NO_JOBS, 'JDELDAN JDELJID JDELASI JDETYPX JDEPSVCL JDEPRPCL JDEGMIP JDELWFL JDELUSG JDELDEL JDELIDL JDELUKN JDELPROC JDELDEV JDELSTOR JDELSUBS JDELOPER JDELENQ JDELJES JDELHSM JDELXCF JDELMNT JDELMES JDELQUI JDELCAP JDELCP JDELSUP JDELIFA JDELREAS'),
  caption: {},
};
const STOR: ReportSpec<unknown> = {
  rows: noRows,
  columns: blanks(NO_JOBS, 'STRPJOB STRPJID STRPASI STRPCLA STRPSVCL STRPODEL STR1SDEL STR2SDEL STR3SDEL STR4SDEL STR5SDEL STR6SDEL STR7SDEL STR8SDEL STRPACTV STRPFIXD STRPIDLE STRPWSET STRPWSEX'),
  caption: {},
};
const STORF: ReportSpec<unknown> = {
  rows: noRows,
  columns: blanks(NO_JOBS, 'STFPJOB STFPJID STFPASI STFPCLA STFPSVCL STFPTOTL STFPACTV STFPIDLE STFPWSET STFPFIXD STFPDIV STFPAUXS STFPPGIN STFPEXIN STFPSPPI STFPTOTS STFPSVIN STFPSPVL STFPLMO STFPLPR STFPFREM STFPGMO STFPGPR STFDMUSE STFDMNUK STFDMNUM STFDMNUG STFDMUPK STFDMUPM STFDMUFM STFDMUFG STFDMMRG STFDMARG STFDMAAG'),
  caption: {},
};
const DEV: ReportSpec<unknown> = {
  rows: noRows,
  columns: blanks(NO_JOBS, 'DEVPJOB DEVPJID DEVPASI DEVPCLA DEVPODEL DEVPOUSE DEVPCON DEVPSVCL DEV1SDEL DEV1VOLU DEV2SDEL DEV2VOLU DEV3SDEL DEV3VOLU DEV4SDEL DEV4VOLU'),
  caption: {},
};
const ENQ: ReportSpec<unknown> = {
  rows: noRows,
  columns: blanks('ENQ contention is not modelled yet (Model 2b)', 'ENQPWJOB ENQPWJID ENQPODEL ENQPRDEL ENQPWSTT ENQPMAJS ENQPHDEL ENQPHJOB ENQPHSTT'),
  caption: {},
};

// ---------------------------------------------------------------- DEVR
/** A row of DEVR: a volume as the asked system uses it, or the sub-row that follows it. */
export interface DevrRow {
  sub: boolean;
  volume: VolumeSnapshot;
  /** The system's I/O rate to the volume. */
  rate: number;
}
const main = (r: DevrRow) => !r.sub;
/** Fraction of time the system keeps the device in a state: its I/O rate × the time per I/O in that state. */
const busy = (r: DevrRow, seconds: number) => 100 * r.rate * seconds;
const rt = (r: DevrRow) => r.volume.responseTime;

const DEVR: ReportSpec<DevrRow> = {
  rows(ctx) {
    if (!ctx.system) return [];
    const byVolser = new Map(ctx.snap.volumes.map((v) => [v.volser, v]));
    return ctx.system.volumes.flatMap((view) => {
      const volume = byVolser.get(view.volser)!;
      return [
        { sub: false, volume, rate: view.ioRate },
        { sub: true, volume, rate: view.ioRate },
      ];
    });
  },
  columns: {
    DVRPVOLU: text((r) => (r.sub ? `0${r.volume.devnum}` : r.volume.volser)), // the sub-row names the 5-digit device number
    DVRPDVN5: text((r) => (main(r) ? `0${r.volume.devnum}` : undefined)),
    DVRPIDEN: text((r) => (main(r) ? r.volume.model.replace('-', '') : undefined)), // 3390-9 → 33909; the sub-row's CU type is not modelled
    DVRPSTAT: blank('device status and the PAV count are not modelled yet (Model 2b device types)'),
    DVRPKIND: text((r) => (main(r) ? 'D' : undefined)), // every modelled volume is DASD
    DVRPLCUN: blank(NO_SSID),
    DVRPACTV: num('int', (r) => (main(r) ? busy(r, rt(r).pend + rt(r).disc + rt(r).conn) : undefined)),
    DVRPCONN: num('int', (r) => (main(r) ? busy(r, rt(r).conn) : undefined)),
    DVRPDISC: num('int', (r) => (main(r) ? busy(r, rt(r).disc) : undefined)),
    DVRPPEND: num('int', (r) => (main(r) ? busy(r, rt(r).pend) : undefined)),
    ...blanks('PEND is not split into its reasons (device busy, CMR, CU busy, switch port)', 'DVRPDLYR DVRPDLYP'),
    DVRACTRT: num('d1', (r) => (main(r) ? r.rate : undefined)),
    DVRRESPT: num('dot3', (r) => (main(r) ? rt(r).total : undefined)),
    DVRIOSQT: num('dot3', (r) => (main(r) ? rt(r).iosq : undefined)),
    ...blanks('PEND is not split into its reasons (device busy, CMR, CU busy, switch port)', 'DVRPDVBT DVRPCMRT DVRPCUBT DVRPSPBT'),
    DVRRPTHP: num('d1', (r) => (main(r) ? rt(r).total * 1000 : undefined)),
    DVRIQTHP: num('d1', (r) => (main(r) ? rt(r).iosq * 1000 : undefined)),
    DVRIOINT: num('int', (r) => (main(r) ? r.rate * rt(r).total * 1000 : undefined)), // I/O intensity: rate × response time in ms
    ...blanks(NO_JOBS, 'DVRPJOBN DVRPASI DVRPCLA DVRPDMN DVRPPGN DVRPSUSE DVRPSDEL DVRPSVCL'),
    DVRPDEVN: text((r) => (main(r) ? r.volume.devnum : undefined)),
  },
  caption: {},
};

// ---------------------------------------------------------------- CHANNEL
type ChannelRow = LparSnapshot['channels'][number];
const CHANNEL: ReportSpec<ChannelRow> = {
  rows: (ctx) => ctx.system?.channels ?? [],
  columns: {
    CHACPIVC: text((r) => r.chpid),
    CHACPTVC: blank('the channel path type (switched or direct FICON) is not in the topology'),
    CHACSIVC: blank('channel sharing across LPARs is not in the topology'),
    CHACPUVC: num('d1', (r) => r.utilizationPercent),
    CHACTUVC: blank('the total utilization of a path over all LPARs is not modelled'),
    CHACTBVC: blank('bus utilization is not modelled'),
    ...blanks('throughput is not split into read and write', 'CHACPRVC CHACTRVC CHACPWVC CHACTWVC'),
    CHACFRTE: num('int', (r) => r.ioRate),
    CHACFACT: blank('active operations per path are not modelled'),
    CHACXRTE: blank('FICON and zHPF operations are not told apart'),
    CHACXACT: blank('FICON and zHPF operations are not told apart'),
    ...blanks('coupling and OSA message statistics are not modelled', 'CHACTMVC CHACTFVC CHACTSVC CHACPMVC CHACPSVC CHACSFVC CHACPFVC'),
    ...blanks('deferred operations are not modelled', 'CHACFDFR CHACXDFR'),
    CHACLTVC: blank('the DDS line type of a path is not documented in the samples'),
    CHACMGVC: blank('channel measurement groups are not modelled'),
    ...blanks('physical network ids apply to OSA and RoCE, not to the modelled FICON paths', 'CHACNET1 CHACNET2'),
  },
  caption: {},
};

// ---------------------------------------------------------------- CACHSUM
const CACHSUM: ReportSpec<unknown> = {
  rows: noRows,
  columns: blanks(
    NO_SSID,
    'CASPSSID CASPCUID CASPTYPM CASPSIZE CASPIO CASPHITP CASPHIT CASPMTOT CASPMSTG CASPREAP CASPSEQ CASPASYN CASPOFF CASNRRA CASNRHI CASNRHIP CASNWRA CASNWFA CASNWHI CASNWHIP CASNREAP CASNTRA CASSRRA CASSRHI CASSRHIP CASSWRA CASSWFA CASSWHI CASSWHIP CASSREAP CASSTRA CASCRRA CASCRHI CASCRHIP CASCWRA CASCWFA CASCWHI CASCWHIP CASCREAP CASTRRA CASTRHI CASTRHIP CASTWRA CASTWFA CASTWHI CASTWHIP CASTREAP CASMCACH CASMCCON CASMCAVL CASMCOFF CASMCPIN CASMNVS CASMNCON CASMNPIN',
  ),
  caption: {
    CASHCDAT: text((_, ctx) => ctx.localDate),
    CASHCTIM: text((_, ctx) => ctx.localTime),
    CASHCRNG: num('int', (_, ctx) => ctx.seconds),
  },
};

// ---------------------------------------------------------------- coupling facility
const NO_CONN = 'structure connections (connectors, their jobs and ASIDs) are not modelled';
const NO_CFRM = 'the topology has no CFRM policy (policy name, INITSIZE/SIZE, preference lists, storage classes)';
const NO_SCM = 'storage class memory is not modelled';
const NO_DELAYS = 'queued operations and their delays (dump serialization, CF monopolization) are not modelled';
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
    CFOPDTUS: blank('dump table use (a structure dump in progress) is not modelled'),
    CFOPSYSC: num('int', (r) => r.systems.length),
    CFOPSTCI: num('int', (r) => r.structures.length),
    CFOPSTCO: blank(NO_CFRM),
    ...blanks('CF maintenance and recovery modes are not modelled', 'CFOPMNT CFOPRCV'),
    ...blanks(NO_SCM, 'CFOPSCMS CFOPSCMA CFOPSCMU CFOPAUGS CFOPAUGA CFOPAUGU CFOPSMSC'),
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
    ...blanks('sync operation delays and failed operations are not modelled', 'CFSPSOPD CFSPFOPT'),
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
    ...blanks(NO_DELAYS, 'CFAPQRT CFAPDELC CFAPQUEC CFAPMQRT CFAPMONC'),
    ...blanks(NO_CONN, 'CFAPMUSR CFAPTUSR CFAPPUSR'),
    CFAPREBP: blank('structure rebuilds are not modelled'),
    CFAINAM: text((r) => r.cf.name),
    CFAISTRU: text((r) => r.s.name),
    CFAITYPE: text((r) => r.s.type.toUpperCase()),
    ...blanks(NO_CONN, 'CFAICNAM CFAICJOB CFAICSTA CFAICPRB CFAICASI CFAICLVL CFAICREB CFAICDRB CFAICALT CFAICAUT CFAICSUS'),
    CFAISTRS: num('int', (r) => r.s.sizeBytes),
    CFAISTRP: num('d1', (r) => allOnly(r, pct(r.s.sizeBytes, r.cf.storage.sizeBytes))),
    CFAISTUP: num('d1', (r) => allOnly(r, r.s.utilizedPercent)),
    ...blanks(NO_CFRM, 'CFAISTRC CFAISTRM CFAISTRX CFAIFCCL CFAILCCL CFAIPREF CFAIEXCL'),
    CFAIDTS: blank('structure dumps are not modelled'),
    ...blanks('list and lock element sizes of the record data are not modelled', 'CFAILDES CFAILDLS'),
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
    ...blanks('changed (not yet cast out) cache entries are not modelled', 'CFAICEN CFAICEL'),
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
