/** The REST API of the JobManager (Flink-compatible dispatcher endpoints). */
export { createRestServer, type RestServer, type RestServerDeps } from './server.js';
