/**
 * Demand: the work each LPAR asks for in the interval (daily profile, calendar, growth, slow and fast noise,
 * heavy-tailed bursts, month-end surges), split over its service classes by the kind of work each does; the CPU
 * that incidents add (a loop, a runaway job) is attached to the class it runs in.
 */
import { builtinProfiles, profileLevel } from '../../patterns.js';
import { hashSigned, valueNoise } from '../../noise.js';
import type { CTopology } from '../compile.js';
import type { Ctx } from './context.js';
import { bursts, HOUR, MIN } from './shared.js';

/** The period a loop runs in: the first period of the LPAR's first system (STC) class, else of its most important one. */
export function loopClass(topo: CTopology, l: number): number {
  const classes = topo.lpars[l]!.classes;
  if (classes.length === 0) return -1;
  const stc = classes.findIndex((c) => c.p === 0 && topo.serviceClasses[c.sc]!.subsystem === 'STC');
  if (stc >= 0) return stc;
  let best = 0;
  classes.forEach((c, j) => {
    if (c.level < classes[best]!.level) best = j;
  });
  return best;
}

/** The period a runaway job runs in: the last period of the LPAR's batch class with the largest weight, else of its largest class. */
export function runawayClass(topo: CTopology, l: number): number {
  const classes = topo.lpars[l]!.classes;
  let best = -1;
  let bestBatch = false;
  const total = (j: number) => classes.filter((c) => c.sc === classes[j]!.sc).reduce((s, c) => s + c.weight, 0);
  classes.forEach((c, j) => {
    const last = !classes.some((o) => o.sc === c.sc && o.p > c.p);
    if (!last) return;
    const batch = topo.serviceClasses[c.sc]!.subsystem === 'BATCH';
    if (best < 0 || (batch && !bestBatch) || (batch === bestBatch && total(j) > total(best))) {
      best = j;
      bestBatch = batch;
    }
  });
  return best;
}

export function demandStage(c: Ctx): void {
  const { topo, k, engine, fx, s, mid, counter } = c;
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const ctx = engine.context(mid, lp);
    s.hour = ctx.local.hour; // every LPAR shares one local clock
    const factor = engine.factorOf(ctx, lp);
    const noise =
      1 +
      0.1 * valueNoise(lp.key, mid, 3 * HOUR) +
      0.05 * valueNoise(lp.key + 1, mid, 5 * MIN) +
      0.02 * hashSigned(lp.key + 2, counter) +
      bursts(lp.key + 9, mid, 2 * MIN, 0.04, 0.04, 0.5);
    const W = lp.gp * Math.max(0, lp.peakBusy * factor * noise * fx.demand);
    s.work[l] = W;
  }
  const onLevel = profileLevel(builtinProfiles.online, s.hour);
  const batchLevel = profileLevel(builtinProfiles.batch, s.hour);
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const classes = lp.classes;
    const at = k.lcOffset[l]!;
    let wsum = 0;
    for (let j = 0; j < classes.length; j++) {
      const sc = topo.serviceClasses[classes[j]!.sc]!;
      const w = classes[j]!.weight * (sc.subsystem === 'BATCH' ? batchLevel : sc.subsystem === 'STC' ? 0.5 : onLevel);
      s.classDemand[at + j] = w;
      wsum += w;
    }
    for (let j = 0; j < classes.length; j++) {
      s.classDemand[at + j] = wsum > 0 ? (s.work[l]! * s.classDemand[at + j]!) / wsum : 0;
      s.classLoop[at + j] = 0;
      s.classRunaway[at + j] = 0;
    }
    if (classes.length > 0) {
      if (fx.loopCp[l]! > 0) s.classLoop[at + (fx.loopMember[l]! >= 0 ? fx.loopMember[l]! : k.loopClass[l]!)] = fx.loopCp[l]!;
      if (fx.runawayCp[l]! > 0) s.classRunaway[at + k.runawayClass[l]!] = fx.runawayCp[l]!;
    }
  }
}
