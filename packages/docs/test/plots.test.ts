import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plots, renderSvg } from '../src/plots.js';

const root = new URL('../../..', import.meta.url).pathname;
const all = plots();

describe('docs pictures', () => {
  it.each(all.map((p) => [p.name, p] as const))('docs/plots/%s.svg is up to date (run `npm run docs:plots` after changing core)', async (name, plot) => {
    const svg = await renderSvg(plot.spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(readFileSync(join(root, 'docs/plots', `${name}.svg`), 'utf8')).toBe(svg);
  }, 60_000);

  it('every picture is embedded in a guide with its alt text', () => {
    const guides = ['concepts.md', 'prometheus-grafana.md', 'scenarios.md'].map((g) => readFileSync(join(root, 'docs/guides', g), 'utf8')).join('\n');
    for (const p of all) expect(guides, p.name).toContain(`![${p.alt}](../plots/${p.name}.svg)`);
  });

  it('the week shows the batch LPAR busiest at night and the online LPARs by day', () => {
    const cpu = all.find((p) => p.name === 'week-cpu')!;
    const values = ((cpu.spec as { layer: { data: { values: Record<string, string | number>[] } }[] }).layer[1]!.data.values);
    const mean = (lpar: string, hours: (h: number) => boolean) => {
      const v = values.filter((r) => r.lpar === lpar && hours(new Date(String(r.t)).getUTCHours())).map((r) => Number(r.value));
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    const night = (h: number) => h >= 23 || h < 4;
    const day = (h: number) => h >= 9 && h < 16;
    expect(mean('BATCH01', night)).toBeGreaterThan(mean('BATCH01', day));
    expect(mean('PROD01', day)).toBeGreaterThan(mean('PROD01', night));
  });
});
