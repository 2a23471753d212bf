/** Response schemas (and their TypeScript types) of the cluster endpoints, in Flink's field names. */
import { Type, type Static } from '@sinclair/typebox';

export const ClusterOverviewWithVersion = Type.Object({
  taskmanagers: Type.Integer(),
  'slots-total': Type.Integer(),
  'slots-available': Type.Integer(),
  'jobs-running': Type.Integer(),
  'jobs-finished': Type.Integer(),
  'jobs-cancelled': Type.Integer(),
  'jobs-failed': Type.Integer(),
  'flink-version': Type.String(),
  'flink-commit': Type.String(),
  'slots-free-and-blocked': Type.Integer(),
  'taskmanagers-blocked': Type.Integer(),
});
export type ClusterOverviewWithVersion = Static<typeof ClusterOverviewWithVersion>;

export const DashboardConfiguration = Type.Object({
  'refresh-interval': Type.Integer({ description: 'Web UI refresh interval in ms.' }),
  'timezone-name': Type.String(),
  'timezone-offset': Type.Integer({ description: 'Offset from UTC in ms, east positive.' }),
  'flink-version': Type.String(),
  'flink-revision': Type.String(),
  features: Type.Object({
    'web-submit': Type.Boolean(),
    'web-cancel': Type.Boolean(),
    'web-rescale': Type.Boolean(),
    'web-history': Type.Boolean(),
  }),
});
export type DashboardConfiguration = Static<typeof DashboardConfiguration>;

/** `/jobmanager/config`: every effective entry, secrets masked. */
export const ConfigurationInfo = Type.Array(Type.Object({ key: Type.String(), value: Type.String() }));
export type ConfigurationInfo = Static<typeof ConfigurationInfo>;

export const EnvironmentInfo = Type.Object({
  jvm: Type.Object({
    version: Type.String({ description: 'The Node.js and V8 versions.' }),
    arch: Type.String(),
    options: Type.Array(Type.String(), { description: "Node's exec arguments." }),
  }),
  classpath: Type.Array(Type.String()),
});
export type EnvironmentInfo = Static<typeof EnvironmentInfo>;

const ResourceProfileInfo = Type.Object({
  cpuCores: Type.Number(),
  taskHeapMemory: Type.Integer(),
  taskOffHeapMemory: Type.Integer(),
  managedMemory: Type.Integer(),
  networkMemory: Type.Integer(),
  extendedResources: Type.Record(Type.String(), Type.Number()),
});

const HardwareDescription = Type.Object({
  cpuCores: Type.Integer(),
  physicalMemory: Type.Integer(),
  freeMemory: Type.Integer(),
  managedMemory: Type.Integer(),
});

const TaskExecutorMemoryConfiguration = Type.Object({
  frameworkHeap: Type.Integer(),
  taskHeap: Type.Integer(),
  frameworkOffHeap: Type.Integer(),
  taskOffHeap: Type.Integer(),
  networkMemory: Type.Integer(),
  managedMemory: Type.Integer(),
  jvmMetaspace: Type.Integer(),
  jvmOverhead: Type.Integer(),
  totalFlinkMemory: Type.Integer(),
  totalProcessMemory: Type.Integer(),
});

export const TaskManagerInfo = Type.Object({
  id: Type.String({ description: 'The resource id of the TaskManager.' }),
  path: Type.String({ description: "The TaskExecutor's RPC address." }),
  dataPort: Type.Integer(),
  jmxPort: Type.Integer(),
  timeSinceLastHeartbeat: Type.Integer({ description: 'Time of the last heartbeat (ms since the epoch), as Flink reports it despite the name.' }),
  slotsNumber: Type.Integer(),
  freeSlots: Type.Integer(),
  assignedTasks: Type.Integer(),
  totalResource: ResourceProfileInfo,
  freeResource: ResourceProfileInfo,
  hardware: HardwareDescription,
  memoryConfiguration: TaskExecutorMemoryConfiguration,
  blocked: Type.Boolean(),
});
export type TaskManagerInfo = Static<typeof TaskManagerInfo>;

export const TaskManagersInfo = Type.Object({ taskmanagers: Type.Array(TaskManagerInfo) });

const TaskManagerMetricsInfo = Type.Object({
  heapUsed: Type.Integer(),
  heapCommitted: Type.Integer(),
  heapMax: Type.Integer(),
  nonHeapUsed: Type.Integer(),
  nonHeapCommitted: Type.Integer(),
  nonHeapMax: Type.Integer(),
  directCount: Type.Integer(),
  directUsed: Type.Integer(),
  directMax: Type.Integer(),
  mappedCount: Type.Integer(),
  mappedUsed: Type.Integer(),
  mappedMax: Type.Integer(),
  memorySegmentsAvailable: Type.Integer({ description: 'Deprecated in Flink 1.x (removed in 2.0): nettyShuffleMemorySegmentsAvailable.' }),
  memorySegmentsTotal: Type.Integer({ description: 'Deprecated in Flink 1.x (removed in 2.0): nettyShuffleMemorySegmentsTotal.' }),
  nettyShuffleMemorySegmentsAvailable: Type.Integer(),
  nettyShuffleMemorySegmentsUsed: Type.Integer(),
  nettyShuffleMemorySegmentsTotal: Type.Integer(),
  nettyShuffleMemoryAvailable: Type.Integer(),
  nettyShuffleMemoryUsed: Type.Integer(),
  nettyShuffleMemoryTotal: Type.Integer(),
  garbageCollectors: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer(), time: Type.Integer() })),
});

export const TaskManagerDetailsInfo = Type.Object({
  ...TaskManagerInfo.properties,
  allocatedSlots: Type.Array(Type.Object({ jobId: Type.String(), assignedTasks: Type.Integer(), resource: ResourceProfileInfo })),
  metrics: TaskManagerMetricsInfo,
});
export type TaskManagerDetailsInfo = Static<typeof TaskManagerDetailsInfo>;
