/**
 * Flink's EnvironmentInfo for the JobManager (`/jobmanager/environment`): Flink describes its
 * JVM; Sluice describes the Node.js runtime in the same fields. There is no classpath.
 */
import { arch, platform } from 'node:os';
import type { EnvironmentInfo } from './cluster-schemas.js';

export function environmentJson(): EnvironmentInfo {
  return {
    jvm: { version: `Node.js ${process.version} (V8 ${process.versions.v8})`, arch: `${platform()} ${arch()}`, options: [...process.execArgv] },
    classpath: [],
  };
}
