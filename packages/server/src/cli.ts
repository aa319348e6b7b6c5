#!/usr/bin/env node
/**
 * The `rmf-sim` executable: {@link runCli} on the real process. SIGINT/SIGTERM abort the run
 * (a second signal kills the process as usual).
 */
import { runCli } from './run.js';

const controller = new AbortController();
const onSignal = () => controller.abort();
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
// Late errors on stdout after a command finished (EPIPE of the last chunk) must not crash the process.
process.stdout.on('error', () => {});

runCli(process.argv.slice(2), { signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  },
  (e: unknown) => {
    process.stderr.write(`rmf-sim: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
