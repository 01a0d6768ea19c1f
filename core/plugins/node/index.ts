/** Node-only side of plugins: scanning library folders and running plugin processes. */
export { runOnce, type RunLimits, type RunResult, type RunFailure } from './exec.js';
export { scanLibraries, type ScanOptions } from './scan.js';
export { probeExecutable, callModule, PROBE_LIMITS, ANALYZE_LIMITS } from './timeseer.js';
export { runAnalysis, findAnalysis, JSON_COPY_MAX_POINTS, type AnalysisInput } from './analyze.js';
export { childProcessLauncher, nodeLaunchSpec, manifestLaunchSpec } from './child-launcher.js';
export { loadPlugins, type LoadOptions } from './load.js';
export { loadPluginConfig, CONFIG_FILE, CONFIG_FILES, type ConfigResult } from './config.js';
export { watchLibraries, watchPluginConfig } from './watch.js';
export { startPluginRuntime, type PluginRuntime, type RuntimeOptions } from './runtime.js';
