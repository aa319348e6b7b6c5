import { z } from 'zod';
import { ConfigError, formatPath } from './errors.js';
import { ipow } from './noise.js';
import { estimateSeriesCount } from './series.js';

const NAME = /^[A-Z@#$][A-Z0-9@#$]{0,7}$/;
const name8 = (what: string) => z.string().regex(NAME, `${what} must be 1–8 characters A–Z, 0–9, @, #, $ starting with a letter or @#$`);
const percent = z.number().min(0).max(100);
const workloadKind = z.enum(['online', 'batch', 'mixed']);
/** The three workload kinds the pattern engine knows: online (day peaks), batch (night window), mixed. */
export type WorkloadKind = z.infer<typeof workloadKind>;
/** A value per workload kind, each within [min, max]. */
const perKind = (min: number, max: number) => z.object({ online: z.number().min(min).max(max), batch: z.number().min(min).max(max), mixed: z.number().min(min).max(max) });

const hourWindow = z
  .tuple([z.number().min(0).max(24), z.number().min(0).max(24)])
  .refine(([a, b]) => a !== b, 'a peak window needs a start and an end that differ (it may wrap past midnight, e.g. [22, 5])');

const lparSchema = z.object({
  /** MVS system name, e.g. `PROD01`. */
  name: name8('LPAR name'),
  /** Workload kind: drives the daily profile and the weekend / month-end effects. */
  workload: workloadKind,
  /** Logical general-purpose processors. */
  gp: z.number().int().min(1).max(256),
  /** Logical zIIPs. @default 0 */
  ziip: z.number().int().min(0).max(256).default(0),
  /** Central (real) storage in GiB, 1–16384. */
  memoryGb: z.number().min(1).max(16384),
  /** Local-time peak windows `[fromHour, toHour]`; a window may wrap midnight (`[22, 5]`). */
  peakHours: z.array(hourWindow).default([]),
  /** GP demand at peak on an ordinary weekday, in % of the LPAR's GPs (over 100 means CPU-constrained). */
  peakBusyPercent: z.number().min(1).max(200).optional(),
  /** Share of the work that is zIIP-eligible (DB2 DRDA, Java, …), in %. */
  ziipEligiblePercent: percent.optional(),
  /** SSCH (I/O starts) per second per busy processor. */
  ioPerCpSecond: z.number().min(0).max(100_000).optional(),
  // ---- PR/SM ----
  /** PR/SM weight of its shared GPs, 1–999: its share of the shared pool under contention. @default 10 per logical GP */
  weight: z.number().int().min(1).max(999).optional(),
  /** PR/SM weight of its shared zIIPs, 1–999. @default 10 per logical zIIP */
  ziipWeight: z.number().int().min(1).max(999).optional(),
  /** Its GPs are dedicated physical processors, taken out of the shared pool (no weight, never capped). @default false */
  dedicated: z.boolean().default(false),
  /** Defined capacity in MSU/h (soft capping): the LPAR is capped there while its 4-hour rolling average is at or above it. */
  definedCapacityMsu: z.number().min(1).max(1_000_000).optional(),
  /** Absolute capping: at most this many processors' worth of GP time (hard cap), 0.01–256. */
  absoluteCapping: z.number().min(0.01).max(256).optional(),
  /** Name of the capacity group (`cpc.capacityGroups`) whose limit it shares. */
  capacityGroup: name8('capacity group name').optional(),
  /**
   * Address spaces of the system: started tasks, subsystem regions, TSO users, batch initiators and idle ones, 40–2000.
   * @default by workload kind: online 320, batch 200, mixed 160
   */
  addressSpaces: z.number().int().min(40).max(2000).optional(),
  /** Batch initiators (job slots), 0–200. @default from the weight of its batch classes */
  batchInitiators: z.number().int().min(0).max(200).optional(),
});

/**
 * A WLM goal: a response time (optionally a percentile goal: `percentile` % of transactions within `seconds`), an
 * execution velocity, `system` (SYSTEM and SYSSTC: no goal, dispatched above all importance levels, no performance
 * index) or `discretionary` (no goal, runs on what the goal work leaves).
 */
const goalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('responseTime'), seconds: z.number().min(0.001).max(3600), percentile: z.number().min(1).max(99.9).optional() }),
  z.object({ kind: z.literal('velocity'), percent: z.number().min(1).max(99) }),
  z.object({ kind: z.literal('system') }),
  z.object({ kind: z.literal('discretionary') }),
]);

/** One period of a service class: work moves to the next one after `durationServiceUnits` of service. */
const periodSchema = z.object({
  /** Service units after which work moves to the next period (not for the last period), 1–100,000,000. */
  durationServiceUnits: z.number().int().min(1).max(100_000_000).optional(),
  importance: z.number().int().min(1).max(5).default(3),
  goal: z.lazy(() => goalSchema),
});

const subsystem = z.enum(['CICS', 'IMS', 'MQ', 'BATCH', 'DB2', 'TSO', 'STC']);

const serviceClassSchema = z.object({
  name: name8('service class name'),
  /** WLM workload the class belongs to, e.g. `ONLINE`. */
  workload: name8('WLM workload name'),
  /** Its description in the WLM service definition (up to 32 characters; SYSSUM shows it). */
  description: z.string().max(32).optional(),
  /** 1 (most important) … 5; ignored for `goal: { kind: 'system' }` (system work comes first). */
  importance: z.number().int().min(1).max(5).default(1),
  /** The goal of its (first) period; a response-time goal may name a `percentile` (e.g. 90 % within 0.5 s). */
  goal: goalSchema,
  /**
   * Its periods, when it has more than one (TSO, batch): each with an importance and a goal; `importance` and `goal`
   * above are then ignored.
   */
  periods: z.array(periodSchema).min(1).max(8).optional(),
  /** WLM report class its work is also reported in (classification rules give it one). */
  reportClass: name8('report class name').optional(),
  /** Subsystem that runs the work; CICS, IMS, MQ and BATCH also feed the predecessor's `rmf_mpb_*` queue metrics. */
  subsystem,
  /** CPU time (on a GP) per transaction or job step, in milliseconds: 0.001 (1 µs) to 86,400,000 (a day). */
  cpuPerTransactionMs: z.number().min(0.001).max(86_400_000),
  /** Relative share of each named LPAR's work that runs in this class, 0.000001–1,000,000. */
  systems: z.record(z.string(), z.number().min(0.000_001).max(1_000_000)),
});

/**
 * A WLM report class: the work of some service classes (or of every class of some subsystems) reported together,
 * as classification rules assign it. A service class belongs to at most one report class: its own `reportClass`
 * first, then a report class that names it in `serviceClasses`, then the first whose `subsystems` has its subsystem.
 */
const reportClassSchema = z.object({
  /** Report class name, as classification rules assign it and reports list it (`RCICSPRD`). */
  name: name8('report class name'),
  /** Description, as the service definition shows it (up to 32 characters). */
  description: z.string().max(32).optional(),
  /** Service classes whose work it reports. @default [] */
  serviceClasses: z.array(name8('service class name')).max(256).default([]),
  /** Subsystems whose service classes (those no other rule assigns) it reports. @default [] */
  subsystems: z.array(subsystem).max(7).default([]),
});

/**
 * A WLM resource group: the service classes in it share a minimum and a maximum of processor capacity,
 * sysplex-wide. Type 1 (the only one modelled) counts unweighted CPU service units per second over all systems.
 */
const resourceGroupSchema = z
  .object({
    /** Resource group name, as the service definition and the reports show it (`BATCHLOW`). */
    name: name8('resource group name'),
    /** Description, as the service definition shows it (up to 32 characters). */
    description: z.string().max(32).optional(),
    /** Capacity type: 1 = service units per second, sysplex-wide. @default 1 */
    type: z.literal(1).default(1),
    /** Minimum capacity WLM protects for the group, in service units per second. @default none */
    minServiceUnits: z.number().int().min(0).max(999_999_999).optional(),
    /** Maximum capacity of the group, in service units per second. @default none */
    maxServiceUnits: z.number().int().min(1).max(999_999_999).optional(),
    /** Whether zIIP time counts against the group's capacity. @default false */
    includeSpecialtyProcessors: z.boolean().default(false),
    /** Service classes in the group (a class is in at most one group). */
    serviceClasses: z.array(name8('service class name')).min(1).max(256),
  })
  .superRefine((g, ctx) => {
    if (g.minServiceUnits === undefined && g.maxServiceUnits === undefined) ctx.addIssue({ code: 'custom', path: ['maxServiceUnits'], message: 'a resource group needs a minimum or a maximum' });
    if (g.minServiceUnits !== undefined && g.maxServiceUnits !== undefined && g.minServiceUnits > g.maxServiceUnits) ctx.addIssue({ code: 'custom', path: ['minServiceUnits'], message: `the minimum ${g.minServiceUnits} exceeds the maximum ${g.maxServiceUnits}` });
  });

/** What a CF structure serves: decides the work that drives its requests, its async share, how full it runs. */
const structureUse = z.enum(['xcf', 'grs', 'db2Lock', 'db2Gbp', 'db2Sca', 'imsLock', 'imsCache', 'cics', 'mq', 'logger', 'jes', 'racf', 'other']);
/** What a CF structure serves (XCF signalling paths, GRS star, DB2 IRLM lock, group buffer pool, SCA, …). */
export type StructureUse = z.infer<typeof structureUse>;

const structureSchema = z.object({
  /** Structure name as the CFRM policy defines it, 1–16 characters (`IXC_DEFAULT_1`, `DSNDB0G_GBP1`). */
  name: z.string().regex(/^[A-Z][A-Z0-9@#$_]{0,15}$/, 'structure names are 1–16 characters A–Z, 0–9, @, #, $, _ starting with a letter'),
  type: z.enum(['lock', 'cache', 'list']),
  /** What it serves. @default by type: lock `db2Lock`, cache `db2Gbp`, list `other` */
  use: structureUse.optional(),
  /** Allocated size in MiB, 1–1,048,576. @default by use (XCF 64, ISGLOCK 32, DB2 lock 128, GBP 1024, …) */
  sizeMb: z.number().min(1).max(1_048_576).optional(),
  /** Relative share of the CF's requests (of the systems that run the work it serves), 0–1,000. @default by use */
  weight: z.number().min(0).max(1000).optional(),
  /** Share of its requests the exploiter issues asynchronously, in %. @default by use (lock 2, GBP 15, XCF 95, logger 70, …) */
  asyncPercent: percent.optional(),
});

const cfSchema = z.object({
  name: name8('coupling facility name'),
  /** CF processors (ICFs) defined to the CF image. */
  processors: z.number().int().min(1).max(64),
  /** Its processors are dedicated ICFs; shared ones are dispatched by PR/SM at `weight` (with dynamic dispatching). @default true */
  dedicated: z.boolean().default(true),
  /** PR/SM weight of its shared processors, 1–999 (not for dedicated ones). @default 10 per processor */
  weight: z.number().int().min(1).max(999).optional(),
  /** Machine type of the CPC it runs on (`8561` z15, `3931` z16, `9175` z17). @default the CPC's model */
  model: z.string().min(1).max(8).optional(),
  /** CFCC level. @default by machine type: z15 24, z16 25, z17 26 (22 otherwise) */
  cfLevel: z.number().int().min(1).max(99).optional(),
  /** CF storage in GiB, 1–16384: the structures, the dump space (6 MiB) and what is free. @default 32 */
  storageGb: z.number().min(1).max(16384).default(32),
  /** CF links per connected LPAR. */
  linksPerLpar: z.number().int().min(1).max(16).default(4),
  /** Coupling link type: ICP (internal, same CPC), CS5 (ICA SR, up to 150 m), CL5 / CL6 (Coupling Express LR). @default ICP */
  linkType: z.enum(['ICP', 'CS5', 'CL5', 'CL6']).default('ICP'),
  /** Distance to the connected systems in km (0 for ICP; at most 0.15 for CS5; up to 100 for CL5 / CL6): 10 µs per km round trip. @default 0 */
  distanceKm: z.number().min(0).max(100).default(0),
  /** CF requests per second per busy processor of a connected LPAR, 0–1,000,000. */
  requestsPerBusyCp: z.number().min(0).max(1_000_000).default(900),
  /** Its structures, 1–256. */
  structures: z.array(structureSchema).min(1).max(256),
});

const clprSchema = z.object({
  name: z.string().regex(/^CLPR\d{1,2}$/, 'CLPR names are CLPR0 … CLPR31'),
  /** Cache of the partition in GB, 1–100,000. */
  cacheGb: z.number().min(1).max(100_000),
  /** Destage capacity of the partition in MB/s, 1–1,000,000: write pending rises as writes approach it. */
  destageMBps: z.number().min(1).max(1_000_000),
});

const hex4 = (what: string) => z.string().regex(/^[0-9A-F]{4}$/, `${what} is four hex digits`);

/**
 * The array's control units as z/OS sees them: logical control units (LCUs) of up to 256 devices each, with their
 * subsystem id (SSID), LCU number and device numbers. Volumes fill the LCUs in topology order.
 */
const controlUnitSchema = z.object({
  /** Control-unit type and model z/OS reports (DEVR's CU type, CACHSUM's type-model); arrays emulate the 2107. @default 2107-996 */
  type: z.string().regex(/^\d{4}-[0-9A-Z]{3}$/, 'control-unit type is tttt-mmm, e.g. 2107-996').default('2107-996'),
  /** Base devices (volumes) per LCU, 1–256; they share the LCU's 256 unit addresses with their aliases. @default 64 */
  devicesPerLcu: z.number().int().min(1).max(256).default(64),
  /** SSID of the first LCU (hex); the next ones follow at `ssidStep`. @default 5000 */
  firstSsid: hex4('SSID').default('5000'),
  /** Step between the SSIDs of consecutive LCUs, 1–4096. @default 256 (5000, 5100, …), or 1 where 256 would run past FFFF */
  ssidStep: z.number().int().min(1).max(4096).optional(),
  /** LCU number of the first LCU (hex); the next ones count up. @default 0080 */
  firstLcu: hex4('LCU number').default('0080'),
  /**
   * Device number of the first volume (hex); each LCU starts at a multiple of 256 from it. Past FFFF they start again
   * at 0000, as device numbers repeat in z/OS's subchannel sets. @default 8000
   */
  firstDevice: hex4('device number').default('8000'),
  /** Non-volatile storage (write cache) of the array in GiB, 1–100,000. @default 1/16 of the CLPRs' cache */
  nvsGb: z.number().min(1).max(100_000).optional(),
});
/** Default of the array's `controlUnits`. */
const CONTROL_UNIT_DEFAULTS = { type: '2107-996', devicesPerLcu: 64, firstSsid: '5000', firstLcu: '0080', firstDevice: '8000' } as const;

const arraySchema = z.object({
  name: z.string().min(1).max(16),
  model: z.string().min(1).default('VSP 5600'),
  /** LCUs, SSIDs, device numbers and the control-unit type. @default 64 volumes per LCU from SSID 5000, LCU 0080, device 8000 */
  controlUnits: controlUnitSchema.default(CONTROL_UNIT_DEFAULTS),
  mpBlades: z.number().int().min(1).max(16),
  coresPerBlade: z.number().int().min(1).max(64).default(8),
  hostPorts: z.number().int().min(1).max(192),
  portSpeedGbps: z.union([z.literal(8), z.literal(16), z.literal(32)]).default(32),
  clprs: z.array(clprSchema).min(1),
});

/**
 * What a volume group holds, which decides where its I/O comes from and how it behaves: `sysres` (system residence:
 * little I/O, cached reads), `page` (page data sets: I/O is the paging), `spool` (JES2 spool), `catalog` (catalogs:
 * small, hot, cached reads), `db2log` (DB2 active logs: sequential writes, one pair active at a time), `db2data`
 * (DB2 table spaces), `user` (user and application data: skewed, some volumes idle for hours), `work` and `temp`
 * (batch scratch: spread evenly by SMS, busy in the batch window).
 */
export const VOLUME_ROLES = ['sysres', 'page', 'spool', 'catalog', 'db2log', 'db2data', 'user', 'work', 'temp'] as const;
/** See {@link VOLUME_ROLES}. */
export type VolumeRole = (typeof VOLUME_ROLES)[number];

/** The role a volume type implies when a group gives none. */
export function roleOfType(type: string): VolumeRole {
  const t = type.toLowerCase();
  if ((VOLUME_ROLES as readonly string[]).includes(t)) return t as VolumeRole;
  if (t === 'cat') return 'catalog';
  if (t === 'log') return 'db2log';
  if (t === 'db2') return 'db2data';
  return 'user';
}

const volumeGroupSchema = z.object({
  /** Volume type label of the predecessor: SYSRES, WORK, USER, TEMP, … */
  type: z.string().regex(/^[A-Z0-9]{2,8}$/, 'volume type is 2–8 characters A–Z, 0–9'),
  /** What the group holds (see {@link VOLUME_ROLES}). @default the role its `type` names, else `user` */
  role: z.enum(VOLUME_ROLES).optional(),
  /** Volser prefix; volsers are prefix + a zero-padded number, 6 characters in all. */
  prefix: z.string().regex(/^[A-Z@#$][A-Z0-9@#$]{0,4}$/, 'volser prefix is 1–5 characters'),
  count: z.number().int().min(1).max(9999),
  model: z.enum(['3390-3', '3390-9', '3390-27', '3390-54', '3390-A']),
  clpr: z.string(),
  /** Average transfer size in KiB. @default the role's (e.g. 6 for `user`, 48 for `temp`) */
  transferKb: z.number().min(0.5).max(1024).optional(),
  /** Reads in % of I/Os. @default the role's */
  readPercent: percent.optional(),
  /** Typical read cache-hit ratio in %. @default the role's */
  readHitPercent: percent.optional(),
  /** HyperPAV aliases available to the volume. @default 4 */
  aliases: z.number().int().min(0).max(255).default(4),
  /** How the aliases are managed: `hyper` (HyperPAV: drawn from the LCU's pool per I/O) or `static` (bound to the base). @default hyper */
  pav: z.enum(['hyper', 'static']).default('hyper'),
  /** SMS storage group of the volumes, 1–8 characters. @default `SG` and the group's type (`SGUSER`, cut to 8) */
  storageGroup: name8('storage group name').optional(),
  /** Sequential I/Os in % of the group's I/Os (prestaged by the array). @default the role's (e.g. 5 for `user`, 70 for `temp`) */
  sequentialPercent: percent.optional(),
  /**
   * Share of each workload kind's I/O that goes to this group (normalised over the groups), each 0–1,000,000.
   * Ignored for `page` volumes, whose I/O is the paging of the system that owns them. @default the role's
   */
  affinity: perKind(0, 1_000_000).optional(),
});

const channelSchema = z.object({
  pathsPerLpar: z.number().int().min(1).max(64).default(8),
  speedGbps: z.union([z.literal(8), z.literal(16), z.literal(32)]).default(16),
  /** First CHPID (hex) of each LPAR's FICON paths. */
  firstChpid: z.string().regex(/^[0-9A-F]{2}$/, 'CHPID is two hex digits').default('40'),
  /** Path type as RMF shows it: `FC_S` FICON through a switch, `FC` FICON point to point. @default FC_S */
  pathType: z.enum(['FC_S', 'FC']).default('FC_S'),
  /**
   * The CHPIDs are shared by the LPARs of the CPC (spanned, as usual): every LPAR uses the same `pathsPerLpar`
   * CHPIDs from `firstChpid`, and a path's total busy is the sum of the LPARs' parts. `false`: each LPAR gets its own
   * CHPIDs, the LPARs one after the other. @default true
   */
  shared: z.boolean().default(true),
  /** I/Os that run in zHPF (transport mode) in % of all; the rest run in FICON command mode. @default 75 */
  zhpfPercent: percent.default(75),
});
/** Default of the topology's `channels`. */
const CHANNEL_DEFAULTS = { pathsPerLpar: 8, speedGbps: 16, firstChpid: '40', pathType: 'FC_S', shared: true, zhpfPercent: 75 } as const;

const networkSchema = z.object({
  osaPerLpar: z.number().int().min(0).max(16).default(2),
  hipersocketsPerLpar: z.number().int().min(0).max(16).default(1),
});

/** Zod schema of a topology; see {@link Topology}. */
export const topologySchema = z
  .object({
    /** Sysplex name. Real ones have at most 8 characters; up to 16 are accepted so the predecessor's `SYSPLEX01` fits. */
    sysplex: z.string().regex(/^[A-Z@#$][A-Z0-9@#$]{0,15}$/, 'sysplex name must be 1–16 characters A–Z, 0–9, @, #, $ starting with a letter or @#$'),
    cpc: z.object({
      name: z.string().min(1).max(8),
      /** Machine type, e.g. `8561` (z15), `3931` (z16). */
      model: z.string().min(1).max(8),
      /** Physical shared general-purpose processors of the CPC. */
      gp: z.number().int().min(1).max(256),
      /** Physical zIIPs of the CPC. */
      ziip: z.number().int().min(0).max(256).default(0),
      /** Capacity in MSU/h, 1–1,000,000 (for the physical GPs: MSU/h per CP = capacityMsu / gp). */
      capacityMsu: z.number().min(1).max(1_000_000),
      /** Model (capacity setting) within the machine type, e.g. `724`. @default `7` followed by the number of GPs */
      capacitySetting: z.string().min(1).max(8).optional(),
      /** CPC serial (sequence) number. @default derived from the name */
      serial: z.string().min(1).max(16).optional(),
      /** Internal coupling facility processors (ICFs) and IFLs of the CPC (not used by z/OS). @default 0 */
      icf: z.number().int().min(0).max(256).default(0),
      ifl: z.number().int().min(0).max(256).default(0),
      /** zIIPs run two threads per core (SMT-2): up to about 1.25 times the capacity when both threads are busy. @default false */
      ziipSmt: z.boolean().default(false),
      /** Capacity groups: LPARs of a group are soft-capped together when the group's 4-hour average reaches its limit. */
      capacityGroups: z.array(z.object({ name: name8('capacity group name'), limitMsu: z.number().min(1).max(1_000_000) })).default([]),
    }),
    lpars: z.array(lparSchema).min(1).max(60),
    serviceClasses: z.array(serviceClassSchema).default([]),
    /** WLM report classes by the service classes or subsystems they report (besides the classes' own `reportClass`). @default [] */
    reportClasses: z.array(reportClassSchema).max(999).default([]),
    /** WLM resource groups: the minimum and maximum capacity (service units per second, sysplex-wide) of the service classes in each. @default [] */
    resourceGroups: z.array(resourceGroupSchema).max(32).default([]),
    /** WLM service definition and active policy names (reports show them). */
    wlm: z.object({ serviceDefinition: name8('service definition name').default('WLMDEF01'), policy: name8('policy name').default('STANDARD') }).default({ serviceDefinition: 'WLMDEF01', policy: 'STANDARD' }),
    couplingFacilities: z.array(cfSchema).default([]),
    storageArray: arraySchema,
    volumeGroups: z.array(volumeGroupSchema).min(1),
    channels: channelSchema.default(CHANNEL_DEFAULTS),
    network: networkSchema.default({ osaPerLpar: 2, hipersocketsPerLpar: 1 }),
  })
  .superRefine((t, ctx) => {
    unique(ctx, t.lpars, (i) => ['lpars', i, 'name'], 'LPAR name');
    const lparNames = new Set(t.lpars.map((l) => l.name));
    t.serviceClasses.forEach((sc, i) => {
      for (const sys of Object.keys(sc.systems)) {
        if (!lparNames.has(sys)) ctx.addIssue({ code: 'custom', path: ['serviceClasses', i, 'systems', sys], message: `unknown LPAR ${sys}` });
      }
    });
    unique(ctx, t.serviceClasses, (i) => ['serviceClasses', i, 'name'], 'service class name');
    reportClassRefine(ctx, t.serviceClasses, t.reportClasses);
    resourceGroupRefine(ctx, t.resourceGroups);
    t.serviceClasses.forEach((sc, i) =>
      (sc.periods ?? []).forEach((p, j, all) => {
        if (j < all.length - 1 && p.durationServiceUnits === undefined) ctx.addIssue({ code: 'custom', path: ['serviceClasses', i, 'periods', j, 'durationServiceUnits'], message: 'every period but the last needs a duration' });
        if (j === all.length - 1 && p.durationServiceUnits !== undefined) ctx.addIssue({ code: 'custom', path: ['serviceClasses', i, 'periods', j, 'durationServiceUnits'], message: 'the last period has no duration' });
      }),
    );
    // PR/SM: dedicated GPs leave the shared pool; a logical LPAR never has more processors than its pool
    unique(ctx, t.cpc.capacityGroups, (i) => ['cpc', 'capacityGroups', i, 'name'], 'capacity group name');
    const groups = new Set(t.cpc.capacityGroups.map((g) => g.name));
    const dedicated = t.lpars.reduce((n, l) => n + (l.dedicated ? l.gp : 0), 0);
    if (dedicated >= t.cpc.gp) ctx.addIssue({ code: 'custom', path: ['lpars'], message: `the dedicated GPs (${dedicated}) leave no shared pool of the CPC's ${t.cpc.gp}` });
    t.lpars.forEach((l, i) => {
      if (!l.dedicated && l.gp > t.cpc.gp - dedicated) ctx.addIssue({ code: 'custom', path: ['lpars', i, 'gp'], message: `${l.gp} logical GPs exceed the shared pool of ${t.cpc.gp - dedicated} physical GPs` });
      if (l.ziip > t.cpc.ziip) ctx.addIssue({ code: 'custom', path: ['lpars', i, 'ziip'], message: `${l.ziip} logical zIIPs exceed the CPC's ${t.cpc.ziip}` });
      if (l.capacityGroup !== undefined && !groups.has(l.capacityGroup)) ctx.addIssue({ code: 'custom', path: ['lpars', i, 'capacityGroup'], message: `unknown capacity group ${l.capacityGroup}` });
      if (l.dedicated && (l.definedCapacityMsu !== undefined || l.absoluteCapping !== undefined || l.capacityGroup !== undefined)) ctx.addIssue({ code: 'custom', path: ['lpars', i, 'dedicated'], message: 'an LPAR with dedicated GPs cannot be capped' });
    });
    unique(ctx, t.couplingFacilities, (i) => ['couplingFacilities', i, 'name'], 'coupling facility name');
    t.couplingFacilities.forEach((cf, c) => unique(ctx, cf.structures, (i) => ['couplingFacilities', c, 'structures', i, 'name'], 'structure name', ` in ${cf.name}`));
    t.couplingFacilities.forEach((cf, c) => cfRefine(ctx, cf, c));
    unique(ctx, t.storageArray.clprs, (i) => ['storageArray', 'clprs', i, 'name'], 'CLPR name');
    const clprs = new Set(t.storageArray.clprs.map((c) => c.name));
    const prefixes = new Set<string>();
    t.volumeGroups.forEach((g, i) => {
      if (!clprs.has(g.clpr)) ctx.addIssue({ code: 'custom', path: ['volumeGroups', i, 'clpr'], message: `unknown CLPR ${g.clpr} (have ${[...clprs].join(', ')})` });
      if (prefixes.has(g.prefix)) ctx.addIssue({ code: 'custom', path: ['volumeGroups', i, 'prefix'], message: `duplicate volser prefix ${g.prefix}` });
      prefixes.add(g.prefix);
      if (String(g.count).length > 6 - g.prefix.length) ctx.addIssue({ code: 'custom', path: ['volumeGroups', i, 'count'], message: `${g.count} volumes do not fit a 6-character volser with prefix ${g.prefix}` });
    });
    volserCollisions(ctx, t.volumeGroups);
    const chpidBase = parseInt(t.channels.firstChpid, 16);
    const chpids = t.channels.pathsPerLpar * (t.channels.shared ? 1 : t.lpars.length);
    if (chpidBase + chpids > 256) ctx.addIssue({ code: 'custom', path: ['channels', 'pathsPerLpar'], message: t.channels.shared ? 'CHPIDs would run past FF' : `CHPIDs would run past FF (${chpids} unshared CHPIDs for ${t.lpars.length} LPARs from ${t.channels.firstChpid})` });
    controlUnitRefine(ctx, t.storageArray.controlUnits, t.volumeGroups);
  });

/** Number of LCUs the volumes fill: `devicesPerLcu` each, in topology order. */
export function lcuCount(devicesPerLcu: number, volumes: number): number {
  return Math.ceil(volumes / devicesPerLcu);
}

/** The control units' own checks: the SSIDs, LCU numbers and device numbers of every LCU fit in four hex digits. */
function controlUnitRefine(ctx: z.RefinementCtx, cu: z.infer<typeof controlUnitSchema>, groups: readonly { count: number }[]): void {
  const volumes = groups.reduce((n, g) => n + g.count, 0);
  const lcus = lcuCount(cu.devicesPerLcu, volumes);
  const at = (k: string) => ['storageArray', 'controlUnits', k];
  const step = ssidStepOf(cu, volumes);
  if (parseInt(cu.firstSsid, 16) + (lcus - 1) * step > 0xffff) ctx.addIssue({ code: 'custom', path: at('firstSsid'), message: `the SSIDs of ${lcus} LCUs from ${cu.firstSsid} in steps of ${step} run past FFFF` });
  if (parseInt(cu.firstLcu, 16) + lcus - 1 > 0xffff) ctx.addIssue({ code: 'custom', path: at('firstLcu'), message: `the LCU numbers of ${lcus} LCUs from ${cu.firstLcu} run past FFFF` });
}

/** The step between SSIDs: the declared one, else 256 where the SSIDs fit, else 1. */
export function ssidStepOf(cu: { devicesPerLcu: number; firstSsid: string; ssidStep?: number | undefined }, volumes: number): number {
  if (cu.ssidStep !== undefined) return cu.ssidStep;
  return parseInt(cu.firstSsid, 16) + (lcuCount(cu.devicesPerLcu, volumes) - 1) * 256 <= 0xffff ? 256 : 1;
}

/** RMF's device type of a 3390 model: `3390-9` → `33909`, `3390-A` → `3390A`. */
export function rmfDeviceType(model: string): string {
  return model.replace('-', '');
}

/** Structure types each use needs (GRS star and the IRLMs use lock structures, GBPs are caches, …). */
export const STRUCTURE_USE_TYPE: Readonly<Record<StructureUse, 'lock' | 'cache' | 'list' | null>> = {
  xcf: 'list', grs: 'lock', db2Lock: 'lock', db2Gbp: 'cache', db2Sca: 'list', imsLock: 'lock', imsCache: 'cache', cics: 'list', mq: 'list', logger: 'list', jes: 'list', racf: 'cache', other: null,
};
/** Dump space every CF keeps, bytes. */
export const CF_DUMP_BYTES = 6 * 1_048_576;

/** A coupling facility's own checks: structure uses match their types, the links their distance, the structures fit. */
function cfRefine(ctx: z.RefinementCtx, cf: z.infer<typeof cfSchema>, c: number): void {
  const at = (...p: (string | number)[]) => ['couplingFacilities', c, ...p];
  cf.structures.forEach((s, i) => {
    const want = s.use ? STRUCTURE_USE_TYPE[s.use] : null;
    if (want && want !== s.type) ctx.addIssue({ code: 'custom', path: at('structures', i, 'type'), message: `a ${s.use} structure is a ${want} structure, not ${s.type}` });
  });
  if (cf.linkType === 'ICP' && cf.distanceKm > 0) ctx.addIssue({ code: 'custom', path: at('distanceKm'), message: 'internal coupling (ICP) links have no distance' });
  if (cf.linkType === 'CS5' && cf.distanceKm > 0.15) ctx.addIssue({ code: 'custom', path: at('distanceKm'), message: 'ICA SR (CS5) links reach at most 0.15 km' });
  if (cf.dedicated && cf.weight !== undefined) ctx.addIssue({ code: 'custom', path: at('weight'), message: 'dedicated CF processors have no weight' });
  const mib = cf.structures.reduce((n, s) => n + structureSizeMb(s.type, s.use, s.sizeMb), 0);
  if (mib * 1_048_576 + CF_DUMP_BYTES > cf.storageGb * 1_073_741_824) ctx.addIssue({ code: 'custom', path: at('storageGb'), message: `the structures (${Math.round(mib)} MiB) and the dump space do not fit ${cf.storageGb} GiB of CF storage` });
}

/** Default structure size by use, MiB. */
const USE_SIZE_MB: Readonly<Record<StructureUse, number>> = { xcf: 64, grs: 32, db2Lock: 128, db2Gbp: 1024, db2Sca: 32, imsLock: 64, imsCache: 256, cics: 64, mq: 128, logger: 256, jes: 32, racf: 16, other: 32 };
/** The use of a structure (its declared one, or the default for its type). */
export function structureUseOf(type: 'lock' | 'cache' | 'list', use: StructureUse | undefined): StructureUse {
  return use ?? (type === 'lock' ? 'db2Lock' : type === 'cache' ? 'db2Gbp' : 'other');
}
/** The size of a structure in MiB (its declared one, or the default for its use). */
export function structureSizeMb(type: 'lock' | 'cache' | 'list', use: StructureUse | undefined, sizeMb: number | undefined): number {
  return sizeMb ?? USE_SIZE_MB[structureUseOf(type, use)];
}

/**
 * Report classes: unique names, and no service class claimed by two of them (or by one that is not its own report
 * class). A name the topology has no service class of selects nothing, like a classification rule for work that does
 * not run here (so a topology derived from the default one by dropping classes stays valid).
 */
function reportClassRefine(ctx: z.RefinementCtx, classes: readonly { name: string; reportClass?: string | undefined }[], reports: readonly { name: string; serviceClasses: readonly string[] }[]): void {
  unique(ctx, reports, (i) => ['reportClasses', i, 'name'], 'report class name');
  const own = new Map(classes.map((c) => [c.name, c.reportClass]));
  const claimed = new Map<string, string>();
  reports.forEach((r, i) =>
    r.serviceClasses.forEach((sc, j) => {
      const at = ['reportClasses', i, 'serviceClasses', j];
      if (!own.has(sc)) return;
      const mine = own.get(sc);
      if (mine !== undefined && mine !== r.name) return ctx.addIssue({ code: 'custom', path: at, message: `service class ${sc} already reports in ${mine} (its reportClass)` });
      const other = claimed.get(sc);
      if (other !== undefined && other !== r.name) return ctx.addIssue({ code: 'custom', path: at, message: `service class ${sc} is already in report class ${other}` });
      claimed.set(sc, r.name);
    }),
  );
}

/** Resource group names are unique and a service class is in at most one group (unknown classes are ignored, as for report classes). */
function resourceGroupRefine(ctx: z.RefinementCtx, groups: readonly { name: string; serviceClasses: readonly string[] }[]): void {
  unique(ctx, groups, (i) => ['resourceGroups', i, 'name'], 'resource group name');
  const claimed = new Map<string, string>();
  groups.forEach((g, i) =>
    g.serviceClasses.forEach((sc, j) => {
      const other = claimed.get(sc);
      if (other !== undefined) return ctx.addIssue({ code: 'custom', path: ['resourceGroups', i, 'serviceClasses', j], message: `service class ${sc} is already in resource group ${other}` });
      claimed.set(sc, g.name);
    }),
  );
}

/** Reports every item whose `name` an earlier item already has, at its own path and naming the first one's. */
function unique(ctx: z.RefinementCtx, items: readonly { name: string }[], path: (i: number) => (string | number)[], what: string, where = ''): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const j = first.get(item.name);
    if (j === undefined) first.set(item.name, i);
    else ctx.addIssue({ code: 'custom', path: path(i), message: `duplicate ${what} ${item.name}${where} (also ${formatPath(path(j))})` });
  });
}

/**
 * Volsers are the prefix and a zero-padded number, 6 characters in all, so two groups collide when one prefix is
 * the other followed by digits (`AB` with 1500 volumes holds AB1001, the first volser of prefix `AB1`). Reports the
 * later group of each colliding pair with the volsers they share.
 */
function volserCollisions(ctx: z.RefinementCtx, groups: readonly { prefix: string; count: number }[]): void {
  groups.forEach((q, j) => {
    groups.forEach((p, i) => {
      if (i === j || !(q.prefix.length > p.prefix.length && q.prefix.startsWith(p.prefix))) return;
      const rest = q.prefix.slice(p.prefix.length);
      if (!/^\d+$/.test(rest)) return;
      const digits = 6 - q.prefix.length;
      // q's n-th volser is p's volser number rest·10^digits + n
      const base = Number(rest) * ipow(10, digits);
      const lo = Math.max(1, base + 1) - base;
      const hi = Math.min(p.count, base + q.count) - base;
      if (lo > hi) return;
      const volser = (n: number) => `${q.prefix}${String(n).padStart(digits, '0')}`;
      const shared = lo === hi ? `volser ${volser(lo)} is` : `volsers ${volser(lo)} … ${volser(hi)} are`;
      const later = Math.max(i, j);
      const other = later === j ? i : j;
      ctx.addIssue({ code: 'custom', path: ['volumeGroups', later, 'prefix'], message: `${shared} also generated by volumeGroups[${other}] (prefix ${groups[other]!.prefix}, count ${groups[other]!.count})` });
    });
  });
}

/** A sysplex topology: CPC, LPARs, WLM service classes, coupling facilities, storage array, volumes, channels. */
export type Topology = z.output<typeof topologySchema>;
/** A topology as you may write it: fields with defaults may be left out. */
export type TopologyInput = z.input<typeof topologySchema>;

/** Context handed to a {@link LoadEffect}. */
export interface LoadContext {
  /** Middle of the interval, epoch ms (UTC). */
  epochMs: number;
  /** Local calendar fields (after `utcOffsetMinutes`). */
  local: import('./time.js').CalendarFields;
  /** True when the local date is listed in `patterns.holidays`. */
  holiday: boolean;
  lpar: { name: string; workload: WorkloadKind };
}

/**
 * A pluggable load multiplier: return 1 for no effect, at most 100. Must be a pure function of its argument; one that
 * throws or returns anything else fails the call with `ERR_RMF_CONFIG` naming the effect, the LPAR and the instant.
 */
export type LoadEffect = (ctx: LoadContext) => number;

const hourly = z.array(z.number().min(0).max(3)).length(24, 'a daily profile has 24 hourly levels');

const patternsSchema = z.object({
  /** Offset of local time from UTC, in minutes (peak hours are local). @default 0 */
  utcOffsetMinutes: z.number().int().min(-14 * 60).max(14 * 60).default(0),
  /** Hourly base levels (0–3, 1 = peak) per workload kind; replaces the built-in profile of that kind. */
  profiles: z.object({ online: hourly.optional(), batch: hourly.optional(), mixed: hourly.optional() }).default({}),
  /** Load multiplier on Saturdays, Sundays and holidays, each 0–5. */
  weekendFactor: perKind(0, 5).default({ online: 0.7, batch: 0.85, mixed: 0.5 }),
  /** Load multiplier on Mondays. @default 1.1 */
  mondayFactor: z.number().min(0).max(5).default(1.1),
  /** Month-end surge: the last `days` days of each month and the 1st. */
  monthEnd: z
    .object({ days: z.number().int().min(0).max(10), factor: perKind(0, 5) })
    .default({ days: 3, factor: { online: 1.12, batch: 1.3, mixed: 1.1 } }),
  /** Local dates (`YYYY-MM-DD`) treated like a Sunday. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'holidays are YYYY-MM-DD')).default([]),
  /** Organic growth of demand per year, in %, compounded from 2026-01-01 (negative for decline). @default 6 */
  annualGrowthPercent: z.number().min(-90).max(200).default(6),
  /** Extra multipliers applied after the built-in ones: up to 16 functions, each returning a number from 0 to 100. */
  effects: z.array(z.custom<LoadEffect>((f) => typeof f === 'function', 'an effect is a function (ctx) => number')).max(16).default([]),
});

/** Workload pattern settings; see {@link SimulatorOptions.patterns}. */
export type PatternsInput = z.input<typeof patternsSchema>;
export type Patterns = z.output<typeof patternsSchema>;

/** Default of {@link SimulatorOptions.maxSeries}. */
const DEFAULT_MAX_SERIES = 1_000_000;

/** Zod schema of {@link SimulatorOptions}. */
export const simulatorOptionsSchema = z
  .object({
    seed: z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(256)]),
    topology: topologySchema.optional(),
    intervalSeconds: z.number().int().min(1).max(3600).default(15),
    shard: z
      .object({ index: z.number().int().min(0), count: z.number().int().min(1).max(4096) })
      .refine((s) => s.index < s.count, { message: 'shard.index must be less than shard.count', path: ['index'] })
      .optional(),
    patterns: patternsSchema.default(() => patternsSchema.parse({})),
    maxSeries: z.number().int().min(1).max(1_000_000_000).default(DEFAULT_MAX_SERIES),
    /** Scheduled incidents (validated against the topology when the simulator is created). */
    scenario: z.array(z.unknown()).max(10_000).default([]),
  })
  .strict();

/**
 * Options of {@link createSimulator}.
 */
export interface SimulatorOptions {
  /** Seed of everything random. The same seed, topology, patterns and interval give the same values. */
  seed: number | string;
  /** The sysplex to simulate. @default defaultTopology */
  topology?: TopologyInput;
  /** RMF interval length in seconds (MINTIME). @default 15 */
  intervalSeconds?: number;
  /**
   * Generate only this shard of the series: shard units (entities and parts of LPARs, see `SHARD_UNIT`) are dealt
   * to `count` shards by their number of series; the union of all shards equals the unsharded output.
   */
  shard?: { index: number; count: number };
  /** Workload pattern engine settings (profiles, calendar effects, holidays, custom effects, growth). */
  patterns?: PatternsInput;
  /** Incidents that flow through the causal model, each with ground truth (see {@link Simulator.incidents}). */
  scenario?: import('./incidents.js').IncidentInput[];
  /**
   * Largest number of series (before sharding) the topology may give: a larger one is refused with a `ConfigError`
   * naming its count before anything is built. Each series costs about 150 bytes in the simulator and 100 bytes per
   * `samples()` call (the default topology has 5,942).
   * @default 1000000
   */
  maxSeries?: number;
}

export type ResolvedOptions = z.output<typeof simulatorOptionsSchema> & { topology: Topology };

/** Validates options; throws {@link ConfigError} listing every problem with its path. */
export function resolveOptions(input: unknown, fallbackTopology: TopologyInput): ResolvedOptions {
  const r = simulatorOptionsSchema.safeParse(input);
  if (!r.success) throw ConfigError.fromZod(r.error);
  const topo = r.data.topology ?? topologySchema.parse(fallbackTopology);
  const series = estimateSeriesCount(topo);
  if (series > r.data.maxSeries) {
    const n = (x: number) => x.toLocaleString('en-US');
    throw new ConfigError([{ path: ['topology'], message: `gives ${n(series)} series, more than maxSeries (${n(r.data.maxSeries)}): use fewer LPARs or volumes, or raise maxSeries (each series costs about 150 bytes, and 100 bytes more in every samples() call)` }]);
  }
  return { ...r.data, topology: topo };
}

/** Validates a topology on its own; throws {@link ConfigError}. */
export function parseTopology(input: unknown): Topology {
  const r = topologySchema.safeParse(input);
  if (!r.success) throw ConfigError.fromZod(r.error);
  return r.data;
}
