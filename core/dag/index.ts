/**
 * Workflows (processing graphs): the model and its validation, the op registry, cache keys, persistence
 * in the store, the runner (worker threads, cache, cancel, failure isolation) and lineage.
 */
export type { Workflow, WorkflowNode, NodeStatus, NodeError, NodeReport, RunReport, ProgressEvent, LineageStep } from './types.js';
export { topoSort, findCycle } from './toposort.js';
export { canonicalJson } from './canonical.js';
export { nodeKey, definitionHashes, type KeyParts } from './key.js';
export { OpRegistry, type OpDef, type OpContext, type CallerEnv, type Placement, type IndexKind, type RegisterOptions } from './registry.js';
export { BUILTIN_OPS, builtinRegistry, seriesOp, saveOp, dagSource, type SeriesExternal } from './ops/index.js';
export { validateWorkflow, parseWorkflow, describeNode, type ValidWorkflow, type WorkflowIssue } from './model.js';
export { frameToIPC, frameFromIPC } from './frame-arrow.js';
export { WorkflowStore, UNUSED_OUTPUT_RETENTION_US, OUTPUT_USE_INTERVAL_US, type NodeState, type SavedWorkflow, type CachedOutput } from './persist.js';
export { WorkerPool, defaultPoolSize, type WorkerPoolOptions, type PoolTask } from './pool.js';
export { runWorkflow, saveWorkflow, type RunOptions } from './runner.js';
export { seriesLineage, type SeriesLineage, type SavedLineage, type LineageOptions } from './lineage.js';
