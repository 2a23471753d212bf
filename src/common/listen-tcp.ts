/** Binding a `net.Server`, shared by the TCP servers of a process (RPC, data plane). */
import type { Server } from 'node:net';

/** Starts `server` listening on `host:port` (0: a free port); resolves with the bound port, rejects with the listen error. */
export async function listenTcp(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('Server has no TCP address');
  return addr.port;
}
