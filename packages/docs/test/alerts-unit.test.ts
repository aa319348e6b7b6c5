import type { Incident } from '@rmf-sim/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firings, parseAlertRules, parseDuration, sampleFilter, scoreAlerts, selectorsOf, type Firing } from '../src/alerts.js';

const M = 60_000;
const incident = (over: Partial<Incident>): Incident => ({
  id: 'i', type: 'cpuLoop', severity: 1, target: { lpar: 'PROD01' }, startMs: 100 * M, endMs: 160 * M, start: '', end: '', onsetMs: 0, settledMs: 400 * M, settled: '', expected: [], description: '', ...over,
});
const fire = (over: Partial<Firing>): Firing => ({ alert: 'A', labels: { lpar: 'PROD01' }, fromMs: 110 * M, toMs: 120 * M, kinds: ['cpuLoop'], ...over });

describe('alert rule helpers', () => {
  it('parseDuration reads Prometheus durations and refuses anything else', () => {
    expect(parseDuration('1h30m')).toBe(90 * M);
    expect(parseDuration('15s')).toBe(15_000);
    expect(parseDuration('2w')).toBe(14 * 1440 * M);
    expect(() => parseDuration('5 minutes')).toThrow(/not a Prometheus duration/);
  });

  it('parseAlertRules reads alerts, their for and incident kinds, and skips recording rules', () => {
    const rules = parseAlertRules('groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n      - alert: X\n        expr: up == 0\n        for: 5m\n        annotations:\n          incident_kinds: "cpuLoop hotVolume"\n');
    expect(rules).toEqual([{ alert: 'X', expr: 'up == 0', forMs: 5 * M, labels: {}, annotations: { incident_kinds: 'cpuLoop hotVolume' }, kinds: ['cpuLoop', 'hotVolume'], group: 'g' }]);
  });

  it('selectorsOf finds the catalogue metrics of an expression with their equality matchers', () => {
    const known = new Set(['rmf_channel_io_rate', 'rmf_volume_response_time_seconds']);
    expect(selectorsOf('rmf_channel_io_rate == 0 and on (sysplex, lpar) (sum by (sysplex, lpar) (rmf_channel_io_rate) > 0)', known)).toEqual([
      { metric: 'rmf_channel_io_rate', equals: {} },
      { metric: 'rmf_channel_io_rate', equals: {} },
    ]);
    expect(selectorsOf('rmf_volume_response_time_seconds{component="total", volser!~"PAGE.*"} > 0.001', known)).toEqual([{ metric: 'rmf_volume_response_time_seconds', equals: { component: 'total' } }]);
    const keep = sampleFilter(selectorsOf('rmf_volume_response_time_seconds{component="total"}', known));
    expect(keep({ timestamp: 0, metric: 'rmf_volume_response_time_seconds', labels: { component: 'total' }, value: 1 })).toBe(true);
    expect(keep({ timestamp: 0, metric: 'rmf_volume_response_time_seconds', labels: { component: 'disc' }, value: 1 })).toBe(false);
    expect(keep({ timestamp: 0, metric: 'rmf_channel_io_rate', labels: {}, value: 1 })).toBe(false);
  });

  it('firings applies for: firing once the series has been there for `for`, a gap resets it', () => {
    const values: [number, string][] = [0, 1, 2, 3, 4, 6, 7, 8].map((m) => [(m * M) / 1000, '1']);
    expect(firings({ alert: 'A', forMs: 2 * M, kinds: [] }, [{ metric: { a: 'b' }, values }], M)).toEqual([
      { alert: 'A', labels: { a: 'b' }, fromMs: 2 * M, toMs: 4 * M, kinds: [] },
      { alert: 'A', labels: { a: 'b' }, fromMs: 8 * M, toMs: 8 * M, kinds: [] },
    ]);
  });

  it('property: with for = 0 every step of a series is in exactly one firing', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 80 }), (steps) => {
        const values = [...steps].sort((a, b) => a - b).map((m): [number, string] => [(m * M) / 1000, '1']);
        const f = firings({ alert: 'A', forMs: 0, kinds: [] }, [{ metric: {}, values }], M);
        const covered = f.reduce((n, x) => n + (x.toMs - x.fromMs) / M + 1, 0);
        return covered === steps.length && f.every((x, i) => i === 0 || x.fromMs > f[i - 1]!.toMs + M);
      }),
    );
  });

  it('scoreAlerts: detection needs the kind, a compatible target and the allowed delay; others are false positives', () => {
    const inc = incident({});
    const score = scoreAlerts([fire({}), fire({ labels: { lpar: 'PROD02' } }), fire({ kinds: ['hotVolume'] }), fire({ fromMs: 500 * M, toMs: 501 * M })], [inc], { detectWithinMs: 20 * M, graceMs: 10 * M });
    expect(score.detections[0]!.delayMs).toBe(10 * M);
    expect(score.truePositives).toHaveLength(1);
    expect(score.falsePositives).toHaveLength(3);
    expect(score.precision).toBe(0.25);
    expect(score.recall).toBe(1);
    const late = scoreAlerts([fire({ fromMs: 130 * M, toMs: 140 * M })], [inc], { detectWithinMs: 20 * M });
    expect(late.recall).toBe(0);
    expect(late.precision).toBe(1); // still inside the incident's window
    expect(scoreAlerts([], [])).toMatchObject({ precision: 1, recall: 1 });
  });
});
