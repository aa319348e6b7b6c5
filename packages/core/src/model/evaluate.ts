/**
 * The causal model of one interval, as a pipeline of stages over the frame:
 * demand → memory and paging → array pressure (write-pending stocks) → CPU: what each class's demand can get
 * (I/O and paging waits, zIIP help, WLM importance, capacity) → the I/O of the executed work → volumes, channels,
 * host ports → storage array → cache per SSID → volume response components → each system's view → WLM → coupling facilities.
 * A pure function of (compiled topology, patterns, scenario, endMs): every field of the frame is rewritten.
 * @module
 */
import { applyIncidents, type CIncident } from '../incidents.js';
import { clearFrame, type FrameSlot } from './frame.js';
import type { Ctx } from './stages/context.js';
import { arrayStage } from './stages/array.js';
import { cacheStage } from './stages/cache.js';
import { cfStage } from './stages/cf.js';
import { cpuStage } from './stages/cpu.js';
import { jobsStage } from './stages/jobs.js';
import { demandStage } from './stages/demand.js';
import { channelStage, volumeRateStage, workIoStage } from './stages/io.js';
import { memoryStage } from './stages/memory.js';
import { pressureStage } from './stages/pressure.js';
import { responseStage, systemViewStage } from './stages/volumes.js';
import { wlmStage } from './stages/wlm.js';

export { MODEL_VERSION } from './version.js';

/**
 * How far to evaluate: `'cpu'` stops after the processors (demand, CPU, MSU) — enough for MSU trends, far cheaper;
 * `'jobs'` adds the address spaces (what snapshots show; nothing else reads them).
 */
export type Stage = 'cpu' | 'all' | 'jobs';

/** Evaluates the interval ending at `endMs` into the context's frame. */
export function evaluate(c: Ctx, slots: readonly FrameSlot[], incidents: readonly CIncident[], endMs: number, stage: Stage = 'all'): void {
  clearFrame(slots);
  c.endMs = endMs;
  c.counter = endMs / c.intervalMs;
  c.mid = endMs - c.intervalMs / 2;
  applyIncidents(incidents, c.topo, c.k.paths, c.mid, c.fx);
  demandStage(c);
  memoryStage(c);
  pressureStage(c);
  cpuStage(c);
  if (stage === 'cpu') return;
  workIoStage(c);
  volumeRateStage(c);
  channelStage(c);
  arrayStage(c);
  cacheStage(c);
  responseStage(c);
  systemViewStage(c);
  wlmStage(c);
  cfStage(c);
  if (stage === 'jobs') jobsStage(c, incidents);
}
