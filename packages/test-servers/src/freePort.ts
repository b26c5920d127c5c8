import { AddressInfo, createServer } from 'node:net';

/** A port nothing listens on, on IPv4 and (where there is one) IPv6 loopback. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await listenOnce('127.0.0.1', 0);
    // `localhost` may resolve to ::1 for the dev server: the port must be free there too.
    const onV6 = await listenOnce('::1', port).catch(
      (e: NodeJS.ErrnoException) =>
        e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT' ? port : -1,
    );
    if (onV6 === port) return port;
  }
}

function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      server.close(() => done(address.port));
    });
  });
}
