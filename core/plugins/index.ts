/**
 * Plugins (host side): library layout and kinds, manifests, hook ordering and library checks, series as
 * Arrow files for plugins, and the wire protocol. Node-only parts (scanning, running processes) are in
 * `./node/index.js`, never imported by pure code.
 */
export { PLUGIN_KINDS, CAPABILITIES, isPluginKind, type PluginKind, type Capability } from './kinds.js';
export { ManifestSchema, HookSchema, OperatorDeclSchema, NodeDeclSchema, parseManifest, type Manifest, type Hook, type OperatorDecl, type NodeDecl } from './manifest.js';
export { cronError, nextCronTime } from './cron.js';
export { hookOrder, type LibraryIssue } from './hooks.js';
export { checkLibrary, type CheckReport } from './check.js';
export { listRow, type PluginEntry } from './types.js';
export { seriesToFeather, seriesToIPC, seriesFromIPC, seriesToJson } from './series-arrow.js';
export { frameToTable, frameFromTable, TIME_INDEX, FREQUENCY_INDEX } from './frame-table.js';
export { encodeFrame, encodeFrameParts, FrameDecoder, WireError, WIRE_VERSION, MAX_HEADER_BYTES, packTables, unpackTables, type WireHeader, type Frame } from './wire.js';
export type { LaunchSpec, PluginChannel, PluginLauncher } from './launcher.js';
export { PluginHost, DEFAULT_HOST_LIMITS, type HostLimits, type StopReason, type CallResult } from './host.js';
export { callWithTable } from './arrow-call.js';
export { seriesToLongIPC, longIPCToSeries } from './long-table.js';
export { runCorrelationHooks, runHook, type HookStore, type HookRun, type HookPlugin } from './hook-runner.js';
export { HookScheduler, systemClock, type Clock, type SchedulerStore, type HookEvent, type HookTrigger, type SchedulerOptions } from './scheduler.js';
export { pluginOperatorSpecs, registerPluginOperators, type PluginCall } from './operators.js';
export { pluginNodeOps, registerPluginNodes, pluginOpName, type PluginNodeExternal } from './nodes.js';
export { PluginSet, type LoadedPlugin, type PluginSetOptions } from './runtime.js';
