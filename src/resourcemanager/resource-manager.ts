/**
 * The ResourceManager: registry of TaskManagers and their slots, and the matcher that serves
 * jobs' declared slot requirements greedily, in declaration order, while free slots remain.
 * All state changes happen on the event loop; after every await the state is re-checked.
 */
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import { newId, type AllocationId, type JobId, type ResourceId } from '../common/ids.js';
import type { Logger } from '../common/log.js';
import type { HeartbeatClock } from '../heartbeat/heartbeat-clock.js';
import { HeartbeatManager } from '../heartbeat/heartbeat-manager.js';
import type { TaskManagerInfo } from '../protocol/cluster-info.js';
import type { SlotStatus, TaskExecutorRegistration } from '../protocol/deployment.js';
import {
  EndpointIds,
  PROCESS_INFO_QUERIES,
  type GatewayResolver,
  type ProcessInfoAnswer,
  type ProcessInfoGateway,
  type ProcessInfoQuery,
  type RegistrationResponse,
  type ResourceManagerGateway,
  type RpcEndpointAddress,
  type TaskExecutorGateway,
} from '../protocol/gateways.js';
import { pickSlot, type SlotCandidate } from './slot-matching.js';

interface Slot {
  allocationId?: AllocationId;
  jobId?: JobId;
  /** From the last slot report. */
  assignedTasks?: number;
  /** Set while a requestSlot call is in flight, so reports do not free it meanwhile. */
  pending: boolean;
}

interface RegisteredTaskManager {
  registration: TaskExecutorRegistration;
  gateway: TaskExecutorGateway;
  slots: Slot[];
  order: number;
}

interface JobRequirement {
  jobMaster: RpcEndpointAddress;
  jobMasterId: string;
  required: number;
}

export interface ResourceManagerOptions {
  resourceManagerId: string;
  evenlySpreadOutSlots: boolean;
  heartbeatTimeoutMs: number;
  gateways: GatewayResolver;
  log: Logger;
  heartbeatClock?: HeartbeatClock;
}

export class ResourceManager implements ResourceManagerGateway {
  private readonly taskManagers = new Map<ResourceId, RegisteredTaskManager>();
  private readonly requirements = new Map<JobId, JobRequirement>();
  private registrations = 0;
  /** TaskManagers heartbeat on their own schedule, carrying their slot reports; this side only records. */
  private readonly heartbeats: HeartbeatManager<SlotStatus[], void>;

  constructor(private readonly opts: ResourceManagerOptions) {
    this.heartbeats = new HeartbeatManager({
      timeoutMs: opts.heartbeatTimeoutMs,
      clock: opts.heartbeatClock,
      listener: {
        notifyHeartbeatTimeout: (id) => this.removeTaskManager(id, `heartbeat of TaskManager ${id} timed out after ${opts.heartbeatTimeoutMs} ms`),
        reportPayload: (id, slots) => this.applySlotReport(id, slots),
      },
    });
  }

  /** The fencing token of this ResourceManager. */
  get resourceManagerId(): string {
    return this.opts.resourceManagerId;
  }

  stop(): void {
    this.heartbeats.stop();
  }

  async registerTaskExecutor(registration: TaskExecutorRegistration): Promise<RegistrationResponse> {
    const id = registration.resourceId;
    if (this.taskManagers.has(id)) this.removeTaskManager(id, 'it registered again');
    const gateway = this.opts.gateways<TaskExecutorGateway>({ address: registration.rpcAddress, endpointId: EndpointIds.TASK_EXECUTOR });
    this.taskManagers.set(id, {
      registration,
      gateway,
      slots: Array.from({ length: registration.numberOfSlots }, () => ({ pending: false })),
      order: this.registrations++,
    });
    this.heartbeats.monitorTarget(id);
    this.opts.log.info({ resourceId: id, slots: registration.numberOfSlots, rpc: registration.rpcAddress }, 'TaskManager registered');
    this.matchRequirements();
    return { resourceManagerId: this.resourceManagerId };
  }

  async heartbeatFromTaskManager(resourceId: ResourceId, slots: SlotStatus[]): Promise<void> {
    if (!this.taskManagers.has(resourceId)) throw new SluiceError(ErrorCode.UNKNOWN_TASK_EXECUTOR, `TaskManager ${resourceId} is not registered`, { kind: 'external' });
    this.heartbeats.receiveHeartbeat(resourceId, slots);
  }

  async disconnectTaskManager(resourceId: ResourceId, reason: string): Promise<void> {
    this.removeTaskManager(resourceId, reason);
  }

  async declareRequiredResources(jobId: JobId, jobMaster: RpcEndpointAddress, jobMasterId: string, requiredSlots: number): Promise<void> {
    if (requiredSlots <= 0) this.requirements.delete(jobId);
    else this.requirements.set(jobId, { jobMaster, jobMasterId, required: requiredSlots });
    this.matchRequirements();
  }

  async notifySlotReleased(resourceId: ResourceId, allocationId: AllocationId): Promise<void> {
    const slot = this.taskManagers.get(resourceId)?.slots.find((s) => s.allocationId === allocationId);
    if (!slot) return;
    slot.allocationId = undefined;
    slot.jobId = undefined;
    slot.pending = false;
    this.matchRequirements();
  }

  async requestTaskManagers(): Promise<TaskManagerInfo[]> {
    return [...this.taskManagers.values()].map((tm) => ({
      resourceId: tm.registration.resourceId,
      rpcAddress: tm.registration.rpcAddress,
      dataPort: tm.registration.dataPort,
      // Monitored exactly while registered (until stop).
      lastHeartbeat: this.heartbeats.lastHeartbeatFrom(tm.registration.resourceId)!,
      numberSlots: tm.slots.length,
      numberAvailableSlots: tm.slots.filter((s) => s.allocationId === undefined).length,
      allocatedSlots: tm.slots.flatMap((s, slotIndex) => (s.jobId === undefined ? [] : [{ slotIndex, jobId: s.jobId, assignedTasks: s.assignedTasks ?? 0 }])),
      assignedTasks: tm.slots.reduce((sum, s) => sum + (s.jobId === undefined ? 0 : s.assignedTasks ?? 0), 0),
      hardware: tm.registration.hardware,
    }));
  }

  async requestResourceOverview(): Promise<{ numberTaskManagers: number; numberRegisteredSlots: number; numberFreeSlots: number }> {
    let total = 0;
    let free = 0;
    for (const tm of this.taskManagers.values()) {
      total += tm.slots.length;
      free += tm.slots.filter((s) => s.allocationId === undefined).length;
    }
    return { numberTaskManagers: this.taskManagers.size, numberRegisteredSlots: total, numberFreeSlots: free };
  }

  async queryTaskManager<Q extends ProcessInfoQuery>(resourceId: ResourceId, query: Q, args: Parameters<ProcessInfoGateway[Q]>): ProcessInfoAnswer<Q> {
    // The query may come over RPC: only ProcessInfoGateway calls pass, never slot management.
    if (!PROCESS_INFO_QUERIES.includes(query)) throw new SluiceError(ErrorCode.BAD_REQUEST, `'${String(query)}' is not a TaskManager query`);
    const tm = this.taskManagers.get(resourceId);
    if (!tm) throw new SluiceError(ErrorCode.UNKNOWN_TASK_EXECUTOR, `Could not find TaskExecutor ${resourceId}.`, { kind: 'user' });
    const call = tm.gateway[query] as (...a: unknown[]) => ProcessInfoAnswer<Q>;
    return call.apply(tm.gateway, args);
  }

  /** A TaskManager's slot report: slots it freed on its own become free here too. */
  private applySlotReport(resourceId: ResourceId, slots: SlotStatus[]): void {
    const tm = this.taskManagers.get(resourceId)!;
    let freed = false;
    for (const report of slots) {
      const slot = tm.slots[report.slotIndex];
      if (!slot || slot.pending) continue;
      if (slot.allocationId !== undefined && report.allocationId === undefined) freed = true;
      slot.allocationId = report.allocationId;
      slot.jobId = report.jobId;
      slot.assignedTasks = report.assignedTasks;
    }
    if (freed) this.matchRequirements();
  }

  /** Serves outstanding requirements, oldest job first, while free slots remain. */
  private matchRequirements(): void {
    for (const [jobId, req] of this.requirements) {
      let missing = req.required - this.allocatedTo(jobId);
      while (missing > 0) {
        const candidate = pickSlot(this.freeSlots(), this.opts.evenlySpreadOutSlots);
        if (!candidate) return;
        this.allocate(candidate, jobId, req);
        missing--;
      }
    }
  }

  private allocate(candidate: SlotCandidate, jobId: JobId, req: JobRequirement): void {
    const tm = this.taskManagers.get(candidate.resourceId)!;
    const slot = tm.slots[candidate.slotIndex]!;
    const allocationId = newId();
    slot.allocationId = allocationId;
    slot.jobId = jobId;
    slot.pending = true;
    tm.gateway
      .requestSlot(candidate.slotIndex, jobId, allocationId, req.jobMaster, req.jobMasterId, this.resourceManagerId)
      .then(() => {
        if (slot.allocationId === allocationId) slot.pending = false;
      })
      .catch((err: unknown) => {
        this.opts.log.warn({ resourceId: candidate.resourceId, slot: candidate.slotIndex, err: errorMessage(err) }, 'Slot request failed');
        if (slot.allocationId !== allocationId) return;
        slot.allocationId = undefined;
        slot.jobId = undefined;
        slot.pending = false;
        // Try again soon rather than in a tight loop against a failing TaskManager.
        setTimeout(() => this.matchRequirements(), 200).unref();
      });
  }

  private allocatedTo(jobId: JobId): number {
    let n = 0;
    for (const tm of this.taskManagers.values()) for (const s of tm.slots) if (s.jobId === jobId) n++;
    return n;
  }

  private freeSlots(): SlotCandidate[] {
    const out: SlotCandidate[] = [];
    for (const tm of this.taskManagers.values()) {
      const free = tm.slots.filter((s) => s.allocationId === undefined).length;
      tm.slots.forEach((s, slotIndex) => {
        if (s.allocationId === undefined) {
          out.push({ resourceId: tm.registration.resourceId, slotIndex, freeSlotsOfTaskManager: free, totalSlotsOfTaskManager: tm.slots.length, registrationOrder: tm.order });
        }
      });
    }
    return out;
  }

  private removeTaskManager(resourceId: ResourceId, reason: string): void {
    if (!this.taskManagers.delete(resourceId)) return;
    this.heartbeats.unmonitorTarget(resourceId);
    this.opts.log.warn({ resourceId, reason }, 'TaskManager removed');
    this.matchRequirements();
  }
}
