/**
 * A worker thread of `rmf-sim generate --workers N` (see {@link writeSamplesParallel}): builds its own simulator from
 * the same options and files as the main thread, then renders the chunks of intervals it is asked for, in the order
 * asked, each into one Buffer whose memory is transferred (not copied) to the main thread.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulatorFromFiles } from './topology-file.js';
import { LineBuffer, LineRenderer } from './lines.js';
import type { GenerateWorkerData, GenerateWorkerReply, GenerateWorkerRequest } from './generate-parallel.js';

const port = parentPort;
if (!port) throw new Error('generate-worker: not started as a worker thread');
const data = workerData as GenerateWorkerData;
let sim: ReturnType<typeof simulatorFromFiles> | undefined;
let renderer: LineRenderer | undefined;
const chunk = new LineBuffer(4 << 20);

port.on('message', (m: GenerateWorkerRequest) => {
  try {
    sim ??= simulatorFromFiles(data.options, data.files);
    renderer ??= new LineRenderer(data.format);
    let samples = 0;
    for (let k = 0, end = m.firstEnd; k < m.count; k++, end += sim.intervalMs) {
      const batch = sim.samples(end);
      samples += batch.length;
      renderer.renderTo(batch, chunk);
    }
    // the chunk's memory is its own (LineBuffer.take): moved to the main thread, not copied
    const bytes = chunk.take();
    const reply: GenerateWorkerReply = { id: m.id, samples, bytes };
    port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    const err = (typeof e === 'object' && e !== null ? e : {}) as { message?: unknown; code?: unknown };
    const reply: GenerateWorkerReply = { id: m.id, error: { message: typeof err.message === 'string' ? err.message : String(e), ...(typeof err.code === 'string' ? { code: err.code } : {}) } };
    port.postMessage(reply);
  }
});
