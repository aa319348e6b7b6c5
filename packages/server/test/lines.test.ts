import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator, type Sample } from '@rmf-sim/core';
import { formatCsvLine, formatNdjsonLine, LineBuffer, LineRenderer } from '../src/index.js';

const reference = { ndjson: formatNdjsonLine, csv: formatCsvLine } as const;

const label = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ',', ';', '=', '\\', '"', '\n', '\r', ' ', 'é', '💾', '\u2028'), maxLength: 8 });
const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, 123456789012345680000, 0.1 + 0.2), fc.integer());
const series = fc.record({ metric: fc.constantFrom('rmf_cpu_utilization_percent', 'm,"x"', 'rmf_ldev_response_time_seconds_bucket'), labels: fc.dictionary(fc.constantFrom('lpar', 'le', 'a b', 'q"'), label, { maxKeys: 3 }).map((l) => Object.freeze(l)) });

describe('LineRenderer', () => {
  for (const format of ['ndjson', 'csv'] as const) {
    it(`${format}: the same bytes as the per-sample formatter, interval after interval, as labels and values change`, () => {
      fc.assert(
        fc.property(fc.array(series, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 4e12 }), fc.array(value, { minLength: 6, maxLength: 6 }), fc.array(fc.nat(5), { maxLength: 2 })), { minLength: 1, maxLength: 6 }), (specs, intervals) => {
          const r = new LineRenderer(format);
          const current = [...specs];
          for (const [timestamp, values, swaps] of intervals) {
            // a series that changes its labels object in place of another (a different simulator behind one renderer)
            for (const s of swaps) if (s < current.length) current[s] = specs[(s + 1) % specs.length]!;
            const samples: Sample[] = current.map((c, i) => ({ timestamp, metric: c.metric, labels: c.labels, value: values[i]! }));
            expect(r.render(samples)).toBe(samples.map(reference[format]).join(''));
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  for (const format of ['ndjson', 'csv'] as const) {
    it(`${format}: renderTo writes the UTF-8 bytes of render into a LineBuffer that grows and is taken, mixed with render`, () => {
      fc.assert(
        fc.property(fc.array(series, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 4e12 }), fc.array(value, { minLength: 6, maxLength: 6 }), fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 6 }), (specs, intervals) => {
          const r = new LineRenderer(format);
          const out = new LineBuffer(16); // smaller than one line: every interval grows it
          let expected = '';
          let taken = Buffer.alloc(0);
          for (const [timestamp, values, asString, take] of intervals) {
            const samples: Sample[] = specs.map((c, i) => ({ timestamp, metric: c.metric, labels: c.labels, value: values[i]! }));
            const text = samples.map(reference[format]).join('');
            if (asString) expect(r.render(samples)).toBe(text); // the caches shared by both ways stay right
            else {
              r.renderTo(samples, out);
              expected += text;
            }
            if (take) taken = Buffer.concat([taken, out.take()]);
          }
          taken = Buffer.concat([taken, out.take()]);
          expect(taken.equals(Buffer.from(expected))).toBe(true);
          expect(out.length).toBe(0);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('renders a simulator interval exactly as formatNdjsonLine, and a later interval too (cached texts reused)', () => {
    const sim = createSimulator({ seed: 9 });
    const r = new LineRenderer('ndjson');
    for (const t of ['2026-01-05T00:00:15Z', '2026-01-05T00:00:30Z', '2026-01-05T12:00:00Z']) {
      const samples = sim.samples(t);
      expect(r.render(samples)).toBe(samples.map(formatNdjsonLine).join(''));
    }
  });

  it('writes a value that is not finite as null in NDJSON (as JSON.stringify does) and as is in CSV', () => {
    const s: Sample = { timestamp: 0, metric: 'm', labels: Object.freeze({}), value: Number.NaN };
    expect(new LineRenderer('ndjson').render([s])).toBe(formatNdjsonLine(s));
    expect(new LineRenderer('csv').render([s, { ...s, value: Infinity }])).toBe(formatCsvLine(s) + formatCsvLine({ ...s, value: Infinity }));
  });
});
