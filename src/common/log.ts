/** Process logging (pino): one root logger per process, a child per component. */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** The root logger of a process, writing JSON lines to stderr (stdout is for user output). */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination(2));
}

/** A logger that drops everything (unit tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
