import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator, type Sample } from '@rmf-sim/core';
import { formatCsvLine, formatNdjsonLine, LineBuffer, LineRenderer } from '../src/index.js';
import { writeFastNumber } from '../src/lines.js';

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

describe('writeFastNumber', () => {
  const buf = Buffer.alloc(64);
  /** The text writeFastNumber writes for v, or undefined where it leaves v to String(v). */
  const fast = (v: number): string | undefined => {
    buf.fill(0x21);
    const end = writeFastNumber(buf, 3, v);
    if (end < 0) {
      expect(buf.subarray(0, 40).every((b) => b === 0x21)).toBe(true); // nothing written
      return undefined;
    }
    expect(buf[2]).toBe(0x21); // nothing before its offset
    return buf.toString('latin1', 3, end);
  };

  it('writes exactly String(v) for any double it takes (fc.double, integers, values of few digits)', () => {
    const digits = fc.tuple(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.integer({ min: 0, max: 22 })).map(([m, k]) => m / 10 ** k);
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), digits, fc.double({ min: 1e-7, max: 1e16, noNaN: true })), (v) => {
        const text = fast(v);
        if (text !== undefined) {
          taken++;
          expect(text).toBe(String(v));
        }
      }),
      { numRuns: 100_000 },
    );
    expect(taken).toBeGreaterThan(40_000); // not a property of the fallback only
  });

  it('takes the common values, and leaves exponent notation and non-finite values to String', () => {
    const cases: [number, string | undefined][] = [
      [0, '0'], [-0, '0'], [7, '7'], [-42, '-42'], [2 ** 53 - 1, '9007199254740991'], [-(2 ** 53 - 1), '-9007199254740991'],
      [0.1, '0.1'], [0.1 + 0.2, '0.30000000000000004'], [1e-6, '0.000001'], [-1.5, '-1.5'], [66.76871381489269, '66.76871381489269'],
      [0.21966134222526917, '0.21966134222526917'], [123456.75, '123456.75'],
      [999999999999999.9, undefined], [2 ** 53, undefined], [1e21, undefined], [1e-7, undefined], [5e-324, undefined], [Number.NaN, undefined], [Infinity, undefined], [-Infinity, undefined],
    ];
    for (const [v, text] of cases) expect([v, fast(v)]).toEqual([v, text]);
  });

  it('writes String(v) for the neighbours of powers of two and ten (edges of its cases)', () => {
    let taken = 0;
    const around = (x: number) => {
      let up = x;
      let down = x;
      for (let j = 0; j < 4; j++) {
        for (const y of [up, down, -up, -down]) {
          const text = fast(y);
          if (text !== undefined) {
            taken++;
            expect([y, text]).toEqual([y, String(y)]);
          }
        }
        up += up * 2 ** -53;
        down -= down * 2 ** -54;
      }
    };
    for (let e = -24; e <= 56; e++) for (const m of [1, 3, 10, 1000, 0.1, 0.01]) around(2 ** e * m);
    for (let e = -7; e <= 22; e++) around(Number(`1e${e}`));
    expect(taken).toBeGreaterThan(2000);
  });

  it("writes String(v) for the model's values (a day at hourly steps) and takes most of them", () => {
    const sim = createSimulator({ seed: 42 });
    let taken = 0;
    let all = 0;
    for (let h = 1; h <= 24; h++) {
      for (const s of sim.samples(Date.parse('2026-01-05T00:00:00Z') + h * 3600_000)) {
        all++;
        const text = fast(s.value);
        if (text === undefined) continue;
        taken++;
        if (text !== String(s.value)) expect([s.value, text]).toEqual([s.value, String(s.value)]);
      }
    }
    expect(taken / all).toBeGreaterThan(0.85);
  });
});
