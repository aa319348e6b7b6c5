/**
 * PR/SM's view of a topology's partitions: weights with their defaults, entitlements, logical processor shares and
 * the limits soft and hard capping set. One place for these: the model reads them, and so do the reports that show
 * them (the DDS emulation's CPC report, for one).
 * @module
 */
import type { Topology } from './config.js';

/** The capacity group an LPAR belongs to, and what it entitles the LPAR to. */
export interface PartitionGroup {
  name: string;
  /** The group's limit, MSU/h. */
  limitMsu: number;
  /** What the group guarantees this LPAR when all members want more: its share of the limit by weight, MSU/h. */
  minEntitlementMsu: number;
  /** The most the LPAR may use within the group: the limit, or less if its own logical GPs or defined capacity are smaller, MSU/h. */
  maxEntitlementMsu: number;
}

/**
 * HiperDispatch's vertical polarisation of one LPAR's logical processors of a type: PR/SM concentrates the LPAR's
 * entitlement on as few of them as it can. Vertical highs each carry a whole physical processor; the medium(s) carry
 * the rest of the entitlement (a single medium when the fraction is at least 0.5, otherwise a high is given up and two
 * mediums share one plus the fraction, so a medium never carries less than half a processor unless the entitlement
 * itself is smaller); the lows carry no entitlement and are parked unless the LPAR wants more than its share and the
 * pool has white space. Dedicated processors are all highs.
 */
export interface Polarisation {
  high: number;
  medium: number;
  low: number;
  /** The share of a physical processor each medium carries, in % (0 without mediums). */
  mediumSharePercent: number;
}

/**
 * The vertical polarisation of `logical` processors with an entitlement of `entitled` physical processors
 * (`dedicated`: all highs). The rule reproduces IBM's CPC reports: entitlement 3.89 of 7 → 3 high, 1 medium (89 %),
 * 3 low; 1.459 of 5 → 0 high, 2 medium (72.9 %), 3 low; 2.063 of 6 → 1 high, 2 medium (53.1 %), 3 low.
 */
export function polarise(entitled: number, logical: number, dedicated = false): Polarisation {
  if (logical <= 0) return { high: 0, medium: 0, low: 0, mediumSharePercent: 0 };
  if (dedicated || entitled >= logical - 1e-9) return { high: logical, medium: 0, low: 0, mediumSharePercent: 0 };
  if (entitled <= 0) return { high: 0, medium: 0, low: logical, mediumSharePercent: 0 };
  let high = Math.floor(entitled + 1e-9);
  const fraction = entitled - high;
  let medium: number;
  if (high === 0) medium = 1;
  else if (fraction < 0.5) {
    high -= 1;
    medium = 2;
  } else medium = 1;
  return { high, medium, low: logical - high - medium, mediumSharePercent: (100 * (entitled - high)) / medium };
}

/** One LPAR as PR/SM sees it. */
export interface Partition {
  name: string;
  /** User partition id (1 …, in topology order). */
  partitionId: number;
  /** Its GPs are dedicated physical processors. */
  dedicated: boolean;
  /** PR/SM weight of its shared GPs (0 when dedicated). */
  weight: number;
  /** PR/SM weight of its shared zIIPs (0 without zIIPs). */
  ziipWeight: number;
  /** Its share of the shared GP pool at its weight, capped at its logical GPs, CPs (dedicated: its GPs). */
  entitledGp: number;
  /** Its share of the zIIP pool at its zIIP weight, capped at its logical zIIPs. */
  entitledZiip: number;
  /** The entitlement per logical GP, in % of a physical GP (at most 100). */
  logicalShareGpPercent: number;
  /** The entitlement per logical zIIP, in % of a physical zIIP (0 without zIIPs). */
  logicalShareZiipPercent: number;
  /** Defined capacity (soft capping limit), MSU/h; 0 without. */
  definedCapacityMsu: number;
  /** Absolute capping limit, processors; 0 without. */
  absoluteCapping: number;
  group?: PartitionGroup;
  /** The most it can consume: its logical GPs, or less under its defined capacity, absolute cap or group limit, MSU/h. */
  imageCapacityMsu: number;
  /** HiperDispatch's vertical polarisation of its logical GPs and zIIPs. */
  vertical: { gp: Polarisation; ziip: Polarisation };
}

/** PR/SM weight of a shared LPAR's GPs (and zIIPs) when the topology leaves it out: 10 per logical processor. */
export const DEFAULT_WEIGHT_PER_PROCESSOR = 10;

/** PR/SM's view of every LPAR of the topology, in topology order. */
export function partitions(topology: Topology): Partition[] {
  const { cpc, lpars } = topology;
  const msuPerCp = cpc.capacityMsu / cpc.gp;
  const sharedPool = cpc.gp - lpars.reduce((n, l) => n + (l.dedicated ? l.gp : 0), 0);
  const weight = lpars.map((l) => (l.dedicated ? 0 : (l.weight ?? DEFAULT_WEIGHT_PER_PROCESSOR * l.gp)));
  const ziipWeight = lpars.map((l) => (l.ziip > 0 ? (l.ziipWeight ?? DEFAULT_WEIGHT_PER_PROCESSOR * l.ziip) : 0));
  const totalWeight = weight.reduce((a, b) => a + b, 0);
  const totalZiipWeight = ziipWeight.reduce((a, b) => a + b, 0);
  const groupWeight = new Map<string, number>();
  lpars.forEach((l, i) => {
    if (l.capacityGroup !== undefined) groupWeight.set(l.capacityGroup, (groupWeight.get(l.capacityGroup) ?? 0) + weight[i]!);
  });
  return lpars.map((l, i) => {
    const entitledGp = l.dedicated ? l.gp : totalWeight > 0 ? Math.min(l.gp, (sharedPool * weight[i]!) / totalWeight) : 0;
    const entitledZiip = l.ziip > 0 && totalZiipWeight > 0 ? Math.min(l.ziip, (cpc.ziip * ziipWeight[i]!) / totalZiipWeight) : 0;
    const definedCapacityMsu = l.definedCapacityMsu ?? 0;
    const absoluteCapping = l.absoluteCapping ?? 0;
    const logicalMsu = l.gp * msuPerCp;
    const own = Math.min(logicalMsu, definedCapacityMsu > 0 ? definedCapacityMsu : Infinity, absoluteCapping > 0 ? absoluteCapping * msuPerCp : Infinity);
    const g = l.capacityGroup === undefined ? undefined : cpc.capacityGroups.find((x) => x.name === l.capacityGroup);
    const group = g && {
      name: g.name,
      limitMsu: g.limitMsu,
      minEntitlementMsu: Math.min(own, (g.limitMsu * weight[i]!) / groupWeight.get(g.name)!),
      maxEntitlementMsu: Math.min(own, g.limitMsu),
    };
    return {
      name: l.name,
      partitionId: i + 1,
      dedicated: l.dedicated,
      weight: weight[i]!,
      ziipWeight: ziipWeight[i]!,
      entitledGp,
      entitledZiip,
      logicalShareGpPercent: Math.min(100, (100 * entitledGp) / l.gp),
      logicalShareZiipPercent: l.ziip > 0 ? Math.min(100, (100 * entitledZiip) / l.ziip) : 0,
      definedCapacityMsu,
      absoluteCapping,
      ...(group ? { group } : {}),
      imageCapacityMsu: group ? Math.min(own, group.limitMsu) : own,
      vertical: { gp: polarise(entitledGp, l.gp, l.dedicated), ziip: polarise(entitledZiip, l.ziip) },
    };
  });
}
