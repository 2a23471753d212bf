/** `waiting-for-slots` of `/jobs/:jobid`: a job that waits for task slots says so, so it never looks hung. */
import type { PendingSlotRequest } from '../../protocol/execution-graph-info.js';
import type { WaitingForSlots } from './job-schemas.js';

/** The JSON of the JobMaster's outstanding slot request, with the line people read. */
export function waitingForSlotsJson(request: PendingSlotRequest): WaitingForSlots {
  const missing = request.requiredSlots - request.acquiredSlots;
  const free = request.freeSlotsInCluster === undefined ? '' : `; ${request.freeSlotsInCluster} free in the cluster`;
  return {
    'required-slots': request.requiredSlots,
    'acquired-slots': request.acquiredSlots,
    ...(request.freeSlotsInCluster !== undefined && { 'free-slots-in-cluster': request.freeSlotsInCluster }),
    since: request.since,
    message: `Waiting for ${missing} more task slot${missing === 1 ? '' : 's'} (holds ${request.acquiredSlots} of the ${request.requiredSlots} it needs${free})`,
  };
}
