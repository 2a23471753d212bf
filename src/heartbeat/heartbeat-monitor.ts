/**
 * The timeout of one monitored target (Flink's HeartbeatMonitor): every heartbeat re-arms it; if
 * none comes within the timeout it fires once, and then never again.
 */
import type { Cancel, HeartbeatClock } from './heartbeat-clock.js';

export class HeartbeatMonitor {
  private lastHeartbeat: number;
  private cancelTimeout?: Cancel;
  private running = true;

  constructor(
    private readonly timeoutMs: number,
    private readonly clock: HeartbeatClock,
    private readonly onTimeout: () => void,
  ) {
    this.lastHeartbeat = clock.now();
    this.arm();
  }

  /** When the target was last heard from (when monitoring began, before its first heartbeat). */
  get lastHeartbeatAt(): number {
    return this.lastHeartbeat;
  }

  /** The target was heard from: the timeout starts over. */
  reportHeartbeat(): void {
    if (!this.running) return;
    this.lastHeartbeat = this.clock.now();
    this.arm();
  }

  /** Stops the timeout for good. */
  cancel(): void {
    this.running = false;
    this.cancelTimeout?.();
  }

  private arm(): void {
    this.cancelTimeout?.();
    this.cancelTimeout = this.clock.schedule(() => {
      if (!this.running) return;
      this.running = false;
      this.onTimeout();
    }, this.timeoutMs);
  }
}
