/**
 * The heartbeat keys of a cluster (`heartbeat.interval`, `heartbeat.timeout`,
 * `heartbeat.rpc-failure-threshold`), read together because they are only valid together.
 */
import type { Configuration } from '../common/config/configuration.js';
import { HeartbeatOptions } from '../common/config/options.js';
import { ErrorCode, SluiceError } from '../common/errors.js';

export interface HeartbeatSettings {
  intervalMs: number;
  timeoutMs: number;
  /** Failed requests in a row that make a target unreachable; -1: only the timeout does. */
  rpcFailureThreshold: number;
}

/**
 * The heartbeat settings of `config`. Throws INVALID_CONFIG naming the keys for combinations
 * Flink rejects too: an interval of 0 (requests in a tight loop), a timeout shorter than the
 * interval (every peer would time out between two heartbeats), a threshold of 0.
 */
export function heartbeatSettings(config: Configuration): HeartbeatSettings {
  const intervalMs = config.get(HeartbeatOptions.INTERVAL);
  const timeoutMs = config.get(HeartbeatOptions.TIMEOUT);
  const rpcFailureThreshold = config.get(HeartbeatOptions.RPC_FAILURE_THRESHOLD);
  const invalid = (message: string): SluiceError => SluiceError.user(ErrorCode.INVALID_CONFIG, message);
  if (intervalMs <= 0) throw invalid(`Invalid value for config option '${HeartbeatOptions.INTERVAL.key}': the heartbeat interval must be larger than 0 ms`);
  if (timeoutMs < intervalMs) {
    throw invalid(`Invalid value for config option '${HeartbeatOptions.TIMEOUT.key}': the heartbeat timeout (${timeoutMs} ms) must be at least '${HeartbeatOptions.INTERVAL.key}' (${intervalMs} ms)`);
  }
  if (rpcFailureThreshold === 0) {
    throw invalid(`Invalid value for config option '${HeartbeatOptions.RPC_FAILURE_THRESHOLD.key}': expected a number of failed heartbeat RPCs larger than 0, or -1 to turn the check off`);
  }
  return { intervalMs, timeoutMs, rpcFailureThreshold };
}
