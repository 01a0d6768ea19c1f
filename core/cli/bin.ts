import { runCli } from './main.js';
import { processIO } from './io.js';

// Entry point of the `strata` executable (bin/strata.js loads the compiled copy of this file).
const code = await runCli(process.argv.slice(2), processIO());
process.exitCode = code;
