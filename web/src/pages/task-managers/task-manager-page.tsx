/**
 * `#/task-manager/<id>/<tab>`: one TaskManager, its slots and the process tabs (metrics, logs,
 * stdout, log list, thread dump) it shares with the JobManager's page.
 */
import type { TaskManagerDetailsInfo } from '../../../../src/rest/api-types.js';
import { getJson } from '../../api.js';
import { ErrorMessage } from '../../error-message.js';
import { formatBytes, formatTime } from '../../format.js';
import { PROCESS_TABS, ProcessTab } from '../../components/process-tabs.js';
import { Tabs } from '../../components/tabs.js';
import { href } from '../../router.js';
import { usePoll } from '../../use-poll.js';
import { TaskManagerSlots } from './task-manager-slots.js';

/** `route`: [id, tab, ...] after `task-manager`. */
export function TaskManagerPage({ route }: { route: string[] }) {
  const id = decodeURIComponent(route[0]!);
  const path = `/taskmanagers/${encodeURIComponent(id)}`;
  const tab = route[1] ?? 'metrics';
  const { data, error } = usePoll(path, () => getJson<TaskManagerDetailsInfo>(path));
  return (
    <section>
      <p className="breadcrumb"><a href={href('task-manager')}>Task Managers</a> / {id}</p>
      <h1>Task Manager {id}</h1>
      {error && <ErrorMessage error={error} />}
      {data && (
        <dl className="summary" data-testid="task-manager-summary">
          <div><dt>Path</dt><dd>{data.path}</dd></div>
          <div><dt>Data Port</dt><dd>{data.dataPort}</dd></div>
          <div><dt>Last Heartbeat</dt><dd>{formatTime(data.timeSinceLastHeartbeat)}</dd></div>
          <div><dt>Slots</dt><dd>{data.freeSlots} free of {data.slotsNumber}</dd></div>
          <div><dt>CPU Cores</dt><dd>{data.hardware.cpuCores}</dd></div>
          <div><dt>Physical Memory</dt><dd>{formatBytes(data.hardware.physicalMemory)}</dd></div>
          {/* Flink's freeMemory is the heap tasks may use (its dashboard says "JVM Heap Size"). */}
          <div><dt>Task Heap</dt><dd>{formatBytes(data.hardware.freeMemory)}</dd></div>
        </dl>
      )}
      <Tabs base={['task-manager', id]} tabs={PROCESS_TABS} current={tab} />
      <ProcessTab path={path} base={['task-manager', id]} route={route.slice(1)} metricsExtra={data && <TaskManagerSlots details={data} />} />
    </section>
  );
}
