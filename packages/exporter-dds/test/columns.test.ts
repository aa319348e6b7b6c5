import { formatNumber } from '../src/format.js';
import { describe, expect, it } from 'vitest';
import { REPORT_TABLE, SAMPLE_CATALOGUE, SERVED_REPORTS } from '@rmf-sim/exporter-dds';

// the reports issue 10 asks for, and SYSRG (the resource groups SYSSUM names)
const REQUIRED = ['CPC', 'SYSINFO', 'SYSSUM', 'SYSRG', 'PROC', 'PROCU', 'DELAY', 'STOR', 'STORF', 'DEV', 'DEVR', 'CHANNEL', 'CACHSUM', 'CFOVER', 'CFSYS', 'CFACT', 'ENQ'];

describe('the column table', () => {
  it('serves every report the issue asks for (and SYSRG)', () => {
    expect([...SERVED_REPORTS].sort()).toEqual([...REQUIRED].sort());
  });

  it.each(REQUIRED)('%s: every column and caption id of the sample file is in the table, and nothing else', (report) => {
    const sample = SAMPLE_CATALOGUE.reports[report]!;
    const spec = REPORT_TABLE[report]!;
    expect(Object.keys(spec.columns).sort()).toEqual(sample.columns.map(([id]) => id).sort());
    expect(Object.keys(spec.caption).sort()).toEqual([...sample.caption].sort());
    for (const src of [...Object.values(spec.columns), ...Object.values(spec.caption)]) {
      if (src.kind === 'blank') expect(src.reason.length).toBeGreaterThan(10);
    }
  });

  it('lists how many columns are filled per report', () => {
    const lines: string[] = [];
    let filled = 0;
    let total = 0;
    for (const report of REQUIRED) {
      const spec = REPORT_TABLE[report]!;
      const cols = Object.values(spec.columns);
      const caps = Object.values(spec.caption);
      const f = cols.filter((c) => c.kind === 'value').length;
      const fc = caps.filter((c) => c.kind === 'value').length;
      filled += f;
      total += cols.length;
      lines.push(`${report.padEnd(8)} columns ${String(f).padStart(3)} filled / ${String(cols.length - f).padStart(3)} blank   caption ${String(fc).padStart(2)} filled / ${String(caps.length - fc).padStart(2)} blank`);
    }
    console.log(`${lines.join('\n')}\nall      columns ${filled} filled of ${total}`);
    expect(filled).toBeGreaterThan(0);
  });
});

describe('CACHSUM formats', () => {
  it('writes rates with one decimal and whole numbers from 1000, percentages as 100 or one decimal, as the real report does', () => {
    expect(['0', '23.54', '999.94', '999.95', '1692.4'].map((x) => formatNumber(Number(x), 'd1k'))).toEqual(['0.0', '23.5', '999.9', '1000', '1692']);
    expect(['0', '61.84', '99.6', '99.94', '99.95', '100'].map((x) => formatNumber(Number(x), 'pct1'))).toEqual(['0.0', '61.8', '99.6', '99.9', '100', '100']);
  });
});
