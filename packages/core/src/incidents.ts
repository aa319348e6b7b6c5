import { z } from 'zod';
import { ConfigError, RmfSimError } from './errors.js';
import type { CTopology } from './model/compile.js';
import { toSimulatedMs } from './time.js';

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
  /** A task looping on the GPs of an LPAR: up to 3 CPs (or half the LPAR) of extra busy, no I/O, no transactions. */
  z.object({ type: z.literal('cpuLoop'), lpar: z.string(), ...common }),
  /** A batch job gone wild in an LPAR: up to 4 CPs of extra batch work that also drives heavy I/O to scratch volumes. */
  z.object({ type: z.literal('runawayBatch'), lpar: z.string(), ...common }),
  /** Real-storage demand grows in an LPAR until frames run out: paging, storage delays, lower capture ratio. */
  z.object({ type: z.literal('storageShortage'), lpar: z.string(), ...common }),
  /** A CLPR's destage capacity collapses (e.g. a parity-group rebuild): write pending climbs towards 70 %+. */
  z.object({ type: z.literal('cacheWritePending'), clpr: z.string(), ...common }),
  /** A FICON channel path of an LPAR fails: its traffic moves to the other paths, PEND rises. */
  z.object({ type: z.literal('channelPathFailure'), lpar: z.string(), chpid: z.string().regex(/^[0-9A-F]{2}$/), ...common }),
  /** A front-end host port of the array fails: every channel path through it goes offline. */
  z.object({ type: z.literal('hostPortFailure'), port: z.string(), ...common }),
  /** Internal work (e.g. replication) saturates one MP blade: its LDEVs see longer disconnect times. */
  z.object({ type: z.literal('mpbHotSpot'), mpb: z.string(), ...common }),
  /** One volume suddenly takes up to 40x its share of its group's I/O, serialised (extent conflicts defeat HyperPAV). */
  z.object({ type: z.literal('hotVolume'), volser: z.string(), ...common }),
  /** Demand of every LPAR grows by up to 50 % (batch-heavy month-end processing). */
  z.object({ type: z.literal('monthEndSurge'), ...common }),
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
  expected: ExpectedMove[];
  description: string;
}

/** Compiled incident: resolved entity indices. */
export interface CIncident extends Incident {
  lpar: number;
  index: number;
}

const RAMP_MS = 60_000;

/** How active an incident is at instant m: 0 outside, ramping over a minute at both ends to 1. */
export function activity(inc: { startMs: number; endMs: number }, m: number): number {
  if (m <= inc.startMs || m >= inc.endMs) return 0;
  const a = Math.min(1, (m - inc.startMs) / RAMP_MS, (inc.endMs - m) / RAMP_MS);
  return a;
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
  const up = (metric: string, labels: Record<string, string>): ExpectedMove => ({ metric, labels: { sysplex, ...labels }, direction: 'up' });
  const down = (metric: string, labels: Record<string, string>): ExpectedMove => ({ metric, labels: { sysplex, ...labels }, direction: 'down' });
  switch (d.type) {
    case 'cpuLoop':
    case 'runawayBatch':
    case 'storageShortage': {
      lpar = lparIdx(d.lpar);
      target = { lpar: d.lpar };
      if (d.type === 'cpuLoop') {
        description = `A task loops on the general-purpose processors of ${d.lpar}.`;
        expected = [
          up('rmf_cpu_utilization_percent', { lpar: d.lpar, cpu_type: 'general_purpose' }),
          up('rmf_lpar_msu_actual', { lpar: d.lpar }),
          up('rmf_wlm_delay_percent', { lpar: d.lpar, reason: 'cpu' }),
        ];
        // the least important work suffers first
        const classes = topo.lpars[lpar]!.classes.map((c) => topo.serviceClasses[c.sc]!);
        const victim = classes.sort((a, b) => b.importance - a.importance)[0];
        if (victim) expected.push(up('rmf_wlm_performance_index', { lpar: d.lpar, service_class: victim.name }));
      } else if (d.type === 'runawayBatch') {
        description = `A runaway batch job in ${d.lpar} burns CPU and drives heavy I/O to scratch volumes.`;
        expected = [
          up('rmf_cpu_utilization_percent', { lpar: d.lpar, cpu_type: 'general_purpose' }),
          up('rmf_lpar_msu_actual', { lpar: d.lpar }),
          up('rmf_channel_utilization_percent', { lpar: d.lpar }),
          up('rmf_volumes_iops', { lpar: d.lpar, volume_type: 'WORK' }),
          up('rmf_mpb_processing_rate', { lpar: d.lpar, queue_type: 'BATCH' }),
        ];
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
        up('rmf_volume_response_time_seconds', { volser: busiestVolume(topo, lpar), component: 'pend' }),
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
      const first = topo.lpars.find((l) => l.chpidPort.includes(index));
      if (first) expected.push(up('rmf_volume_response_time_seconds', { volser: busiestVolume(topo, first.i), component: 'pend' }));
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
      expected = topo.lpars.flatMap((l) => [up('rmf_cpu_utilization_percent', { lpar: l.name, cpu_type: 'general_purpose' }), up('rmf_lpar_msu_actual', { lpar: l.name })]);
      expected.push(up('rmf_cpc_msu_actual', { cpc: topo.cpc.name }));
      break;
    }
  }
  return {
    id: d.id ?? `${d.type}-${n + 1}`,
    type: d.type,
    severity: d.severity,
    target,
    startMs,
    endMs,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    expected,
    description,
    lpar,
    index,
  };
}

/** The volume that most of an LPAR's I/O goes to (by static weight within the group its workload prefers). */
function busiestVolume(topo: CTopology, lpar: number): string {
  const kind = topo.lpars[lpar]!.workload;
  let best = topo.volumes[0]!;
  let score = -1;
  for (const v of topo.volumes) {
    const g = topo.groups[v.group]!;
    const total = g.volumes.reduce((sum, i) => sum + topo.volumes[i]!.weight, 0);
    const x = (g.affinity[kind] * v.weight) / total;
    if (x > score) {
      score = x;
      best = v;
    }
  }
  return best.volser;
}

/** Per-interval effects of all active incidents, in the units the model consumes. */
export interface IncidentEffects {
  any: boolean;
  /** extra GP busy from loops, in CPs, per LPAR (no I/O, no transactions) */
  loopCp: Float64Array;
  /** extra batch work in CPs per LPAR (drives I/O and batch transactions) */
  batchCp: Float64Array;
  /** extra real-storage demand as a fraction of the LPAR's storage */
  memory: Float64Array;
  /** multiplier of each CLPR's destage capacity */
  destage: Float64Array;
  /** 0 where a channel path is offline (L x paths), else 1 */
  pathUp: Float64Array;
  /** extra MP time per blade, as a fraction of the blade */
  mpb: Float64Array;
  /** multiplier of each volume's I/O weight */
  volume: Float64Array;
  /** 0–1 per volume: how far its I/O is serialised (extent conflicts: HyperPAV aliases stop helping) */
  serialize: Float64Array;
  /** multiplier of every LPAR's demand */
  demand: number;
}

export function emptyEffects(topo: CTopology, paths: number): IncidentEffects {
  return {
    any: false,
    loopCp: new Float64Array(topo.lpars.length),
    batchCp: new Float64Array(topo.lpars.length),
    memory: new Float64Array(topo.lpars.length),
    destage: new Float64Array(topo.clprs.length).fill(1),
    pathUp: new Float64Array(topo.lpars.length * paths).fill(1),
    mpb: new Float64Array(topo.array.mpbNames.length),
    volume: new Float64Array(topo.volumes.length).fill(1),
    serialize: new Float64Array(topo.volumes.length),
    demand: 1,
  };
}

/** Fills `e` with the effects of the incidents active at instant `m` (resets it first). */
export function applyIncidents(incidents: readonly CIncident[], topo: CTopology, paths: number, m: number, e: IncidentEffects): void {
  e.any = false;
  e.loopCp.fill(0);
  e.batchCp.fill(0);
  e.memory.fill(0);
  e.destage.fill(1);
  e.pathUp.fill(1);
  e.mpb.fill(0);
  e.volume.fill(1);
  e.serialize.fill(0);
  e.demand = 1;
  for (const inc of incidents) {
    const a = activity(inc, m);
    if (a <= 0) continue;
    e.any = true;
    const s = inc.severity * a;
    switch (inc.type) {
      case 'cpuLoop':
        e.loopCp[inc.lpar] = e.loopCp[inc.lpar]! + s * Math.min(3, topo.lpars[inc.lpar]!.gp / 2);
        break;
      case 'runawayBatch':
        e.batchCp[inc.lpar] = e.batchCp[inc.lpar]! + s * Math.min(4, topo.lpars[inc.lpar]!.gp / 2);
        break;
      case 'storageShortage':
        e.memory[inc.lpar] = e.memory[inc.lpar]! + 0.45 * s;
        break;
      case 'cacheWritePending':
        e.destage[inc.index] = e.destage[inc.index]! * (1 - 0.85 * s);
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
        e.volume[inc.index] = e.volume[inc.index]! * (1 + 39 * s);
        e.serialize[inc.index] = Math.max(e.serialize[inc.index]!, s);
        break;
      case 'monthEndSurge':
        e.demand *= 1 + 0.5 * s;
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
