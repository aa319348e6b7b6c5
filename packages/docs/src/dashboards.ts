/**
 * Grafana dashboards for rmf-sim's Prometheus metrics, in both namings: compact panel specs here, Grafana's JSON
 * dashboard model out (`scripts/docs/dashboards.mjs` writes `docs/grafana/dashboards/*.json`; a test fails when they
 * are stale, and another runs every expression against a real Prometheus scraping the exporter).
 * @module
 */

/** One query of a panel. */
export interface QuerySpec {
  expr: string;
  legend: string;
}

/** One time-series panel. */
export interface PanelSpec {
  title: string;
  description: string;
  unit: string;
  queries: readonly QuerySpec[];
  /** Stack the series (components of a whole). @default false */
  stack?: boolean;
  /** Axis bounds. */
  min?: number;
  max?: number;
  /** A threshold drawn as a line (e.g. a practitioner limit). */
  threshold?: number;
  /** Width in grid units of 24. @default 12 */
  width?: number;
}

/** A template variable: a label's values, optionally narrowed by the variables before it. */
export interface VariableSpec {
  name: string;
  label: string;
  /** A `label_values(…)` query. */
  query: string;
  /** Several values and an All option. @default true */
  multi?: boolean;
}

/** One dashboard. */
export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: readonly string[];
  variables: readonly VariableSpec[];
  /** Rows of panels: a title and its panels. */
  rows: readonly { title: string; panels: readonly PanelSpec[] }[];
}

const SYSPLEX: VariableSpec = { name: 'sysplex', label: 'Sysplex', query: 'label_values(rmf_cpu_utilization_percent, sysplex)', multi: false };
const LPAR: VariableSpec = { name: 'lpar', label: 'LPAR', query: 'label_values(rmf_cpu_utilization_percent{sysplex="$sysplex"}, lpar)' };
const L = 'sysplex="$sysplex", lpar=~"$lpar"';
const IBM_SYSPLEX: VariableSpec = { name: 'sysplex', label: 'Sysplex', query: 'label_values(mvs_cpc_capacity_msu_h, sysplex)', multi: false };
const SYSNAME: VariableSpec = { name: 'sysname', label: 'System', query: 'label_values(mvs_system_storage_real_storage_frames{sysplex="$sysplex"}, sysname)' };
const S = 'sysplex="$sysplex", sysname=~"$sysname"';

/** The dashboards, in the order of the docs. */
export const dashboards: readonly DashboardSpec[] = [
  {
    uid: 'rmf-sim-sysplex',
    title: 'rmf-sim · Sysplex CPU, MSU and storage',
    description: 'Processor utilization by LPAR, MSU consumption and its 4-hour rolling average against the defined capacity, capping, central storage and paging (rmf_* names).',
    tags: ['rmf-sim', 'z/OS', 'rmf'],
    variables: [SYSPLEX, LPAR],
    rows: [
      {
        title: 'Processors',
        panels: [
          { title: 'GP utilization by LPAR', description: 'General-purpose processor busy of each LPAR (RMF CPU report, 8D0460).', unit: 'percent', min: 0, max: 100, queries: [{ expr: `rmf_cpu_utilization_percent{${L}, cpu_type="general_purpose"}`, legend: '{{lpar}}' }] },
          { title: 'zIIP utilization by LPAR', description: 'zIIP busy of each LPAR; above 80 % eligible work spills to GPs (zIIP help, right).', unit: 'percent', min: 0, max: 100, threshold: 80, queries: [{ expr: `rmf_cpu_utilization_percent{${L}, cpu_type="ziip"}`, legend: '{{lpar}} zIIP' }, { expr: `rmf_cpu_ziip_eligible_on_cp_percent{${L}}`, legend: '{{lpar}} zIIP-eligible on GP' }] },
          { title: 'GP demand by LPAR', description: 'What the LPAR asks for, before capping and PR/SM: over 100 % its work waits.', unit: 'percent', min: 0, queries: [{ expr: `rmf_lpar_demand_percent{${L}}`, legend: '{{lpar}}' }] },
          { title: 'CPC physical utilization', description: 'Busy of the shared GP pool: LPARs plus PR/SM management.', unit: 'percent', min: 0, max: 100, queries: [{ expr: 'rmf_cpc_utilization_percent{sysplex="$sysplex"}', legend: '{{cpc}}' }, { expr: 'rmf_cpc_management_percent{sysplex="$sysplex"}', legend: '{{cpc}} PR/SM' }] },
        ],
      },
      {
        title: 'MSU and capping',
        panels: [
          { title: 'MSU/h by LPAR against the CPC capacity', description: 'Actual MSU/h of each LPAR, stacked, and the CPC capacity.', unit: 'short', stack: true, queries: [{ expr: `rmf_lpar_msu_actual{${L}}`, legend: '{{lpar}}' }, { expr: 'rmf_cpc_msu_capacity{sysplex="$sysplex"}', legend: 'capacity {{cpc}}' }] },
          { title: '4-hour rolling average against the defined capacity', description: 'The R4HA that soft capping and software pricing read, and the defined capacity in force (0: none).', unit: 'short', queries: [{ expr: `rmf_lpar_msu_r4ha{${L}}`, legend: '{{lpar}} R4HA' }, { expr: `rmf_lpar_defined_capacity_msu{${L}} > 0`, legend: '{{lpar}} defined capacity' }] },
          { title: 'Capped share of the interval', description: 'How much of each interval the LPAR was capped (defined capacity, group or absolute capping).', unit: 'percent', min: 0, max: 100, queries: [{ expr: `rmf_lpar_capped_percent{${L}}`, legend: '{{lpar}}' }] },
          { title: 'Capture ratio', description: 'Captured CPU time in % of total (85–95 % is healthy).', unit: 'percent', min: 50, max: 100, queries: [{ expr: `rmf_cpu_capture_ratio_percent{${L}}`, legend: '{{lpar}}' }] },
        ],
      },
      {
        title: 'Central storage and paging',
        panels: [
          { title: 'Frames available', description: 'Central storage frames available in % of online frames.', unit: 'percent', min: 0, max: 100, queries: [{ expr: `rmf_storage_frames_available_percent{${L}}`, legend: '{{lpar}}' }] },
          { title: 'Page-in and page-out rates', description: 'Near 0 on a well-sized LPAR; above 10/s sustained is worth an alert.', unit: 'short', threshold: 10, queries: [{ expr: `rmf_storage_page_in_rate{${L}}`, legend: '{{lpar}} in' }, { expr: `rmf_storage_page_out_rate{${L}}`, legend: '{{lpar}} out' }] },
          { title: 'Storage in use by type', description: 'Real storage in use, virtual storage allocated and CSA.', unit: 'bytes', width: 24, queries: [{ expr: `rmf_memory_usage_bytes{${L}}`, legend: '{{lpar}} {{memory_type}}' }] },
        ],
      },
    ],
  },
  {
    uid: 'rmf-sim-wlm',
    title: 'rmf-sim · WLM service classes',
    description: 'Performance index, velocity, delays by reason, transactions and response times of the WLM service class periods (rmf_* names).',
    tags: ['rmf-sim', 'z/OS', 'wlm'],
    variables: [SYSPLEX, LPAR, { name: 'service_class', label: 'Service class', query: 'label_values(rmf_wlm_transaction_rate{sysplex="$sysplex", lpar=~"$lpar"}, service_class)' }],
    rows: [
      {
        title: 'Goals',
        panels: [
          { title: 'Performance index', description: 'Below 1 the goal is met, above 1 it is missed.', unit: 'short', min: 0, threshold: 1, queries: [{ expr: `rmf_wlm_performance_index{${L}, service_class=~"$service_class"}`, legend: '{{lpar}} {{service_class}}/{{period}}' }] },
          { title: 'Execution velocity', description: 'Using / (using + delay) samples.', unit: 'percent', min: 0, max: 100, queries: [{ expr: `rmf_wlm_execution_velocity_percent{${L}, service_class=~"$service_class"}`, legend: '{{lpar}} {{service_class}}/{{period}}' }] },
          { title: 'Response time', description: 'Average time of the ended transactions (not for system work).', unit: 's', min: 0, queries: [{ expr: `rmf_wlm_response_time_seconds{${L}, service_class=~"$service_class"}`, legend: '{{lpar}} {{service_class}}/{{period}}' }] },
          { title: 'Transactions per second', description: 'Ended transactions or job steps per second.', unit: 'short', min: 0, queries: [{ expr: `sum by (service_class) (rmf_wlm_transaction_rate{${L}, service_class=~"$service_class"})`, legend: '{{service_class}}' }] },
        ],
      },
      {
        title: 'Delays',
        panels: [
          { title: 'Delay samples by reason', description: 'Where the work waits, averaged over the selected periods.', unit: 'percent', stack: true, width: 24, queries: [{ expr: `avg by (reason) (rmf_wlm_delay_percent{${L}, service_class=~"$service_class"})`, legend: '{{reason}}' }] },
          { title: 'CPU time by service class (APPL%)', description: 'CPU time in % of one processor, by processor type.', unit: 'percent', stack: true, width: 24, queries: [{ expr: `sum by (service_class, cpu_type) (rmf_wlm_appl_percent{${L}, service_class=~"$service_class"})`, legend: '{{service_class}} {{cpu_type}}' }] },
        ],
      },
    ],
  },
  {
    uid: 'rmf-sim-io',
    title: 'rmf-sim · DASD, channels, storage array and coupling facility',
    description: 'DASD response time components, I/O rates, FICON channel paths, the array (CLPR write pending, MP blades, host ports) and the coupling facility (rmf_* names).',
    tags: ['rmf-sim', 'z/OS', 'dasd'],
    variables: [SYSPLEX, LPAR],
    rows: [
      {
        title: 'DASD',
        panels: [
          { title: 'Response time components (average over volumes)', description: 'RESP = IOSQ + PEND + DISC + CONN; DISC grows with cache misses.', unit: 's', stack: true, queries: ['iosq', 'pend', 'disc', 'conn'].map((c) => ({ expr: `avg(rmf_volume_response_time_seconds{sysplex="$sysplex", component="${c}"})`, legend: c.toUpperCase() })) },
          { title: 'Slowest volumes', description: 'The ten volumes with the longest response time.', unit: 's', threshold: 0.001, queries: [{ expr: 'topk(10, rmf_volume_response_time_seconds{sysplex="$sysplex", component="total"})', legend: '{{volser}}' }] },
          { title: 'Busiest volumes', description: 'The ten volumes with the highest I/O rate.', unit: 'iops', queries: [{ expr: 'topk(10, rmf_volume_io_rate{sysplex="$sysplex"})', legend: '{{volser}}' }] },
          { title: '95th percentile I/O response time by device type', description: 'From the per-interval histograms (cumulative counters in Prometheus).', unit: 's', queries: [{ expr: `histogram_quantile(0.95, sum by (le, device_type) (rate(rmf_ldev_response_time_seconds_bucket{${L}}[$__rate_interval])))`, legend: '{{device_type}}' }] },
        ],
      },
      {
        title: 'Channels and storage array',
        panels: [
          { title: 'FICON channel path utilization', description: '10–40 % is typical; above 50 % is worth an alert.', unit: 'percent', min: 0, threshold: 50, queries: [{ expr: `rmf_channel_utilization_percent{${L}}`, legend: '{{lpar}} {{chpid}}' }] },
          { title: 'CLPR write pending', description: 'Destage pressure near 30 %, inflow control near 50 %, host I/O delayed near 70 %.', unit: 'percent', min: 0, max: 100, threshold: 30, queries: [{ expr: 'rmf_clpr_write_pending_percent{sysplex="$sysplex"}', legend: '{{clpr}}' }, { expr: 'rmf_clpr_write_throttle_percent{sysplex="$sysplex"}', legend: '{{clpr}} throttled' }] },
          { title: 'MP blade utilization', description: 'Healthy under 50–70 %.', unit: 'percent', min: 0, max: 100, threshold: 70, queries: [{ expr: 'rmf_mpb_utilization_percent{sysplex="$sysplex"}', legend: '{{mpb}}' }] },
          { title: 'Host port I/O rate', description: 'I/O operations per second through each front-end port.', unit: 'iops', stack: true, queries: [{ expr: 'rmf_port_iops{sysplex="$sysplex"}', legend: '{{port}}' }] },
        ],
      },
      {
        title: 'Coupling facility',
        panels: [
          { title: 'CF processor utilization', description: 'Under 50 % keeps synchronous requests synchronous.', unit: 'percent', min: 0, max: 100, threshold: 50, queries: [{ expr: 'rmf_cf_processor_utilization_percent{sysplex="$sysplex"}', legend: '{{cf}}' }] },
          { title: 'CF requests by system and type', description: 'Synchronous and asynchronous requests per second.', unit: 'reqps', stack: true, queries: [{ expr: `rmf_cf_request_rate{${L}}`, legend: '{{lpar}} {{request_type}}' }] },
          { title: 'CF service time', description: 'Sync 5–30 µs, async 50–500 µs.', unit: 's', width: 24, queries: [{ expr: `rmf_cf_service_time_seconds{${L}}`, legend: '{{lpar}} {{request_type}}' }] },
        ],
      },
    ],
  },
  {
    uid: 'rmf-sim-ibm-msu',
    title: 'rmf-sim · MSU capacity (IBM names)',
    description: 'The questions of IBM\'s RMF Prometheus dashboard for MSU capacity, on the mvs_* names of the DDS OpenMetrics endpoint (naming ibm or both).',
    tags: ['rmf-sim', 'z/OS', 'mvs'],
    variables: [IBM_SYSPLEX, { name: 'lpar_name', label: 'LPAR', query: 'label_values(mvs_lpar_actual_msu_h{sysplex="$sysplex"}, lpar_name)' }],
    rows: [
      {
        title: 'MSU',
        panels: [
          { title: 'Actual MSU/h by LPAR', description: 'mvs_lpar_actual_msu_h, stacked, against the CPC capacity.', unit: 'short', stack: true, queries: [{ expr: 'mvs_lpar_actual_msu_h{sysplex="$sysplex", lpar_name=~"$lpar_name"}', legend: '{{lpar_name}}' }, { expr: 'mvs_cpc_capacity_msu_h{sysplex="$sysplex"}', legend: 'capacity {{cpc_id}}' }] },
          { title: 'Share of the CPC capacity in use', description: 'Sum of the LPARs\' MSU/h over the CPC capacity.', unit: 'percentunit', min: 0, queries: [{ expr: 'sum by (cpc_id) (mvs_lpar_actual_msu_h{sysplex="$sysplex"}) / on (cpc_id) mvs_cpc_capacity_msu_h{sysplex="$sysplex"}', legend: '{{cpc_id}}' }] },
          { title: 'Headroom in MSU/h', description: 'CPC capacity less what all LPARs consume.', unit: 'short', width: 24, queries: [{ expr: 'mvs_cpc_capacity_msu_h{sysplex="$sysplex"} - on (cpc_id) sum by (cpc_id) (mvs_lpar_actual_msu_h{sysplex="$sysplex"})', legend: '{{cpc_id}}' }] },
        ],
      },
    ],
  },
  {
    uid: 'rmf-sim-ibm-storage',
    title: 'rmf-sim · Central and common storage (IBM names)',
    description: 'Central storage frames online and available per system (mvs_system_storage_*), and common storage (CSA), which has no IBM name in the catalogue yet and keeps its rmf_* name under naming ibm.',
    tags: ['rmf-sim', 'z/OS', 'mvs'],
    variables: [IBM_SYSPLEX, SYSNAME],
    rows: [
      {
        title: 'Central storage',
        panels: [
          { title: 'Real storage frames online', description: 'mvs_system_storage_real_storage_frames (4 KiB frames).', unit: 'short', queries: [{ expr: `mvs_system_storage_real_storage_frames{${S}}`, legend: '{{sysname}}' }] },
          { title: 'Frames available', description: 'mvs_system_storage_frames_available_total.', unit: 'short', queries: [{ expr: `mvs_system_storage_frames_available_total{${S}}`, legend: '{{sysname}}' }] },
          { title: 'Frames available in % of online', description: 'Available over online frames.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: `mvs_system_storage_frames_available_total{${S}} / mvs_system_storage_real_storage_frames{${S}}`, legend: '{{sysname}}' }] },
          { title: 'Common storage (CSA) in use', description: 'CSA in use (rmf_memory_usage_bytes{memory_type="csa"}: no mvs_* name yet).', unit: 'bytes', queries: [{ expr: 'rmf_memory_usage_bytes{sysplex="$sysplex", lpar=~"$sysname", memory_type="csa"}', legend: '{{lpar}}' }] },
        ],
      },
    ],
  },
  {
    uid: 'rmf-sim-ibm-cf',
    title: 'rmf-sim · Coupling facility (IBM names)',
    description: 'Coupling facility processor utilization and request rates (mvs_cf_*), with the per-system sync/async split, which has only rmf_* names.',
    tags: ['rmf-sim', 'z/OS', 'mvs'],
    variables: [IBM_SYSPLEX, { name: 'cf', label: 'Coupling facility', query: 'label_values(mvs_cf_processor_utilization_percent{sysplex="$sysplex"}, name)' }],
    rows: [
      {
        title: 'Coupling facility',
        panels: [
          { title: 'CF processor utilization', description: 'mvs_cf_processor_utilization_percent.', unit: 'percent', min: 0, max: 100, threshold: 50, queries: [{ expr: 'mvs_cf_processor_utilization_percent{sysplex="$sysplex", name=~"$cf"}', legend: '{{name}}' }] },
          { title: 'CF request rate', description: 'mvs_cf_request_rate: requests per second from all systems.', unit: 'reqps', queries: [{ expr: 'mvs_cf_request_rate{sysplex="$sysplex", name=~"$cf"}', legend: '{{name}}' }] },
          { title: 'Asynchronous share of requests by system', description: 'Async over all requests from each system; rising means sync requests convert.', unit: 'percentunit', min: 0, max: 1, width: 24, queries: [{ expr: 'sum by (lpar) (rmf_cf_request_rate{sysplex="$sysplex", cf=~"$cf", request_type="async"}) / sum by (lpar) (rmf_cf_request_rate{sysplex="$sysplex", cf=~"$cf"})', legend: '{{lpar}}' }] },
        ],
      },
    ],
  },
  {
    uid: 'rmf-sim-ibm-wlm-delays',
    title: 'rmf-sim · WLM delays (IBM names)',
    description: 'Delay samples of the WLM service classes by reason, under IBM\'s per-reason names (mvs_wlm_group_delay_*_percent).',
    tags: ['rmf-sim', 'z/OS', 'mvs'],
    variables: [IBM_SYSPLEX, SYSNAME, { name: 'group_name', label: 'Service class', query: 'label_values(mvs_wlm_group_delay_proc_percent{sysplex="$sysplex", sysname=~"$sysname"}, group_name)' }],
    rows: [
      {
        title: 'Delays',
        panels: [
          ...(
            [
              ['proc', 'Processor delay'],
              ['dev', 'Device (I/O) delay'],
              ['stor', 'Storage delay'],
              ['enq', 'Enqueue delay'],
            ] as const
          ).map(([reason, title]): PanelSpec => ({ title, description: `mvs_wlm_group_delay_${reason}_percent by service class period.`, unit: 'percent', min: 0, queries: [{ expr: `mvs_wlm_group_delay_${reason}_percent{${S}, group_name=~"$group_name"}`, legend: '{{sysname}} {{group_name}}/{{period}}' }] })),
          {
            title: 'Other delays (JES, HSM, XCF, operator, subsystem)',
            description: 'The remaining IBM delay names, summed over the selected periods.',
            unit: 'percent',
            stack: true,
            width: 24,
            queries: ['jes', 'hsm', 'xcf', 'oper', 'subs'].map((r) => ({ expr: `sum(mvs_wlm_group_delay_${r}_percent{${S}, group_name=~"$group_name"})`, legend: r })),
          },
        ],
      },
    ],
  },
];

/** A Grafana dashboard JSON model (schemaVersion 39). */
export type GrafanaDashboard = Record<string, unknown> & { uid: string; panels: Record<string, unknown>[] };

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** The Grafana JSON model of a dashboard spec. */
export function grafanaDashboard(spec: DashboardSpec): GrafanaDashboard {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    let x = 0;
    for (const p of row.panels) {
      const w = p.width ?? 12;
      if (x + w > 24) {
        x = 0;
        y += 8;
      }
      panels.push({
        id: id++,
        type: 'timeseries',
        title: p.title,
        description: p.description,
        datasource: DATASOURCE,
        gridPos: { h: 8, w, x, y },
        targets: p.queries.map((q, i) => ({ refId: String.fromCharCode(65 + i), datasource: DATASOURCE, expr: q.expr, legendFormat: q.legend, range: true })),
        fieldConfig: {
          defaults: {
            unit: p.unit,
            ...(p.min === undefined ? {} : { min: p.min }),
            ...(p.max === undefined ? {} : { max: p.max }),
            custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: p.stack ? 60 : 10, showPoints: 'never', stacking: { mode: p.stack ? 'normal' : 'none', group: 'A' }, ...(p.threshold === undefined ? {} : { thresholdsStyle: { mode: 'line+area' } }) },
            thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, ...(p.threshold === undefined ? [] : [{ color: 'red', value: p.threshold }])] },
          },
          overrides: [],
        },
        options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
      });
      x += w;
    }
    y += 8;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [...spec.tags],
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '15s',
    time: { from: 'now-6h', to: 'now' },
    timepicker: {},
    timezone: 'utc',
    annotations: { list: [] },
    links: [],
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0, refresh: 1, options: [] },
        ...spec.variables.map((v) => ({
          name: v.name,
          label: v.label,
          type: 'query',
          datasource: DATASOURCE,
          query: { query: v.query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
          definition: v.query,
          refresh: 2,
          sort: 1,
          multi: v.multi ?? true,
          includeAll: v.multi ?? true,
          ...((v.multi ?? true) ? { allValue: '.*' } : {}),
          current: {},
          options: [],
          hide: 0,
        })),
      ],
    },
    panels,
  };
}

/** The dashboard files and Grafana provisioning files, by path under the repository root. */
export function grafanaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const d of dashboards) files[`docs/grafana/dashboards/${d.uid}.json`] = `${JSON.stringify(grafanaDashboard(d), null, 2)}\n`;
  files['docs/grafana/provisioning/dashboards/rmf-sim.yml'] = [
    '# Grafana provisioning: load the rmf-sim dashboards from a folder (mount docs/grafana/dashboards there).',
    'apiVersion: 1',
    'providers:',
    '  - name: rmf-sim',
    '    folder: rmf-sim',
    '    type: file',
    '    disableDeletion: false',
    '    allowUiUpdates: true',
    '    options:',
    '      path: /var/lib/grafana/dashboards/rmf-sim',
    '      foldersFromFilesStructure: false',
    '',
  ].join('\n');
  files['docs/grafana/provisioning/datasources/rmf-sim.yml'] = [
    '# Grafana provisioning: the Prometheus that scrapes rmf-sim (docs/prometheus/prometheus.yml).',
    'apiVersion: 1',
    'datasources:',
    '  - name: Prometheus (rmf-sim)',
    '    type: prometheus',
    '    access: proxy',
    '    url: http://127.0.0.1:9090',
    '    isDefault: true',
    '    jsonData:',
    '      timeInterval: 15s',
    '',
  ].join('\n');
  return files;
}

/** Every PromQL expression of a Grafana dashboard JSON model: panel targets and template variable queries. */
export function dashboardExpressions(d: GrafanaDashboard): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const p of d.panels) for (const t of (p.targets as { expr: string; refId: string }[] | undefined) ?? []) out.push({ where: `${d.uid} / ${String(p.title)} / ${t.refId}`, expr: t.expr });
  return out;
}
