/** The HTTP status of each SluiceError code that is not a server fault. */
import { ErrorCode } from '../../common/errors.js';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  [ErrorCode.BAD_REQUEST]: 400,
  [ErrorCode.INVALID_PACKAGE]: 400,
  [ErrorCode.ENTRY_NOT_FOUND]: 400,
  [ErrorCode.PLAN_EXTRACTION_FAILED]: 400,
  [ErrorCode.INVALID_PROGRAM]: 400,
  [ErrorCode.GRAPH_MISMATCH]: 400,
  [ErrorCode.INVALID_CONFIG]: 400,
  [ErrorCode.SNAPSHOT_NOT_RESTORABLE]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.JOB_NOT_FOUND]: 404,
  [ErrorCode.JAR_NOT_FOUND]: 404,
  [ErrorCode.UNKNOWN_TASK_EXECUTOR]: 404,
  [ErrorCode.DUPLICATE_JOB]: 409,
  [ErrorCode.UPLOAD_STORAGE_FULL]: 409,
  [ErrorCode.RESCALE_REFUSED]: 409,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
  // The dispatcher cannot be reached, did not answer in time, or is no longer the leader:
  // the request may succeed later or against another JobManager, so it is not our bug (500).
  [ErrorCode.RPC_UNREACHABLE]: 503,
  [ErrorCode.RPC_TIMEOUT]: 503,
  [ErrorCode.FENCING_TOKEN_MISMATCH]: 503,
};

/** The status for a SluiceError code; undefined means "a server fault" (500). */
export function statusForCode(code: string): number | undefined {
  return STATUS_BY_CODE[code];
}
