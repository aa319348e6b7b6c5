/**
 * Cache statistics of each logical control unit (SSID), as CACHSUM shows them: sums of its volumes' reads, writes
 * and hits, split into normal and sequential I/O; read misses staged, sequential tracks prestaged, changed tracks
 * destaged; the subsystem's cache and NVS. Every number is a sum over the LCU's volumes of what the volume stages
 * already computed, so an SSID's I/O is exactly its volumes' and the sysplex's the SSIDs'.
 */
import type { Ctx } from './context.js';

/** KiB of a 3390 track (56,664 bytes). */
const TRACK_KB = 56_664 / 1024;
/** A sequential read misses this much less often than a random one (the array prestages ahead of it). */
const SEQUENTIAL_MISS_FACTOR = 0.1;
const GIB = 1_073_741_824;

export function cacheStage(c: Ctx): void {
  const { topo, k, s } = c;
  const vols = topo.volumes;
  const vol = c.f.volume;
  const u = c.f.lcu;
  for (let v = 0; v < k.V; v++) {
    const vo = vols[v]!;
    const x = vo.lcu;
    const reads = vol.readRate[v]!;
    const writes = vol.writeRate[v]!;
    const hit = s.hit[v]!;
    const q = vo.seqFrac;
    // the volume's read misses, shared out so that a sequential read misses a tenth as often as a random one (the
    // random reads take at most all their own misses; what is left falls on the sequential ones)
    const misses = reads * (1 - hit);
    const randomMiss = Math.min(1, (1 - hit) / (1 - (1 - SEQUENTIAL_MISS_FACTOR) * q));
    const normalMisses = reads * (1 - q) * randomMiss;
    const seqReads = reads * q;
    const seqWrites = writes * q;
    u.ioRate[x] = u.ioRate[x]! + vol.ioRate[v]!;
    u.readRate[x] = u.readRate[x]! + reads;
    u.writeRate[x] = u.writeRate[x]! + writes;
    u.readHitRate[x] = u.readHitRate[x]! + reads - misses;
    // DASD fast write: the array takes every write it accepts into cache and NVS (inflow control holds the rest)
    u.writeHitRate[x] = u.writeHitRate[x]! + writes;
    u.sequentialReadRate[x] = u.sequentialReadRate[x]! + seqReads;
    u.sequentialReadHitRate[x] = u.sequentialReadHitRate[x]! + Math.max(0, seqReads - (misses - normalMisses));
    u.sequentialWriteRate[x] = u.sequentialWriteRate[x]! + seqWrites;
    u.stagingRate[x] = u.stagingRate[x]! + normalMisses;
    u.sequentialTrackRate[x] = u.sequentialTrackRate[x]! + (seqReads * s.kb[v]!) / TRACK_KB;
    // a random write changes one track, a sequential one the tracks its data fills
    u.destageRate[x] = u.destageRate[x]! + (writes - seqWrites) + (seqWrites * s.kb[v]!) / TRACK_KB;
  }
  let free = 0;
  for (let p = 0; p < k.C; p++) free += topo.clprs[p]!.cacheGb * GIB * (1 - c.f.clpr.cacheUsagePercent[p]! / 100);
  const cu = topo.controlUnits;
  for (let x = 0; x < k.U; x++) {
    u.readHitPercent[x] = u.readRate[x]! > 0 ? (100 * u.readHitRate[x]!) / u.readRate[x]! : 100;
    u.cacheBytes[x] = cu.cacheBytes;
    u.cacheAvailableBytes[x] = free;
    u.nvsBytes[x] = cu.nvsBytes;
  }
}
