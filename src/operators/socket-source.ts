/**
 * `socketTextStream`: the lines a TCP peer sends (Flink's SocketTextStreamFunction). The source
 * reads only when it is ready for more, so a backpressured job stops reading and TCP flow
 * control slows the sender. Lines are cut at the delimiter's bytes (UTF-8 never contains them
 * inside another character) and decoded one by one. When the peer closes the connection, a last
 * unterminated line is emitted and the source ends.
 *
 * A socket cannot replay what it sent: the source registers no position, and after a restore it
 * connects anew and reads what the peer sends from then on. Its lines are processed at most
 * once (lines read after the last completed checkpoint are lost on a failure), as in Flink.
 */
import { createConnection, type Socket } from 'node:net';
import type { SourceSpec } from '../api/stream-graph.js';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { SourceContext } from './sources.js';

/** How long the source waits for data before it checks (pause()) whether to stop. */
export const SOCKET_IDLE_CHECK_MS = 50;

type SocketSpec = Extract<SourceSpec, { type: 'socket' }>;

const NO_BYTES: Buffer = Buffer.alloc(0);
const CARRIAGE_RETURN = 0x0d;

export async function runSocketSource(spec: SocketSpec, ctx: SourceContext): Promise<void> {
  const socket = await connect(spec);
  let failure: Error | undefined;
  socket.on('error', (err) => (failure = err));
  try {
    const delimiter = Buffer.from(spec.delimiter);
    // Flink drops the `\r` of `\r\n` line ends when the delimiter is `\n`.
    const stripCr = spec.delimiter === '\n';
    let pending = NO_BYTES;
    for (;;) {
      const chunk = socket.read() as Buffer | null;
      if (chunk === null) {
        if (failure !== undefined) throw socketError(spec, 'reading from', failure);
        if (socket.readableEnded || socket.destroyed) break;
        await readableOrTimeout(socket);
        if (!(await ctx.pause())) return;
        continue;
      }
      const data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let lineStart = 0;
      // The pending bytes hold no delimiter, but one may start in their last bytes.
      let scan = Math.max(0, pending.length - delimiter.length + 1);
      for (let at = data.indexOf(delimiter, scan); at !== -1; at = data.indexOf(delimiter, scan)) {
        ctx.output.collect(decodeLine(data, lineStart, at, stripCr));
        lineStart = scan = at + delimiter.length;
      }
      pending = lineStart === data.length ? NO_BYTES : data.subarray(lineStart);
      if (!(await ctx.pause())) return;
    }
    if (pending.length > 0) ctx.output.collect(decodeLine(pending, 0, pending.length, stripCr));
  } finally {
    socket.destroy();
  }
}

function connect(spec: SocketSpec): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: spec.hostname, port: spec.port });
    const onError = (err: Error): void => reject(socketError(spec, 'connecting to', err));
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** Resolves when the socket has data, ends or fails, or after SOCKET_IDLE_CHECK_MS. */
function readableOrTimeout(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      socket.off('readable', done).off('end', done).off('close', done).off('error', done);
      resolve();
    };
    const timer = setTimeout(done, SOCKET_IDLE_CHECK_MS);
    socket.on('readable', done).on('end', done).on('close', done).on('error', done);
  });
}

function decodeLine(data: Buffer, start: number, end: number, stripCr: boolean): string {
  return data.toString('utf8', start, stripCr && end > start && data[end - 1] === CARRIAGE_RETURN ? end - 1 : end);
}

function socketError(spec: SocketSpec, doing: string, err: unknown): SluiceError {
  return new SluiceError(ErrorCode.TASK_FAILED, `Socket Stream failed ${doing} ${spec.hostname}:${spec.port}: ${errorMessage(err)}`, { kind: 'external', cause: err });
}
