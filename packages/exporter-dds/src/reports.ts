/**
 * Monitor III reports (`rmfm3`): the catalogue's columns in real order with real types, filled from the table.
 * @module
 */
import type { DdsReport } from './document.js';
import { SAMPLE_CATALOGUE } from './generated/catalogue.js';
import { cell, REPORT_TABLE, type ReportContext } from './columns.js';

/** Ids of the reports answered with rows (the others of the catalogue answer "no data"). */
export const SERVED_REPORTS: readonly string[] = Object.keys(REPORT_TABLE);

/** The resource type a report is asked for (`MVS_IMAGE` or `SYSPLEX`), from the real samples. */
export function reportResourceType(report: string): string | undefined {
  return SAMPLE_CATALOGUE.reports[report]?.restype;
}

/** Fills the rows and caption of a report; `head` carries metric, resource and time data. */
export function buildReport(report: string, ctx: ReportContext, head: Pick<DdsReport, 'resource' | 'timeData'>): DdsReport {
  const sample = SAMPLE_CATALOGUE.reports[report]!;
  const spec = REPORT_TABLE[report];
  const metric = { id: report, description: sample.description, format: 'report' as const, numcols: sample.columns.length };
  if (!spec) {
    const what = sample.description.replace(/^\S+\s*\(/, '').replace(/\)\s*$/, '');
    return {
      ...head,
      metric: { ...metric, numcols: 2 },
      row: [],
      message: { id: 'GPM0632I', severity: 3, description: `No data: ${what} data is currently not available` },
    };
  }
  const rows = spec.rows(ctx);
  const out: DdsReport = {
    metric,
    resource: head.resource,
    timeData: head.timeData,
    columnHeaders: { col: sample.columns.map(([value, type]) => ({ value, type })) },
    row: rows.map((r, i) => ({ col: sample.columns.map(([id]) => cell(spec.columns[id], r, ctx)), refno: i + 1 })),
  };
  if (sample.caption.length) out.caption = { var: sample.caption.map((name) => ({ name, value: cell(spec.caption[name], undefined, ctx) })) };
  return out;
}
