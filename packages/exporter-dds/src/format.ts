/**
 * Value formats of DDS report cells, as the real DDS writes them: fixed decimals, decimals with a leading dot
 * (`.010`), integers, text. A number that is not finite is written `NaN`.
 * @module
 */

/** How a number becomes a cell. */
/**
 * `rate`: how CF reports write request rates — one decimal, `<0.1` for a rate above 0 that rounds to 0.0, whole
 * numbers from 1000 on (`<0.1`, `4.6`, `832.3`, `1955`).
 */
/**
 * `d1k`: one decimal, whole numbers from 1000 on (CACHSUM's rates: `0.0`, `23.5`, `1692`). `pct1`: one decimal, but
 * `100` for a percentage that rounds to 100 (CACHSUM's hit and read percentages: `99.6`, `100`).
 */
export type NumberFormat = 'int' | 'd1' | 'd2' | 'd3' | 'dot3' | 'rate' | 'sig4' | 'd1k' | 'pct1';

/** Formats a number the way a real DDS writes it in a report cell. */
export function formatNumber(v: number, f: NumberFormat): string {
  if (!Number.isFinite(v)) return 'NaN';
  switch (f) {
    case 'int':
      return String(Math.round(v) || 0);
    case 'd1':
      return fixed(v, 1);
    case 'd2':
      return fixed(v, 2);
    case 'd3':
      return fixed(v, 3);
    case 'rate':
      return v > 0 && v < 0.05 ? '<0.1' : v >= 999.95 ? String(Math.round(v)) : fixed(v, 1);
    case 'd1k':
      return v >= 999.95 ? String(Math.round(v)) : fixed(v, 1);
    case 'pct1':
      return v >= 99.95 ? '100' : fixed(v, 1);
    case 'dot3': {
      // seconds with three decimals and no leading zero: .010
      const s = fixed(v, 3);
      return s.startsWith('0.') ? s.slice(1) : s.startsWith('-0.') ? `-${s.slice(2)}` : s;
    }
    case 'sig4': {
      // four significant digits, as PROC and PROCU write CPU percentages: 182.9, 38.07, 0.615 (integers from 1000)
      const a = Math.abs(v);
      if (a >= 1000) return String(Math.round(v));
      if (a === 0) return '0.000';
      return fixed(v, Math.min(3, Math.max(0, 3 - Math.floor(Math.log10(a)))));
    }
  }
}

function fixed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  // no negative zero
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/**
 * A metric value as `perform` answers write it: up to 7 significant digits, no trailing zeros (`0.1898076`, `843`).
 */
export function formatMetricValue(v: number): string {
  if (!Number.isFinite(v)) return 'NaN';
  return String(Number(v.toPrecision(7)));
}
