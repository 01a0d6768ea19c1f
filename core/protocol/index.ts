// The service contract shared by main, renderer, CLI and the web transport (pure, browser-safe).
export * from './contract.js';
export * from './types.js';
export * from './result.js';
export * from './client.js';
export * from './validate.js';
export * from './events.js';
