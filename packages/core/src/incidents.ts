import { z } from 'zod';
import { ConfigError, RmfSimError } from './errors.js';
import { CF_SUBSYSTEMS } from './model/cfs.js';
import type { CTopology } from './model/compile.js';
import type { MetricName } from './catalog/index.js';
import { toSimulatedMs } from './time.js';
import { mix32 } from './noise.js';
import { batchJobName, enqResource } from './model/stages/jobs.js';

const instant = z.union([z.string(), z.number(), z.date()]);
const common = {
  /** Your id for the incident; defaults to `<type>-<n>`. */
  id: z.string().min(1).max(64).optional(),
  /** When it starts (Date, epoch ms or ISO-8601). */
  start: instant,
  /** How long it lasts, in minutes. */
  durationMinutes: z.number().positive().max(60 * 24 * 31),
  /** 0–1: how bad it is (each type maps it to a physical size, documented on the type). @default 1 */
  severity: z.number().min(0).max(1).default(1),
};

/** Zod schema of one incident; `type` selects the kind. */
export const incidentSchema = z.discriminatedUnion('type', [
  /**
   * A task looping on the GPs of an LPAR: up to 3 CPs (or half the LPAR) of extra busy, no I/O, no transactions.
   * `job` names the started task that loops (a system task or subsystem region of the LPAR). @default RMFGAT
   */
  z.object({ type: z.literal('cpuLoop'), lpar: z.string(), job: z.string().min(1).max(8).optional(), ...common }),
  /** A batch job that never ends in an LPAR: one job step looping with I/O — up to one CP of CPU and heavy I/O to scratch volumes, no job ends. */
  z.object({ type: z.literal('runawayBatch'), lpar: z.string(), ...common }),
  /** Real-storage demand grows in an LPAR (a leak) until frames run out: paging, storage delays, lower capture ratio; afterwards stolen pages come back. */
  z.object({ type: z.literal('storageShortage'), lpar: z.string(), ...common }),
  /** A CLPR's destage capacity collapses (e.g. a parity-group rebuild): write pending fills at the excess write rate until inflow control holds host writes near 70 %; afterwards the backlog drains. */
  z.object({ type: z.literal('cacheWritePending'), clpr: z.string(), ...common }),
  /** A FICON channel path of an LPAR fails: its traffic moves to the other paths, PEND rises. */
  z.object({ type: z.literal('channelPathFailure'), lpar: z.string(), chpid: z.string().regex(/^[0-9A-F]{2}$/), ...common }),
  /** A front-end host port of the array fails: every channel path through it goes offline. */
  z.object({ type: z.literal('hostPortFailure'), port: z.string(), ...common }),
  /** Internal work (e.g. replication) saturates one MP blade: its LDEVs see longer disconnect times. */
  z.object({ type: z.literal('mpbHotSpot'), mpb: z.string(), ...common }),
  /** One volume gets up to 40 times its group's average I/O on top of its own, serialised (extent conflicts defeat HyperPAV). */
  z.object({ type: z.literal('hotVolume'), volser: z.string(), ...common }),
  /** Demand of every LPAR grows by up to 50 % (batch-heavy month-end processing), ramping in and out over up to two hours. */
  z.object({ type: z.literal('monthEndSurge'), ...common }),
  /** A defined capacity below the LPAR's use is set (or its own is lowered by up to half): it is soft-capped; less important work waits for capping. */
  z.object({ type: z.literal('softCapping'), lpar: z.string(), ...common }),
  /** Discretionary work soaks up to four CPs of spare capacity: the GPs and the pool get busier, the 4-hour average rises (and with a defined capacity the LPAR is capped), goals slip. */
  z.object({ type: z.literal('discretionaryHog'), lpar: z.string(), ...common }),
  /** A batch job holds a data set exclusively: the other batch and TSO work of the LPAR waits for the ENQ. */
  z.object({ type: z.literal('enqContention'), lpar: z.string(), ...common }),
  /**
   * A CF structure fills (a list structure's entries run out, a cache's directory is exhausted) over ten minutes, up to
   * its whole size at severity 1: requests are redriven, sync service times rise (up to 6 times), z/OS converts sync
   * requests to async, the CF gets busier; once it is altered or rebuilt larger its use falls back over five minutes.
   */
  z.object({ type: z.literal('cfStructureFull'), cf: z.string(), structure: z.string(), ...common }),
]);

/** An incident as you write it in `scenario` or pass to `addIncident`. */
export type IncidentInput = z.input<typeof incidentSchema>;
/** Type of an incident. */
export type IncidentType = IncidentInput['type'];

/** A metric series expected to move, and in which direction, while an incident is active. */
export interface ExpectedMove {
  metric: string;
  /** Labels that select the series (a subset of its labels). */
  labels: Record<string, string>;
  direction: 'up' | 'down';
}

/** Ground truth of one incident: what, where, when, and which metrics are expected to move. */
export interface Incident {
  id: string;
  type: IncidentType;
  severity: number;
  /** The entity it hits, e.g. `{ lpar: 'PROD01' }` or `{ clpr: 'CLPR1' }` (empty for sysplex-wide). */
  target: Record<string, string>;
  startMs: number;
  endMs: number;
  start: string;
  end: string;
  /** How long the onset takes (the cause ramps up from `start` over this long), ms. */
  onsetMs: number;
  /**
   * When its after-effects are over (write-pending backlog drained, stolen pages back): `endMs` for incidents that
   * leave none. An alert may rightly still fire until then.
   */
  settledMs: number;
  settled: string;
  expected: ExpectedMove[];
  description: string;
  /**
   * The address spaces it is about, as the PROC, DELAY and ENQ reports name them: the looping task, the runaway job,
   * the job holding the data set (cpuLoop, runawayBatch, enqContention).
   */
  jobs?: { role: 'looping' | 'runaway' | 'holder'; jobName: string; asid: number }[];
  /** The contended resource of an ENQ contention (major and minor name, as the ENQ report shows it). */
  resource?: { major: string; minor: string; scope: 'SYSTEMS' };
}

/** Compiled incident: resolved entity indices. */
export interface CIncident extends Incident {
  lpar: number;
  index: number;
}

const MIN_MS = 60_000;

/** Onset and offset of each incident type (ms), each at most half the incident's duration. */
const RAMPS: Readonly<Record<IncidentType, { onset: number; offset: number }>> = {
  cpuLoop: { onset: 15_000, offset: 15_000 },
  runawayBatch: { onset: 3 * MIN_MS, offset: 30_000 },
  storageShortage: { onset: 10 * MIN_MS, offset: MIN_MS },
  cacheWritePending: { onset: MIN_MS, offset: 2 * MIN_MS },
  channelPathFailure: { onset: 15_000, offset: 15_000 },
  hostPortFailure: { onset: 15_000, offset: 15_000 },
  mpbHotSpot: { onset: 5 * MIN_MS, offset: 5 * MIN_MS },
  hotVolume: { onset: 3 * MIN_MS, offset: 3 * MIN_MS },
  monthEndSurge: { onset: 120 * MIN_MS, offset: 120 * MIN_MS },
  softCapping: { onset: 15_000, offset: 15_000 },
  discretionaryHog: { onset: 2 * MIN_MS, offset: 30_000 },
  enqContention: { onset: 30_000, offset: 30_000 },
  cfStructureFull: { onset: 10 * MIN_MS, offset: 5 * MIN_MS },
};

/** Share of a CLPR's destage capacity that a cacheWritePending incident of severity 1 takes away. */
export const DESTAGE_CUT = 0.93;

/** Incident types that change the work done (and so the MSU consumed), and how long the 4-hour average remembers it. */
const CHANGES_WORK: ReadonlySet<IncidentType> = new Set(['cpuLoop', 'runawayBatch', 'storageShortage', 'cacheWritePending', 'mpbHotSpot', 'monthEndSurge', 'softCapping', 'discretionaryHog', 'enqContention']);
const R4HA_MS = 4 * 3_600_000;

/** Page-ins after a storage shortage decay with this time constant (stolen pages are referenced again). */
export const PAGE_BACK_TAU_MS = 10 * MIN_MS;
/** How long the stolen pages keep coming back after a storage shortage (five time constants). */
const PAGE_BACK_MS = 5 * PAGE_BACK_TAU_MS;

function ramps(type: IncidentType, startMs: number, endMs: number): { onset: number; offset: number } {
  const half = (endMs - startMs) / 2;
  const r = RAMPS[type];
  // a storage leak grows over 40 % of the incident, at least its nominal onset
  const onset = type === 'storageShortage' ? Math.max(r.onset, 0.8 * half) : r.onset;
  return { onset: Math.min(onset, half), offset: Math.min(r.offset, half) };
}

/** How active an incident is at instant m: 0 outside, ramping up over its onset and down over its offset to 1. */
export function activity(inc: { type: IncidentType; startMs: number; endMs: number; onsetMs: number }, m: number): number {
  if (m <= inc.startMs || m >= inc.endMs) return 0;
  const off = ramps(inc.type, inc.startMs, inc.endMs).offset;
  const up = inc.onsetMs > 0 ? (m - inc.startMs) / inc.onsetMs : 1;
  const down = off > 0 ? (inc.endMs - m) / off : 1;
  const a = Math.min(1, up, down);
  return a * a * (3 - 2 * a);
}

function fail(path: (string | number)[], message: string): never {
  throw new ConfigError([{ path, message }]);
}

/** Validates and resolves one incident against a compiled topology. */
export function compileIncident(input: unknown, topo: CTopology, n: number, path: (string | number)[]): CIncident {
  const r = incidentSchema.safeParse(input);
  if (!r.success) throw ConfigError.fromZod(r.error, path);
  const d = r.data;
  let startMs: number;
  try {
    startMs = toSimulatedMs(d.start, 'start');
  } catch (e) {
    fail([...path, 'start'], (e as RmfSimError).message);
  }
  const endMs = startMs + d.durationMinutes * 60_000;
  const sysplex = topo.sysplex;
  const lparIdx = (name: string) => {
    const i = topo.lpars.findIndex((l) => l.name === name);
    if (i < 0) fail([...path, 'lpar'], `unknown LPAR ${name} (have ${topo.lpars.map((l) => l.name).join(', ')})`);
    return i;
  };
  let lpar = -1;
  let index = -1;
  let target: Record<string, string> = {};
  let expected: ExpectedMove[] = [];
  let description = '';
  let jobs: Incident['jobs'];
  let resource: Incident['resource'];
  const up = (metric: MetricName, labels: Record<string, string>): ExpectedMove => ({ metric, labels: { sysplex, ...labels }, direction: 'up' });
  /** An LPAR that soft capping may hold at its limit (a defined capacity or a capacity group). */
  const softCapped = (l: number) => topo.lpars[l]!.definedCapacityMsu > 0 || topo.lpars[l]!.group >= 0;
  /** More work on an LPAR: its demand rises; its GP busy and MSU too unless soft capping may hold them. */
  const busier = (name: string): ExpectedMove[] => {
    const l = topo.lpars.find((x) => x.name === name)!.i;
    return softCapped(l) ? [up('rmf_lpar_demand_percent', { lpar: name })] : [up('rmf_cpu_utilization_percent', { lpar: name, cpu_type: 'general_purpose' }), up('rmf_lpar_msu_actual', { lpar: name })];
  };
  /** More CPU work on an LPAR: its work waits longer — for a processor, or (once soft capping holds it) for capping. */
  const waitsLonger = (l: number): ExpectedMove =>
    softCapped(l) ? up('rmf_wlm_delay_percent', { lpar: topo.lpars[l]!.name }) : up('rmf_wlm_delay_percent', { lpar: topo.lpars[l]!.name, reason: 'cpu' });
  const down = (metric: MetricName, labels: Record<string, string>): ExpectedMove => ({ metric, labels: { sysplex, ...labels }, direction: 'down' });
  switch (d.type) {
    case 'cpuLoop':
    case 'runawayBatch':
    case 'storageShortage': {
      lpar = lparIdx(d.lpar);
      target = { lpar: d.lpar };
      if (d.type === 'cpuLoop') {
        const pop = topo.populations[lpar]!;
        if (d.job !== undefined) {
          index = pop.slots.findIndex((s) => s.name === d.job && (s.kind === 'system' || s.kind === 'subsystem'));
          if (index < 0) fail([...path, 'job'], `LPAR ${d.lpar} has no started task ${d.job} (e.g. ${pop.slots.filter((s) => s.kind === 'subsystem' || s.kind === 'system').slice(0, 6).map((s) => s.name).join(', ')})`);
        }
        const slot = pop.slots[index >= 0 ? index : pop.loopSlot];
        if (slot) jobs = [{ role: 'looping', jobName: slot.name, asid: slot.asid }];
        description = `${slot ? slot.name : 'A task'} loops on the general-purpose processors of ${d.lpar}.`;
        expected = [...busier(d.lpar), waitsLonger(lpar)];
        // the least important work suffers first
        const periods = topo.lpars[lpar]!.classes.filter((c) => c.goalKind === 'responseTime' || c.goalKind === 'velocity');
        const victim = [...periods].sort((a, b) => b.level - a.level)[0];
        if (victim) expected.push(up('rmf_wlm_performance_index', { lpar: d.lpar, service_class: topo.serviceClasses[victim.sc]!.name, period: String(victim.p + 1) }));
      } else if (d.type === 'runawayBatch') {
        const slot = topo.populations[lpar]!.slots[topo.populations[lpar]!.runawaySlot];
        const name = slot ? batchJobName(mix32(slot.key ^ Math.floor(startMs / 1000))) : undefined;
        if (slot && name) jobs = [{ role: 'runaway', jobName: name, asid: slot.asid }];
        description = `A batch job in ${d.lpar}${name ? ` (${name})` : ''} never ends: it burns up to one CP and drives heavy I/O to scratch volumes; no job ends with it.`;
        const scratch = topo.groups.find((g) => g.role === 'work' || g.role === 'temp');
        expected = [...busier(d.lpar), up('rmf_channel_utilization_percent', { lpar: d.lpar })];
        if (scratch) expected.push(up('rmf_volumes_iops', { lpar: d.lpar, volume_type: scratch.type }));
      } else {
        description = `Real storage runs short in ${d.lpar}: frames available fall and paging starts.`;
        expected = [
          down('rmf_storage_frames_available_percent', { lpar: d.lpar }),
          up('rmf_memory_usage_bytes', { lpar: d.lpar, memory_type: 'real_storage' }),
          up('rmf_storage_page_in_rate', { lpar: d.lpar }),
          up('rmf_wlm_delay_percent', { lpar: d.lpar, reason: 'storage' }),
          down('rmf_cpu_capture_ratio_percent', { lpar: d.lpar }),
        ];
      }
      break;
    }
    case 'cacheWritePending': {
      index = topo.clprs.findIndex((c) => c.name === d.clpr);
      if (index < 0) fail([...path, 'clpr'], `unknown CLPR ${d.clpr}`);
      target = { clpr: d.clpr };
      description = `Destage capacity of ${d.clpr} collapses: write pending rises and writes wait.`;
      const vol = topo.volumes.find((v) => v.clpr === index);
      expected = [up('rmf_clpr_write_pending_percent', { array: topo.array.name, clpr: d.clpr })];
      if (vol) expected.push(up('rmf_volume_response_time_seconds', { volser: vol.volser, component: 'disc' }));
      break;
    }
    case 'channelPathFailure': {
      lpar = lparIdx(d.lpar);
      index = topo.lpars[lpar]!.chpids.indexOf(d.chpid);
      if (index < 0) fail([...path, 'chpid'], `LPAR ${d.lpar} has no channel path ${d.chpid} (has ${topo.lpars[lpar]!.chpids.join(', ')})`);
      if (topo.lpars[lpar]!.chpids.length < 2) fail([...path, 'chpid'], `LPAR ${d.lpar} has only one channel path: its failure would stop all I/O`);
      target = { lpar: d.lpar, chpid: d.chpid };
      description = `Channel path ${d.chpid} of ${d.lpar} fails; its I/O moves to the remaining paths.`;
      const other = topo.lpars[lpar]!.chpids.find((c) => c !== d.chpid)!;
      expected = [
        down('rmf_channel_utilization_percent', { lpar: d.lpar, chpid: d.chpid }),
        down('rmf_channel_io_rate', { lpar: d.lpar, chpid: d.chpid }),
        up('rmf_channel_utilization_percent', { lpar: d.lpar, chpid: other }),
        up('rmf_channel_io_rate', { lpar: d.lpar, chpid: other }),
      ];
      break;
    }
    case 'hostPortFailure': {
      index = topo.array.portNames.indexOf(d.port);
      if (index < 0) fail([...path, 'port'], `unknown host port ${d.port}`);
      target = { array: topo.array.name, port: d.port };
      description = `Host port ${d.port} of ${topo.array.name} fails; the channel paths through it go offline.`;
      expected = [
        down('rmf_port_throughput_mbps', { array: topo.array.name, port: d.port }),
        down('rmf_port_iops', { array: topo.array.name, port: d.port }),
      ];
      for (const l of topo.lpars) {
        const c = l.chpidPort.indexOf(index);
        if (c >= 0) expected.push(down('rmf_channel_io_rate', { lpar: l.name, chpid: l.chpids[c]! }));
      }
      break;
    }
    case 'mpbHotSpot': {
      index = topo.array.mpbNames.indexOf(d.mpb);
      if (index < 0) fail([...path, 'mpb'], `unknown MP blade ${d.mpb} (have ${topo.array.mpbNames.join(', ')})`);
      target = { array: topo.array.name, mpb: d.mpb };
      description = `MP blade ${d.mpb} is saturated by internal work; cache misses of its LDEVs wait longer.`;
      const vol = topo.volumes.find((v) => v.mpb === index);
      expected = [up('rmf_mpb_utilization_percent', { array: topo.array.name, mpb: d.mpb })];
      if (vol) expected.push(up('rmf_volume_response_time_seconds', { volser: vol.volser, component: 'disc' }));
      break;
    }
    case 'hotVolume': {
      index = topo.volumes.findIndex((v) => v.volser === d.volser);
      if (index < 0) fail([...path, 'volser'], `unknown volume ${d.volser}`);
      target = { volser: d.volser };
      description = `Volume ${d.volser} becomes a hot spot.`;
      expected = [
        up('rmf_volume_io_rate', { volser: d.volser }),
        up('rmf_volume_utilization_percent', { volser: d.volser }),
        up('rmf_volume_response_time_seconds', { volser: d.volser, component: 'iosq' }),
        up('rmf_volume_response_time_seconds', { volser: d.volser, component: 'pend' }),
        up('rmf_volume_response_time_seconds', { volser: d.volser, component: 'total' }),
      ];
      break;
    }
    case 'monthEndSurge': {
      description = 'Month-end processing raises the demand of every LPAR.';
      expected = topo.lpars.flatMap((l) => busier(l.name));
      expected.push(up('rmf_cpc_msu_actual', { cpc: topo.cpc.name }));
      break;
    }
    case 'softCapping': {
      lpar = lparIdx(d.lpar);
      target = { lpar: d.lpar };
      description = `A defined capacity below its use holds ${d.lpar} at the limit: it is soft-capped and its less important work waits.`;
      expected = [up('rmf_lpar_capped_percent', { lpar: d.lpar }), down('rmf_lpar_msu_actual', { lpar: d.lpar }), up('rmf_wlm_delay_percent', { lpar: d.lpar, reason: 'capping' })];
      break;
    }
    case 'discretionaryHog': {
      lpar = lparIdx(d.lpar);
      target = { lpar: d.lpar };
      description = `Discretionary work on ${d.lpar} soaks up spare capacity: busier processors, a higher 4-hour average, goals slip.`;
      expected = [...busier(d.lpar), waitsLonger(lpar)];
      break;
    }
    case 'cfStructureFull': {
      const cf = topo.cfs.find((x) => x.name === d.cf);
      if (!cf) fail([...path, 'cf'], `unknown coupling facility ${d.cf} (have ${topo.cfs.map((x) => x.name).join(', ') || 'none'})`);
      index = topo.structures.findIndex((x) => x.cf === cf.i && x.name === d.structure);
      if (index < 0) fail([...path, 'structure'], `coupling facility ${d.cf} has no structure ${d.structure} (has ${topo.structures.filter((x) => x.cf === cf.i).map((x) => x.name).join(', ')})`);
      target = { cf: d.cf, structure: d.structure };
      description = `CF structure ${d.structure} in ${d.cf} fills: requests are redriven, sync service times rise and z/OS converts sync requests to async.`;
      const on = { cf: d.cf, structure: d.structure };
      // a system that sends it requests (the structure serves its work)
      const user = topo.lpars.find((l) => l.classes.some((c) => topo.structures[index]!.drivers & (1 << CF_SUBSYSTEMS.indexOf(topo.serviceClasses[c.sc]!.subsystem as (typeof CF_SUBSYSTEMS)[number]))));
      expected = [up('rmf_cf_structure_utilized_percent', on), up('rmf_cf_processor_utilization_percent', { cf: d.cf })];
      if (user) expected.push(up('rmf_cf_structure_service_time_seconds', { ...on, lpar: user.name, request_type: 'sync' }), up('rmf_cf_structure_system_request_rate', { ...on, lpar: user.name, request_type: 'converted' }));
      break;
    }
    case 'enqContention': {
      lpar = lparIdx(d.lpar);
      target = { lpar: d.lpar };
      const slot = topo.populations[lpar]!.slots[topo.populations[lpar]!.holderSlot];
      const name = slot ? batchJobName(mix32(slot.key ^ Math.floor(startMs / 1000))) : undefined;
      if (slot && name) jobs = [{ role: 'holder', jobName: name, asid: slot.asid }];
      const id = d.id ?? `${d.type}-${n + 1}`;
      resource = { ...enqResource({ id, startMs }), scope: 'SYSTEMS' };
      description = `A batch job on ${d.lpar}${name ? ` (${name})` : ''} holds ${resource.minor} exclusively: other batch and TSO work waits for the ENQ.`;
      const waiting = topo.lpars[lpar]!.classes.filter((c) => ['BATCH', 'TSO'].includes(topo.serviceClasses[c.sc]!.subsystem));
      if (waiting.length === 0) fail([...path, 'lpar'], `LPAR ${d.lpar} runs no batch or TSO work to wait for an ENQ`);
      expected = waiting.map((c) => up('rmf_wlm_delay_percent', { lpar: d.lpar, service_class: topo.serviceClasses[c.sc]!.name, period: String(c.p + 1), reason: 'enqueue' }));
      break;
    }
  }
  const onsetMs = ramps(d.type, startMs, endMs).onset;
  // the 4-hour rolling average of MSU (and soft capping, which follows it) remembers whatever changed the work done
  const settledMs = Math.max(d.type === 'storageShortage' ? endMs + PAGE_BACK_MS : endMs, CHANGES_WORK.has(d.type) ? endMs + R4HA_MS : endMs);
  return {
    id: d.id ?? `${d.type}-${n + 1}`,
    type: d.type,
    severity: d.severity,
    target,
    startMs,
    endMs,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    onsetMs,
    settledMs,
    settled: new Date(settledMs).toISOString(),
    expected,
    description,
    ...(jobs ? { jobs } : {}),
    ...(resource ? { resource } : {}),
    lpar,
    index,
  };
}

/** Per-interval effects of all active incidents, in the units the model consumes. */
export interface IncidentEffects {
  any: boolean;
  /** CPs a looping task burns on an LPAR's GPs (work that never ends: no I/O, no transactions) */
  loopCp: Float64Array;
  /** the class member (index within the LPAR) of the task that loops, -1 for the default (the loop class) */
  loopMember: Int32Array;
  /** CPs a runaway batch job asks for on an LPAR (one job step: at most one CP; drives scratch I/O, never ends) */
  runawayCp: Float64Array;
  /** extra real-storage demand as a fraction of the LPAR's storage */
  memory: Float64Array;
  /** page-ins per second of stolen pages coming back after a storage shortage, per LPAR */
  pageBack: Float64Array;
  /** multiplier of each CLPR's destage capacity */
  destage: Float64Array;
  /** 0 where a channel path is offline (L x paths), else 1 */
  pathUp: Float64Array;
  /** extra MP time per blade, as a fraction of the blade */
  mpb: Float64Array;
  /** extra I/O of each volume, in multiples of its group's average volume rate */
  volumeExtra: Float64Array;
  /** 0–1 per volume: how far its I/O is serialised (extent conflicts: HyperPAV aliases stop helping) */
  serialize: Float64Array;
  /** multiplier of each LPAR's defined capacity (below 1: an operator lowered it; a soft-capping incident) */
  definedCapacity: Float64Array;
  /** extra ENQ delay (in multiples of using) of each service class period member (ENQ contention) */
  enqueue: Float64Array;
  /** CPs of discretionary work an LPAR asks for (a hog) */
  hogCp: Float64Array;
  /** multiplier of every LPAR's demand */
  demand: number;
  /** 0–1 per CF structure: how far it has filled towards its whole size (a structure-full incident) */
  cfFull: Float64Array;
}

export function emptyEffects(topo: CTopology, paths: number): IncidentEffects {
  const L = topo.lpars.length;
  return {
    any: false,
    loopCp: new Float64Array(L),
    loopMember: new Int32Array(L).fill(-1),
    runawayCp: new Float64Array(L),
    memory: new Float64Array(L),
    pageBack: new Float64Array(L),
    destage: new Float64Array(topo.clprs.length).fill(1),
    pathUp: new Float64Array(L * paths).fill(1),
    mpb: new Float64Array(topo.array.mpbNames.length),
    volumeExtra: new Float64Array(topo.volumes.length),
    serialize: new Float64Array(topo.volumes.length),
    definedCapacity: new Float64Array(L).fill(1),
    enqueue: new Float64Array(topo.lpars.reduce((n, l) => n + l.classes.length, 0)),
    hogCp: new Float64Array(L),
    demand: 1,
    cfFull: new Float64Array(topo.structures.length),
  };
}

/** Page-ins per second a storage shortage of this severity produces at its peak (stolen pages, referenced again). */
export function shortagePageRate(severity: number): number {
  return 40 + 360 * severity;
}

/** Fills `e` with the effects of the incidents active at instant `m` (resets it first). */
export function applyIncidents(incidents: readonly CIncident[], topo: CTopology, paths: number, m: number, e: IncidentEffects): void {
  e.any = false;
  e.loopCp.fill(0);
  e.loopMember.fill(-1);
  e.runawayCp.fill(0);
  e.memory.fill(0);
  e.pageBack.fill(0);
  e.destage.fill(1);
  e.pathUp.fill(1);
  e.mpb.fill(0);
  e.volumeExtra.fill(0);
  e.serialize.fill(0);
  e.definedCapacity.fill(1);
  e.enqueue.fill(0);
  e.hogCp.fill(0);
  e.demand = 1;
  e.cfFull.fill(0);
  for (const inc of incidents) {
    if (inc.type === 'storageShortage' && m >= inc.endMs && m < inc.endMs + PAGE_BACK_MS) {
      // aftermath: the pages stolen during the shortage are referenced again
      e.any = true;
      e.pageBack[inc.lpar] = e.pageBack[inc.lpar]! + 0.25 * shortagePageRate(inc.severity) * Math.exp(-(m - inc.endMs) / PAGE_BACK_TAU_MS);
      continue;
    }
    const a = activity(inc, m);
    if (a <= 0) continue;
    e.any = true;
    const s = inc.severity * a;
    switch (inc.type) {
      case 'cpuLoop':
        e.loopCp[inc.lpar] = e.loopCp[inc.lpar]! + s * Math.min(3, topo.lpars[inc.lpar]!.gp / 2);
        if (inc.index >= 0) e.loopMember[inc.lpar] = topo.populations[inc.lpar]!.slots[inc.index]!.member;
        break;
      case 'runawayBatch':
        e.runawayCp[inc.lpar] = e.runawayCp[inc.lpar]! + s * Math.min(1, topo.lpars[inc.lpar]!.gp / 2);
        break;
      case 'storageShortage':
        e.memory[inc.lpar] = e.memory[inc.lpar]! + 0.45 * s;
        break;
      case 'cacheWritePending':
        e.destage[inc.index] = e.destage[inc.index]! * (1 - DESTAGE_CUT * s);
        break;
      case 'channelPathFailure':
        if (a > 0.5) e.pathUp[inc.lpar * paths + inc.index] = 0;
        break;
      case 'hostPortFailure':
        if (a > 0.5) {
          topo.lpars.forEach((l) =>
            l.chpidPort.forEach((p, c) => {
              if (p === inc.index) e.pathUp[l.i * paths + c] = 0;
            }),
          );
        }
        break;
      case 'mpbHotSpot':
        e.mpb[inc.index] = e.mpb[inc.index]! + 0.75 * s;
        break;
      case 'hotVolume':
        e.volumeExtra[inc.index] = e.volumeExtra[inc.index]! + 39 * s;
        e.serialize[inc.index] = Math.max(e.serialize[inc.index]!, s);
        break;
      case 'monthEndSurge':
        e.demand *= 1 + 0.5 * s;
        break;
      case 'softCapping':
        e.definedCapacity[inc.lpar] = e.definedCapacity[inc.lpar]! * (1 - 0.5 * s);
        break;
      case 'discretionaryHog':
        e.hogCp[inc.lpar] = e.hogCp[inc.lpar]! + s * Math.min(4, topo.lpars[inc.lpar]!.gp);
        break;
      case 'enqContention': {
        // the waiting work's ENQ delay, in multiples of its using samples
        let at = 0;
        for (let l = 0; l < inc.lpar; l++) at += topo.lpars[l]!.classes.length;
        topo.lpars[inc.lpar]!.classes.forEach((c, j) => {
          const sub = topo.serviceClasses[c.sc]!.subsystem;
          if (sub === 'BATCH' || sub === 'TSO') e.enqueue[at + j] = e.enqueue[at + j]! + 1.5 * s;
        });
        break;
      }
      case 'cfStructureFull':
        e.cfFull[inc.index] = Math.max(e.cfFull[inc.index]!, s);
        break;
    }
  }
  // never take every path of an LPAR offline: keep the first one up (z/OS would box the devices otherwise)
  for (let l = 0; l < topo.lpars.length; l++) {
    let live = 0;
    for (let c = 0; c < paths; c++) live += e.pathUp[l * paths + c]!;
    if (live === 0) e.pathUp[l * paths] = 1;
  }
}
