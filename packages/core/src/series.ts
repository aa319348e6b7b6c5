import type { EntityKind, MetricDefinition } from './catalog.js';
import { getMetric } from './catalog.js';
import type { CTopology } from './model/compile.js';
import type { IntervalHistogram, Snapshot } from './snapshot.js';

/** Labels of one series: label name → value. Frozen and shared between samples of the same series. */
export type Labels = Readonly<Record<string, string>>;

/** One series of the flat sample view. */
export interface SeriesSpec {
  /** Sample name (for histograms: `…_bucket`, `…_sum`, `…_count`). */
  metric: string;
  labels: Labels;
  /** Entity that owns the series, e.g. `lpar:PROD01`; the unit of sharding. */
  owner: string;
  get: (s: Snapshot) => number;
}

type Push = (metric: string, labels: Record<string, string>, owner: string, get: (s: Snapshot) => number) => void;

function pushHistogram(push: Push, name: string, labels: Record<string, string>, owner: string, bounds: readonly number[], h: (s: Snapshot) => IntervalHistogram) {
  bounds.forEach((b, i) => push(`${name}_bucket`, { ...labels, le: String(b) }, owner, (s) => h(s).counts[i]!));
  push(`${name}_bucket`, { ...labels, le: '+Inf' }, owner, (s) => h(s).count);
  push(`${name}_sum`, labels, owner, (s) => h(s).sum);
  push(`${name}_count`, labels, owner, (s) => h(s).count);
}

/**
 * Builds the flat series list of a topology, in a fixed order: metric by metric as the catalogue lists them.
 * Every series reads its value from the snapshot of the same interval, so samples and snapshots never disagree.
 */
export function buildSeries(topo: CTopology): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  const push: Push = (metric, labels, owner, get) => {
    out.push({ metric, labels: Object.freeze(labels), owner, get });
  };
  const sysplex = topo.sysplex;
  const lp = (i: number) => `lpar:${topo.lpars[i]!.name}`;
  const arr = topo.array.name;
  const each = (name: string, fn: (def: MetricDefinition) => void) => fn(getMetric(name)!);

  each('rmf_cpu_utilization_percent', (d) =>
    topo.lpars.forEach((l) => {
      push(d.name, { sysplex, lpar: l.name, cpu_type: 'general_purpose' }, lp(l.i), (s) => s.lpars[l.i]!.cpu.generalPurposePercent);
      push(d.name, { sysplex, lpar: l.name, cpu_type: 'ziip' }, lp(l.i), (s) => s.lpars[l.i]!.cpu.ziipPercent);
      push(d.name, { sysplex, lpar: l.name, cpu_type: 'zaap' }, lp(l.i), (s) => s.lpars[l.i]!.cpu.zaapPercent);
    }),
  );
  for (const [name, get] of [
    ['rmf_cpu_ziip_eligible_on_cp_percent', (s: Snapshot, i: number) => s.lpars[i]!.cpu.ziipEligibleOnCpPercent],
    ['rmf_cpu_capture_ratio_percent', (s: Snapshot, i: number) => s.lpars[i]!.cpu.captureRatioPercent],
  ] as const) {
    topo.lpars.forEach((l) => push(name, { sysplex, lpar: l.name }, lp(l.i), (s) => get(s, l.i)));
  }
  topo.lpars.forEach((l) => push('rmf_lpar_msu_actual', { sysplex, cpc: topo.cpc.name, lpar: l.name }, lp(l.i), (s) => s.lpars[l.i]!.cpu.actualMsu));
  const cpcLabels = { sysplex, cpc: topo.cpc.name };
  const cpcOwner = `cpc:${topo.cpc.name}`;
  push('rmf_cpc_msu_capacity', { ...cpcLabels }, cpcOwner, (s) => s.cpc!.capacityMsu);
  push('rmf_cpc_msu_actual', { ...cpcLabels }, cpcOwner, (s) => s.cpc!.actualMsu);
  push('rmf_cpc_utilization_percent', { ...cpcLabels }, cpcOwner, (s) => s.cpc!.utilizationPercent);

  topo.lpars.forEach((l) => {
    const m = (s: Snapshot) => s.lpars[l.i]!.memory;
    push('rmf_memory_usage_bytes', { sysplex, lpar: l.name, memory_type: 'real_storage' }, lp(l.i), (s) => m(s).realStorageBytes);
    push('rmf_memory_usage_bytes', { sysplex, lpar: l.name, memory_type: 'virtual_storage' }, lp(l.i), (s) => m(s).virtualStorageBytes);
    push('rmf_memory_usage_bytes', { sysplex, lpar: l.name, memory_type: 'csa' }, lp(l.i), (s) => m(s).csaBytes);
  });
  topo.lpars.forEach((l) => push('rmf_memory_real_capacity_bytes', { sysplex, lpar: l.name }, lp(l.i), (s) => s.lpars[l.i]!.memory.realCapacityBytes));
  topo.lpars.forEach((l) => push('rmf_storage_frames_available_percent', { sysplex, lpar: l.name }, lp(l.i), (s) => s.lpars[l.i]!.memory.framesAvailablePercent));
  topo.lpars.forEach((l) => push('rmf_storage_page_in_rate', { sysplex, lpar: l.name }, lp(l.i), (s) => s.lpars[l.i]!.memory.pageInRate));

  // WLM, one metric at a time so the series of a metric stay together
  const wlmSeries = (name: string, get: (s: Snapshot, i: number, j: number) => number, only?: (j: number, i: number) => boolean) =>
    topo.lpars.forEach((l) =>
      l.classes.forEach(({ sc }, j) => {
        if (only && !only(j, l.i)) return;
        const c = topo.serviceClasses[sc]!;
        push(name, { sysplex, lpar: l.name, workload: c.workload, service_class: c.name, period: '1' }, lp(l.i), (s) => get(s, l.i, j));
      }),
    );
  const sc = (s: Snapshot, i: number, j: number) => s.lpars[i]!.wlm[j]!;
  wlmSeries('rmf_wlm_performance_index', (s, i, j) => sc(s, i, j).performanceIndex);
  wlmSeries('rmf_wlm_execution_velocity_percent', (s, i, j) => sc(s, i, j).velocityPercent);
  wlmSeries('rmf_wlm_using_percent', (s, i, j) => sc(s, i, j).usingPercent);
  topo.lpars.forEach((l) =>
    l.classes.forEach(({ sc: ci }, j) => {
      const c = topo.serviceClasses[ci]!;
      for (const reason of ['cpu', 'io', 'storage'] as const) {
        push('rmf_wlm_delay_percent', { sysplex, lpar: l.name, workload: c.workload, service_class: c.name, period: '1', reason }, lp(l.i), (s) => s.lpars[l.i]!.wlm[j]!.delayPercent[reason]);
      }
    }),
  );
  wlmSeries('rmf_wlm_transaction_rate', (s, i, j) => sc(s, i, j).transactionRate);
  wlmSeries('rmf_wlm_response_time_seconds', (s, i, j) => sc(s, i, j).responseTimeSeconds!, (j, i) => topo.serviceClasses[topo.lpars[i]!.classes[j]!.sc]!.goalKind === 'responseTime');
  for (const [name, field] of [
    ['rmf_mpb_processing_rate', 'processingRate'],
    ['rmf_mpb_queue_depth', 'depth'],
  ] as const) {
    topo.lpars.forEach((l) =>
      ['CICS', 'IMS', 'MQ', 'BATCH'].forEach((q, qi) => push(name, { sysplex, lpar: l.name, queue_type: q }, lp(l.i), (s) => s.lpars[l.i]!.queues[qi]![field])),
    );
  }

  // coupling facility, predecessor view per CF link
  each('rmf_clpr_service_time_microseconds', (d) =>
    topo.lpars.forEach((l) => {
      let n = 0;
      topo.cfs.forEach((cf) =>
        cf.links.forEach((link) => {
          const idx = n++;
          pushHistogram(push, d.name, { sysplex, lpar: l.name, cf_link: link }, lp(l.i), d.buckets!, (s) => s.lpars[l.i]!.cfLinks[idx]!.serviceTime);
        }),
      );
    }),
  );
  topo.lpars.forEach((l) => {
    let n = 0;
    topo.cfs.forEach((cf) =>
      cf.links.forEach((link) => {
        const idx = n++;
        push('rmf_clpr_request_rate', { sysplex, lpar: l.name, cf_link: link, request_type: 'synchronous' }, lp(l.i), (s) => s.lpars[l.i]!.cfLinks[idx]!.syncRate);
        push('rmf_clpr_request_rate', { sysplex, lpar: l.name, cf_link: link, request_type: 'asynchronous' }, lp(l.i), (s) => s.lpars[l.i]!.cfLinks[idx]!.asyncRate);
      }),
    );
  });
  topo.cfs.forEach((cf) => push('rmf_cf_processor_utilization_percent', { sysplex, cf: cf.name }, `cf:${cf.name}`, (s) => s.couplingFacilities[cf.i]!.processorUtilizationPercent));
  for (const [name, sync, async] of [
    ['rmf_cf_request_rate', 'syncRate', 'asyncRate'],
    ['rmf_cf_service_time_microseconds', 'syncServiceMicros', 'asyncServiceMicros'],
  ] as const) {
    topo.cfs.forEach((cf) =>
      topo.lpars.forEach((l) => {
        push(name, { sysplex, cf: cf.name, lpar: l.name, request_type: 'sync' }, `cf:${cf.name}`, (s) => s.couplingFacilities[cf.i]!.systems[l.i]![sync]);
        push(name, { sysplex, cf: cf.name, lpar: l.name, request_type: 'async' }, `cf:${cf.name}`, (s) => s.couplingFacilities[cf.i]!.systems[l.i]![async]);
      }),
    );
  }

  // LPAR ports (predecessor): FICON channel paths, then OSA and HiperSockets
  for (const [name, chanField, netField] of [
    ['rmf_ports_utilization_percent', 'utilizationPercent', 'utilizationPercent'],
    ['rmf_ports_throughput_mbps', 'throughputMBps', 'throughputMBps'],
  ] as const) {
    topo.lpars.forEach((l) => {
      l.chpids.forEach((chpid, c) => push(name, { sysplex, lpar: l.name, port_type: 'FICON', port_id: chpid }, lp(l.i), (s) => s.lpars[l.i]!.channels[c]![chanField]));
      [...l.osa.map((id) => ['OSA', id]), ...l.hipersockets.map((id) => ['Hipersocket', id])].forEach(([type, id], n) =>
        push(name, { sysplex, lpar: l.name, port_type: type!, port_id: id! }, lp(l.i), (s) => s.lpars[l.i]!.network[n]![netField]),
      );
    });
  }
  for (const [name, field] of [
    ['rmf_channel_utilization_percent', 'utilizationPercent'],
    ['rmf_channel_io_rate', 'ioRate'],
  ] as const) {
    topo.lpars.forEach((l) => l.chpids.forEach((chpid, c) => push(name, { sysplex, lpar: l.name, chpid }, lp(l.i), (s) => s.lpars[l.i]!.channels[c]![field])));
  }

  // volumes as each system sees them
  for (const [name, field] of [
    ['rmf_volumes_utilization_percent', 'utilizationPercent'],
    ['rmf_volumes_iops', 'ioRate'],
  ] as const) {
    topo.lpars.forEach((l) => topo.volumes.forEach((v) => push(name, { sysplex, lpar: l.name, volume_type: v.type, volume_id: v.volser }, lp(l.i), (s) => s.lpars[l.i]!.volumes[v.i]![field])));
  }
  topo.lpars.forEach((l) => topo.volumes.forEach((v) => push('rmf_ldev_utilization_percent', { sysplex, lpar: l.name, device_id: v.ldev }, lp(l.i), (s) => s.lpars[l.i]!.ldevs[v.i]!.utilizationPercent)));
  each('rmf_ldev_response_time_seconds', (d) =>
    topo.lpars.forEach((l) =>
      topo.deviceTypes.forEach((t, n) => pushHistogram(push, d.name, { sysplex, lpar: l.name, device_type: t }, lp(l.i), d.buckets!, (s) => s.lpars[l.i]!.ioResponse[n]!.histogram)),
    ),
  );

  // volumes, sysplex-wide
  const vo = (volser: string) => `volume:${volser}`;
  topo.volumes.forEach((v) =>
    (['total', 'iosq', 'pend', 'disc', 'conn'] as const).forEach((component) =>
      push('rmf_volume_response_time_seconds', { sysplex, volser: v.volser, component }, vo(v.volser), (s) => s.volumes[v.i]!.responseTime[component]),
    ),
  );
  for (const [name, field] of [
    ['rmf_volume_io_rate', 'ioRate'],
    ['rmf_volume_utilization_percent', 'utilizationPercent'],
    ['rmf_volume_read_hit_percent', 'readHitPercent'],
    ['rmf_volume_capacity_bytes', 'capacityBytes'],
    ['rmf_volume_used_bytes', 'usedBytes'],
  ] as const) {
    topo.volumes.forEach((v) => push(name, { sysplex, volser: v.volser }, vo(v.volser), (s) => s.volumes[v.i]![field]));
  }

  // storage array
  for (const [name, field] of [
    ['rmf_clpr_write_pending_percent', 'writePendingPercent'],
    ['rmf_clpr_read_hit_percent', 'readHitPercent'],
    ['rmf_clpr_cache_usage_percent', 'cacheUsagePercent'],
  ] as const) {
    topo.clprs.forEach((c) => push(name, { sysplex, array: arr, clpr: c.name }, `clpr:${c.name}`, (s) => s.storageArray.clprs[c.i]![field]));
  }
  topo.array.mpbNames.forEach((mpb, b) => push('rmf_mpb_utilization_percent', { sysplex, array: arr, mpb }, `mpb:${mpb}`, (s) => s.storageArray.mpBlades[b]!.utilizationPercent));
  for (const [name, field] of [
    ['rmf_port_throughput_mbps', 'throughputMBps'],
    ['rmf_port_iops', 'iops'],
    ['rmf_port_utilization_percent', 'utilizationPercent'],
  ] as const) {
    topo.array.portNames.forEach((port, p) => push(name, { sysplex, array: arr, port }, `hostPort:${port}`, (s) => s.storageArray.hostPorts[p]![field]));
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
