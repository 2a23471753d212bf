/**
 * Errors with a stable code. Every error that crosses a component, process or HTTP boundary is a
 * SluiceError, so callers branch on `code`, never on message text.
 */

/** Who is at fault: the user's input or code, something outside us, or a bug of ours. */
export type ErrorKind = 'user' | 'external' | 'internal';

/** The stable error codes. Add new ones here; never reuse or rename one. */
export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  JOB_NOT_FOUND: 'JOB_NOT_FOUND',
  JAR_NOT_FOUND: 'JAR_NOT_FOUND',
  DUPLICATE_JOB: 'DUPLICATE_JOB',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INVALID_PACKAGE: 'INVALID_PACKAGE',
  ENTRY_NOT_FOUND: 'ENTRY_NOT_FOUND',
  PLAN_EXTRACTION_FAILED: 'PLAN_EXTRACTION_FAILED',
  GRAPH_MISMATCH: 'GRAPH_MISMATCH',
  INVALID_CONFIG: 'INVALID_CONFIG',
  INVALID_PROGRAM: 'INVALID_PROGRAM',
  PROGRAM_ABORTED: 'PROGRAM_ABORTED',
  NO_EXECUTOR: 'NO_EXECUTOR',
  USER_FUNCTION_FAILED: 'USER_FUNCTION_FAILED',
  TASK_FAILED: 'TASK_FAILED',
  RPC_UNREACHABLE: 'RPC_UNREACHABLE',
  RPC_TIMEOUT: 'RPC_TIMEOUT',
  RPC_UNKNOWN_ENDPOINT: 'RPC_UNKNOWN_ENDPOINT',
  RPC_UNKNOWN_METHOD: 'RPC_UNKNOWN_METHOD',
  FENCING_TOKEN_MISMATCH: 'FENCING_TOKEN_MISMATCH',
  UNKNOWN_TASK_EXECUTOR: 'UNKNOWN_TASK_EXECUTOR',
  SLOT_ALLOCATION_FAILED: 'SLOT_ALLOCATION_FAILED',
  BLOB_NOT_FOUND: 'BLOB_NOT_FOUND',
  ILLEGAL_STATE: 'ILLEGAL_STATE',
  INTERNAL: 'INTERNAL',
  INVALID_STATE_ACCESS: 'INVALID_STATE_ACCESS',
  JOB_CANCELED: 'JOB_CANCELED',
  TASK_MANAGER_LOST: 'TASK_MANAGER_LOST',
  JOB_FAILED: 'JOB_FAILED',
  PORT_IN_USE: 'PORT_IN_USE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  UPLOAD_STORAGE_FULL: 'UPLOAD_STORAGE_FULL',
  /** Bad input on the data plane: a malformed frame or buffer, an unknown channel, data after its channel ended or for a task that ended. */
  NETWORK_BAD_INPUT: 'NETWORK_BAD_INPUT',
  /** A diagnostic probe event arrived out of order or after the wrong number of records. */
  NETWORK_PROBE_MISMATCH: 'NETWORK_PROBE_MISMATCH',
  /** The TaskManager at the other end of a task's channel is gone. */
  NETWORK_PEER_LOST: 'NETWORK_PEER_LOST',
  /** A checkpoint was aborted (declined, expired, or its files could not be written); past the tolerable number the job fails with it. */
  CHECKPOINT_FAILED: 'CHECKPOINT_FAILED',
  /** A completed checkpoint cannot be restored: its `_metadata` or a state file is missing or does not match. */
  CHECKPOINT_CORRUPT: 'CHECKPOINT_CORRUPT',
  /** A job cannot start from the snapshot it names: unreadable, not a Sluice snapshot, or its state does not map onto the job's operators. */
  SNAPSHOT_NOT_RESTORABLE: 'SNAPSHOT_NOT_RESTORABLE',
  /** A task could not take its part of a checkpoint (not running yet, finishing, a newer barrier came first, its state could not be taken or written). */
  CHECKPOINT_DECLINED: 'CHECKPOINT_DECLINED',
  /** A savepoint disposal named a directory that does not hold a Sluice savepoint: nothing was deleted. */
  SAVEPOINT_DISPOSAL_REFUSED: 'SAVEPOINT_DISPOSAL_REFUSED',
  /** A job cannot be rescaled now: it is not RUNNING, another rescale is under way, or it cannot take savepoints. */
  RESCALE_REFUSED: 'RESCALE_REFUSED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Plain-data form of an error, as it travels over RPC and is archived. */
export interface SerializedError {
  code: string;
  kind: ErrorKind;
  retryable: boolean;
  message: string;
  stack?: string;
}

/** The one error class of Sluice: a message for people plus a code for programs. */
export class SluiceError extends Error {
  readonly code: ErrorCode | string;
  readonly kind: ErrorKind;
  readonly retryable: boolean;

  constructor(
    code: ErrorCode | string,
    message: string,
    opts: { kind?: ErrorKind; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SluiceError';
    this.code = code;
    this.kind = opts.kind ?? 'internal';
    this.retryable = opts.retryable ?? false;
  }

  /** A user error (bad input or failing user code): shown to the user as is. */
  static user(code: ErrorCode, message: string, cause?: unknown): SluiceError {
    return new SluiceError(code, message, { kind: 'user', cause });
  }
}

/**
 * A request refused because the cluster is busy with requests of its kind (a bounded pool and
 * queue are full); the client may try again after `retryAfterSeconds`.
 */
export class OverloadedError extends SluiceError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(ErrorCode.TOO_MANY_REQUESTS, message, { kind: 'external', retryable: true });
    this.name = 'OverloadedError';
  }
}

/** Turns anything thrown into plain data, keeping the code of a SluiceError. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof SluiceError) {
    return { code: err.code, kind: err.kind, retryable: err.retryable, message: err.message, stack: err.stack };
  }
  if (err instanceof Error) {
    return { code: ErrorCode.INTERNAL, kind: 'internal', retryable: false, message: err.message, stack: err.stack };
  }
  return { code: ErrorCode.INTERNAL, kind: 'internal', retryable: false, message: String(err) };
}

/** Rebuilds a SluiceError from its serialized form (the remote stack is kept). */
export function deserializeError(e: SerializedError): SluiceError {
  const err = new SluiceError(e.code, e.message, { kind: e.kind, retryable: e.retryable });
  if (e.stack) err.stack = e.stack;
  return err;
}

/** The message of anything thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
