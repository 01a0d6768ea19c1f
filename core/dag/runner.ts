import { StrataError, toStrataError } from '../base/errors.js';
import { checkFrame, type Frame } from '../ops/frame.js';
import type { Store } from '../store/store.js';
import { nodeKey } from './key.js';
import { describeNode, parseWorkflow, type ValidWorkflow } from './model.js';
import { builtinRegistry } from './ops/index.js';
import { WorkflowStore } from './persist.js';
import { cancelled, WorkerPool } from './pool.js';
import type { CallerEnv, OpRegistry } from './registry.js';
import type { LineageStep, NodeError, NodeReport, NodeStatus, ProgressEvent, RunReport, WorkflowNode } from './types.js';

export interface RunOptions {
  /** The node types (default: the built-ins). */
  registry?: OpRegistry;
  /** A long-lived pool to run `pool` ops on (the app keeps one); otherwise the run makes its own and closes it. */
  pool?: WorkerPool;
  /** Size of the run's own pool (default: see defaultPoolSize); 0 runs every op on the caller's thread. */
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  /** Author of the revisions `save` nodes write. */
  author?: string;
}

/** Validates a workflow document (the file format) and saves it under its name, replacing one of that name. */
export function saveWorkflow(store: Store, doc: unknown, registry: OpRegistry = builtinRegistry()): ValidWorkflow {
  const valid = parseWorkflow(doc, registry);
  new WorkflowStore(store).save(valid);
  return valid;
}

/**
 * Runs a saved workflow. Nodes run in topological order as soon as their inputs are done, so independent
 * branches run in parallel (`pool` ops on worker threads). A node whose cache key has a stored output is
 * `cached` and nothing of it is loaded unless a descendant has to run. A failing node is `failed` with its
 * error, its descendants are `skipped`, the rest still run. Cancelling (the signal) ends the run early:
 * unfinished nodes are `skipped` with error code `cancelled` and keep their previous run state.
 */
export async function runWorkflow(store: Store, name: string, opts: RunOptions = {}): Promise<RunReport> {
  const registry = opts.registry ?? builtinRegistry();
  const workflows = new WorkflowStore(store);
  const valid = parseWorkflow(workflows.get(name).workflow, registry);
  const ownPool = !opts.pool && opts.workers !== 0 ? new WorkerPool(opts.workers !== undefined ? { size: opts.workers } : {}) : null;
  try {
    return await new Run(store, workflows, valid, registry, opts.pool ?? ownPool, opts).execute();
  } finally {
    await ownPool?.close();
  }
}

class Run {
  private readonly started = performance.now();
  private readonly reports = new Map<string, NodeReport>();
  private readonly keys = new Map<string, string>();
  private readonly steps = new Map<string, LineageStep>();
  /** Outputs in memory, with how many consumers still need each (then it is dropped). */
  private readonly frames = new Map<string, Promise<Frame>>();
  private readonly consumers = new Map<string, number>();
  /** Keys being computed now: a second node with the same key (the same work) waits for the first. */
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly name: string;
  private readonly total: number;
  private readonly byId: Map<string, WorkflowNode>;

  constructor(
    private readonly store: Store,
    private readonly workflows: WorkflowStore,
    private readonly valid: ValidWorkflow,
    private readonly registry: OpRegistry,
    private readonly pool: WorkerPool | null,
    private readonly opts: RunOptions,
  ) {
    this.name = valid.workflow.name;
    this.total = valid.workflow.nodes.length;
    this.byId = new Map(valid.workflow.nodes.map((n) => [n.id, n]));
    for (const n of valid.workflow.nodes) for (const i of n.inputs) this.consumers.set(i, (this.consumers.get(i) ?? 0) + 1);
  }

  async execute(): Promise<RunReport> {
    this.emit({ type: 'start', workflow: this.name, total: this.total });
    const done = new Map<string, Promise<void>>();
    // Each node waits for its own inputs only: branches proceed independently.
    for (const id of this.valid.order) {
      const inputs = this.byId.get(id)!.inputs.map((i) => done.get(i)!);
      done.set(id, Promise.all(inputs).then(() => this.node(id)));
    }
    await Promise.all(done.values());
    const report: RunReport = {
      workflow: this.name,
      cancelled: !!this.opts.signal?.aborted,
      nodes: this.valid.workflow.nodes.map((n) => this.reports.get(n.id)!),
      seconds: (performance.now() - this.started) / 1000,
    };
    this.workflows.prune();
    this.emit({ type: 'end', report });
    return report;
  }

  private async node(id: string): Promise<void> {
    const node = this.byId.get(id)!;
    const def = this.registry.get(node.op)!;
    const config = this.valid.configs.get(id);
    const where = describeNode(id, node.op);
    const t0 = performance.now();
    const finish = (status: NodeStatus, error?: NodeError, key?: string, persist = true) => {
      const report: NodeReport = { id, status, seconds: (performance.now() - t0) / 1000, ...(error ? { error } : {}), ...(key ? { key } : {}) };
      this.reports.set(id, report);
      if (persist) this.workflows.setNodeState(this.name, report);
      this.emit({ type: 'node-end', node: id, report, done: this.reports.size, total: this.total });
    };
    if (this.opts.signal?.aborted) return finish('skipped', cancelled(where).toJSON(), undefined, false);
    const upstream = node.inputs.find((i) => this.reports.get(i)!.status === 'failed' || this.reports.get(i)!.status === 'skipped');
    if (upstream !== undefined) {
      const up = this.reports.get(upstream)!;
      if (up.error?.code === 'cancelled') return finish('skipped', cancelled(where).toJSON(), undefined, false);
      node.inputs.forEach((i) => this.release(i));
      return finish('skipped', { code: 'upstream_failed', message: `${where}: input ${JSON.stringify(upstream)} ${up.status === 'failed' ? 'failed' : 'was skipped'}` });
    }
    this.emit({ type: 'node-start', node: id, op: node.op, done: this.reports.size, total: this.total });

    let key: string | undefined;
    try {
      const env: CallerEnv = { store: this.store, workflow: this.name, node: id, ...(this.opts.author !== undefined ? { author: this.opts.author } : {}) };
      const inputKeys = node.inputs.map((i) => this.keys.get(i)!);
      const keyFor = (external: unknown) => nodeKey({ op: def.name, version: def.version, config, inputs: inputKeys, external });
      const stepFor = (k: string, external: unknown): LineageStep => ({
        workflow: this.name,
        node: id,
        op: def.name,
        op_version: def.version,
        config,
        key: k,
        inputs: node.inputs.map((n, j) => ({ node: n, key: inputKeys[j]! })),
        ...(external !== undefined ? { external } : {}),
      });
      // `external` may be async: a remote series' version comes from its server.
      let external = def.external ? await def.external(config, env) : undefined;
      key = keyFor(external);
      const twin = this.inflight.get(key);
      if (twin) await twin.catch(() => undefined);
      if (this.workflows.hasOutput(key)) {
        this.keys.set(id, key);
        this.steps.set(id, stepFor(key, external));
        node.inputs.forEach((i) => this.release(i));
        return finish('cached', undefined, key);
      }

      const lookupKey = key;
      let computed!: () => void;
      this.inflight.set(lookupKey, new Promise<void>((r) => (computed = r)));
      try {
        const inputs = await Promise.all(node.inputs.map((i) => this.frame(i)));
        node.inputs.forEach((i) => this.release(i));
        if (this.opts.signal?.aborted) throw cancelled(where);
        let frame: Frame;
        if (def.placement === 'caller' || !this.pool) {
          const ctx = { workflow: this.name, node: id, where, env, external, lineage: this.ancestry(id), ...(this.opts.signal ? { signal: this.opts.signal } : {}) };
          frame = await def.run(inputs, config, ctx);
        } else {
          const task = { op: def.name, config, inputs, workflow: this.name, node: id, where, ...(def.workerModule ? { module: def.workerModule } : {}) };
          frame = await this.pool.run(task, this.opts.signal);
        }
        checkFrame(frame, where);
        const kind = this.valid.kinds.get(id);
        if (kind && frame.indexKind !== kind) throw new StrataError('internal', `${where}: gave a ${frame.indexKind}-indexed output, ${kind} expected`);
        if (def.writes) {
          // Key the output by what the target holds after the write: the next run finds it unchanged.
          external = await def.external!(config, env);
          key = keyFor(external);
        }
        const step = stepFor(key, external);
        this.workflows.putOutput(key, frame, step);
        this.keys.set(id, key);
        this.steps.set(id, step);
        if ((this.consumers.get(id) ?? 0) > 0) this.frames.set(id, Promise.resolve(frame));
        finish('ran', undefined, key);
      } finally {
        this.inflight.delete(lookupKey);
        computed();
      }
    } catch (e) {
      const err = toStrataError(e);
      if (err.code === 'cancelled' || this.opts.signal?.aborted) return finish('skipped', cancelled(where).toJSON(), undefined, false);
      finish('failed', { code: err.code, message: err.message.startsWith(where) ? err.message : `${where}: ${err.message}` }, key);
    }
  }

  /** An input's output: in memory when it ran in this run, else read from the cache (once, shared). */
  private frame(id: string): Promise<Frame> {
    let f = this.frames.get(id);
    if (!f) {
      const key = this.keys.get(id)!;
      f = Promise.resolve().then(() => {
        const out = this.workflows.output(key);
        if (!out) throw new StrataError('corrupt_store', `the cached output of ${describeNode(id)} is missing`);
        return out.frame;
      });
      this.frames.set(id, f);
    }
    return f;
  }

  private release(id: string): void {
    const left = (this.consumers.get(id) ?? 1) - 1;
    this.consumers.set(id, left);
    if (left <= 0) this.frames.delete(id);
  }

  /** Lineage steps of every node upstream of `id`, inputs first. */
  private ancestry(id: string): LineageStep[] {
    const seen = new Set<string>();
    const stack = [...this.byId.get(id)!.inputs];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...this.byId.get(n)!.inputs);
    }
    return this.valid.order.filter((n) => seen.has(n)).map((n) => this.steps.get(n)!);
  }

  private emit(e: ProgressEvent): void {
    try {
      this.opts.onProgress?.(e);
    } catch {
      // A failing progress listener (a closed window) must not break the run.
    }
  }
}
