/**
 * Restart strategies (Flink's RestartBackoffTimeStrategy): after each failure of a job, whether
 * it may restart and how long to wait first. Built from `restart-strategy.*`, the job's
 * flinkConfiguration over the cluster's.
 */
import type { Configuration } from '../common/config/configuration.js';
import { RestartStrategyOptions as R } from '../common/config/options.js';

export interface RestartBackoffTimeStrategy {
  /** Records a failure at time `now` (ms). */
  notifyFailure(now: number): void;
  /** Whether the job may restart after the failures recorded so far. */
  canRestart(): boolean;
  /** How long to wait before the restart (ms). */
  backoffTimeMs(): number;
  /** Flink-style description for logs and failure messages. */
  readonly description: string;
  /** False for the strategy that never restarts (its failures need no explanation). */
  readonly restarts: boolean;
}

class NoRestartStrategy implements RestartBackoffTimeStrategy {
  readonly description = 'NoRestartBackoffTimeStrategy';
  readonly restarts = false;
  notifyFailure(): void {}
  canRestart(): boolean {
    return false;
  }
  backoffTimeMs(): number {
    return 0;
  }
}

class FixedDelayStrategy implements RestartBackoffTimeStrategy {
  readonly restarts = true;
  private failures = 0;
  constructor(private readonly maxAttempts: number, private readonly delayMs: number) {}
  get description(): string {
    return `FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=${this.maxAttempts}, backoffTimeMS=${this.delayMs})`;
  }
  notifyFailure(): void {
    this.failures++;
  }
  canRestart(): boolean {
    return this.failures <= this.maxAttempts;
  }
  backoffTimeMs(): number {
    return this.delayMs;
  }
}

/** At most `maxFailures` restarts within any window of `intervalMs`. */
class FailureRateStrategy implements RestartBackoffTimeStrategy {
  readonly restarts = true;
  private readonly failureTimes: number[] = [];
  constructor(private readonly maxFailures: number, private readonly intervalMs: number, private readonly delayMs: number) {}
  get description(): string {
    return `FailureRateRestartBackoffTimeStrategy(failuresIntervalMS=${this.intervalMs}, backoffTimeMS=${this.delayMs}, maxFailuresPerInterval=${this.maxFailures})`;
  }
  notifyFailure(now: number): void {
    this.failureTimes.push(now);
    while (this.failureTimes.length > 0 && this.failureTimes[0]! <= now - this.intervalMs) this.failureTimes.shift();
  }
  canRestart(): boolean {
    return this.failureTimes.length <= this.maxFailures;
  }
  backoffTimeMs(): number {
    return this.delayMs;
  }
}

interface ExponentialDelaySpec {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  resetThresholdMs: number;
  jitter: number;
  attempts: number;
}

/** The delay grows by `multiplier` per failure up to `maxMs`, and starts over after a quiet `resetThresholdMs`. */
class ExponentialDelayStrategy implements RestartBackoffTimeStrategy {
  readonly restarts = true;
  private currentMs: number;
  private lastFailure = -Infinity;
  private attemptsSinceReset = 0;
  constructor(private readonly spec: ExponentialDelaySpec, private readonly random: () => number) {
    this.currentMs = 0;
  }
  get description(): string {
    const s = this.spec;
    return `ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=${s.initialMs}, maxBackoffMS=${s.maxMs}, backoffMultiplier=${s.multiplier}, resetBackoffThresholdMS=${s.resetThresholdMs}, jitterFactor=${s.jitter}, attemptsBeforeResetBackoff=${s.attempts})`;
  }
  notifyFailure(now: number): void {
    const s = this.spec;
    if (now - this.lastFailure >= s.resetThresholdMs) {
      this.currentMs = s.initialMs;
      this.attemptsSinceReset = 0;
    } else {
      this.currentMs = Math.min(this.currentMs * s.multiplier, s.maxMs);
    }
    this.attemptsSinceReset++;
    this.lastFailure = now;
  }
  canRestart(): boolean {
    return this.attemptsSinceReset <= this.spec.attempts;
  }
  backoffTimeMs(): number {
    const jitter = this.currentMs * this.spec.jitter * (2 * this.random() - 1);
    return Math.max(0, Math.round(Math.min(this.currentMs + jitter, this.spec.maxMs)));
  }
}

/**
 * The strategy configured by `config`. Without `restart-strategy.type`, as in Flink: exponential
 * delay when the job checkpoints, no restarts otherwise. Throws INVALID_CONFIG naming a bad key.
 */
export function createRestartStrategy(config: Configuration, checkpointingEnabled: boolean, random: () => number = Math.random): RestartBackoffTimeStrategy {
  let type = config.get(R.TYPE);
  if (type === 'default') type = checkpointingEnabled ? 'exponential-delay' : 'none';
  switch (type) {
    case 'none':
    case 'off':
    case 'disable':
      return new NoRestartStrategy();
    case 'fixed-delay':
    case 'fixeddelay':
      return new FixedDelayStrategy(config.get(R.FIXED_DELAY_ATTEMPTS), config.get(R.FIXED_DELAY_DELAY));
    case 'failure-rate':
    case 'failurerate':
      return new FailureRateStrategy(config.get(R.FAILURE_RATE_MAX_FAILURES), config.get(R.FAILURE_RATE_INTERVAL), config.get(R.FAILURE_RATE_DELAY));
    case 'exponential-delay':
    case 'exponentialdelay':
      return new ExponentialDelayStrategy({
        initialMs: config.get(R.EXPONENTIAL_INITIAL_BACKOFF),
        maxMs: config.get(R.EXPONENTIAL_MAX_BACKOFF),
        multiplier: config.get(R.EXPONENTIAL_MULTIPLIER),
        resetThresholdMs: config.get(R.EXPONENTIAL_RESET_THRESHOLD),
        jitter: config.get(R.EXPONENTIAL_JITTER),
        attempts: config.get(R.EXPONENTIAL_ATTEMPTS),
      }, random);
  }
}
