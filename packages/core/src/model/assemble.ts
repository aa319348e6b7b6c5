import type { IntervalHistogram, LparSnapshot, Snapshot } from '../snapshot.js';
import type { CTopology } from './compile.js';
import { CF_BUCKETS, histWidth, IO_BUCKETS, QUEUE_TYPES, type Frame, type FrameLayout } from './frame.js';
import { MODEL_VERSION } from './evaluate.js';

function hist(a: Float64Array, at: number, bounds: readonly number[]): IntervalHistogram {
  const n = bounds.length;
  return { bounds: [...bounds], counts: Array.from(a.subarray(at, at + n)), count: a[at + n]!, sum: a[at + n + 1]! };
}

/** Which entities to include (a shard's own), by owner key; `null` includes everything. */
export type OwnerFilter = ((key: string) => boolean) | null;

/** Builds the nested snapshot of one interval from its frame (copies every number: the frame is reused). */
export function assembleSnapshot(topo: CTopology, k: FrameLayout, f: Frame, endMs: number, intervalMs: number, owned: OwnerFilter): Snapshot {
  const { L, V, NL, NN, paths, T } = k;
  const has = (key: string) => owned === null || owned(key);
  const cfw = histWidth(CF_BUCKETS);
  const iow = histWidth(IO_BUCKETS);
  const lpars: LparSnapshot[] = [];
  for (let l = 0; l < L; l++) {
    const lp = topo.lpars[l]!;
    if (!has(`lpar:${lp.name}`)) continue;
    const links: LparSnapshot['cfLinks'] = [];
    let n = 0;
    for (const cf of topo.cfs) {
      for (const link of cf.links) {
        const i = l * NL + n++;
        links.push({ cf: cf.name, link, syncRate: f.linkSync[i]!, asyncRate: f.linkAsync[i]!, serviceTime: hist(f.linkHist, i * cfw, CF_BUCKETS) });
      }
    }
    lpars.push({
      name: lp.name,
      workload: lp.workload,
      cpu: {
        generalPurposePercent: f.gp[l]!,
        ziipPercent: f.ziip[l]!,
        zaapPercent: f.zaap[l]!,
        ziipEligibleOnCpPercent: f.spill[l]!,
        captureRatioPercent: f.capture[l]!,
        actualMsu: f.msu[l]!,
        demandPercent: f.demand[l]!,
      },
      memory: {
        realCapacityBytes: f.realCap[l]!,
        realStorageBytes: f.realUsed[l]!,
        virtualStorageBytes: f.virt[l]!,
        csaBytes: f.csa[l]!,
        framesAvailablePercent: f.framesAvail[l]!,
        pageInRate: f.pageIn[l]!,
      },
      wlm: lp.classes.map(({ sc }, j) => {
        const s = topo.serviceClasses[sc]!;
        const i = k.lcOffset[l]! + j;
        return {
          serviceClass: s.name,
          workload: s.workload,
          period: 1,
          importance: s.importance,
          goal: s.goalKind === 'velocity' ? { kind: 'velocity' as const, percent: s.goalValue } : { kind: 'responseTime' as const, seconds: s.goalValue },
          performanceIndex: f.pi[i]!,
          velocityPercent: f.velocity[i]!,
          usingPercent: f.using[i]!,
          delayPercent: { cpu: f.delayCpu[i]!, io: f.delayIo[i]!, storage: f.delayStor[i]! },
          transactionRate: f.tps[i]!,
          ...(s.goalKind === 'responseTime' ? { responseTimeSeconds: f.rt[i]! } : {}),
          queueDepth: f.depth[i]!,
        };
      }),
      queues: QUEUE_TYPES.map((queueType, q) => ({ queueType, processingRate: f.qRate[l * QUEUE_TYPES.length + q]!, depth: f.qDepth[l * QUEUE_TYPES.length + q]! })),
      cfLinks: links,
      channels: lp.chpids.map((chpid, c) => ({
        chpid,
        hostPort: topo.array.portNames[lp.chpidPort[c]!]!,
        utilizationPercent: f.chanUtil[l * paths + c]!,
        ioRate: f.chanRate[l * paths + c]!,
        throughputMBps: f.chanMB[l * paths + c]!,
      })),
      network: [
        ...lp.osa.map((portId, o) => ({ portType: 'OSA' as const, portId, utilizationPercent: f.netUtil[l * NN + o]!, throughputMBps: f.netMB[l * NN + o]! })),
        ...lp.hipersockets.map((portId, h) => ({ portType: 'Hipersocket' as const, portId, utilizationPercent: f.netUtil[l * NN + lp.osa.length + h]!, throughputMBps: f.netMB[l * NN + lp.osa.length + h]! })),
      ],
      volumes: topo.volumes.map((v) => ({ volser: v.volser, volumeType: v.type, ioRate: f.lvRate[l * V + v.i]!, utilizationPercent: f.lvUtil[l * V + v.i]! })),
      ldevs: topo.volumes.map((v) => ({ ldev: v.ldev, utilizationPercent: f.lvLdev[l * V + v.i]! })),
      ioResponse: topo.deviceTypes.map((deviceType, t) => ({ deviceType, histogram: hist(f.ioHist, (l * T + t) * iow, IO_BUCKETS) })),
    });
  }
  const a = topo.array;
  return {
    timestamp: new Date(endMs).toISOString(),
    epochMs: endMs,
    intervalSeconds: intervalMs / 1000,
    modelVersion: MODEL_VERSION,
    sysplex: topo.sysplex,
    cpc: has(`cpc:${topo.cpc.name}`)
      ? { name: topo.cpc.name, model: topo.cpc.model, capacityMsu: f.cpc[0]!, actualMsu: f.cpc[1]!, utilizationPercent: f.cpc[2]! }
      : null,
    lpars,
    couplingFacilities: topo.cfs
      .filter((cf) => has(`cf:${cf.name}`))
      .map((cf) => ({
        name: cf.name,
        processorUtilizationPercent: f.cfUtil[cf.i]!,
        systems: topo.lpars.map((lp) => {
          const i = cf.i * L + lp.i;
          return { lpar: lp.name, syncRate: f.cfSync[i]!, asyncRate: f.cfAsync[i]!, syncServiceSeconds: f.cfSyncSvc[i]!, asyncServiceSeconds: f.cfAsyncSvc[i]! };
        }),
      })),
    volumes: topo.volumes
      .filter((v) => has(`volume:${v.volser}`))
      .map((v) => {
        const i = v.i;
        return {
          volser: v.volser,
          volumeType: v.type,
          model: v.model,
          devnum: v.devnum,
          ldev: v.ldev,
          clpr: topo.clprs[v.clpr]!.name,
          mpb: a.mpbNames[v.mpb]!,
          ioRate: f.vRate[i]!,
          readRate: f.vRead[i]!,
          writeRate: f.vRate[i]! - f.vRead[i]!,
          throughputMBps: f.vMB[i]!,
          readHitPercent: f.vHit[i]!,
          utilizationPercent: f.vUtil[i]!,
          responseTime: { total: f.rTotal[i]!, iosq: f.rIosq[i]!, pend: f.rPend[i]!, disc: f.rDisc[i]!, conn: f.rConn[i]! },
          capacityBytes: f.vCap[i]!,
          usedBytes: f.vUsed[i]!,
        };
      }),
    storageArray: {
      name: a.name,
      model: a.model,
      clprs: topo.clprs
        .filter((c) => has(`clpr:${c.name}`))
        .map((c) => ({ name: c.name, writePendingPercent: f.wp[c.i]!, readHitPercent: f.clprHit[c.i]!, cacheUsagePercent: f.clprUsage[c.i]!, writeMBps: f.clprWriteMB[c.i]! })),
      mpBlades: a.mpbNames.flatMap((name, b) => (has(`mpb:${name}`) ? [{ name, utilizationPercent: f.mpbUtil[b]! }] : [])),
      hostPorts: a.portNames.flatMap((name, p) => (has(`hostPort:${name}`) ? [{ name, throughputMBps: f.portMB[p]!, iops: f.portIops[p]!, utilizationPercent: f.portUtil[p]! }] : [])),
    },
  };
}
