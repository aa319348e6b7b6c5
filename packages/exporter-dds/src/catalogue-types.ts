/**
 * Types of the catalogue extracted from real DDS responses (`src/generated/catalogue.ts`).
 * @module
 */

/** `N` (numeric) or `T` (text): the type of a report column, as the real DDS declares it. */
export type ColumnType = 'N' | 'T';

/** One Monitor III report as a real DDS answers it. */
export interface SampleReport {
  /** `metric.description`, padding included (e.g. `ENQ      (Enqueue Delays)`). */
  readonly description: string;
  /** The resource type the sample was asked for (`MVS_IMAGE` or `SYSPLEX`). */
  readonly restype: string;
  /** Column ids in the real order, with their types. */
  readonly columns: readonly (readonly [string, ColumnType])[];
  /** Caption (header) variable ids, in the real order. */
  readonly caption: readonly string[];
  /** The "no data" message the sample answered with, if it did. */
  readonly noData?: { readonly id: string; readonly severity: number; readonly description: string };
  /** The sample file it was read from. */
  readonly source: string;
}

/** Metric id metadata from a `perform` sample. */
export interface SampleMetric {
  readonly description: string;
  readonly format: string;
  readonly unit: string;
  readonly listtype: string;
}

/** Everything kept from the samples. */
export interface SampleCatalogue {
  readonly server: { readonly functionality: string; readonly name: string; readonly platform: string; readonly version: string };
  readonly reports: Readonly<Record<string, SampleReport>>;
  /** The CPC report of ZEBRA's XML sample (an older release), to compare against. */
  readonly cpcXml: { readonly columns: readonly (readonly [string, ColumnType])[]; readonly caption: readonly string[] };
  /** Display text of column and caption ids, by report. */
  readonly headers: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly metrics: Readonly<Record<string, SampleMetric>>;
  /** Icon file of each resource type. */
  readonly icons: Readonly<Record<string, string>>;
}
