/** A fake REST server for client tests. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RestClusterClient } from './rest-cluster-client.js';

/** A REST server answering each request with the next of `answers` (JSON bodies), recording method, url and body. */
export async function serverAnswering(answers: [number, unknown][]): Promise<{ client: RestClusterClient; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${body}`.trim());
      const [status, json] = answers[Math.min(requests.length - 1, answers.length - 1)]!;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    client: new RestClusterClient(`127.0.0.1:${(server.address() as AddressInfo).port}`),
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
