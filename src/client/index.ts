/** The client side of a remote cluster, over REST only: submitting programs, following jobs, remote execution. */
export { RestClusterClient, type RescaleJson, type CheckpointStatusJson, type JarFileJson, type JobDetailsJson, type JobOverviewJson, type JarRunRequest, type PlanNodeJson } from './rest-cluster-client.js';
export { describeJars, describeJobs, describePlan, type JobListing } from './listings.js';
export { submitProgram, type ProgramSubmission } from './program-submission.js';
export { awaitJobResult, followJob, jobFailure, type JobExecutionResult } from './job-outcome.js';
export { JOBMANAGER_ENV, RemoteExecutor, RemoteJobClient, entryFileRemoteExecutor } from './remote-executor.js';
export { runOnCluster, type ClusterRunOptions } from './run-on-cluster.js';
export { triggerCheckpoint } from './manual-checkpoint.js';
export { disposeSavepoint, stopWithSavepoint, triggerSavepoint } from './savepoints.js';
export { rescaleJob, type RescaleTarget } from './rescale.js';
