import { metricCatalog, sampleNames, type MetricFamily } from '@rmf-sim/core';

/**
 * One table of the schema: the metrics of one family, with one column per label.
 *
 * @example
 * ```ts
 * const cpu = familyTables('').find((t) => t.family === 'cpu');
 * console.log(cpu?.name, cpu?.labels); // cpu_metrics [ 'sysplex', 'lpar', 'cpu_type', 'cpc' ]
 * ```
 */
export interface FamilyTable {
  family: MetricFamily;
  /** Table name: `<prefix><family>_metrics`. */
  name: string;
  /** Label columns, in the order the catalogue first names them (`le` last, for histogram buckets). */
  labels: readonly string[];
  /** Sample names stored in the table. */
  metrics: readonly string[];
}

/** Longest label value a label column holds, in characters. */
export const LABEL_CHARS = 64;
/** Longest metric (sample) name the `metric` column holds. */
export const METRIC_CHARS = 96;
const RESERVED = new Set(['ts', 'metric', 'value']);

/**
 * The tables derived from the metric catalogue: one per metric family, named `<prefix><family>_metrics`
 * (the seed's `cpu_metrics`), with a column per label the family's metrics carry.
 *
 * @example
 * ```ts
 * for (const t of familyTables('rmf_')) console.log(t.name, t.labels.join(', '));
 * ```
 */
export function familyTables(prefix: string): FamilyTable[] {
  const byFamily = new Map<MetricFamily, { labels: string[]; le: boolean; metrics: string[] }>();
  for (const m of metricCatalog) {
    const t = byFamily.get(m.family) ?? { labels: [], le: false, metrics: [] };
    for (const l of m.labels) if (!t.labels.includes(l)) t.labels.push(l);
    if (m.type === 'histogram') t.le = true;
    t.metrics.push(...sampleNames(m));
    byFamily.set(m.family, t);
  }
  return [...byFamily].map(([family, t]) => {
    const labels = t.le && !t.labels.includes('le') ? [...t.labels, 'le'] : t.labels;
    for (const l of labels) {
      if (RESERVED.has(l) || !/^[a-z_][a-z0-9_]*$/i.test(l)) throw new Error(`internal: label ${l} of family ${family} cannot be a column name`);
    }
    for (const m of t.metrics) if (m.length > METRIC_CHARS) throw new Error(`internal: metric name ${m} is longer than ${METRIC_CHARS} characters`);
    return { family, name: `${prefix}${family}_metrics`, labels, metrics: t.metrics };
  });
}

/** `name` quoted as a MySQL identifier. */
export const ident = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/**
 * The indexes of a family table, in the spirit of the seed's `cpu_metrics`:
 * - the primary key `(ts, metric, <labels>)` is the natural key (what makes a rewrite replace instead of add),
 *   clusters rows by time (appends, time-range scans, daily partitions) and takes the place of `idx_timestamp`;
 * - `idx_series (lpar, metric, <other labels>, ts)` is the seed's `idx_composite (lpar, cpu_type, timestamp)` for
 *   every family (its prefix also serves `idx_lpar_cpu`): one series' or one LPAR's history;
 * - `idx_sysplex_ts (sysplex, ts)` is the seed's `idx_sysplex_timestamp`.
 */
export function indexColumns(t: FamilyTable): { primary: string[]; series: string[]; sysplex: string[] | null } {
  const rest = t.labels.filter((l) => l !== 'sysplex' && l !== 'lpar');
  return {
    primary: ['ts', 'metric', ...t.labels],
    series: [...(t.labels.includes('lpar') ? ['lpar'] : []), 'metric', ...rest, 'ts'],
    sysplex: t.labels.includes('sysplex') ? ['sysplex', 'ts'] : null,
  };
}

/** Column definition of a label column. */
export const labelColumn = (l: string) => `${ident(l)} VARCHAR(${LABEL_CHARS}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT ''`;

/** The partitioning clause of a new daily-partitioned table: everything in `p_max` until days are split off. */
export const PARTITION_CLAUSE = 'PARTITION BY RANGE COLUMNS(ts) (PARTITION p_max VALUES LESS THAN (MAXVALUE))';

/** `CREATE TABLE` of a family table (`qualified`: the quoted `db`.`table`). */
export function createTableSql(t: FamilyTable, qualified: string, partitioned: boolean): string {
  const idx = indexColumns(t);
  const cols = [
    'ts DATETIME(3) NOT NULL',
    `metric VARCHAR(${METRIC_CHARS}) CHARACTER SET ascii COLLATE ascii_bin NOT NULL`,
    ...t.labels.map(labelColumn),
    'value DOUBLE NOT NULL',
    `PRIMARY KEY (${idx.primary.map(ident).join(', ')})`,
    `KEY idx_series (${idx.series.map(ident).join(', ')})`,
    ...(idx.sysplex ? [`KEY idx_sysplex_ts (${idx.sysplex.map(ident).join(', ')})`] : []),
  ];
  return `CREATE TABLE IF NOT EXISTS ${qualified} (\n  ${cols.join(',\n  ')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin${partitioned ? `\n${PARTITION_CLAUSE}` : ''}`;
}
