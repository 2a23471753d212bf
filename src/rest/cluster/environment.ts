/**
 * Flink's EnvironmentInfo for the JobManager (`/jobmanager/environment`): Flink describes its
 * JVM; Sluice describes the Node.js runtime in the same fields. There is no classpath.
 */
import { arch, platform } from 'node:os';

export function environmentJson(): { jvm: { version: string; arch: string; options: string[] }; classpath: string[] } {
  return {
    jvm: { version: `Node.js ${process.version} (V8 ${process.versions.v8})`, arch: `${platform()} ${arch()}`, options: [...process.execArgv] },
    classpath: [],
  };
}
