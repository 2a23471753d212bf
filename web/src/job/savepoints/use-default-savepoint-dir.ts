/** The cluster's default savepoint directory, read once from `/jobmanager/config`. */
import type { ConfigurationInfo } from '../../../../src/rest/api-types.js';
import { getJson } from '../../api.js';
import { usePoll } from '../../use-poll.js';

/** The option's key: `/jobmanager/config` lists it resolved (Flink 1.x's `state.savepoints.dir` included). */
const SAVEPOINT_DIR_KEY = 'execution.checkpointing.savepoint-dir';

/** The directory, '' when the cluster has none, or undefined until the configuration has loaded (or failed to). */
export function useDefaultSavepointDir(): string | undefined {
  const { data } = usePoll('jobmanager/config', () => getJson<ConfigurationInfo>('/jobmanager/config'), false);
  return data && (data.find((e) => e.key === SAVEPOINT_DIR_KEY)?.value ?? '');
}
