import { describe, expect, it } from 'vitest';
import { metricCatalog, getMetric, entityOf, ENTITY_LABEL, fields, getField, SCOPE, scopes } from '@rmf-sim/core';
import { sim42 } from './helpers.js';

// The predecessor's metric names and label sets (DOMAIN.md §1), which must stay unchanged.
const PREDECESSOR: Record<string, string[]> = {
  rmf_cpu_utilization_percent: ['sysplex', 'lpar', 'cpu_type'],
  rmf_memory_usage_bytes: ['sysplex', 'lpar', 'memory_type'],
  rmf_ldev_response_time_seconds: ['sysplex', 'lpar', 'device_type'],
  rmf_ldev_utilization_percent: ['sysplex', 'lpar', 'device_id'],
  rmf_clpr_service_time_microseconds: ['sysplex', 'lpar', 'cf_link'],
  rmf_clpr_request_rate: ['sysplex', 'lpar', 'cf_link', 'request_type'],
  rmf_mpb_processing_rate: ['sysplex', 'lpar', 'queue_type'],
  rmf_mpb_queue_depth: ['sysplex', 'lpar', 'queue_type'],
  rmf_ports_utilization_percent: ['sysplex', 'lpar', 'port_type', 'port_id'],
  rmf_ports_throughput_mbps: ['sysplex', 'lpar', 'port_type', 'port_id'],
  rmf_volumes_utilization_percent: ['sysplex', 'lpar', 'volume_type', 'volume_id'],
  rmf_volumes_iops: ['sysplex', 'lpar', 'volume_type', 'volume_id'],
};

describe('metric catalogue', () => {
  it('declares each metric once, with a help text, a unit and a range', () => {
    const names = metricCatalog.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of metricCatalog) {
      expect(m.name).toMatch(/^rmf_[a-z0-9_]+$/);
      expect(m.help.length).toBeGreaterThan(10);
      // percentages are 0–100, except APPL% (in % of one processor: a class may use several)
      // and demand (more work than the logical processors can run)
      const unbounded = new Set(['rmf_wlm_appl_percent', 'rmf_wlm_report_class_appl_percent', 'rmf_lpar_demand_percent']);
      if (m.name.endsWith('_percent')) expect(m.range, m.name).toEqual(unbounded.has(m.name) ? [0, Number.MAX_VALUE] : [0, 100]);
      if (m.type === 'histogram') expect(m.buckets!.length).toBeGreaterThan(3);
    }
  });

  it('keeps every predecessor name with its exact label set, and marks them', () => {
    for (const [name, labels] of Object.entries(PREDECESSOR)) {
      const m = getMetric(name);
      expect(m, name).toBeDefined();
      expect([...m!.labels]).toEqual(labels);
      expect(m!.predecessor).toBe(true);
    }
    expect(metricCatalog.filter((m) => m.predecessor).map((m) => m.name).sort()).toEqual(Object.keys(PREDECESSOR).sort());
    expect(getMetric('rmf_ldev_response_time_seconds')!.buckets).toEqual([0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]);
  });

  it('every catalogue metric is produced, and every sample is declared with exactly its labels', () => {
    const produced = new Set<string>();
    for (const s of sim42.samples('2026-01-05T10:00:00Z')) {
      const def = getMetric(s.metric);
      expect(def, s.metric).toBeDefined();
      produced.add(def!.name);
      const expected = s.metric.endsWith('_bucket') ? [...def!.labels, 'le'] : [...def!.labels];
      expect(Object.keys(s.labels)).toEqual(expected);
    }
    expect([...produced].sort()).toEqual(metricCatalog.map((m) => m.name).sort());
  });

  it('carries the RMF DDS ids the domain names', () => {
    expect(getMetric('rmf_cpu_utilization_percent')!.dds).toContainEqual({ id: '8D0460', when: { cpu_type: 'general_purpose' } });
    expect(getMetric('rmf_volume_response_time_seconds')!.dds![0]!.id).toBe('8D1120');
    expect(getMetric('rmf_lpar_msu_actual')!.ibm).toEqual([{ name: 'mvs_lpar_actual_msu_h', labels: { cpc: 'cpc_id', lpar: 'lpar_name' }, set: { line_type: 'CP' } }]);
    // each delay reason has its own DDS id and IBM name
    const delay = getMetric('rmf_wlm_delay_percent')!;
    expect(delay.dds).toEqual([
      { id: '8D1B40', when: { reason: 'cpu' } },
      { id: '8D1A80', when: { reason: 'io' } },
      { id: '8D1BA0', when: { reason: 'storage' } },
      { id: '8D1A20', when: { reason: 'enqueue' } },
      { id: '8D1AE0', when: { reason: 'operator' } },
      { id: '8D1C00', when: { reason: 'subsystem' } },
    ]);
    expect(delay.ibm.map((x) => [x.when, x.name])).toEqual([
      [{ reason: 'cpu' }, 'mvs_wlm_group_delay_proc_percent'],
      [{ reason: 'io' }, 'mvs_wlm_group_delay_dev_percent'],
      [{ reason: 'storage' }, 'mvs_wlm_group_delay_stor_percent'],
      [{ reason: 'enqueue' }, 'mvs_wlm_group_delay_enq_percent'],
      [{ reason: 'jes' }, 'mvs_wlm_group_delay_jes_percent'],
      [{ reason: 'hsm' }, 'mvs_wlm_group_delay_hsm_percent'],
      [{ reason: 'xcf' }, 'mvs_wlm_group_delay_xcf_percent'],
      [{ reason: 'operator' }, 'mvs_wlm_group_delay_oper_percent'],
      [{ reason: 'subsystem' }, 'mvs_wlm_group_delay_subs_percent'],
    ]);
    // IBM counts real storage in 4 KiB frames; 8D3030 is captured time, not a ratio; 8D2210 is per SSID
    expect(getMetric('rmf_memory_real_capacity_bytes')!.ibm[0]).toMatchObject({ scale: 1 / 4096, unit: 'frames' });
    expect(getMetric('rmf_cpu_capture_ratio_percent')!.dds).toBeUndefined();
    expect(getMetric('rmf_volume_read_hit_percent')!.dds).toBeUndefined();
    expect(Object.isFrozen(metricCatalog)).toBe(true);
  });

  it('declares the fixed label values through the sources, and units through the fields', () => {
    expect(getMetric('rmf_cpu_utilization_percent')!.labelValues).toEqual({ cpu_type: ['general_purpose', 'ziip', 'zaap'] });
    expect(getMetric('rmf_clpr_request_rate')!.labelValues).toEqual({ request_type: ['synchronous', 'asynchronous'] });
    expect(getMetric('rmf_cf_request_rate')!.labelValues).toEqual({ request_type: ['sync', 'async'] });
    expect(getMetric('rmf_ports_throughput_mbps')!.unit).toBe('megabytes_per_second');
    for (const m of metricCatalog) {
      for (const src of m.sources) {
        const fd = getField(src.scope, src.field)!;
        expect(fd.unit, m.name).toBe(m.unit);
        expect(SCOPE[src.scope].entity, m.name).toBe(m.entity);
      }
    }
    // every sample's value of a declared label is one of the declared values
    for (const s of sim42.series) {
      const def = getMetric(s.metric)!;
      for (const [label, values] of Object.entries(def.labelValues)) expect(values, `${s.metric} ${label}`).toContain(s.labels[label]);
    }
  });
});

describe('scopes and fields', () => {
  const snap = sim42.snapshot('2026-01-05T09:00:00Z');
  /** The members of a scope in a snapshot, following its snapshotPath. */
  function membersOf(path: string): Record<string, unknown>[] {
    let level: unknown[] = [snap];
    for (const part of path.split('.')) {
      const key = part.replace('[]', '');
      level = level.flatMap((o) => {
        const v = (o as Record<string, unknown>)[key];
        return part.endsWith('[]') ? (v as unknown[]) : v === null ? [] : [v];
      });
    }
    return level as Record<string, unknown>[];
  }
  function numericLeaves(o: Record<string, unknown>, prefix = ''): string[] {
    return Object.entries(o).flatMap(([k, v]) => {
      if (typeof v === 'number') return [`${prefix}${k}`];
      if (v && typeof v === 'object' && !Array.isArray(v)) return 'bounds' in v ? [`${prefix}${k}`] : numericLeaves(v as Record<string, unknown>, `${prefix}${k}.`);
      return [];
    });
  }
  const ATTRS = new Set(['period', 'importance', 'goal.percent', 'goal.seconds', 'goal.percentile', 'cpuPerTransactionSeconds', 'cfLevel', 'processors', 'weight', 'subchannelsPerLink', 'asid', 'connectors', 'maxConnectors', 'policy.minSizeBytes', 'policy.maxSizeBytes', 'policy.rebuildPercent']);

  it('every number of every snapshot member is a field of its scope, and every field is in the snapshot', () => {
    for (const scope of scopes) {
      const members = membersOf(scope.snapshotPath);
      expect(members.length, scope.name).toBeGreaterThan(0);
      const declared = fields.filter((f) => f.scope === scope.name);
      const union = new Set<string>();
      for (const m of members) for (const leaf of numericLeaves(m)) if (!ATTRS.has(leaf)) union.add(leaf);
      expect([...union].sort(), scope.name).toEqual(declared.map((f) => f.path).sort());
    }
  });

  it('a field with a where clause shows only on the members it applies to', () => {
    for (const l of snap.lpars) {
      for (const c of l.wlm) {
        expect('responseTimeSeconds' in c, c.serviceClass).toBe(c.goal.kind !== 'system');
        expect('goalAchievedPercent' in c, c.serviceClass).toBe(c.goal.kind === 'responseTime');
        expect('performanceIndex' in c, c.serviceClass).toBe(c.goal.kind === 'responseTime' || c.goal.kind === 'velocity');
      }
    }
  });

  it('series labels come from the scope’s declared label attributes or the source’s constants', () => {
    for (const m of metricCatalog) {
      for (const src of m.sources) {
        for (const l of m.labels) expect(l in SCOPE[src.scope].labels || l in (src.set ?? {}), `${m.name}.${l}`).toBe(true);
      }
    }
  });
});

describe('entityOf', () => {
  it('names every sample’s entity, which is the owner the series list gives it', () => {
    const sim = sim42;
    const owners = new Set<string>();
    for (const s of sim.series) {
      const e = entityOf(s.metric, s.labels);
      expect(e, `${s.metric} ${JSON.stringify(s.labels)}`).toBeDefined();
      expect(`${e!.kind}:${e!.name}`).toBe(s.owner);
      owners.add(s.owner);
    }
    expect(owners.size).toBeGreaterThan(170);
    for (const m of metricCatalog) expect(m.labels, m.name).toContain(ENTITY_LABEL[m.entity]);
  });

  it('is undefined outside the catalogue or without the entity label', () => {
    expect(entityOf('no_such_metric', { lpar: 'X' })).toBeUndefined();
    expect(entityOf('rmf_volume_io_rate', { sysplex: 'S' })).toBeUndefined();
    expect(entityOf('rmf_volume_io_rate', { sysplex: 'S', volser: '' })).toBeUndefined();
    expect(entityOf('rmf_clpr_service_time_microseconds_bucket', { lpar: 'PROD01', le: '5' })).toEqual({ kind: 'lpar', name: 'PROD01' });
  });
});
