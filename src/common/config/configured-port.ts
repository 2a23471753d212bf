/** Listening on a port a configuration option sets, so a port that is taken names its key. */
import { ErrorCode, SluiceError } from '../errors.js';
import type { ConfigOption } from './config-option.js';

/**
 * Runs `listen(host, port)`. A port another process holds (EADDRINUSE) or that this user may not
 * bind (EACCES) becomes PORT_IN_USE with a one-line message naming the port and `option`'s key;
 * any other failure passes through.
 */
export async function listenOnConfiguredPort(
  option: ConfigOption<number>,
  host: string,
  port: number,
  listen: (host: string, port: number) => Promise<number>,
): Promise<number> {
  try {
    return await listen(host, port);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
    const problem = code === 'EADDRINUSE' ? 'is already in use' : 'may not be bound by this user';
    throw SluiceError.user(ErrorCode.PORT_IN_USE, `Port ${port} on ${host} ${problem}: choose another with ${option.key} (-D ${option.key}=<port>; 0 picks a free one)`, err);
  }
}
