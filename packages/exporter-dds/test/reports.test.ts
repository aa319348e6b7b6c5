import { describe, expect, it } from 'vitest';
import { renderXml, SAMPLE_CATALOGUE, SERVED_REPORTS, type DdsDocument } from '@rmf-sim/exporter-dds';
import { fixture, parseLikeGrafana, parseLikeZebra, q, reportResource, T, type XmlTree } from './helpers.js';

const answer = (report: string, resource = reportResource(report)) => fixture().dds.answer('rmfm3', q({ resource, report }), T);

describe('golden answers (seed 42, the window ending 2026-01-05T09:00:00Z)', () => {
  it.each(SERVED_REPORTS)('%s in XML and JSON', async (report) => {
    const doc = answer(report);
    await expect(renderXml(doc)).toMatchFileSnapshot(`golden/${report}.xml`);
    await expect(`${JSON.stringify(doc, null, 1)}\n`).toMatchFileSnapshot(`golden/${report}.json`);
  });
});

/** What ZEBRA's code reads from a parsed report, checked the way its parser sees it. */
function checkZebra(x: XmlTree, report: string): void {
  const keys = JSON.stringify(x).match(/"(undefined|NaN)":/g);
  expect(keys, 'no undefined or NaN keys').toBeNull();
  const r = x.ddsml.report[0];
  expect(r.metric[0].$.id).toBe(report);
  expect(typeof r.metric[0].description[0]).toBe('string');
  const td = r['time-data'][0];
  for (const k of ['display-start', 'display-end']) {
    expect(td[k][0].$.locale).toBe('en-us');
    expect(td[k][0]._).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
  }
  const headers = r['column-headers'][0].col;
  const sample = SAMPLE_CATALOGUE.reports[report]!;
  expect(headers.map((h: XmlTree) => [h._, h.$.type])).toEqual(sample.columns.map(([id, t]) => [id, t]));
  for (const row of r.row ?? []) {
    expect(row.col).toHaveLength(headers.length);
    for (const c of row.col) expect(typeof c).toBe('string');
  }
  if (sample.caption.length) {
    const vars = r.caption[0].var;
    expect(vars.map((v: XmlTree) => v.name[0])).toEqual(sample.caption);
    for (const v of vars) expect(typeof v.value[0]).toBe('string');
  }
}

describe('real clients can read every report', () => {
  for (const report of SERVED_REPORTS) {
    const resources = SAMPLE_CATALOGUE.reports[report]!.restype === 'SYSPLEX' ? [',,SYSPLEX'] : fixture().sim.topology.lpars.map((l) => `,${l.name},MVS_IMAGE`);
    it.each(resources)(`${report} at %s: ZEBRA's default xml2js parse and the Go client's JSON contract`, async (resource) => {
      const doc = answer(report, resource);
      checkZebra(await parseLikeZebra(renderXml(doc)), report);
      const json = parseLikeGrafana(JSON.stringify(doc));
      expect(json.report[0]!.message).toBeUndefined();
      expect(json.report[0]!.columnHeaders!.col).toHaveLength(SAMPLE_CATALOGUE.reports[report]!.columns.length);
    });
  }

  it('answers the real error layout for a system that is not in the sysplex (cpc-error.xml)', async () => {
    const doc = answer('CPC', ',DVLP,MVS_IMAGE');
    const x = await parseLikeZebra(renderXml(doc));
    const r = x.ddsml.report[0];
    expect(r.message[0].$.id).toBe('GPM0731I');
    expect(r.message[0].description[0]).toBe("The specified system 'DVLP' is not a member of the sysplex");
    expect(r.message[0].severity[0]).toBe('3');
    expect(r['column-headers']).toBeUndefined();
    expect(r['time-data'][0]['local-start'][0]).toMatch(/^\d{14}$/);
    parseLikeGrafana(JSON.stringify(doc));
  });

  it.each([
    ['an unknown report', { resource: ',PROD01,MVS_IMAGE', report: 'NOSUCH' }, 'REPORT'],
    ['an unknown resource', { resource: ',PROD01,NOSUCH', report: 'CPC' }, 'RESOURCE'],
    ['a report asked for the wrong resource type', { resource: ',,SYSPLEX', report: 'CPC' }, 'RESOURCE'],
    ['a bad range', { resource: ',PROD01,MVS_IMAGE', report: 'CPC', range: '20260105090000,20260105080000' }, 'RANGE'],
    ['an impossible date', { resource: ',PROD01,MVS_IMAGE', report: 'CPC', range: '20260230090000,20260230091000' }, 'RANGE'],
  ])('answers GPM0739E for %s', (_, params, name) => {
    const doc: DdsDocument = fixture().dds.answer('rmfm3', q(params), T);
    expect(doc.report[0]!.message).toEqual({ id: 'GPM0739E', severity: 3, description: `Invalid DDS request parameter '${name}'` });
    parseLikeGrafana(JSON.stringify(doc));
  });

  it('answers a catalogued report it cannot fill with the real "no data" message', () => {
    const doc = fixture().dds.answer('rmfm3', q({ resource: ',,SYSPLEX', report: 'ZFSOVW' }), T);
    expect(doc.report[0]!.message?.id).toBe('GPM0632I');
    parseLikeGrafana(JSON.stringify(doc));
  });
});

describe('the resource tree, walked through contained', () => {
  it('answers every report and every metric of every resource', () => {
    const { dds } = fixture();
    const seen = new Set<string>();
    const queue = [',,root'];
    let metrics = 0;
    let reports = 0;
    while (queue.length) {
      const label = queue.shift()!;
      const contained = parseLikeGrafana(JSON.stringify(dds.answer('contained', q({ resource: label }), T)), 0);
      expect(contained.message).toEqual([]);
      const children = contained.containedResourcesList[0]!.contained.resource;
      for (const c of children) {
        expect(seen.has(c.reslabel), c.reslabel).toBe(false);
        seen.add(c.reslabel);
        if (c.expandable === 'YES') queue.push(c.reslabel);
        expect(c.expandable).toBe(dds.tree.byLabel.get(c.reslabel.toUpperCase())!.children.length ? 'YES' : 'NO');
        const list = parseLikeGrafana(JSON.stringify(dds.answer('listmetrics', q({ resource: c.reslabel }), T)), 0);
        for (const m of list.metricList[0]!.metric) {
          const doc = parseLikeGrafana(JSON.stringify(dds.answer('perform', q({ resource: c.reslabel, id: m.id }), T)));
          expect(doc.report[0]!.message, `${m.id} at ${c.reslabel}`).toBeUndefined();
          expect(doc.report[0]!.metric.format).toBe(m.format);
          expect(doc.report[0]!.row.length).toBeGreaterThan(0);
          metrics++;
        }
        for (const report of SERVED_REPORTS) {
          const doc = parseLikeGrafana(JSON.stringify(dds.answer('rmfm3', q({ resource: c.reslabel, report }), T)));
          const fits = SAMPLE_CATALOGUE.reports[report]!.restype === c.restype;
          expect(doc.report[0]!.message?.id, `${report} at ${c.reslabel}`).toBe(fits ? undefined : 'GPM0739E');
          if (fits) reports++;
        }
      }
    }
    // every node of the tree is reached, each once
    expect(seen.size).toBe(dds.tree.byLabel.size - 1);
    expect(metrics).toBeGreaterThan(0);
    expect(reports).toBe(SERVED_REPORTS.filter((r) => SAMPLE_CATALOGUE.reports[r]!.restype === 'MVS_IMAGE').length * 4 + SERVED_REPORTS.filter((r) => SAMPLE_CATALOGUE.reports[r]!.restype === 'SYSPLEX').length);
    // (thousands of answers, the job reports with hundreds of rows each: 16 s on a quiet machine, twice that on a busy one)
  }, 120_000);
});
