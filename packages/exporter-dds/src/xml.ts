/**
 * The XML form (`ddsml`) of a DDS document, laid out like a real DDS answer (`cpc.xml`, `cpc-error.xml`).
 * @module
 */
import type { DdsDocument, DdsMessage, DdsReport, DdsRow } from './document.js';

const XML_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="include/ddsml-m3.xsl"?>\n' +
  '<ddsml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \n       xsi:noNamespaceSchemaLocation="include/ddsml.xsd">\n';

/** Escapes text and attribute values (`&`, `<`, `>`, `"`). */
export function escapeXml(s: string): string {
  return /[&<>"]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : s;
}

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const el = (name: string, text: string | number) => (text === '' ? `<${name}/>` : `<${name}>${escapeXml(String(text))}</${name}>`);

/** A generic object as child elements; `{unit, value}` and `{locale, value}` become an attribute and text. */
function obj(o: object): string {
  let out = '';
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null) continue;
    const name = kebab(k);
    if (Array.isArray(v)) {
      for (const item of v) out += typeof item === 'object' && item !== null ? `<${name}>${obj(item)}</${name}>` : el(name, String(item));
    } else if (typeof v === 'object') {
      const rec = v as Record<string, unknown>;
      if ('value' in rec && ('unit' in rec || 'locale' in rec) && Object.keys(rec).length === 2) {
        const attr = 'unit' in rec ? `unit="${escapeXml(String(rec.unit).toLowerCase())}"` : `locale="${escapeXml(String(rec.locale))}"`;
        out += `<${name} ${attr}>${escapeXml(String(rec.value))}</${name}>`;
      } else out += `<${name}>${obj(rec)}</${name}>`;
    } else out += el(name, String(v));
  }
  return out;
}

function message(m: DdsMessage): string {
  // the description on one line, a single-digit severity
  return `<message id="${escapeXml(m.id)}">\n${el('description', m.description.replace(/\s*\n\s*/g, ' '))}\n${el('severity', m.severity)}\n</message>\n`;
}

function row(r: DdsRow): string {
  const attrs = `refno="${r.refno}"${r.attributes ? ` attributes="${escapeXml(r.attributes)}"` : ''}${r.percent !== undefined ? ` percent="${escapeXml(r.percent)}"` : ''}`;
  return `<row ${attrs}>${r.col.map((c) => el('col', c)).join('')}</row>\n`;
}

function report(r: DdsReport): string {
  const { id, ...metric } = r.metric;
  let out = `<report>\n<metric id="${escapeXml(id)}">\n`;
  for (const [k, v] of Object.entries(metric)) if (v !== undefined) out += `${el(kebab(k), String(v))}\n`;
  out += `</metric>\n<resource>\n${el('reslabel', r.resource.reslabel)}\n${el('restype', r.resource.restype)}\n${el('reslabelurl', encodeURIComponent(r.resource.reslabel))}\n</resource>\n`;
  out += `<time-data>\n${obj(r.timeData).replace(/></g, '>\n<')}\n</time-data>\n`;
  if (r.caption) out += `<caption>${r.caption.var.map((v) => `<var>${el('name', v.name)}${el('value', v.value)}</var>`).join('')}</caption>\n`;
  for (const x of r.row) out += row(x);
  if (r.message) out += message(r.message);
  else if (r.columnHeaders) out += `<column-headers>${r.columnHeaders.col.map((c) => `<col type="${c.type}">${escapeXml(c.value)}</col>`).join('')}</column-headers>\n`;
  return `${out}</report>\n`;
}

/**
 * Renders a DDS document as `ddsml`: the server block, then the reports (metric, resource, time data, caption,
 * rows, column headers after the rows; an error report carries its message and no column headers), contained
 * resources, metric lists and messages.
 */
export function renderXml(doc: DdsDocument): string {
  let out = XML_HEAD;
  out += `<server>\n${el('name', doc.server.name)}\n${el('version', doc.server.version)}\n${el('functionality', doc.server.functionality)}\n${el('platform', doc.server.platform)}\n</server>\n`;
  for (const r of doc.report) out += report(r);
  for (const c of doc.containedResourcesList) out += `<contained-resources-list>${obj(c)}</contained-resources-list>\n`;
  for (const m of doc.metricList) out += `<metric-list>${obj(m)}</metric-list>\n`;
  for (const m of doc.message) out += message(m);
  return `${out}</ddsml>\n`;
}
