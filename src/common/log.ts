/** Process logging (pino): one root logger per process, a child per component. */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * The root logger of a process, writing JSON lines to stderr (stdout is for user output) and,
 * with `logFile`, to that file as well (the process log the REST API serves).
 */
export function createLogger(name: string, level = 'info', logFile?: string): Logger {
  const options = { name, level, base: { pid: process.pid } };
  if (!logFile) return pino(options, pino.destination(2));
  // Each stream takes every line the logger lets through; the logger's level does the filtering.
  return pino(options, pino.multistream([
    { level: 'trace', stream: pino.destination(2) },
    { level: 'trace', stream: pino.destination({ dest: logFile, append: true, sync: true }) },
  ]));
}

/** A logger that drops everything (unit tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
