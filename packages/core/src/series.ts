import type { EntityKind } from './catalog.js';
import { getMetric } from './catalog.js';
import type { CTopology } from './model/compile.js';
import { CF_BUCKETS, histWidth, IO_BUCKETS, QUEUE_TYPES, type Frame, type FrameLayout } from './model/frame.js';

/** Labels of one series: label name → value. Frozen and shared between samples of the same series. */
export type Labels = Readonly<Record<string, string>>;

/** One series of the flat sample view: where its value lives in the frame. */
export interface SeriesSpec {
  /** Sample name (for histograms: `…_bucket`, `…_sum`, `…_count`). */
  metric: string;
  labels: Labels;
  /** Entity that owns the series, e.g. `lpar:PROD01`; the unit of sharding. */
  owner: string;
  slot: keyof Frame;
  index: number;
}

/**
 * Builds the flat series list of a topology in a fixed order (metric by metric as the catalogue lists them),
 * each pointing at its slot in the interval frame, so samples and snapshots read the very same numbers.
 */
export function buildSeries(topo: CTopology, k: FrameLayout): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  const push = (metric: string, labels: Record<string, string>, owner: string, slot: keyof Frame, index: number) => {
    if (!getMetric(metric)) throw new Error(`internal: ${metric} is not in the metric catalogue`);
    out.push({ metric, labels: Object.freeze(labels), owner, slot, index });
  };
  const hist = (name: string, labels: Record<string, string>, owner: string, slot: keyof Frame, at: number, bounds: readonly number[]) => {
    bounds.forEach((b, i) => push(`${name}_bucket`, { ...labels, le: String(b) }, owner, slot, at + i));
    push(`${name}_bucket`, { ...labels, le: '+Inf' }, owner, slot, at + bounds.length);
    push(`${name}_sum`, { ...labels }, owner, slot, at + bounds.length + 1);
    push(`${name}_count`, { ...labels }, owner, slot, at + bounds.length);
  };
  const sysplex = topo.sysplex;
  const { L, V, NL, NN, paths, T } = k;
  const lo = (l: number) => `lpar:${topo.lpars[l]!.name}`;
  const lpar = (l: number) => topo.lpars[l]!.name;
  const perLpar = (metric: string, slot: keyof Frame, extra: Record<string, string> = {}) => {
    for (let l = 0; l < L; l++) push(metric, { sysplex, lpar: lpar(l), ...extra }, lo(l), slot, l);
  };

  for (let l = 0; l < L; l++) {
    push('rmf_cpu_utilization_percent', { sysplex, lpar: lpar(l), cpu_type: 'general_purpose' }, lo(l), 'gp', l);
    push('rmf_cpu_utilization_percent', { sysplex, lpar: lpar(l), cpu_type: 'ziip' }, lo(l), 'ziip', l);
    push('rmf_cpu_utilization_percent', { sysplex, lpar: lpar(l), cpu_type: 'zaap' }, lo(l), 'zaap', l);
  }
  perLpar('rmf_cpu_ziip_eligible_on_cp_percent', 'spill');
  perLpar('rmf_cpu_capture_ratio_percent', 'capture');
  for (let l = 0; l < L; l++) push('rmf_lpar_msu_actual', { sysplex, cpc: topo.cpc.name, lpar: lpar(l) }, lo(l), 'msu', l);
  const cpcOwner = `cpc:${topo.cpc.name}`;
  push('rmf_cpc_msu_capacity', { sysplex, cpc: topo.cpc.name }, cpcOwner, 'cpc', 0);
  push('rmf_cpc_msu_actual', { sysplex, cpc: topo.cpc.name }, cpcOwner, 'cpc', 1);
  push('rmf_cpc_utilization_percent', { sysplex, cpc: topo.cpc.name }, cpcOwner, 'cpc', 2);

  for (let l = 0; l < L; l++) {
    push('rmf_memory_usage_bytes', { sysplex, lpar: lpar(l), memory_type: 'real_storage' }, lo(l), 'realUsed', l);
    push('rmf_memory_usage_bytes', { sysplex, lpar: lpar(l), memory_type: 'virtual_storage' }, lo(l), 'virt', l);
    push('rmf_memory_usage_bytes', { sysplex, lpar: lpar(l), memory_type: 'csa' }, lo(l), 'csa', l);
  }
  perLpar('rmf_memory_real_capacity_bytes', 'realCap');
  perLpar('rmf_storage_frames_available_percent', 'framesAvail');
  perLpar('rmf_storage_page_in_rate', 'pageIn');

  const wlm = (metric: string, slot: keyof Frame, extra: Record<string, string> = {}, only?: (sc: CTopology['serviceClasses'][number]) => boolean) => {
    for (let l = 0; l < L; l++) {
      topo.lpars[l]!.classes.forEach(({ sc }, j) => {
        const c = topo.serviceClasses[sc]!;
        if (only && !only(c)) return;
        push(metric, { sysplex, lpar: lpar(l), workload: c.workload, service_class: c.name, period: '1', ...extra }, lo(l), slot, k.lcOffset[l]! + j);
      });
    }
  };
  wlm('rmf_wlm_performance_index', 'pi');
  wlm('rmf_wlm_execution_velocity_percent', 'velocity');
  wlm('rmf_wlm_using_percent', 'using');
  wlm('rmf_wlm_delay_percent', 'delayCpu', { reason: 'cpu' });
  wlm('rmf_wlm_delay_percent', 'delayIo', { reason: 'io' });
  wlm('rmf_wlm_delay_percent', 'delayStor', { reason: 'storage' });
  wlm('rmf_wlm_transaction_rate', 'tps');
  wlm('rmf_wlm_response_time_seconds', 'rt', {}, (c) => c.goalKind === 'responseTime');
  for (let l = 0; l < L; l++) QUEUE_TYPES.forEach((q, i) => push('rmf_mpb_processing_rate', { sysplex, lpar: lpar(l), queue_type: q }, lo(l), 'qRate', l * QUEUE_TYPES.length + i));
  for (let l = 0; l < L; l++) QUEUE_TYPES.forEach((q, i) => push('rmf_mpb_queue_depth', { sysplex, lpar: lpar(l), queue_type: q }, lo(l), 'qDepth', l * QUEUE_TYPES.length + i));

  const links = topo.cfs.flatMap((cf) => cf.links);
  const cfw = histWidth(CF_BUCKETS);
  for (let l = 0; l < L; l++) {
    links.forEach((cf_link, n) => hist('rmf_clpr_service_time_microseconds', { sysplex, lpar: lpar(l), cf_link }, lo(l), 'linkHist', (l * NL + n) * cfw, getMetric('rmf_clpr_service_time_microseconds')!.buckets!));
  }
  for (let l = 0; l < L; l++) {
    links.forEach((cf_link, n) => {
      push('rmf_clpr_request_rate', { sysplex, lpar: lpar(l), cf_link, request_type: 'synchronous' }, lo(l), 'linkSync', l * NL + n);
      push('rmf_clpr_request_rate', { sysplex, lpar: lpar(l), cf_link, request_type: 'asynchronous' }, lo(l), 'linkAsync', l * NL + n);
    });
  }
  topo.cfs.forEach((cf) => push('rmf_cf_processor_utilization_percent', { sysplex, cf: cf.name }, `cf:${cf.name}`, 'cfUtil', cf.i));
  for (const [metric, sync, async] of [
    ['rmf_cf_request_rate', 'cfSync', 'cfAsync'],
    ['rmf_cf_service_time_seconds', 'cfSyncSvc', 'cfAsyncSvc'],
  ] as const) {
    topo.cfs.forEach((cf) => {
      for (let l = 0; l < L; l++) {
        push(metric, { sysplex, cf: cf.name, lpar: lpar(l), request_type: 'sync' }, `cf:${cf.name}`, sync, cf.i * L + l);
        push(metric, { sysplex, cf: cf.name, lpar: lpar(l), request_type: 'async' }, `cf:${cf.name}`, async, cf.i * L + l);
      }
    });
  }

  for (const [metric, chanSlot, netSlot] of [
    ['rmf_ports_utilization_percent', 'chanUtil', 'netUtil'],
    ['rmf_ports_throughput_mbps', 'chanMB', 'netMB'],
  ] as const) {
    for (let l = 0; l < L; l++) {
      const lp = topo.lpars[l]!;
      lp.chpids.forEach((chpid, c) => push(metric, { sysplex, lpar: lp.name, port_type: 'FICON', port_id: chpid }, lo(l), chanSlot, l * paths + c));
      lp.osa.forEach((id, o) => push(metric, { sysplex, lpar: lp.name, port_type: 'OSA', port_id: id }, lo(l), netSlot, l * NN + o));
      lp.hipersockets.forEach((id, h) => push(metric, { sysplex, lpar: lp.name, port_type: 'Hipersocket', port_id: id }, lo(l), netSlot, l * NN + lp.osa.length + h));
    }
  }
  for (const [metric, slot] of [
    ['rmf_channel_utilization_percent', 'chanUtil'],
    ['rmf_channel_io_rate', 'chanRate'],
  ] as const) {
    for (let l = 0; l < L; l++) topo.lpars[l]!.chpids.forEach((chpid, c) => push(metric, { sysplex, lpar: lpar(l), chpid }, lo(l), slot, l * paths + c));
  }

  for (const [metric, slot] of [
    ['rmf_volumes_utilization_percent', 'lvUtil'],
    ['rmf_volumes_iops', 'lvRate'],
  ] as const) {
    for (let l = 0; l < L; l++) topo.volumes.forEach((v) => push(metric, { sysplex, lpar: lpar(l), volume_type: v.type, volume_id: v.volser }, lo(l), slot, l * V + v.i));
  }
  for (let l = 0; l < L; l++) topo.volumes.forEach((v) => push('rmf_ldev_utilization_percent', { sysplex, lpar: lpar(l), device_id: v.ldev }, lo(l), 'lvLdev', l * V + v.i));
  const iow = histWidth(IO_BUCKETS);
  for (let l = 0; l < L; l++) {
    topo.deviceTypes.forEach((device_type, t) => hist('rmf_ldev_response_time_seconds', { sysplex, lpar: lpar(l), device_type }, lo(l), 'ioHist', (l * T + t) * iow, getMetric('rmf_ldev_response_time_seconds')!.buckets!));
  }

  const vo = (v: { volser: string }) => `volume:${v.volser}`;
  for (const v of topo.volumes) {
    push('rmf_volume_response_time_seconds', { sysplex, volser: v.volser, component: 'total' }, vo(v), 'rTotal', v.i);
    push('rmf_volume_response_time_seconds', { sysplex, volser: v.volser, component: 'iosq' }, vo(v), 'rIosq', v.i);
    push('rmf_volume_response_time_seconds', { sysplex, volser: v.volser, component: 'pend' }, vo(v), 'rPend', v.i);
    push('rmf_volume_response_time_seconds', { sysplex, volser: v.volser, component: 'disc' }, vo(v), 'rDisc', v.i);
    push('rmf_volume_response_time_seconds', { sysplex, volser: v.volser, component: 'conn' }, vo(v), 'rConn', v.i);
  }
  for (const [metric, slot] of [
    ['rmf_volume_io_rate', 'vRate'],
    ['rmf_volume_utilization_percent', 'vUtil'],
    ['rmf_volume_read_hit_percent', 'vHit'],
    ['rmf_volume_capacity_bytes', 'vCap'],
    ['rmf_volume_used_bytes', 'vUsed'],
  ] as const) {
    for (const v of topo.volumes) push(metric, { sysplex, volser: v.volser }, vo(v), slot, v.i);
  }

  const array = topo.array.name;
  for (const [metric, slot] of [
    ['rmf_clpr_write_pending_percent', 'wp'],
    ['rmf_clpr_read_hit_percent', 'clprHit'],
    ['rmf_clpr_cache_usage_percent', 'clprUsage'],
  ] as const) {
    for (const c of topo.clprs) push(metric, { sysplex, array, clpr: c.name }, `clpr:${c.name}`, slot, c.i);
  }
  topo.array.mpbNames.forEach((mpb, b) => push('rmf_mpb_utilization_percent', { sysplex, array, mpb }, `mpb:${mpb}`, 'mpbUtil', b));
  for (const [metric, slot] of [
    ['rmf_port_throughput_mbps', 'portMB'],
    ['rmf_port_iops', 'portIops'],
    ['rmf_port_utilization_percent', 'portUtil'],
  ] as const) {
    topo.array.portNames.forEach((port, p) => push(metric, { sysplex, array, port }, `hostPort:${port}`, slot, p));
  }
  return out;
}

/** Every entity of a topology in a fixed order, as `kind:name` owner keys. */
export function entityKeys(topo: CTopology): { kind: EntityKind; key: string }[] {
  return [
    { kind: 'cpc' as const, key: `cpc:${topo.cpc.name}` },
    ...topo.lpars.map((l) => ({ kind: 'lpar' as const, key: `lpar:${l.name}` })),
    ...topo.cfs.map((c) => ({ kind: 'cf' as const, key: `cf:${c.name}` })),
    ...topo.volumes.map((v) => ({ kind: 'volume' as const, key: `volume:${v.volser}` })),
    ...topo.clprs.map((c) => ({ kind: 'clpr' as const, key: `clpr:${c.name}` })),
    ...topo.array.mpbNames.map((m) => ({ kind: 'mpb' as const, key: `mpb:${m}` })),
    ...topo.array.portNames.map((p) => ({ kind: 'hostPort' as const, key: `hostPort:${p}` })),
  ];
}
