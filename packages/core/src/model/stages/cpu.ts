/** Demand and processors: work demanded per LPAR, GP and zIIP busy with zIIP help, MSU, the CPC. */
import { hashSigned, valueNoise } from '../../noise.js';
import type { Ctx } from './context.js';
import { HOUR, MIN, softcap } from './shared.js';

export function cpuStage(c: Ctx): void {
  const { topo, k, engine, fx, s, mid, counter } = c;
  const cpu = c.f.lpar.cpu;
  let cpcBusyCp = 0;
  let cpcMsu = 0;
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const ctx = engine.context(mid, lp);
    s.hour = ctx.local.hour; // every LPAR shares one local clock
    const factor = engine.factorOf(ctx, lp);
    const noise = 1 + 0.1 * valueNoise(lp.key, mid, 3 * HOUR) + 0.05 * valueNoise(lp.key + 1, mid, 5 * MIN) + 0.02 * hashSigned(lp.key + 2, counter);
    // work that drives transactions, I/O and CF requests; a CPU loop only burns GP
    const W = lp.gp * Math.max(0, lp.peakBusy * factor * noise * fx.demand) + fx.batchCp[l]!;
    s.work[l] = W;
    const eligible = W * lp.ziipElig;
    const ziipCp = lp.ziip > 0 ? Math.min(eligible, lp.ziip * 0.97) : 0;
    const spill = eligible - ziipCp; // zIIP help: eligible work the zIIPs could not take runs on GPs
    const gpDemand = (W - eligible + spill + fx.loopCp[l]!) / lp.gp;
    const busy = softcap(gpDemand);
    s.gpBusy[l] = busy;
    s.unmet[l] = Math.max(0, gpDemand - busy);
    const gpPct = 100 * busy;
    const ziipPct = lp.ziip > 0 ? (100 * ziipCp) / lp.ziip : 0;
    const msu = busy * lp.gp * topo.cpc.msuPerCp;
    cpcBusyCp += busy * lp.gp;
    cpcMsu += msu;
    cpu.generalPurposePercent[l] = gpPct;
    cpu.ziipPercent[l] = ziipPct;
    cpu.zaapPercent[l] = ziipPct * lp.javaShare;
    cpu.ziipEligibleOnCpPercent[l] = Math.min(gpPct, (100 * spill) / lp.gp);
    cpu.actualMsu[l] = msu;
    cpu.demandPercent[l] = 100 * gpDemand;
  }
  const cpc = c.f.cpc;
  cpc.capacityMsu[0] = topo.cpc.capacityMsu;
  cpc.actualMsu[0] = cpcMsu;
  cpc.utilizationPercent[0] = 100 * Math.min(1, cpcBusyCp / topo.cpc.gp);
}
