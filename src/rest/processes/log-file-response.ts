/**
 * Sends part of a log or .out file as text/plain, read chunk by chunk through the process's
 * gateway (a TaskManager's over RPC), so neither the process nor the REST server holds more than
 * one chunk of it.
 */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MAX_LOG_CHUNK } from '../../common/process-info/log-directory.js';
import type { LogFileSelector } from '../../common/process-info/process-introspection.js';
import type { ProcessInfoGateway } from '../../protocol/gateways.js';
import { contentRange, selectByteRange, type ByteRange, type LogRangeQuery } from './byte-range.js';

async function* chunks(process: ProcessInfoGateway, name: string, range: ByteRange): AsyncGenerator<Uint8Array> {
  for (let offset = range.start; offset < range.end;) {
    const bytes = await process.readLogFile(name, offset, Math.min(MAX_LOG_CHUNK, range.end - offset));
    // The file was truncated meanwhile: the response ends short rather than waiting for bytes.
    if (bytes.length === 0) return;
    yield bytes;
    offset += bytes.length;
  }
}

/**
 * Answers `req` with the selected bytes of `file` (see byte-range.ts for the selection and
 * statuses). A 200 carries `X-Log-Range: bytes a-b/size`, a 206 the same in `Content-Range`.
 */
export async function sendLogFile(req: FastifyRequest<{ Querystring: LogRangeQuery }>, reply: FastifyReply, process: ProcessInfoGateway, file: LogFileSelector, maxBytes: number): Promise<FastifyReply> {
  const info = await process.requestLogFileInfo(file);
  const range = selectByteRange(info.size, maxBytes, req.query, req.headers.range);
  if (!('start' in range)) {
    if (range.status === 416) reply.header('content-range', `bytes */${info.size}`);
    return reply.code(range.status).send({ errors: [`Log file ${info.name}: ${range.message}`] });
  }
  return reply
    .code(range.partial ? 206 : 200)
    .header('content-type', 'text/plain; charset=utf-8')
    .header('accept-ranges', 'bytes')
    .header('content-length', range.end - range.start)
    .header(range.partial ? 'content-range' : 'x-log-range', contentRange(range))
    .send(Readable.from(chunks(process, info.name, range)));
}
