/**
 * Requests Node's HTTP parser rejects before Fastify sees them (headers over
 * `--max-http-header-size`, a malformed request line): answered in Flink's error shape too, on
 * the raw socket, which is then closed as Node closes it (the parser cannot go on after such a
 * request).
 */
import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';

/** For Fastify's `clientErrorHandler` option. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] = answerFor(err);
  const body = JSON.stringify({ errors: [message] });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  socket.destroy();
}

function answerFor(err: NodeJS.ErrnoException): [number, string] {
  if (err.code === 'HPE_HEADER_OVERFLOW') return [431, `The request's headers are larger than the server accepts (${maxHeaderSize} bytes in all).`];
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'The request was not received in time.'];
  return [400, `Bad request: not a valid HTTP request (${err.code ?? err.message}).`];
}
