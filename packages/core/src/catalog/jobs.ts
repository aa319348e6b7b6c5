/**
 * Per-job metrics: IBM's `mvs_job_*` view of the address spaces, declared once. They are not series of the metric
 * catalogue: jobs come and go (a batch job lives minutes, a TSO session an hour), so a series per job would be an
 * unbounded churn of series in every store and TSDB, and a series per ASID would mean nothing (its occupant changes).
 * Stores and `/metrics` keep the sums — the service classes and the systems, which are exact sums of their address
 * spaces — and {@link jobSamples} gives the jobs of one snapshot (the active ones, or the top N per system), which
 * the DDS emulation's `/metrics/m3` exposes under IBM's names as IBM's DDS does.
 * @module
 */
import type { AddressSpaceSnapshot, Snapshot } from '../snapshot.js';
import type { FieldPath } from './fields.js';
import type { Unit } from './fields.js';

/** One per-job metric: the sum of some fields of an address space, or their share of the system's total. */
export interface JobMetricDefinition {
  readonly name: string;
  readonly help: string;
  readonly unit: Unit;
  /** Fields of the `addressSpace` scope whose values are added. */
  readonly fields: readonly FieldPath<'addressSpace'>[];
  /** The value is the job's share of the system's total over its address spaces, in %. @default false */
  readonly shareOfSystem?: boolean;
  /** IBM's DDS OpenMetrics name (labels `sysname`, `job_name`, `asid_dec`). */
  readonly ibm: string;
}

/** Labels of every job sample: ours, and IBM's names for them. */
export const JOB_LABELS = Object.freeze({ sysplex: 'sysplex', lpar: 'sysname', job_name: 'job_name', asid: 'asid_dec' } as const);

/** The per-job metrics. */
export const jobMetrics: readonly JobMetricDefinition[] = Object.freeze([
  { name: 'rmf_job_eappl_percent', help: 'EAppl% of the job: its CPU time and its enclaves’ on GPs and zIIPs, in % of one processor.', unit: 'percent', fields: ['cpu.eapplCpPercent', 'cpu.eapplZiipPercent'], ibm: 'mvs_job_total_eappl_percent' },
  { name: 'rmf_job_cp_eappl_percent', help: 'EAppl% CP of the job.', unit: 'percent', fields: ['cpu.eapplCpPercent'], ibm: 'mvs_job_cp_eappl_percent' },
  { name: 'rmf_job_ziip_eappl_percent', help: 'EAppl% IIP of the job.', unit: 'percent', fields: ['cpu.eapplZiipPercent'], ibm: 'mvs_job_iip_eappl_percent' },
  { name: 'rmf_job_working_set_frames', help: 'Central storage frames of the job’s working set.', unit: 'count', fields: ['storage.workingSetFrames'], ibm: 'mvs_job_working_set_frames_total' },
  { name: 'rmf_job_csa_percent', help: 'The job’s share of the system’s CSA in use, %.', unit: 'percent', fields: ['storage.csaBytes'], shareOfSystem: true, ibm: 'mvs_job_storage_csa_percent' },
  { name: 'rmf_job_sqa_percent', help: 'The job’s share of the system’s SQA in use, %.', unit: 'percent', fields: ['storage.sqaBytes'], shareOfSystem: true, ibm: 'mvs_job_storage_sqa_percent' },
] as const satisfies readonly JobMetricDefinition[]);

/** One value of a per-job metric. */
export interface JobSample {
  metric: string;
  labels: { sysplex: string; lpar: string; job_name: string; asid: string };
  value: number;
}

const valueOf = (a: AddressSpaceSnapshot, path: string) => path.split('.').reduce((o: unknown, k) => (o as Record<string, unknown>)[k], a) as number;

/**
 * The per-job samples of a snapshot: every active address space of every system (those that used CPU or a device),
 * or with `top` the `top` largest CPU users (EAppl%) of each system — what a cardinality budget allows.
 *
 * @example
 * ```ts
 * const jobs = jobSamples(sim.snapshot('2026-01-05T10:00:00Z'), { top: 20 });
 * ```
 */
export function jobSamples(snap: Snapshot, options: { top?: number } = {}): JobSample[] {
  const out: JobSample[] = [];
  for (const l of snap.lpars) {
    let spaces = l.addressSpaces.filter((a) => a.active);
    if (options.top !== undefined) spaces = [...spaces].sort((a, b) => b.cpu.eapplCpPercent + b.cpu.eapplZiipPercent - (a.cpu.eapplCpPercent + a.cpu.eapplZiipPercent) || a.asid - b.asid).slice(0, Math.max(0, options.top));
    for (const m of jobMetrics) {
      const total = m.shareOfSystem ? l.addressSpaces.reduce((s, a) => s + m.fields.reduce((x, f) => x + valueOf(a, f), 0), 0) : 1;
      for (const a of spaces) {
        const v = m.fields.reduce((x, f) => x + valueOf(a, f), 0);
        out.push({ metric: m.name, labels: { sysplex: snap.sysplex, lpar: l.name, job_name: a.jobName, asid: String(a.asid) }, value: m.shareOfSystem ? (total > 0 ? (100 * v) / total : 0) : v });
      }
    }
  }
  return out;
}
