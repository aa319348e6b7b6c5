/**
 * A thin HTTP server around an exporter: `GET /metrics` with content negotiation. It never keeps the process
 * alive (the server and its connections are unref'd) and `stop()` closes it.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConfigError, type ConfigIssue } from '@rmf-sim/core';
import { createPrometheusExporter, type PrometheusExporter, type PrometheusExporterOptions } from './exporter.js';
import { contentTypeOf, negotiateFormat } from './format.js';

/**
 * Options of {@link startExporter}: an `exporter`, or the options to create one (at least `simulator`).
 *
 * @example
 * ```ts
 * const options: StartExporterOptions = { simulator: createSimulator({ seed: 42 }), naming: 'both', port: 9464, host: '0.0.0.0' };
 * ```
 */
export interface StartExporterOptions extends Partial<PrometheusExporterOptions> {
  /** An exporter to serve. Pass either this or `simulator` (and the other exporter options). */
  exporter?: PrometheusExporter;
  /** TCP port; 0 picks a free one (read it back from {@link ExporterServer.port}). @default 9464 */
  port?: number;
  /** Address to listen on. Use `'0.0.0.0'` or `'::'` to be scraped from other hosts. @default '127.0.0.1' */
  host?: string;
  /** Path of the metrics endpoint. @default '/metrics' */
  path?: string;
}

/**
 * A running exporter server.
 *
 * @example
 * ```ts
 * const server = await startExporter({ simulator: sim, port: 0 });
 * const text = await (await fetch(server.url)).text();
 * await server.stop();
 * ```
 */
export interface ExporterServer {
  /** The metrics URL, e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The exporter it serves. */
  readonly exporter: PrometheusExporter;
  /** Stops listening and closes open connections (keep-alive ones too). Idempotent. */
  stop(): Promise<void>;
}

function validate(o: StartExporterOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (o.exporter && o.simulator) issues.push({ path: ['simulator'], message: 'pass either exporter or simulator, not both' });
  if (!o.exporter && !o.simulator) issues.push({ path: ['simulator'], message: 'pass an exporter, or a simulator to export' });
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535)) issues.push({ path: ['port'], message: `port must be an integer 0–65535, got ${String(o.port)}` });
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host === '')) issues.push({ path: ['host'], message: 'host must be a non-empty string' });
  if (o.path !== undefined && (typeof o.path !== 'string' || !o.path.startsWith('/'))) issues.push({ path: ['path'], message: `path must start with /, got ${JSON.stringify(o.path)}` });
  return issues;
}

/**
 * Serves an exporter over HTTP: `GET`/`HEAD` on `path` returns the Prometheus text format (0.0.4) or
 * OpenMetrics 1.0, whichever the `Accept` header prefers (Prometheus asks for OpenMetrics first). Each scrape
 * advances an exporter that has a clock; otherwise it serves the last {@link PrometheusExporter.update}.
 * Resolves once listening. Invalid options throw a `ConfigError` (`ERR_RMF_CONFIG`); a busy port rejects with
 * Node's `EADDRINUSE` error.
 *
 * @example
 * ```ts
 * import { createSimulator } from '@rmf-sim/core';
 * import { systemClock } from '@rmf-sim/core/system-clock';
 * import { startExporter } from '@rmf-sim/exporter-prometheus';
 *
 * // Pull mode: every scrape shows the last 15 s interval completed on the real clock.
 * const server = await startExporter({ simulator: createSimulator({ seed: 42 }), clock: systemClock, port: 9464 });
 * console.log(server.url); // http://127.0.0.1:9464/metrics
 * // … scrape it; the process still exits when the rest of the program is done
 * await server.stop();
 * ```
 */
export async function startExporter(options: StartExporterOptions): Promise<ExporterServer> {
  const issues = validate(options ?? {});
  if (issues.length) throw new ConfigError(issues);
  const { exporter: given, port = 9464, host = '127.0.0.1', path = '/metrics', ...rest } = options;
  const exporter = given ?? createPrometheusExporter(rest as PrometheusExporterOptions);
  const owned = !given;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    if (pathname !== path) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Not found. Metrics are at ${path}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    const format = negotiateFormat(req.headers.accept);
    let body: string;
    try {
      body = exporter.scrape(format);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${e instanceof Error ? e.message : String(e)}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': contentTypeOf(format), 'content-length': Buffer.byteLength(body), vary: 'Accept' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer(handle);
  // Never keep the process alive: neither the listening socket nor a scraper's keep-alive connection.
  server.on('connection', (socket: Socket) => socket.unref());
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.unref();
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}${path}`,
    host: address.address,
    port: address.port,
    exporter,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        if (owned) exporter.unregister();
      });
      return stopping;
    },
  };
}
