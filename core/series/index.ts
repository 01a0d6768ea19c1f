export * from './series.js';
export * from './time.js';
export * from './duration.js';
export * from './points.js';
