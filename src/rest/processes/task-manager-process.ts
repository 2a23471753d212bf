/** A TaskManager's ProcessInfoGateway as the REST layer sees it: every call goes through the Dispatcher. */
import type { DispatcherGateway, ProcessInfoGateway } from '../../protocol/gateways.js';

/** Calls reject with UNKNOWN_TASK_EXECUTOR (404) when no TaskManager `resourceId` is registered. */
export function taskManagerProcess(dispatcher: DispatcherGateway, resourceId: string): ProcessInfoGateway {
  return {
    requestLogList: () => dispatcher.queryTaskManager(resourceId, 'requestLogList', []),
    requestLogFileInfo: (file) => dispatcher.queryTaskManager(resourceId, 'requestLogFileInfo', [file]),
    readLogFile: (name, offset, length) => dispatcher.queryTaskManager(resourceId, 'readLogFile', [name, offset, length]),
    requestThreadDump: () => dispatcher.queryTaskManager(resourceId, 'requestThreadDump', []),
    requestMetrics: () => dispatcher.queryTaskManager(resourceId, 'requestMetrics', []),
  };
}
