/**
 * Alert rules checked against ground truth, the pure part: reading a Prometheus rules file, the series its
 * expressions select (so a backfill writes only those), Prometheus' `for` semantics over a range query's steps, and
 * the comparison of firing alerts with the incidents a simulator reports (`sim.incidents()`).
 * @module
 */
import type { Incident, IncidentType, Sample } from '@rmf-sim/core';
import { parse } from 'yaml';

/** One alerting rule as the rules file declares it. */
export interface AlertRule {
  alert: string;
  expr: string;
  /** `for`, in ms (0 without). */
  forMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The incident kinds it is expected to fire during (annotation `incident_kinds`). */
  kinds: IncidentType[];
  group: string;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** A Prometheus duration (`1h30m`, `5m`, `15s`) in ms. */
export function parseDuration(text: string): number {
  let ms = 0;
  let rest = text.trim();
  while (rest) {
    const m = /^(\d+)(ms|s|m|h|d|w|y)/.exec(rest);
    if (!m) throw new Error(`not a Prometheus duration: ${JSON.stringify(text)}`);
    ms += Number(m[1]) * UNITS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return ms;
}

/** The alerting rules of a Prometheus rules file (recording rules are skipped). */
export function parseAlertRules(yamlText: string): AlertRule[] {
  const doc = parse(yamlText) as { groups: { name: string; rules: { alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[] };
  return doc.groups.flatMap((g) =>
    g.rules
      .filter((r) => r.alert)
      .map((r) => ({
        alert: r.alert!,
        expr: r.expr.trim(),
        forMs: r.for ? parseDuration(r.for) : 0,
        labels: r.labels ?? {},
        annotations: r.annotations ?? {},
        kinds: (r.annotations?.incident_kinds ?? '').split(/\s+/).filter(Boolean) as IncidentType[],
        group: g.name,
      })),
  );
}

/** A metric name and the equality matchers of one selector in a PromQL expression. */
export interface Selector {
  metric: string;
  equals: Record<string, string>;
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'inf', 'nan']);

/**
 * The vector selectors of a PromQL expression whose metric is one of `known` (names outside it are functions,
 * keywords or labels): `rmf_port_iops == 0` → `[{ metric: 'rmf_port_iops', equals: {} }]`.
 */
export function selectorsOf(expr: string, known: ReadonlySet<string>): Selector[] {
  const out: Selector[] = [];
  // strip strings inside label matchers only after reading them
  const re = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{([^}]*)\})?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr)) !== null) {
    const name = m[1]!;
    if (KEYWORDS.has(name) || !known.has(name)) continue;
    const equals: Record<string, string> = {};
    for (const lm of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) equals[lm[1]!] = lm[2]!;
    out.push({ metric: name, equals });
  }
  return out;
}

/**
 * A predicate keeping the samples that any of the selectors may select (a metric all of whose selectors carry `=`
 * matchers keeps only the series matching one of them): what a backfill must write for these expressions.
 */
export function sampleFilter(selectors: readonly Selector[]): (s: Sample) => boolean {
  const byMetric = new Map<string, Selector[]>();
  for (const s of selectors) byMetric.set(s.metric, [...(byMetric.get(s.metric) ?? []), s]);
  return (s) => {
    const sels = byMetric.get(s.metric);
    return sels !== undefined && sels.some((x) => Object.entries(x.equals).every(([k, v]) => s.labels[k] === v));
  };
}

/** One alert (a rule and a label set) firing from `fromMs` to `toMs` (both evaluation instants, inclusive). */
export interface Firing {
  alert: string;
  labels: Record<string, string>;
  fromMs: number;
  toMs: number;
  kinds: readonly IncidentType[];
}

/**
 * Prometheus' `for` over the steps of a range query of a rule's expression: a series is pending from the first step
 * it appears at, and firing at each step where it has appeared at every step for at least `forMs` (a missing step
 * resets it, as an evaluation that returns nothing resolves a pending alert).
 */
export function firings(rule: Pick<AlertRule, 'alert' | 'forMs' | 'kinds'>, matrix: readonly { metric: Record<string, string>; values: readonly [number, string][] }[], stepMs: number): Firing[] {
  const out: Firing[] = [];
  for (const series of matrix) {
    let activeSince = -Infinity;
    let prev = -Infinity;
    let current: Firing | undefined;
    for (const [sec] of series.values) {
      const t = Math.round(sec * 1000);
      if (t - prev > stepMs) {
        activeSince = t;
        current = undefined;
      }
      prev = t;
      if (t - activeSince >= rule.forMs) {
        if (current) current.toMs = t;
        else out.push((current = { alert: rule.alert, labels: series.metric, fromMs: t, toMs: t, kinds: rule.kinds }));
      }
    }
  }
  return out;
}

/** Options of {@link scoreAlerts}. */
export interface ScoreOptions {
  /** How long after its start (plus its onset) an incident must be detected. @default 20 minutes */
  detectWithinMs?: number;
  /** How long after an incident's after-effects (`settledMs`) its alerts may still fire. @default 10 minutes */
  graceMs?: number;
}

/** An incident and the first alert that detected it. */
export interface Detection {
  incident: Incident;
  /** The first matching firing that began within the allowed delay, if any. */
  firing?: Firing;
  /** From the incident's start to the firing, ms. */
  delayMs?: number;
  /** The allowed delay: onset plus `detectWithinMs`. */
  allowedMs: number;
}

/** What {@link scoreAlerts} found. */
export interface AlertScore {
  detections: Detection[];
  /** Firings that overlap the window of an incident of a kind their rule lists, with a compatible target. */
  truePositives: Firing[];
  falsePositives: Firing[];
  /** True positives / all firings (1 without firings). */
  precision: number;
  /** Detected incidents / incidents (1 without incidents). */
  recall: number;
}

/** An alert's labels agree with an incident's target on every label both have. */
function compatible(labels: Readonly<Record<string, string>>, target: Readonly<Record<string, string>>): boolean {
  return Object.entries(target).every(([k, v]) => labels[k] === undefined || labels[k] === v);
}

function matches(f: Firing, i: Incident): boolean {
  return f.kinds.includes(i.type) && compatible(f.labels, i.target);
}

/**
 * Compares firing alerts with ground truth: an incident is detected when an alert of a rule listing its kind, with
 * labels compatible with its target, fires within its onset plus `detectWithinMs` of its start; a firing is a true
 * positive when it overlaps [start, settled + grace] of such an incident, a false positive otherwise.
 */
export function scoreAlerts(all: readonly Firing[], incidents: readonly Incident[], { detectWithinMs = 20 * 60_000, graceMs = 10 * 60_000 }: ScoreOptions = {}): AlertScore {
  const detections = incidents.map((incident): Detection => {
    const allowedMs = incident.onsetMs + detectWithinMs;
    const firing = all
      .filter((f) => matches(f, incident) && f.toMs >= incident.startMs && f.fromMs <= incident.startMs + allowedMs)
      .sort((a, b) => a.fromMs - b.fromMs)[0];
    return { incident, allowedMs, ...(firing ? { firing, delayMs: Math.max(0, firing.fromMs - incident.startMs) } : {}) };
  });
  const truePositives: Firing[] = [];
  const falsePositives: Firing[] = [];
  for (const f of all) {
    const explained = incidents.some((i) => matches(f, i) && f.fromMs <= i.settledMs + graceMs && f.toMs >= i.startMs);
    (explained ? truePositives : falsePositives).push(f);
  }
  const detected = detections.filter((d) => d.firing).length;
  return {
    detections,
    truePositives,
    falsePositives,
    precision: all.length === 0 ? 1 : truePositives.length / all.length,
    recall: incidents.length === 0 ? 1 : detected / incidents.length,
  };
}
