import { StrataError } from '../base/errors.js';
import type { Frame } from '../ops/frame.js';
import { nowUs } from '../series/time.js';
import type { Store } from '../store/store.js';
import { frameFromIPC, frameToIPC } from './frame-arrow.js';
import { definitionHashes } from './key.js';
import type { ValidWorkflow } from './model.js';
import { topoSort } from './toposort.js';
import type { LineageStep, NodeError, NodeReport, NodeStatus, Workflow } from './types.js';

/** The last run state of one node. */
export interface NodeState {
  node: string;
  status: NodeStatus;
  key: string | null;
  error: NodeError | null;
  seconds: number;
  /** µs */
  finishedAt: number;
}

export interface SavedWorkflow {
  workflow: Workflow;
  /** µs */
  savedAt: number;
}

export interface CachedOutput {
  key: string;
  frame: Frame;
  lineage: LineageStep;
  /** µs */
  createdAt: number;
}

/** How long an output no node points to any more is kept (so undoing an edit is still a cache hit). */
export const UNUSED_OUTPUT_RETENTION_US = 7 * 24 * 3600 * 1_000_000;

/**
 * A cache hit records its use only when the recorded one is older than this: SQLite rewrites a whole row
 * to change one column, frame included (megabytes), and pruning counts in days anyway.
 */
export const OUTPUT_USE_INTERVAL_US = 3600 * 1_000_000;

// Uses recorded recently, per store connection, so repeated runs in one process ask the database nothing.
const recentUse = new WeakMap<Store, Map<string, number>>();

interface WorkflowRow {
  name: string;
  definition: string;
  saved_at: number;
}
interface StateRow {
  node: string;
  status: NodeStatus;
  cache_key: string | null;
  error: string | null;
  seconds: number;
  finished_at: number;
}

/** Workflows, node outputs and node run state in the store's database (tables of migration 0004). */
export class WorkflowStore {
  private readonly q;
  private readonly recent: Map<string, number>;

  constructor(readonly store: Store) {
    let recent = recentUse.get(store);
    if (!recent) recentUse.set(store, (recent = new Map()));
    this.recent = recent;
    const db = store.db;
    this.q = {
      get: db.prepare<[string], WorkflowRow>('SELECT * FROM workflow WHERE name = ?'),
      list: db.prepare<[], WorkflowRow>('SELECT * FROM workflow ORDER BY name'),
      upsert: db.prepare(
        'INSERT INTO workflow (name, definition, saved_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET definition = excluded.definition, saved_at = excluded.saved_at',
      ),
      delete: db.prepare('DELETE FROM workflow WHERE name = ?'),
      states: db.prepare<[string], StateRow>('SELECT node, status, cache_key, error, seconds, finished_at FROM workflow_node_state WHERE workflow = ?'),
      deleteState: db.prepare('DELETE FROM workflow_node_state WHERE workflow = ? AND node = ?'),
      setState: db.prepare(
        `INSERT INTO workflow_node_state (workflow, node, status, cache_key, error, seconds, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(workflow, node) DO UPDATE SET status = excluded.status, cache_key = excluded.cache_key, error = excluded.error,
           seconds = excluded.seconds, finished_at = excluded.finished_at`,
      ),
      rowid: db.prepare<[string], { id: number }>('SELECT rowid AS id FROM node_output WHERE cache_key = ?'),
      // Answered from the (used_at, rowid) index alone: reading used_at from the row would walk the frame's pages.
      usedSince: db.prepare<[number, number], { used_at: number }>(
        'SELECT used_at FROM node_output INDEXED BY node_output_by_use WHERE used_at >= ? AND rowid = ?',
      ),
      touch: db.prepare('UPDATE node_output SET used_at = ? WHERE cache_key = ?'),
      output: db.prepare<[string], { frame: Buffer; lineage: string; created_at: number }>('SELECT frame, lineage, created_at FROM node_output WHERE cache_key = ?'),
      outputLineage: db.prepare<[string], { lineage: string }>('SELECT lineage FROM node_output WHERE cache_key = ?'),
      putOutput: db.prepare(
        `INSERT INTO node_output (cache_key, op, op_version, index_kind, rows, frame, lineage, created_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(cache_key) DO UPDATE SET used_at = excluded.used_at`,
      ),
      prune: db.prepare(
        'DELETE FROM node_output WHERE used_at < ? AND cache_key NOT IN (SELECT cache_key FROM workflow_node_state WHERE cache_key IS NOT NULL)',
      ),
    };
  }

  /**
   * Saves a validated workflow under its name, replacing one of that name. Nodes whose definition (or an
   * ancestor's) changed, and removed nodes, lose their last run state; their cached outputs stay, keyed by
   * content, so going back to an earlier definition is a cache hit.
   */
  save(valid: ValidWorkflow, savedAt = nowUs()): void {
    const wf = valid.workflow;
    this.store.transaction(() => {
      const old = this.q.get.get(wf.name);
      this.q.upsert.run(wf.name, JSON.stringify(wf), savedAt);
      if (!old) return;
      const before = (JSON.parse(old.definition) as Workflow).nodes;
      const oldOrder = topoSort(
        before.map((n) => n.id),
        (id) => before.find((n) => n.id === id)?.inputs ?? [],
      ).sorted;
      const oldHashes = definitionHashes(before, oldOrder);
      const newHashes = definitionHashes(wf.nodes, valid.order);
      for (const n of before) {
        if (oldHashes.get(n.id) !== newHashes.get(n.id)) this.q.deleteState.run(wf.name, n.id);
      }
    });
  }

  exists(name: string): boolean {
    return this.q.get.get(name) !== undefined;
  }

  get(name: string): SavedWorkflow {
    const row = this.q.get.get(name);
    if (!row) throw new StrataError('unknown_workflow', `no workflow named ${JSON.stringify(name)}`, { name });
    return { workflow: JSON.parse(row.definition) as Workflow, savedAt: row.saved_at };
  }

  list(): SavedWorkflow[] {
    return this.q.list.all().map((r) => ({ workflow: JSON.parse(r.definition) as Workflow, savedAt: r.saved_at }));
  }

  /** Deletes a workflow and its run state (cached outputs are pruned later, like any unused output). */
  delete(name: string): void {
    if (this.q.delete.run(name).changes === 0) throw new StrataError('unknown_workflow', `no workflow named ${JSON.stringify(name)}`, { name });
  }

  nodeStates(name: string): Map<string, NodeState> {
    const out = new Map<string, NodeState>();
    for (const r of this.q.states.all(name)) {
      out.set(r.node, {
        node: r.node,
        status: r.status,
        key: r.cache_key,
        error: r.error ? (JSON.parse(r.error) as NodeError) : null,
        seconds: r.seconds,
        finishedAt: r.finished_at,
      });
    }
    return out;
  }

  setNodeState(workflow: string, report: NodeReport, finishedAt = nowUs()): void {
    this.q.setState.run(workflow, report.id, report.status, report.key ?? null, report.error ? JSON.stringify(report.error) : null, report.seconds, finishedAt);
  }

  /**
   * Whether an output is cached under `key`; a hit marks it used (pruning spares recently used outputs),
   * at most once per OUTPUT_USE_INTERVAL_US.
   */
  hasOutput(key: string, now = nowUs()): boolean {
    const row = this.q.rowid.get(key);
    if (!row) return false;
    const seen = this.recent.get(key);
    if (seen !== undefined && seen <= now && now - seen < OUTPUT_USE_INTERVAL_US) return true;
    const recorded = this.q.usedSince.get(now - OUTPUT_USE_INTERVAL_US + 1, row.id);
    if (recorded && recorded.used_at <= now) {
      this.recent.set(key, recorded.used_at);
    } else {
      this.q.touch.run(now, key);
      this.recent.set(key, now);
    }
    return true;
  }

  output(key: string): CachedOutput | null {
    const row = this.q.output.get(key);
    if (!row) return null;
    return { key, frame: frameFromIPC(row.frame), lineage: JSON.parse(row.lineage) as LineageStep, createdAt: row.created_at };
  }

  lineage(key: string): LineageStep | null {
    const row = this.q.outputLineage.get(key);
    return row ? (JSON.parse(row.lineage) as LineageStep) : null;
  }

  putOutput(key: string, frame: Frame, lineage: LineageStep, now = nowUs()): void {
    const bytes = frameToIPC(frame);
    this.q.putOutput.run(key, lineage.op, lineage.op_version, frame.indexKind, frame.index.length, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), JSON.stringify(lineage), now, now);
    this.recent.set(key, now);
  }

  /** Deletes outputs no node's last run points to and unused since `before` (µs). Returns how many. */
  prune(before = nowUs() - UNUSED_OUTPUT_RETENTION_US): number {
    return this.q.prune.run(before).changes;
  }
}
