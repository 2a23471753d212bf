export * from './config-option.js';
export * from './options.js';
export * from './configuration.js';
export * from './configured-port.js';
