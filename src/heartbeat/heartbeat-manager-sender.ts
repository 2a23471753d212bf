/**
 * The side of a heartbeat pair that asks (Flink's HeartbeatManagerSenderImpl): every interval it
 * sends each monitored target a heartbeat request, and the target's answer counts as its
 * heartbeat. A target is reported once and forgotten when it has not answered for the timeout,
 * or sooner when `rpcFailureThreshold` requests in a row fail outright (the peer refused or
 * dropped the call: its process is most likely gone). One request per target is in flight at a
 * time. The interval timer runs only while something is monitored; `stop` clears every timer.
 */
import type { ResourceId } from '../common/ids.js';
import { systemClock, type Cancel, type HeartbeatClock } from './heartbeat-clock.js';
import type { HeartbeatSenderListener, HeartbeatTarget } from './heartbeat-listener.js';
import { HeartbeatManager } from './heartbeat-manager.js';
import type { HeartbeatSettings } from './heartbeat-settings.js';

export interface HeartbeatManagerSenderOptions<I, O> extends HeartbeatSettings {
  listener: HeartbeatSenderListener<I, O>;
  /**
   * After a failed request that leaves the target below the threshold, ask again this soon
   * rather than at the next interval, so a dead peer is found in milliseconds (0: wait).
   */
  retryAfterFailureMs?: number;
  clock?: HeartbeatClock;
}

interface MonitoredTarget<T> {
  target: T;
  failures: number;
  inFlight: boolean;
  cancelRetry?: Cancel;
}

export class HeartbeatManagerSender<I, O, T extends HeartbeatTarget<O, I> = HeartbeatTarget<O, I>> {
  /** Timeouts and payload reports; a target's answer is its heartbeat there. */
  private readonly timeouts: HeartbeatManager<I, O>;
  private readonly targets = new Map<ResourceId, MonitoredTarget<T>>();
  private readonly clock: HeartbeatClock;
  private cancelTick?: Cancel;
  private stopped = false;

  constructor(private readonly opts: HeartbeatManagerSenderOptions<I, O>) {
    this.clock = opts.clock ?? systemClock;
    this.timeouts = new HeartbeatManager<I, O>({
      timeoutMs: opts.timeoutMs,
      clock: this.clock,
      listener: {
        notifyHeartbeatTimeout: (resourceId) => {
          this.forget(resourceId);
          opts.listener.notifyHeartbeatTimeout(resourceId);
        },
        reportPayload: (resourceId, payload) => opts.listener.reportPayload?.(resourceId, payload),
      },
    });
  }

  /** Starts asking `resourceId` for heartbeats (no-op if it is monitored already, or after `stop`). */
  monitorTarget(resourceId: ResourceId, target: T): void {
    if (this.stopped || this.targets.has(resourceId)) return;
    this.targets.set(resourceId, { target, failures: 0, inFlight: false });
    this.timeouts.monitorTarget(resourceId);
    this.cancelTick ??= this.clock.schedule(() => this.tick(), this.opts.intervalMs);
  }

  unmonitorTarget(resourceId: ResourceId): void {
    this.forget(resourceId);
    this.timeouts.unmonitorTarget(resourceId);
  }

  /** Sends a heartbeat request now to the targets `select` picks (say, those behind a dropped connection). */
  requestHeartbeatsNow(select: (target: T) => boolean): void {
    for (const [resourceId, monitored] of this.targets) if (select(monitored.target)) this.request(resourceId, monitored);
  }

  /** Stops every request and timeout, for good. */
  stop(): void {
    this.stopped = true;
    this.cancelTick?.();
    this.cancelTick = undefined;
    for (const resourceId of [...this.targets.keys()]) this.forget(resourceId);
    this.timeouts.stop();
  }

  private tick(): void {
    this.cancelTick = undefined;
    if (this.stopped || this.targets.size === 0) return;
    for (const [resourceId, monitored] of this.targets) this.request(resourceId, monitored);
    this.cancelTick = this.clock.schedule(() => this.tick(), this.opts.intervalMs);
  }

  private forget(resourceId: ResourceId): void {
    this.targets.get(resourceId)?.cancelRetry?.();
    this.targets.delete(resourceId);
  }

  private request(resourceId: ResourceId, monitored: MonitoredTarget<T>): void {
    if (monitored.inFlight) return;
    monitored.inFlight = true;
    monitored.cancelRetry?.();
    monitored.cancelRetry = undefined;
    // A listener without retrievePayload sends empty requests (O is void for such pairs).
    const payload = this.opts.listener.retrievePayload?.(resourceId) as O;
    // Through a promise, so a target that throws instead of rejecting counts as a failed request.
    new Promise<I>((resolve) => resolve(monitored.target.requestHeartbeat(payload))).then(
      (answer) => {
        monitored.inFlight = false;
        if (this.targets.get(resourceId) !== monitored) return;
        monitored.failures = 0;
        this.timeouts.receiveHeartbeat(resourceId, answer);
      },
      (err: unknown) => {
        monitored.inFlight = false;
        if (this.targets.get(resourceId) !== monitored) return;
        this.requestFailed(resourceId, monitored, err);
      },
    );
  }

  private requestFailed(resourceId: ResourceId, monitored: MonitoredTarget<T>, err: unknown): void {
    monitored.failures++;
    const threshold = this.opts.rpcFailureThreshold;
    if (threshold > 0 && monitored.failures >= threshold) {
      this.unmonitorTarget(resourceId);
      this.opts.listener.notifyTargetUnreachable(resourceId, err, monitored.failures);
      return;
    }
    const retryMs = this.opts.retryAfterFailureMs ?? 0;
    if (retryMs > 0) monitored.cancelRetry = this.clock.schedule(() => this.request(resourceId, monitored), retryMs);
  }
}
