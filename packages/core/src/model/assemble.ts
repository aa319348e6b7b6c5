/**
 * Builds the nested snapshot of one interval from the frame. The frame speaks the snapshot's vocabulary
 * (`frame.lpar.cpu.ziipPercent` → `lpars[].cpu.ziipPercent`), and the compiler holds the three together: the
 * snapshot types' numbers are exactly the catalogue's fields (`CatalogueCheck` in snapshot.ts), and the object
 * literals here must be exactly those types. Every number is copied (the frame is reused). Written out rather
 * than generic: object literals are about 15 times faster to build than objects filled key by key.
 * @module
 */
import { getField, scopes, type ScopeName } from '../catalog/index.js';
import type { AddressSpaceSnapshot, CfSnapshot, CfStructureSnapshot, ClprSnapshot, EnqueueSnapshot, LcuSnapshot, IntervalHistogram, LparSnapshot, ServiceClassSnapshot, Snapshot, StorageArraySnapshot, VolumeSnapshot } from '../snapshot.js';
import type { CTopology } from './compile.js';
import type { CStructure } from './cfs.js';
import type { Frame } from './frame.js';
import { nesting, type Member, type Members } from './members.js';
import { MODEL_VERSION } from './version.js';
import { occupant, type JobState } from './stages/jobs.js';

/** Which shard units to include (a shard's own), by unit key (`Member.unit`); `null` includes everything. */
export type OwnerFilter = ((key: string) => boolean) | null;

const CF_BOUNDS = getField('cfLink', 'serviceTime')!.buckets!;
const IO_BOUNDS = getField('ioResponse', 'histogram')!.buckets!;

function hist(a: Float64Array, i: number, bounds: readonly number[]): IntervalHistogram {
  const n = bounds.length;
  const at = i * (n + 2);
  return { bounds: [...bounds], counts: Array.from(a.subarray(at, at + n)), count: a[at + n]!, sum: a[at + n + 1]! };
}

/** Maps the members of `scope` nested in parent member `p` (all of a top-level scope: `p = 0`) that pass `has`, with their indices. */
function map<T>(members: Members, scope: ScopeName, p: number, has: ((m: Member) => boolean) | null, fn: (m: Member, i: number) => T): T[] {
  const list = members.of[scope];
  const first = members.first[scope];
  const out: T[] = [];
  for (let i = first[p]!, end = first[p + 1]!; i < end; i++) if (has === null || has(list[i]!)) out.push(fn(list[i]!, i));
  return out;
}

/** Maps the top-level members of `scope` that pass `has`. */
function mapTop<T>(members: Members, scope: ScopeName, has: (m: Member, i: number) => boolean, fn: (m: Member, i: number) => T): T[] {
  const list = members.of[scope];
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) if (has(list[i]!, i)) out.push(fn(list[i]!, i));
  return out;
}

/** The scopes listed inside an LPAR's snapshot object (its service classes, volume views, address spaces, …). */
const LPAR_PARTS = scopes.filter((s) => nesting(s.name).parent === 'lpar').map((s) => s.name);

/**
 * Whether the shard holds any part of LPAR `l`. A scope's members in one LPAR share one unit (the unit is the owner's
 * and the scope's), so the first of each scope tells.
 */
function holdsPart(members: Members, l: number, has: (m: Member) => boolean): boolean {
  return LPAR_PARTS.some((scope) => {
    const i = members.first[scope][l]!;
    return i < members.first[scope][l + 1]! && has(members.of[scope][i]!);
  });
}

/** Every number of member `i` of a scope whose fields are all top-level (no nesting, no histograms), in catalogue order. */
function flat<T extends Readonly<Record<string, Float64Array>>>(frame: T, i: number): { [K in keyof T]: number } {
  const out: Record<string, number> = {};
  for (const k in frame) out[k] = frame[k]![i]!;
  return out as { [K in keyof T]: number };
}

function attr<T>(m: Member, key: string): T {
  return m.attrs[key] as T;
}

/**
 * Builds the nested snapshot of one interval from its frame. A shard's (`owned` not null) holds the top-level
 * objects of the units it owns; an LPAR is listed when the shard holds any of its units, with its own numbers (name,
 * workload, `cpu`, `memory`: the LPAR's header, the same in every shard that lists it) and, in its arrays, only the
 * members of the units the shard holds (address spaces and enqueues go with the LPAR's root unit).
 */
export function assembleSnapshot(topo: CTopology, members: Members, f: Frame, endMs: number, intervalMs: number, owned: OwnerFilter, jobs?: JobState): Snapshot {
  const has = (m: Member) => owned === null || owned(m.unit);
  const part = owned === null ? null : has;
  const cpu = f.lpar.cpu;
  const mem = f.lpar.memory;
  const hd = f.lpar.hiperDispatch;
  const sc = f.serviceClass;
  const lpars = mapTop(members, 'lpar', (m, l) => has(m) || holdsPart(members, l, has), (m, l): LparSnapshot => ({
      name: attr(m, 'name'),
      workload: attr(m, 'workload'),
      cpu: {
        generalPurposePercent: cpu.generalPurposePercent[l]!,
        ziipPercent: cpu.ziipPercent[l]!,
        zaapPercent: cpu.zaapPercent[l]!,
        ziipEligibleOnCpPercent: cpu.ziipEligibleOnCpPercent[l]!,
        captureRatioPercent: cpu.captureRatioPercent[l]!,
        actualMsu: cpu.actualMsu[l]!,
        logicalTotalPercent: cpu.logicalTotalPercent[l]!,
        physicalEffectivePercent: cpu.physicalEffectivePercent[l]!,
        physicalTotalPercent: cpu.physicalTotalPercent[l]!,
        lparManagementPercent: cpu.lparManagementPercent[l]!,
        ziipPhysicalEffectivePercent: cpu.ziipPhysicalEffectivePercent[l]!,
        definedCapacityMsu: cpu.definedCapacityMsu[l]!,
        r4haMsu: cpu.r4haMsu[l]!,
        cappedPercent: cpu.cappedPercent[l]!,
        demandPercent: cpu.demandPercent[l]!,
      },
      hiperDispatch: {
        gp: { high: hd.gp.high[l]!, medium: hd.gp.medium[l]!, low: hd.gp.low[l]!, parked: hd.gp.parked[l]! },
        ziip: { high: hd.ziip.high[l]!, medium: hd.ziip.medium[l]!, low: hd.ziip.low[l]!, parked: hd.ziip.parked[l]! },
      },
      xcf: { sentRate: f.lpar.xcf.sentRate[l]!, receivedRate: f.lpar.xcf.receivedRate[l]! },
      memory: {
        realCapacityBytes: mem.realCapacityBytes[l]!,
        realStorageBytes: mem.realStorageBytes[l]!,
        availableBytes: mem.availableBytes[l]!,
        virtualStorageBytes: mem.virtualStorageBytes[l]!,
        csaBytes: mem.csaBytes[l]!,
        framesAvailablePercent: mem.framesAvailablePercent[l]!,
        pageInRate: mem.pageInRate[l]!,
        pageOutRate: mem.pageOutRate[l]!,
      },
      wlm: map(members, 'serviceClass', l, part, (c, i): ServiceClassSnapshot => {
        const kind = c.labels.goal_kind;
        const d = sc.delayPercent;
        const b = sc.responseTimeBreakdown;
        return {
          serviceClass: attr(c, 'serviceClass'),
          workload: attr(c, 'workload'),
          period: attr(c, 'period'),
          importance: attr(c, 'importance'),
          goal: { ...attr<ServiceClassSnapshot['goal']>(c, 'goal') },
          cpuPerTransactionSeconds: attr(c, 'cpuPerTransactionSeconds'),
          ...(c.attrs.reportClass ? { reportClass: attr<string>(c, 'reportClass') } : {}),
          ...(kind === 'responseTime' || kind === 'velocity' ? { performanceIndex: sc.performanceIndex[i]! } : {}),
          samples: sc.samples[i]!,
          velocityPercent: sc.velocityPercent[i]!,
          usingPercent: sc.usingPercent[i]!,
          usingBy: { processor: sc.usingBy.processor[i]!, device: sc.usingBy.device[i]! },
          delayPercent: { cpu: d.cpu[i]!, io: d.io[i]!, storage: d.storage[i]!, ziip: d.ziip[i]!, capping: d.capping[i]!, enqueue: d.enqueue[i]!, jes: d.jes[i]!, hsm: d.hsm[i]!, xcf: d.xcf[i]!, operator: d.operator[i]!, subsystem: d.subsystem[i]! },
          transactionRate: sc.transactionRate[i]!,
          cpu: { applCpPercent: sc.cpu.applCpPercent[i]!, applZiipPercent: sc.cpu.applZiipPercent[i]! },
          ...(kind !== 'system'
            ? {
                responseTimeSeconds: sc.responseTimeSeconds[i]!,
                responseTimeBreakdown: { activeSeconds: b.activeSeconds[i]!, queueSeconds: b.queueSeconds[i]!, conversionSeconds: b.conversionSeconds[i]!, ineligibleSeconds: b.ineligibleSeconds[i]!, affinitySeconds: b.affinitySeconds[i]! },
              }
            : {}),
          ...(kind === 'responseTime' ? { goalAchievedPercent: sc.goalAchievedPercent[i]! } : {}),
          queueDepth: sc.queueDepth[i]!,
        };
      }),
      reportClasses: map(members, 'reportClass', l, part, (m, i) => {
        const r = f.reportClass;
        const d = r.delayPercent;
        return {
          name: attr(m, 'name'),
          serviceClasses: [...attr<string[]>(m, 'serviceClasses')],
          samples: r.samples[i]!,
          velocityPercent: r.velocityPercent[i]!,
          usingPercent: r.usingPercent[i]!,
          usingBy: { processor: r.usingBy.processor[i]!, device: r.usingBy.device[i]! },
          delayPercent: { cpu: d.cpu[i]!, ziip: d.ziip[i]!, capping: d.capping[i]!, io: d.io[i]!, storage: d.storage[i]!, enqueue: d.enqueue[i]!, jes: d.jes[i]!, hsm: d.hsm[i]!, xcf: d.xcf[i]!, operator: d.operator[i]!, subsystem: d.subsystem[i]! },
          transactionRate: r.transactionRate[i]!,
          cpu: { applCpPercent: r.cpu.applCpPercent[i]!, applZiipPercent: r.cpu.applZiipPercent[i]! },
          responseTimeSeconds: r.responseTimeSeconds[i]!,
        };
      }),
      queues: map(members, 'queue', l, part, (q, i) => ({ queueType: attr(q, 'queueType'), processingRate: f.queue.processingRate[i]!, depth: f.queue.depth[i]! })),
      cfLinks: map(members, 'cfLink', l, part, (k, i) => ({ cf: attr(k, 'cf'), link: attr(k, 'link'), syncRate: f.cfLink.syncRate[i]!, asyncRate: f.cfLink.asyncRate[i]!, serviceTime: hist(f.cfLink.serviceTime, i, CF_BOUNDS) })),
      channels: map(members, 'channel', l, part, (c, i) => ({ chpid: attr(c, 'chpid'), hostPort: attr(c, 'hostPort'), pathType: attr(c, 'pathType'), shared: attr(c, 'shared'), ...flat(f.channel, i) })),
      network: map(members, 'network', l, part, (n, i) => ({ portType: attr(n, 'portType'), portId: attr(n, 'portId'), utilizationPercent: f.network.utilizationPercent[i]!, throughputMBps: f.network.throughputMBps[i]! })),
      volumes: map(members, 'lparVolume', l, part, (v, i) => ({
        volser: attr(v, 'volser'),
        volumeType: attr(v, 'volumeType'),
        ldev: attr(v, 'ldev'),
        ioRate: f.lparVolume.ioRate[i]!,
        utilizationPercent: f.lparVolume.utilizationPercent[i]!,
        ldevUtilizationPercent: f.lparVolume.ldevUtilizationPercent[i]!,
      })),
      ioResponse: map(members, 'ioResponse', l, part, (r, i) => ({ deviceType: attr(r, 'deviceType'), histogram: hist(f.ioResponse.histogram, i, IO_BOUNDS) })),
      addressSpaces: jobs ? addressSpaces(topo, members, f, jobs, l, part) : [],
      enqueues: jobs && has(m) ? enqueues(topo, jobs, l) : [],
  }));
  const cpcMember = members.of.cpc[0]!;
  const cfs = mapTop(members, 'cf', has, (m, x): CfSnapshot => cfSnapshot(members, f, m, x, part));
  const v = f.volume;
  const volumes = mapTop(members, 'volume', has, (m, i): VolumeSnapshot => ({
      volser: attr(m, 'volser'),
      volumeType: attr(m, 'volumeType'),
      model: attr(m, 'model'),
      devnum: attr(m, 'devnum'),
      ldev: attr(m, 'ldev'),
      clpr: attr(m, 'clpr'),
      mpb: attr(m, 'mpb'),
      deviceType: attr(m, 'deviceType'),
      ssid: attr(m, 'ssid'),
      storageGroup: attr(m, 'storageGroup'),
      pav: attr(m, 'pav'),
      ioRate: v.ioRate[i]!,
      readRate: v.readRate[i]!,
      writeRate: v.writeRate[i]!,
      throughputMBps: v.throughputMBps[i]!,
      readHitPercent: v.readHitPercent[i]!,
      utilizationPercent: v.utilizationPercent[i]!,
      responseTime: {
        total: v.responseTime.total[i]!,
        iosq: v.responseTime.iosq[i]!,
        pend: v.responseTime.pend[i]!,
        disc: v.responseTime.disc[i]!,
        conn: v.responseTime.conn[i]!,
        pendDeviceBusy: v.responseTime.pendDeviceBusy[i]!,
        pendCmr: v.responseTime.pendCmr[i]!,
      },
      capacityBytes: v.capacityBytes[i]!,
      usedBytes: v.usedBytes[i]!,
      pavExposures: v.pavExposures[i]!,
  }));
  const clprs = mapTop(members, 'clpr', has, (m, i): ClprSnapshot => ({ name: attr(m, 'name'), writePendingPercent: f.clpr.writePendingPercent[i]!, readHitPercent: f.clpr.readHitPercent[i]!, cacheUsagePercent: f.clpr.cacheUsagePercent[i]!, writeMBps: f.clpr.writeMBps[i]!, writeThrottlePercent: f.clpr.writeThrottlePercent[i]! }));
  const storageArray: StorageArraySnapshot = {
    name: topo.array.name,
    model: topo.array.model,
    clprs,
    lcus: mapTop(members, 'lcu', has, (m, i): LcuSnapshot => ({ ssid: attr(m, 'ssid'), lcu: attr(m, 'lcu'), cuId: attr(m, 'cuId'), typeModel: attr(m, 'typeModel'), ...flat(f.lcu, i) })),
    mpBlades: mapTop(members, 'mpb', has, (m, i) => ({ name: attr(m, 'name'), utilizationPercent: f.mpb.utilizationPercent[i]! })),
    hostPorts: mapTop(members, 'hostPort', has, (m, i) => ({ name: attr(m, 'name'), throughputMBps: f.hostPort.throughputMBps[i]!, iops: f.hostPort.iops[i]!, utilizationPercent: f.hostPort.utilizationPercent[i]! })),
  };
  return {
    timestamp: new Date(endMs).toISOString(),
    epochMs: endMs,
    intervalSeconds: intervalMs / 1000,
    modelVersion: MODEL_VERSION,
    sysplex: topo.sysplex,
    cpc: has(cpcMember) ? { name: attr(cpcMember, 'name'), model: attr(cpcMember, 'model'), capacityMsu: f.cpc.capacityMsu[0]!, actualMsu: f.cpc.actualMsu[0]!, utilizationPercent: f.cpc.utilizationPercent[0]!, managementPercent: f.cpc.managementPercent[0]! } : null,
    lpars,
    couplingFacilities: cfs,
    volumes,
    storageArray,
  };
}

/** A fresh copy of a structure's policy (snapshots are the caller's to change). */
const policyOf = (p: CStructure['policy']): CfStructureSnapshot['policy'] => ({ ...p, preferenceList: [...p.preferenceList] });

/** One coupling facility with its systems and structures (each structure with its systems). */
function cfSnapshot(members: Members, f: Frame, m: Member, x: number, part: ((m: Member) => boolean) | null): CfSnapshot {
  const cs = f.cfSystem;
  const st = f.cfStructure;
  const ss = f.cfStructureSystem;
  return {
    name: attr(m, 'name'),
    model: attr(m, 'model'),
    version: attr(m, 'version'),
    cfLevel: attr(m, 'cfLevel'),
    processors: attr(m, 'processors'),
    dedicated: attr(m, 'dedicated'),
    weight: attr(m, 'weight'),
    linkType: attr(m, 'linkType'),
    subchannelsPerLink: attr(m, 'subchannelsPerLink'),
    paths: [...attr<string[]>(m, 'paths')],
    processorUtilizationPercent: f.cf.processorUtilizationPercent[x]!,
    requestRate: f.cf.requestRate[x]!,
    effectiveProcessors: f.cf.effectiveProcessors[x]!,
    storage: { sizeBytes: f.cf.storage.sizeBytes[x]!, availableBytes: f.cf.storage.availableBytes[x]!, utilizedPercent: f.cf.storage.utilizedPercent[x]! },
    systems: map(members, 'cfSystem', x, part, (s, i) => ({
      lpar: attr(s, 'lpar'),
      syncRate: cs.syncRate[i]!,
      asyncRate: cs.asyncRate[i]!,
      syncServiceSeconds: cs.syncServiceSeconds[i]!,
      asyncServiceSeconds: cs.asyncServiceSeconds[i]!,
      convertedRate: cs.convertedRate[i]!,
      changedPercent: cs.changedPercent[i]!,
      delayedPercent: cs.delayedPercent[i]!,
      subchannelBusyPercent: cs.subchannelBusyPercent[i]!,
      subchannelDelayPercent: cs.subchannelDelayPercent[i]!,
      pathDelayPercent: cs.pathDelayPercent[i]!,
    })),
    structures: map(members, 'cfStructure', x, part, (s, i): CfStructureSnapshot => {
      const type = attr<CfStructureSnapshot['type']>(s, 'type');
      return {
        name: attr(s, 'name'),
        type,
        use: attr(s, 'use'),
        requestRate: st.requestRate[i]!,
        syncRate: st.syncRate[i]!,
        asyncRate: st.asyncRate[i]!,
        processorUtilizationPercent: st.processorUtilizationPercent[i]!,
        sizeBytes: st.sizeBytes[i]!,
        utilizedPercent: st.utilizedPercent[i]!,
        ...(type === 'lock' ? { contentionPercent: st.contentionPercent[i]!, falseContentionPercent: st.falseContentionPercent[i]! } : {}),
        ...(type === 'cache'
          ? {
              readRate: st.readRate[i]!,
              writeRate: st.writeRate[i]!,
              castoutRate: st.castoutRate[i]!,
              crossInvalidateRate: st.crossInvalidateRate[i]!,
              directoryReclaimRate: st.directoryReclaimRate[i]!,
              changedEntries: st.changedEntries[i]!,
              changedElements: st.changedElements[i]!,
            }
          : {}),
        connectors: attr(s, 'connectors'),
        maxConnectors: attr(s, 'maxConnectors'),
        policy: policyOf(attr<CStructure['policy']>(s, 'policy')),
        systems: map(members, 'cfStructureSystem', i, part, (y, j) => ({
          lpar: attr(y, 'lpar'),
          connected: attr(y, 'connected'),
          syncRate: ss.syncRate[j]!,
          asyncRate: ss.asyncRate[j]!,
          syncServiceSeconds: ss.syncServiceSeconds[j]!,
          asyncServiceSeconds: ss.asyncServiceSeconds[j]!,
          convertedRate: ss.convertedRate[j]!,
          changedPercent: ss.changedPercent[j]!,
          delayedPercent: ss.delayedPercent[j]!,
        })),
      };
    }),
  };
}

/** The address spaces of LPAR l in use in the interval, in ASID order. */
function addressSpaces(topo: CTopology, members: Members, f: Frame, st: JobState, l: number, has: ((m: Member) => boolean) | null): AddressSpaceSnapshot[] {
  const a = f.addressSpace;
  const d = a.delayPercent;
  const out: AddressSpaceSnapshot[] = [];
  const first = members.first.addressSpace[l]!;
  const end = members.first.addressSpace[l + 1]!;
  for (let i = first, q = 0; i < end; i++, q++) {
    if (!st.present[i] || (has !== null && !has(members.of.addressSpace[i]!))) continue;
    const o = occupant(topo, st, l, q);
    out.push({
      jobName: o.jobName,
      jobId: o.jobId,
      asid: q + 1,
      type: o.type,
      jobClass: o.jobClass,
      serviceClass: o.serviceClass,
      period: o.period,
      reportClass: o.reportClass,
      active: st.active[i] === 1,
      elapsedSeconds: a.elapsedSeconds[i]!,
      samples: a.samples[i]!,
      cpu: {
        applCpPercent: a.cpu.applCpPercent[i]!,
        applZiipPercent: a.cpu.applZiipPercent[i]!,
        eapplCpPercent: a.cpu.eapplCpPercent[i]!,
        eapplZiipPercent: a.cpu.eapplZiipPercent[i]!,
        tcbPercent: a.cpu.tcbPercent[i]!,
        srbPercent: a.cpu.srbPercent[i]!,
        enclaveSrbPercent: a.cpu.enclaveSrbPercent[i]!,
      },
      usingPercent: a.usingPercent[i]!,
      usingBy: { processor: a.usingBy.processor[i]!, device: a.usingBy.device[i]! },
      delayPercent: { cpu: d.cpu[i]!, ziip: d.ziip[i]!, capping: d.capping[i]!, io: d.io[i]!, storage: d.storage[i]!, enqueue: d.enqueue[i]!, jes: d.jes[i]!, hsm: d.hsm[i]!, xcf: d.xcf[i]!,
        operator: d.operator[i]!,
        operatorMount: d.operatorMount[i]!,
        operatorMessage: d.operatorMessage[i]!,
        operatorQuiesce: d.operatorQuiesce[i]!,
        subsystem: d.subsystem[i]!,
      },
      idlePercent: a.idlePercent[i]!,
      unknownPercent: a.unknownPercent[i]!,
      storage: {
        workingSetFrames: a.storage.workingSetFrames[i]!,
        fixedFrames: a.storage.fixedFrames[i]!,
        csaBytes: a.storage.csaBytes[i]!,
        sqaBytes: a.storage.sqaBytes[i]!,
        pageInRate: a.storage.pageInRate[i]!,
        divFrames: a.storage.divFrames[i]!,
        auxSlots: a.storage.auxSlots[i]!,
        sharedPages: a.storage.sharedPages[i]!,
        sharedPagesValid: a.storage.sharedPagesValid[i]!,
      },
      ioRate: a.ioRate[i]!,
      topVolume: st.volumes.top[i]! >= 0 ? topo.volumes[st.volumes.top[i]!]!.volser : '',
      device: { connectPercent: a.device.connectPercent[i]!, topVolumeIoRate: a.device.topVolumeIoRate[i]!, topVolumeUsingPercent: a.device.topVolumeUsingPercent[i]!, topVolumeDelayPercent: a.device.topVolumeDelayPercent[i]! },
    });
  }
  return out;
}

/** The contended resources of LPAR l, with the names of their holders and waiters. */
function enqueues(topo: CTopology, st: JobState, l: number): EnqueueSnapshot[] {
  const name = (q: number) => occupant(topo, st, l, q).jobName;
  return st.enqueues[l]!.map((r) => ({
    major: r.major,
    minor: r.minor,
    scope: r.scope,
    holder: { jobName: name(r.holder), asid: r.holder + 1, status: 'EO' as const },
    waiters: r.waiters.map((q) => ({ jobName: name(q), asid: q + 1, status: 'EW' as const })),
  }));
}
