/**
 * WLM's arithmetic, shared by the model and the views of it: the performance index of a response-time goal, and
 * how the state samples of several service class periods combine (one class on several systems for the sysplex view,
 * several classes in a report class): velocity over the summed using and delay samples, percentages weighted by
 * samples, the response time weighted by ended transactions.
 * @module
 */
import type { Topology } from './config.js';
import type { ServiceClassSnapshot } from './snapshot.js';

/** Spread (log σ) of transaction response times around their mean, for percentile goals. */
export const RT_SIGMA = 0.8;

/** The p-th percentile of the response times over their average (1 for an average goal). */
export function percentileFactor(percentile: number): number {
  return percentile > 0 ? Math.exp(-(RT_SIGMA * RT_SIGMA) / 2 + RT_SIGMA * normalQuantile(percentile / 100)) : 1;
}

/**
 * Performance index of a response-time goal: average goal → actual / goal; percentile goal (p % within the goal) →
 * the response time p % of the transactions meet (log-normal spread around the average) over the goal.
 */
export function responseTimePerformanceIndex(goal: number, percentile: number, average: number): number {
  return (average * percentileFactor(percentile)) / goal;
}

/** Quantile of the standard normal distribution (Acklam's rational approximation, |error| < 1.2e-9 after one refinement-free step). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const cc = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((cc[0]! * q + cc[1]!) * q + cc[2]!) * q + cc[3]!) * q + cc[4]!) * q + cc[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((cc[0]! * q + cc[1]!) * q + cc[2]!) * q + cc[3]!) * q + cc[4]!) * q + cc[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Service class periods combined as WLM combines their samples (see {@link combinePeriods}). */
export interface CombinedPeriods {
  /** State samples of all of them. */
  samples: number;
  /** Using / (using + the delays WLM manages: processor, capping, I/O, paging) over all their samples, in %. */
  velocityPercent: number;
  usingPercent: number;
  usingBy: { processor: number; device: number };
  /** Delay samples in % of all their samples (`ziip` is the zIIP part of `cpu`). */
  delayPercent: ServiceClassSnapshot['delayPercent'];
  transactionRate: number;
  cpu: { applCpPercent: number; applZiipPercent: number };
  /** Transaction-weighted average of the periods that have one (none when none ended a transaction). */
  responseTimeSeconds?: number;
  /** Transaction-weighted share that met the goal, of the periods with a response-time goal. */
  goalAchievedPercent?: number;
}

const DELAYS = ['cpu', 'io', 'storage', 'ziip', 'capping', 'enqueue', 'jes', 'hsm', 'xcf', 'operator', 'subsystem'] as const;

/**
 * Combines service class periods as WLM does across systems and in report classes: sample counts add up, every
 * state percentage is the sample-weighted mean, velocity is the summed using samples over the summed using and
 * managed delay samples, transactions and CPU add up, the response time is the ended transactions' mean.
 */
export function combinePeriods(periods: readonly Pick<ServiceClassSnapshot, 'samples' | 'usingPercent' | 'usingBy' | 'delayPercent' | 'transactionRate' | 'cpu' | 'responseTimeSeconds' | 'goalAchievedPercent'>[]): CombinedPeriods {
  let samples = 0;
  let using = 0;
  let proc = 0;
  let dev = 0;
  let tps = 0;
  let cp = 0;
  let ziip = 0;
  let rtTps = 0;
  let rtSum = 0;
  let goalTps = 0;
  let goalSum = 0;
  const delay = Object.fromEntries(DELAYS.map((d) => [d, 0])) as ServiceClassSnapshot['delayPercent'];
  for (const p of periods) {
    const n = p.samples;
    samples += n;
    using += n * p.usingPercent;
    proc += n * p.usingBy.processor;
    dev += n * p.usingBy.device;
    for (const d of DELAYS) delay[d] += n * p.delayPercent[d];
    tps += p.transactionRate;
    cp += p.cpu.applCpPercent;
    ziip += p.cpu.applZiipPercent;
    if (p.responseTimeSeconds !== undefined) {
      rtTps += p.transactionRate;
      rtSum += p.transactionRate * p.responseTimeSeconds;
    }
    if (p.goalAchievedPercent !== undefined) {
      goalTps += p.transactionRate;
      goalSum += p.transactionRate * p.goalAchievedPercent;
    }
  }
  const per = samples > 0 ? 1 / samples : 0;
  for (const d of DELAYS) delay[d] *= per;
  const managed = using * per + delay.cpu + delay.capping + delay.io + delay.storage;
  return {
    samples,
    velocityPercent: managed > 0 ? (100 * using * per) / managed : 0,
    usingPercent: using * per,
    usingBy: { processor: proc * per, device: dev * per },
    delayPercent: delay,
    transactionRate: tps,
    cpu: { applCpPercent: cp, applZiipPercent: ziip },
    ...(rtTps > 0 ? { responseTimeSeconds: rtSum / rtTps } : {}),
    ...(goalTps > 0 ? { goalAchievedPercent: goalSum / goalTps } : {}),
  };
}

/**
 * The performance index of a goal for combined periods: velocity goal → goal / actual velocity; response-time goal
 * → {@link responseTimePerformanceIndex} of the average; none for work without a goal (or a response-time goal
 * when no transaction ended).
 */
export function performanceIndexOf(goal: ServiceClassSnapshot['goal'], combined: Pick<CombinedPeriods, 'velocityPercent' | 'responseTimeSeconds'>): number | undefined {
  if (goal.kind === 'velocity') return combined.velocityPercent > 0 ? goal.percent / combined.velocityPercent : undefined;
  if (goal.kind === 'responseTime') return combined.responseTimeSeconds === undefined ? undefined : responseTimePerformanceIndex(goal.seconds, goal.percentile ?? 0, combined.responseTimeSeconds);
  return undefined;
}

/** The report class of each service class (`''` without one): its own, then one naming it, then one of its subsystem. */
export function reportClassOf(topo: Pick<Topology, 'serviceClasses' | 'reportClasses'>): string[] {
  return topo.serviceClasses.map((sc) => sc.reportClass ?? topo.reportClasses.find((r) => r.serviceClasses.includes(sc.name))?.name ?? topo.reportClasses.find((r) => r.subsystems.includes(sc.subsystem))?.name ?? '');
}

/** A WLM resource group of the topology. */
export type ResourceGroup = Topology['resourceGroups'][number];

/**
 * Service units per CPU second of one general-purpose processor of the CPC: an MSU is a million service units an
 * hour, so a CP of `capacityMsu / gp` MSU/h delivers that × 10⁶ / 3600 service units a second (85 MSU/h → 23,611).
 */
export function serviceUnitsPerCpuSecond(cpc: Pick<Topology['cpc'], 'capacityMsu' | 'gp'>): number {
  return (cpc.capacityMsu / cpc.gp) * 1e6 / 3600;
}

/** The resource group a service class is in, if any. */
export function resourceGroupOf(topo: Pick<Topology, 'resourceGroups'>, serviceClass: string): ResourceGroup | undefined {
  return (topo.resourceGroups ?? []).find((g) => g.serviceClasses.includes(serviceClass));
}

/**
 * CPU service units per second of a service class period on one system, as a type 1 resource group counts them:
 * its GP time (and its zIIP time when the group includes specialty processors) in CPU seconds per second × the
 * service units of a CPU second.
 */
export function classServiceUnitsPerSecond(c: Pick<ServiceClassSnapshot, 'cpu'>, suPerCpuSecond: number, includeSpecialty: boolean): number {
  return ((c.cpu.applCpPercent + (includeSpecialty ? c.cpu.applZiipPercent : 0)) / 100) * suPerCpuSecond;
}

/**
 * Capacity actual of a resource group, sysplex-wide: Σ of the service units per second of its member classes'
 * periods over every system (`classes` are the periods of every system; those of other classes are skipped).
 */
export function resourceGroupActual(group: ResourceGroup, classes: readonly Pick<ServiceClassSnapshot, 'serviceClass' | 'cpu'>[], suPerCpuSecond: number): number {
  const members = new Set(group.serviceClasses);
  let su = 0;
  for (const c of classes) if (members.has(c.serviceClass)) su += classServiceUnitsPerSecond(c, suPerCpuSecond, group.includeSpecialtyProcessors);
  return su;
}
