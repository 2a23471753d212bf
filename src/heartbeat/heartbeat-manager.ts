/**
 * The side of a heartbeat pair that only records (Flink's HeartbeatManagerImpl): peers send
 * heartbeats or heartbeat requests on their own schedule, and a monitored peer silent for the
 * timeout is reported to the listener once and forgotten. Heartbeats from peers that are not
 * monitored are ignored. After `stop` nothing is monitored and no timer is pending.
 */
import type { ResourceId } from '../common/ids.js';
import { systemClock, type HeartbeatClock } from './heartbeat-clock.js';
import type { HeartbeatListener } from './heartbeat-listener.js';
import { HeartbeatMonitor } from './heartbeat-monitor.js';

export interface HeartbeatManagerOptions<I, O> {
  /** `heartbeat.timeout`: silence after which a target is reported. */
  timeoutMs: number;
  listener: HeartbeatListener<I, O>;
  clock?: HeartbeatClock;
}

export class HeartbeatManager<I, O> {
  private readonly monitors = new Map<ResourceId, HeartbeatMonitor>();
  private readonly clock: HeartbeatClock;
  private stopped = false;

  constructor(private readonly opts: HeartbeatManagerOptions<I, O>) {
    this.clock = opts.clock ?? systemClock;
  }

  /** Starts the timeout of `resourceId` now (no-op if it is monitored already, or after `stop`). */
  monitorTarget(resourceId: ResourceId): void {
    if (this.stopped || this.monitors.has(resourceId)) return;
    const monitor = new HeartbeatMonitor(this.opts.timeoutMs, this.clock, () => {
      if (this.monitors.get(resourceId) !== monitor) return;
      this.monitors.delete(resourceId);
      this.opts.listener.notifyHeartbeatTimeout(resourceId);
    });
    this.monitors.set(resourceId, monitor);
  }

  unmonitorTarget(resourceId: ResourceId): void {
    this.monitors.get(resourceId)?.cancel();
    this.monitors.delete(resourceId);
  }

  /**
   * A heartbeat from `resourceId`: resets its timeout and reports the payload. False if the
   * target is not monitored (the heartbeat is then ignored).
   */
  receiveHeartbeat(resourceId: ResourceId, payload: I): boolean {
    const monitor = this.monitors.get(resourceId);
    if (!monitor) return false;
    monitor.reportHeartbeat();
    if (payload !== undefined) this.opts.listener.reportPayload?.(resourceId, payload);
    return true;
  }

  /**
   * A heartbeat request from `resourceId`: recorded as a heartbeat, and answered with the
   * listener's payload; undefined if the target is not monitored.
   */
  requestHeartbeat(resourceId: ResourceId, payload: I): O | undefined {
    if (!this.receiveHeartbeat(resourceId, payload)) return undefined;
    return this.opts.listener.retrievePayload?.(resourceId);
  }

  /** When `resourceId` was last heard from; undefined if it is not monitored. */
  lastHeartbeatFrom(resourceId: ResourceId): number | undefined {
    return this.monitors.get(resourceId)?.lastHeartbeatAt;
  }

  /** Stops monitoring everything, for good. */
  stop(): void {
    this.stopped = true;
    for (const monitor of this.monitors.values()) monitor.cancel();
    this.monitors.clear();
  }
}
