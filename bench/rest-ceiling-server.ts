/**
 * The ceiling of the REST benchmark, run as its own process: a bare Fastify server (the
 * JobManager's Fastify version, default options) with one route answering a constant JSON body.
 * `node --import tsx bench/rest-ceiling-server.ts <body file>`; prints `{"port":N}` when listening.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = readFileSync(process.argv[2]!, 'utf8');
const app = Fastify();
// The same content type as the JobManager's JSON answers; a string is sent as it is.
app.get('/ceiling', async (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ port: (app.server.address() as { port: number }).port }));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
