// Starts the MongoDB wire-protocol emulator (CongoDB inside @push.rocks/smartmongo, in-memory) for rmf-sim's tests.
// Started detached by scripts/services/mongo.mjs: `node start.mjs <state.json> [port]`. Listens on 127.0.0.1 on the
// given port, or on a free one (port 0), and writes { url, port, pid } to <state.json> once it accepts connections.
import { writeFileSync, renameSync } from 'node:fs';
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

const [statePath, portArg = '0'] = process.argv.slice(2);
if (!statePath) {
  console.error('usage: node start.mjs <state.json> [port]');
  process.exit(2);
}
const server = new CongoServer({ port: Number(portArg), host: '127.0.0.1' });
await server.start();
// CongoServer keeps its net.Server in `server`; with port 0 the OS chose the port
const port = server.server?.address()?.port ?? Number(portArg);
const tmp = `${statePath}.${process.pid}.tmp`;
// serverMonitoringMode=poll: the emulator answers the driver's streaming hello (topologyVersion + maxAwaitTimeMS)
// at once instead of holding it, which the driver's streaming monitor takes for a failure ("Server ended
// moreToCome unexpectedly") that clears the connection pool every heartbeat; polling monitors work
const url = `mongodb://127.0.0.1:${port}/?serverMonitoringMode=poll`;
writeFileSync(tmp, JSON.stringify({ url, port, pid: process.pid, started: new Date().toISOString() }) + '\n');
renameSync(tmp, statePath);
console.log(`mongo emulator listening on 127.0.0.1:${port} (pid ${process.pid})`);
const stop = () => server.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
