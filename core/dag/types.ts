/** A workflow as analysts write it (the file format of CLI.md): named nodes wired by their inputs. */
export interface Workflow {
  name: string;
  nodes: WorkflowNode[];
}

export interface WorkflowNode {
  /** Unique within the workflow; other nodes name it in their `inputs`. */
  id: string;
  /** An operation of the registry (`series`, `filter`, `fft`, `save`, ...). */
  op: string;
  /** The operation's settings, checked against its schema. */
  config: Record<string, unknown>;
  /** Ids of the nodes whose outputs feed this one, in order. */
  inputs: string[];
}

/** What became of a node in a run. */
export type NodeStatus = 'ran' | 'cached' | 'failed' | 'skipped';

export interface NodeError {
  code: string;
  message: string;
}

export interface NodeReport {
  id: string;
  status: NodeStatus;
  seconds: number;
  error?: NodeError;
  /** Cache key of the node's output (absent when it could not be computed). */
  key?: string;
}

export interface RunReport {
  workflow: string;
  /** True when the run was cancelled; unfinished nodes are `skipped` with error code `cancelled`. */
  cancelled: boolean;
  /** One entry per node, in the workflow's order. */
  nodes: NodeReport[];
  seconds: number;
}

/** Progress of a run, for progress bars and the workflow editor. */
export type ProgressEvent =
  | { type: 'start'; workflow: string; total: number }
  | { type: 'node-start'; node: string; op: string; done: number; total: number }
  | { type: 'node-end'; node: string; report: NodeReport; done: number; total: number }
  | { type: 'end'; report: RunReport };

/**
 * One step of lineage: how a node's output was made. Stored with every cached output and (as a list of
 * steps) on every revision a `save` node writes.
 */
export interface LineageStep {
  workflow: string;
  node: string;
  op: string;
  op_version: number;
  /** The config as validated (defaults filled in): what the output actually depends on. */
  config: unknown;
  key: string;
  inputs: { node: string; key: string }[];
  /** State read from outside the graph, e.g. `{series, revision}` for a `series` node (ISO insertion date). */
  external?: unknown;
}
