#!/usr/bin/env node
// How many column and caption ids of each served report the table fills from core's snapshot, and why the others
// are blank (the reasons of `blank()` in src/columns.ts, most frequent first). Reads the built package:
// `npx turbo run build --filter=@rmf-sim/exporter-dds && node packages/exporter-dds/scripts/column-coverage.mjs`.
import { REPORT_TABLE } from '@rmf-sim/exporter-dds';

let filled = 0;
let all = 0;
const reasons = new Map();
for (const [report, spec] of Object.entries(REPORT_TABLE)) {
  const sources = { ...spec.columns, ...spec.caption };
  const ids = Object.keys(sources);
  const blank = ids.filter((id) => sources[id].kind === 'blank');
  filled += ids.length - blank.length;
  all += ids.length;
  console.log(`${report.padEnd(8)} ${String(ids.length - blank.length).padStart(3)} of ${String(ids.length).padStart(3)} filled`);
  for (const id of blank) reasons.set(sources[id].reason, [...(reasons.get(sources[id].reason) ?? []), `${report}:${id}`]);
}
console.log(`all      ${filled} of ${all} filled (${((100 * filled) / all).toFixed(0)} %)\n`);
for (const [reason, ids] of [...reasons].sort((a, b) => b[1].length - a[1].length)) console.log(`${String(ids.length).padStart(3)}  ${reason}\n     ${ids.join(' ')}`);

// Against the real answers (../shared/dds-samples/ibm-json beside the project, when present): a column blank here
// that the real DDS also leaves empty in every row of its sample is "n/a for this configuration"; the others are
// the model's gaps.
import { existsSync, readFileSync } from 'node:fs';

const samples = new URL('../../../../shared/dds-samples/ibm-json/', import.meta.url).pathname;
if (existsSync(samples)) {
  const gaps = [];
  let empty = 0;
  let noSample = 0;
  for (const [report, spec] of Object.entries(REPORT_TABLE)) {
    const file = [`${samples}report_${report.toLowerCase()}.json`, `${samples}head/report_${report.toLowerCase()}.json`].find(existsSync);
    const blank = Object.entries(spec.columns).filter(([, s]) => s.kind === 'blank').map(([id]) => id);
    if (!file) {
      noSample += blank.length;
      continue;
    }
    const r = JSON.parse(readFileSync(file, 'utf8')).report[0];
    const ids = r.columnHeaders.col.map((c) => c.value);
    // the modelled channel paths are FICON: the real report's OSA, coupling and HiperSockets rows say nothing of them
    if (report === 'CHANNEL') r.row = r.row.filter((row) => row.col[ids.indexOf('CHACPTVC')].startsWith('FC'));
    for (const id of blank) {
      const k = ids.indexOf(id);
      const used = k >= 0 && r.row.some((row) => row.col[k] !== '' && row.col[k] !== undefined);
      if (used) gaps.push(`${report}:${id}`);
      else empty++;
    }
  }
  console.log(`\nblank columns the real sample also leaves empty in every row: ${empty}; without a sample to compare: ${noSample}`);
  console.log(`blank columns the real sample fills (the model's gaps): ${gaps.length}\n  ${gaps.join(' ')}`);
}
