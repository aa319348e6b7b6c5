import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator, writeFastNumber } from '@rmf-sim/core';

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
