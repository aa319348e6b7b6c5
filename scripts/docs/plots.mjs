// Draws the docs' pictures from the library (`npm run docs:plots`): Vega-Lite specifications whose data come from
// the simulator, rendered to SVG by Vega in Node, written to docs/plots/*.svg (what the guides embed). With
// Debian's rsvg-convert (librsvg2-bin) on PATH it also writes PNGs to .cache/plots/ for a quick look.
// packages/docs/test/plots.test.ts fails when a committed SVG is stale.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plots, renderSvg } from '@rmf-sim/docs';

const root = new URL('../..', import.meta.url).pathname;
const out = join(root, 'docs/plots');
const png = join(root, '.cache/plots');
mkdirSync(out, { recursive: true });
const rsvg = spawnSync('rsvg-convert', ['--version']).status === 0;
if (rsvg) mkdirSync(png, { recursive: true });
for (const plot of plots()) {
  const svg = await renderSvg(plot.spec);
  writeFileSync(join(out, `${plot.name}.svg`), svg);
  let note = '';
  if (rsvg) {
    const r = spawnSync('rsvg-convert', ['--format=png', '--zoom=1.5', '--background-color=white', '--output', join(png, `${plot.name}.png`)], { input: svg });
    note = r.status === 0 ? `, .cache/plots/${plot.name}.png` : ` (rsvg-convert failed: ${r.stderr})`;
  }
  console.log(`wrote docs/plots/${plot.name}.svg (${svg.length} bytes)${note}`);
}
