export * from './states.js';
export * from './job-graph.js';
export * from './deployment.js';
export * from './execution-graph-info.js';
export * from './cluster-info.js';
export * from './gateways.js';
export * from './job-packages.js';
