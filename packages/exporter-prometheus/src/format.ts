/**
 * Low-level pieces of the two text formats: escaping, numbers, label sets, content types.
 * @module
 */

/**
 * The two exposition formats: Prometheus text 0.0.4 and OpenMetrics 1.0.
 *
 * @example
 * ```ts
 * const format: ExpositionFormat = negotiateFormat(req.headers.accept);
 * res.setHeader('content-type', contentTypeOf(format));
 * ```
 */
export type ExpositionFormat = 'prometheus' | 'openmetrics';

/**
 * `Content-Type` of the Prometheus text format 0.0.4 (the same string as prom-client's `Registry.PROMETHEUS_CONTENT_TYPE`).
 *
 * @example
 * ```ts
 * res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(exporter.render('prometheus'));
 * ```
 */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/**
 * `Content-Type` of OpenMetrics 1.0 (the same string as prom-client's `Registry.OPENMETRICS_CONTENT_TYPE`).
 *
 * @example
 * ```ts
 * res.writeHead(200, { 'content-type': OPENMETRICS_CONTENT_TYPE }).end(exporter.render('openmetrics'));
 * ```
 */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/**
 * The `Content-Type` header value of a format.
 *
 * @example
 * ```ts
 * contentTypeOf('openmetrics'); // 'application/openmetrics-text; version=1.0.0; charset=utf-8'
 * ```
 */
export function contentTypeOf(format: ExpositionFormat): string {
  return format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE;
}

const NEEDS_LABEL_ESCAPE = /[\\"\n]/;

/**
 * Escapes a label value for both formats: backslash, double quote and line feed.
 *
 * @example
 * ```ts
 * escapeLabelValue('a "b"\\c'); // 'a \\"b\\"\\\\c'
 * ```
 */
export function escapeLabelValue(value: string): string {
  if (!NEEDS_LABEL_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Escapes HELP text: backslash and line feed; OpenMetrics also escapes the double quote. */
export function escapeHelp(text: string, format: ExpositionFormat): string {
  const t = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return format === 'openmetrics' ? t.replace(/"/g, '\\"') : t;
}

/**
 * Formats a label set as `{name="value",…}` (empty string for no labels), in the object's key order.
 *
 * @example
 * ```ts
 * formatLabels({ lpar: 'PROD01', cpu_type: 'ziip' }); // '{lpar="PROD01",cpu_type="ziip"}'
 * ```
 */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  let out = '';
  for (const k in labels) {
    out += `${out ? ',' : '{'}${k}="${escapeLabelValue(String(labels[k]))}"`;
  }
  return out ? `${out}}` : '';
}

/**
 * Formats a sample value the way both formats read it back to the same float64: the shortest round-trip
 * decimal, and `NaN`, `+Inf`, `-Inf`.
 *
 * @example
 * ```ts
 * formatValue(0.1); // '0.1'
 * formatValue(Infinity); // '+Inf'
 * ```
 */
export function formatValue(v: number): string {
  if (v === v && v !== Infinity && v !== -Infinity) return '' + v;
  return v !== v ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
}

interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
  order: number;
}

function parseAccept(header: string): MediaRange[] {
  const out: MediaRange[] = [];
  header.split(',').forEach((part, order) => {
    const [rawType, ...rawParams] = part.split(';');
    const type = rawType?.trim().toLowerCase();
    if (!type) return;
    const params: Record<string, string> = {};
    let q = 1;
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      const value = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (key === 'q') {
        const n = Number(value);
        q = Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
      } else params[key] = value;
    }
    out.push({ type, params, q, order });
  });
  return out;
}

/**
 * Chooses the exposition format for an HTTP `Accept` header, as Prometheus negotiates it: OpenMetrics 1.0 when
 * `application/openmetrics-text` (version 1.0.0, 0.0.1 or none) is preferred, the Prometheus text format 0.0.4
 * otherwise. q-values are honoured; a missing, empty or unsatisfiable header gets the Prometheus text format,
 * which every scraper reads.
 *
 * @example
 * ```ts
 * negotiateFormat('application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5'); // 'openmetrics'
 * negotiateFormat('text/plain'); // 'prometheus'
 * negotiateFormat(undefined); // 'prometheus'
 * ```
 */
export function negotiateFormat(accept: string | readonly string[] | undefined): ExpositionFormat {
  const header = Array.isArray(accept) ? accept.join(',') : (accept as string | undefined);
  if (!header) return 'prometheus';
  let best: { format: ExpositionFormat; q: number; specific: number; order: number } | undefined;
  for (const r of parseAccept(header)) {
    if (r.q <= 0) continue;
    let format: ExpositionFormat | undefined;
    let specific = 0;
    if (r.type === 'application/openmetrics-text') {
      const v = r.params.version;
      if (v === undefined || v === '1.0.0' || v === '0.0.1') format = 'openmetrics';
      specific = 2;
    } else if (r.type === 'text/plain') {
      const v = r.params.version;
      if (v === undefined || v === '0.0.4') format = 'prometheus';
      specific = 2;
    } else if (r.type === 'text/*' || r.type === '*/*' || r.type === 'application/*') {
      format = r.type === 'application/*' ? 'openmetrics' : 'prometheus';
      specific = 1;
    }
    if (!format) continue;
    if (!best || r.q > best.q || (r.q === best.q && (specific > best.specific || (specific === best.specific && r.order < best.order)))) {
      best = { format, q: r.q, specific, order: r.order };
    }
  }
  return best?.format ?? 'prometheus';
}
