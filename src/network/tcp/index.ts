/** The TCP data plane between TaskManagers. */
export * from './tcp-connection-manager.js';
export type * from './data-plane-listener.js';
