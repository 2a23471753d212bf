/**
 * The configuration of a process: `conf/config.yaml` (Flink-style dotted keys, flat or nested)
 * overridden by `-D key=value`. Values are validated when read, so a bad value fails at start
 * with a message naming the key.
 */
import { readFileSync, existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ErrorCode, SluiceError } from '../errors.js';
import type { ConfigOption } from './config-option.js';
import { ALL_OPTIONS } from './options.js';

/** An immutable set of raw key/value pairs with typed, validated access through options. */
export class Configuration {
  private readonly raw: ReadonlyMap<string, string>;

  constructor(entries: Iterable<[string, string]> = []) {
    this.raw = new Map(entries);
  }

  /** Reads a YAML file; a missing file gives an empty configuration. */
  static fromYamlFile(path: string): Configuration {
    if (!existsSync(path)) return new Configuration();
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(path, 'utf8'));
    } catch (err) {
      throw SluiceError.user(ErrorCode.INVALID_CONFIG, `Cannot parse config file ${path}: ${(err as Error).message}`);
    }
    const out: [string, string][] = [];
    flatten(doc ?? {}, '', out);
    return new Configuration(out);
  }

  /** Parses `key=value` strings as given to `-D`. */
  static fromDynamicProperties(props: readonly string[]): Configuration {
    return new Configuration(props.map((p) => {
      const i = p.indexOf('=');
      if (i <= 0) throw SluiceError.user(ErrorCode.INVALID_CONFIG, `Invalid dynamic property '${p}': expected key=value`);
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as [string, string];
    }));
  }

  /** A new configuration with `other`'s keys taking precedence. */
  merge(other: Configuration): Configuration {
    return new Configuration([...this.raw, ...other.raw]);
  }

  /** A new configuration with one key set. */
  with<T>(option: ConfigOption<T>, value: T): Configuration {
    return new Configuration([...this.raw, [option.key, String(value)]]);
  }

  /** The typed value of an option (its default when unset). Throws INVALID_CONFIG naming the key. */
  get<T>(option: ConfigOption<T>): T {
    const raw = this.rawValue(option);
    return raw === undefined ? option.defaultValue : option.parse(raw);
  }

  /** Whether the option (or one of its fallback keys) is set. */
  contains(option: ConfigOption<unknown>): boolean {
    return this.rawValue(option) !== undefined;
  }

  /** Raw string of a key, if set. */
  getString(key: string): string | undefined {
    return this.raw.get(key);
  }

  /** Validates every set value of a known option, so bad values fail at start. */
  validate(): void {
    for (const option of ALL_OPTIONS) this.get(option);
  }

  /**
   * One line for each option marked `notYetActedOn` that is set to another value than its
   * default, naming the key as it was written: what a process warns about at start.
   */
  notYetActedOnWarnings(): string[] {
    return ALL_OPTIONS.filter((o) => o.notYetActedOn && this.contains(o) && this.get(o) !== o.defaultValue)
      .map((o) => `${this.setKey(o)} is accepted, not yet acted on`);
  }

  /** All raw entries, sorted by key. */
  entries(): [string, string][] {
    return [...this.raw].sort((a, b) => a[0].localeCompare(b[0]));
  }

  /** Effective key/value pairs: everything set plus the defaults of declared options. */
  effectiveEntries(): [string, string][] {
    const out = new Map<string, string>();
    for (const option of ALL_OPTIONS) out.set(option.key, String(this.get(option)));
    for (const [k, v] of this.raw) out.set(k, v);
    return [...out].sort((a, b) => a[0].localeCompare(b[0]));
  }

  private rawValue(option: ConfigOption<unknown>): string | undefined {
    const key = this.setKey(option);
    return key === undefined ? undefined : this.raw.get(key);
  }

  /** The key the option is set by: its own, else the first fallback key that is set. */
  private setKey(option: ConfigOption<unknown>): string | undefined {
    return [option.key, ...option.fallbackKeys].find((k) => this.raw.has(k));
  }
}

function flatten(node: unknown, prefix: string, out: [string, string][]): void {
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    for (const [k, v] of Object.entries(node)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.push([prefix, Array.isArray(node) ? node.join(';') : String(node)]);
  }
}
