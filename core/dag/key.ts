// Node-only (node:crypto): cache keys are computed by the runner, which runs in Node (CLI, app engine, workers).
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';

export interface KeyParts {
  op: string;
  version: number;
  /** The parsed config (defaults filled in). */
  config: unknown;
  /** The keys of the node's inputs, in order. */
  inputs: readonly string[];
  /** State read from outside the graph (a series' latest insertion date), if the op has any. */
  external?: unknown;
}

/** A node's cache key: SHA-256 of op, op version, canonical config, input keys and external state. */
export function nodeKey(parts: KeyParts): string {
  const doc = { op: parts.op, v: parts.version, config: parts.config, inputs: parts.inputs, external: parts.external };
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

/**
 * A node's definition hash: op, config as written and its inputs' definition hashes. Saving a workflow
 * forgets the last run state of nodes whose definition (or an ancestor's) changed, so `workflow output`
 * never shows a result of an older definition.
 */
export function definitionHashes(nodes: readonly { id: string; op: string; config: unknown; inputs: readonly string[] }[], order: readonly string[]): Map<string, string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, string>();
  for (const id of order) {
    const n = byId.get(id)!;
    const doc = { op: n.op, config: n.config, inputs: n.inputs.map((i) => out.get(i) ?? i) };
    out.set(id, createHash('sha256').update(canonicalJson(doc)).digest('hex'));
  }
  return out;
}
