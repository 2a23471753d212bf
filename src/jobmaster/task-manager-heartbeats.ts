/**
 * The JobMaster's heartbeats to the TaskManagers that hold its slots (the JobMaster side of
 * Flink's HeartbeatManager). A TaskManager is lost when it has not answered for
 * `heartbeat.timeout`, or sooner when `heartbeat.rpc-failure-threshold` heartbeat calls in a row
 * fail outright (refused or dropped connection: the process is gone). A dropped RPC connection
 * triggers a heartbeat at once, so a killed TaskManager is noticed in milliseconds.
 */
import { errorMessage } from '../common/errors.js';
import type { AllocationId, JobId, ResourceId } from '../common/ids.js';
import type { Address } from '../protocol/deployment.js';
import type { TaskExecutorGateway } from '../protocol/gateways.js';

export interface HeartbeatSettings {
  intervalMs: number;
  timeoutMs: number;
  /** Failed calls in a row that make a TaskManager lost; -1: only the timeout does. */
  rpcFailureThreshold: number;
}

export interface HeartbeatListener {
  /** The TaskManager is lost; it is no longer monitored. */
  taskManagerLost(resourceId: ResourceId, cause: string): void;
  /** The TaskManager answered with the slots it holds for the job. */
  slotsReported(resourceId: ResourceId, allocationIds: AllocationId[]): void;
}

interface Target {
  gateway: TaskExecutorGateway;
  address: Address;
  lastSeen: number;
  failures: number;
  inFlight: boolean;
}

/** Delay of the retry after a failed heartbeat call, well under any interval. */
const RETRY_AFTER_FAILURE_MS = 100;

export class TaskManagerHeartbeats {
  private readonly targets = new Map<ResourceId, Target>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly jobId: JobId,
    private readonly settings: HeartbeatSettings,
    private readonly listener: HeartbeatListener,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.settings.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.targets.clear();
  }

  /** Starts monitoring a TaskManager (no-op if it is monitored already). */
  monitor(resourceId: ResourceId, gateway: TaskExecutorGateway, address: Address): void {
    if (!this.targets.has(resourceId)) this.targets.set(resourceId, { gateway, address, lastSeen: this.now(), failures: 0, inFlight: false });
  }

  unmonitor(resourceId: ResourceId): void {
    this.targets.delete(resourceId);
  }

  /** An RPC connection to `address` closed: check the TaskManagers there now. */
  connectionClosed(address: Address): void {
    for (const [id, t] of this.targets) {
      if (t.address.host === address.host && t.address.port === address.port) this.request(id, t);
    }
  }

  private tick(): void {
    const deadline = this.now() - this.settings.timeoutMs;
    for (const [id, t] of this.targets) {
      if (t.lastSeen < deadline) this.lose(id, `The heartbeat of TaskManager with id ${id} timed out after ${this.settings.timeoutMs} ms`);
      else this.request(id, t);
    }
  }

  private request(id: ResourceId, t: Target): void {
    if (t.inFlight) return;
    t.inFlight = true;
    t.gateway
      .heartbeatFromJobManager(this.jobId)
      .then((allocationIds) => {
        t.failures = 0;
        t.lastSeen = this.now();
        if (this.targets.get(id) === t) this.listener.slotsReported(id, allocationIds);
      })
      .catch((err: unknown) => {
        if (this.targets.get(id) !== t) return;
        t.failures++;
        const threshold = this.settings.rpcFailureThreshold;
        if (threshold > 0 && t.failures >= threshold) {
          this.lose(id, `TaskManager with id ${id} is unreachable: ${t.failures} heartbeat RPCs in a row failed (last: ${errorMessage(err)})`);
        } else {
          setTimeout(() => this.targets.get(id) === t && this.request(id, t), RETRY_AFTER_FAILURE_MS).unref();
        }
      })
      .finally(() => (t.inFlight = false));
  }

  private lose(id: ResourceId, cause: string): void {
    if (!this.targets.delete(id)) return;
    this.listener.taskManagerLost(id, cause);
  }
}
