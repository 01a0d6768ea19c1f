export { runCli, buildProgram, VERSION } from './main.js';
export type { CliIO } from './io.js';
export { processIO } from './io.js';
export { resolveStorePath, userDataDir } from './paths.js';
