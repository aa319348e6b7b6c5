import { describe, expect, it } from 'vitest';
import { metricCatalog, getMetric, entityOf, ENTITY_LABEL } from '@rmf-sim/core';
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
      if (m.name.endsWith('_percent')) expect(m.range).toEqual([0, 100]);
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
    expect(getMetric('rmf_lpar_msu_actual')!.ibmName).toBe('mvs_lpar_actual_msu_h');
    expect(Object.isFrozen(metricCatalog)).toBe(true);
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
