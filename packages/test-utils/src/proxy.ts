import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** A TCP proxy in front of a server, for fault tests. */
export interface TcpProxy {
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /**
   * Cuts every open connection and refuses new ones for `ms` (it stops listening), as a server restart or a
   * network cut looks to a client; resolves when it listens again.
   */
  outage(ms: number): Promise<void>;
  /** Cuts every open connection now, keeps listening. */
  cut(): void;
  /** Stops for good. */
  close(): Promise<void>;
}

/** Starts a {@link TcpProxy} on a free port of 127.0.0.1 that forwards to `host:port`. */
export async function tcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    const upstream = connect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (p: number) => new Promise<number>((resolve) => server.listen(p, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const cut = () => {
    for (const s of sockets) s.destroy();
  };
  const proxyPort = await listen(0);
  return {
    port: proxyPort,
    get accepted() {
      return accepted;
    },
    cut,
    async outage(ms: number) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        cut();
      });
      await new Promise((r) => setTimeout(r, ms));
      await listen(proxyPort);
    },
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
