/**
 * The RuntimeContext user functions get (Flink's StreamingRuntimeContext): the task's TaskInfo
 * plus keyed state from the operator's backend. On a non-keyed operator the state getters throw,
 * as in Flink.
 */
import type { RuntimeContext, TaskInfo } from '../api/functions.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { AbstractKeyedStateBackend } from '../state/index.js';
import { bindUserFunction } from './user-functions.js';

export function createRuntimeContext(info: TaskInfo, keyedState: AbstractKeyedStateBackend | undefined): RuntimeContext {
  const backend = (): AbstractKeyedStateBackend => {
    if (keyedState === undefined) {
      throw SluiceError.user(ErrorCode.INVALID_STATE_ACCESS, `Keyed state can only be used on a 'keyed stream', i.e., after a 'keyBy()' operation (operator '${info.getTaskName()}').`);
    }
    return keyedState;
  };
  return {
    getJobId: () => info.getJobId(),
    getTaskName: () => info.getTaskName(),
    getIndexOfThisSubtask: () => info.getIndexOfThisSubtask(),
    getNumberOfParallelSubtasks: () => info.getNumberOfParallelSubtasks(),
    getMaxNumberOfParallelSubtasks: () => info.getMaxNumberOfParallelSubtasks(),
    getAttemptNumber: () => info.getAttemptNumber(),
    getState: (d) => backend().getValueState(d.name, d.defaultValue),
    getListState: (d) => backend().getListState(d.name),
    getMapState: (d) => backend().getMapState(d.name),
    getReducingState: (d) => backend().getReducingState(d.name, bindUserFunction(d.reduceFunction, 'reduce')),
  };
}
