/** A declared configuration option: key, type, default and description, declared once. */
import { ErrorCode, SluiceError } from '../errors.js';

export type OptionType = 'string' | 'integer' | 'double' | 'boolean' | 'duration' | 'memory' | 'enum';

/** One option. `parse` turns the YAML/`-D` text into the typed value or throws naming the key. */
export interface ConfigOption<T> {
  readonly key: string;
  readonly type: OptionType;
  readonly defaultValue: T;
  readonly description: string;
  /** Older keys still accepted (Flink's deprecated keys). */
  readonly fallbackKeys: readonly string[];
  /** For enum options: the allowed values. */
  readonly values?: readonly string[];
  /**
   * Sluice accepts the key (so Flink configurations load) but does not act on it yet; a process
   * that finds it set to another value than the default warns at start.
   */
  readonly notYetActedOn: boolean;
  parse(raw: unknown): T;
}

function invalid(key: string, raw: unknown, expected: string): SluiceError {
  return SluiceError.user(ErrorCode.INVALID_CONFIG, `Invalid value '${String(raw)}' for config option '${key}': expected ${expected}`);
}

interface OptionSpec<T> {
  key: string;
  defaultValue: T;
  description: string;
  fallbackKeys?: string[];
  notYetActedOn?: true;
}

function make<T>(spec: OptionSpec<T>, type: OptionType, parse: (raw: unknown) => T, values?: readonly string[]): ConfigOption<T> {
  return {
    key: spec.key, type, defaultValue: spec.defaultValue, description: spec.description, fallbackKeys: spec.fallbackKeys ?? [], values,
    notYetActedOn: spec.notYetActedOn ?? false, parse,
  };
}

/** A free-form string option. */
export function stringOption(spec: OptionSpec<string>): ConfigOption<string> {
  return make(spec, 'string', (raw) => String(raw));
}

/** An integer option with optional bounds. */
export function intOption(spec: OptionSpec<number> & { min?: number; max?: number }): ConfigOption<number> {
  const min = spec.min ?? Number.MIN_SAFE_INTEGER;
  const max = spec.max ?? Number.MAX_SAFE_INTEGER;
  return make(spec, 'integer', (raw) => {
    const n = typeof raw === 'number' ? raw : /^\s*-?\d+\s*$/.test(String(raw)) ? Number(String(raw).trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw invalid(spec.key, raw, `an integer in [${min}, ${max}]`);
    return n;
  });
}

/** A floating-point option with optional bounds. */
export function doubleOption(spec: OptionSpec<number> & { min?: number; max?: number }): ConfigOption<number> {
  const min = spec.min ?? -Number.MAX_VALUE;
  const max = spec.max ?? Number.MAX_VALUE;
  return make(spec, 'double', (raw) => {
    const n = typeof raw === 'number' ? raw : /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(String(raw)) ? Number(String(raw).trim()) : NaN;
    if (!Number.isFinite(n) || n < min || n > max) throw invalid(spec.key, raw, `a number in [${min}, ${max}]`);
    return n;
  });
}

/** A boolean option (`true`/`false`). */
export function boolOption(spec: OptionSpec<boolean>): ConfigOption<boolean> {
  return make(spec, 'boolean', (raw) => {
    if (raw === true || raw === false) return raw;
    const s = String(raw).trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
    throw invalid(spec.key, raw, 'true or false');
  });
}

/** One of a fixed set of values. */
export function enumOption<V extends string>(spec: OptionSpec<V> & { values: readonly V[] }): ConfigOption<V> {
  return make(spec, 'enum', (raw) => {
    const s = String(raw).trim();
    const hit = spec.values.find((v) => v.toLowerCase() === s.toLowerCase());
    if (hit === undefined) throw invalid(spec.key, raw, `one of ${spec.values.join(', ')}`);
    return hit;
  }, spec.values);
}

const DURATION_UNITS: Record<string, number> = {
  ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  min: 60_000, m: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
};

/** Parses `<integer> <unit>` (a bare integer is in `defaultUnit`) into base units. */
function unitParser(key: string, units: Record<string, number>, defaultUnit: string, expected: string): (raw: unknown) => number {
  return (raw) => {
    const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(String(raw));
    const unit = m ? units[(m[2] || defaultUnit).toLowerCase()] : undefined;
    if (!m || unit === undefined) throw invalid(key, raw, expected);
    return Number(m[1]) * unit;
  };
}

/** A duration in milliseconds; accepts Flink's forms (`10 s`, `500ms`, `1 min`, a bare number = ms). */
export function durationOption(spec: OptionSpec<number> & { bareUnit?: 'ms' | 's' }): ConfigOption<number> {
  // Flink declares a few durations as plain numbers of seconds (e.g. blob.service.cleanup.interval).
  return make(spec, 'duration', unitParser(spec.key, DURATION_UNITS, spec.bareUnit ?? 'ms', 'a duration such as 500 ms, 10 s or 1 min'));
}

const MEMORY_UNITS: Record<string, number> = {
  b: 1, bytes: 1, k: 1024, kb: 1024, kibibytes: 1024, m: 1024 ** 2, mb: 1024 ** 2, mebibytes: 1024 ** 2,
  g: 1024 ** 3, gb: 1024 ** 3, gibibytes: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4,
};

/** A size in bytes; accepts Flink's forms (`100 mb`, `1g`, a bare number = bytes). */
export function memoryOption(spec: OptionSpec<number>): ConfigOption<number> {
  return make(spec, 'memory', unitParser(spec.key, MEMORY_UNITS, 'b', 'a size such as 512 kb, 100 mb or 1 gb'));
}
