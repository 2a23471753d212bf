/** Job packages and running user `main`s: packaging, opening, plan mode, isolated plan extraction. */
export { packageJob, type PackageJobOptions, type PackagedJob } from './package-job.js';
export { hashFile, openJobPackage, type JobPackage, type OpenJobPackageOptions } from './job-package.js';
export type { JobPackageManifest } from './manifest.js';
export { installSluiceResolver, sluiceApiUrl } from './sluice-resolver.js';
export { listEntryPoints, resolveEntryPoint, type EntryPoint, type JobModule } from './entry-points.js';
export { captureStreamGraph } from './plan-mode.js';
export { importJobModule, runProgram } from './program-runner.js';
export { createProgramJobGraph, type ClusterDefaults } from './program-job-graph.js';
export { ChildProcessJobPackageService, type ChildProcessJobPackageServiceOptions } from './child-process-job-package-service.js';
