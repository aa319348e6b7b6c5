import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReptrans, SAMPLE_CATALOGUE } from '@rmf-sim/exporter-dds';
// @ts-expect-error -- a plain .mjs script without types
import { extract, outFile, render, samplesDir } from '../scripts/extract-catalogue.mjs';
import { parseLikeZebra, type XmlTree } from './helpers.js';

// The real DDS responses live beside the project (../shared/dds-samples, or RMF_SIM_DDS_SAMPLES), not in it: a clone
// without them cannot re-extract, and checks the committed catalogue by the other tests only.
const samples = existsSync(join(samplesDir() as string, 'ibm-json'));
if (!samples) console.log(`report catalogue: no DDS samples at ${samplesDir() as string}; the extraction check is skipped`);

describe('report catalogue', () => {
  it.skipIf(!samples)('is exactly what the extraction script reads from the sample files', () => {
    const data = extract();
    expect(readFileSync(outFile, 'utf8')).toBe(render(data));
    expect(SAMPLE_CATALOGUE.reports).toEqual(data.reports);
    // spot checks against the samples, read independently of the script
    expect(SAMPLE_CATALOGUE.reports.CPC!.columns.slice(0, 4)).toEqual([['CPCPPNAM', 'T'], ['CPCPDMSU', 'N'], ['CPCPAMSU', 'N'], ['CPCPCAPD', 'T']]);
    expect(SAMPLE_CATALOGUE.reports.SYSINFO!.columns.find(([id]) => id === 'SYSAUSVC')).toEqual(['SYSAUSVC', 'T']);
    expect(SAMPLE_CATALOGUE.reports.DEVR!.columns).toHaveLength(31);
    expect(SAMPLE_CATALOGUE.reports.PCIE!.noData?.id).toBe('GPM0632I');
  });

  it('has the CPC column ids of the XML sample in the same order (types differ between the two releases)', () => {
    const json = SAMPLE_CATALOGUE.reports.CPC!.columns;
    const xml = SAMPLE_CATALOGUE.cpcXml.columns;
    expect(xml.map(([id]) => id)).toEqual(json.map(([id]) => id));
    const differ = json.filter(([, t], i) => xml[i]![1] !== t).map(([id, t]) => `${id} ${xml.find(([x]) => x === id)![1]}→${t}`);
    console.log(`CPC column types, ZOSV2R5 XML sample → 03.02.00 JSON sample (the catalogue keeps the JSON): ${differ.join(', ')}`);
    expect(differ.length).toBeLessThan(json.length);
  });

  it('has header text for every column and caption id of every report sample', () => {
    for (const [id, r] of Object.entries(SAMPLE_CATALOGUE.reports)) {
      const headers = SAMPLE_CATALOGUE.headers[id] ?? {};
      for (const [col] of r.columns) expect(headers[col], `${id} ${col}`).toBeTypeOf('string');
      for (const v of r.caption) expect(headers[v], `${id} ${v}`).toBeTypeOf('string');
    }
  });

  it('generates reptrans.xsl that gives every id its header text, per report', async () => {
    const xsl = await parseLikeZebra(renderReptrans());
    const outer = xsl['xsl:stylesheet']['xsl:template'][0]['xsl:choose'][0]['xsl:when'];
    expect(outer).toHaveLength(Object.keys(SAMPLE_CATALOGUE.headers).length);
    for (const when of outer) {
      const report = /\$report = '([^']+)'/.exec(when.$.test)![1]!;
      const inner = when['xsl:choose'][0]['xsl:when'];
      const got = Object.fromEntries(inner.map((w: XmlTree) => [/\$var = '([^']+)'/.exec(w.$.test)![1], w._ ?? '']));
      expect(got).toEqual(SAMPLE_CATALOGUE.headers[report]);
    }
  });
});
