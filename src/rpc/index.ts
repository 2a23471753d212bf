export * from './frame-codec.js';
export * from './rpc-server.js';
export * from './rpc-client.js';
export * from './gateway-proxy.js';
export * from './frame-server.js';
