export * from './errors.js';
export * from './disposable.js';
