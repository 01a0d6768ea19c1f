import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { StrataError, toStrataError } from '../base/errors.js';
import type { OpRegistry, ProgressEvent, ValidWorkflow } from '../dag/index.js';
import { nodeKey } from '../dag/key.js';
import type { Frame } from '../ops/frame.js';
import type { ApiArgs } from '../protocol/contract.js';
import type { ApiEvent } from '../protocol/events.js';
import type { FrameDto, LineageDto, NodeRunDto, OpDto, WorkflowDetailsDto, WorkflowDto, WorkflowJob } from '../protocol/types.js';
import type { Store } from '../store/store.js';

// The workflow engine (its ops, the pool, Arrow for the cache) loads with the first workflow call, not
// with the engine: the engine answers its first calls (series, charts) without waiting for it.
const dag = () => import('../dag/index.js');

/** Finished runs kept for `workflow.status`. */
const KEEP_FINISHED = 50;

/** An op's config schema as JSON Schema, for the editor's generated forms (input side: defaults optional). */
export function configSchema(schema: z.ZodType): Record<string, unknown> {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch {
    // A schema zod cannot describe (a custom refinement) still gets a form: a free JSON object.
    return { type: 'object' };
  }
}

export function opsDto(registry: OpRegistry): OpDto[] {
  return registry.list().map((d) => ({
    op: d.name,
    version: d.version,
    doc: d.doc,
    inputs: { min: d.inputs.min, max: d.inputs.max },
    output: d.output,
    configSchema: configSchema(d.config),
  }));
}

/**
 * The cache key every node would have if the workflow ran now (stored series at their latest revision),
 * computed like the runner does but without running anything: a node whose last run left another key is
 * stale. Null for a node whose key cannot be known without running (its state outside the graph failed).
 */
export function currentKeys(store: Store, valid: ValidWorkflow, registry: OpRegistry): Map<string, string | null> {
  const keys = new Map<string, string | null>();
  const byId = new Map(valid.workflow.nodes.map((n) => [n.id, n]));
  for (const id of valid.order) {
    const node = byId.get(id)!;
    const def = registry.get(node.op)!;
    const config = valid.configs.get(id);
    const inputs = node.inputs.map((i) => keys.get(i) ?? null);
    if (inputs.some((k) => k === null)) {
      keys.set(id, null);
      continue;
    }
    try {
      const external = def.external ? def.external(config, { store, workflow: valid.workflow.name, node: id }) : undefined;
      keys.set(id, nodeKey({ op: def.name, version: def.version, config, inputs: inputs as string[], external }));
    } catch {
      keys.set(id, null);
    }
  }
  return keys;
}

/** Every node of a saved workflow with its last run state, `stale` when its inputs or definition changed since. */
export async function workflowDetails(store: Store, name: string, registry: OpRegistry): Promise<WorkflowDetailsDto> {
  const { WorkflowStore, parseWorkflow } = await dag();
  const ws = new WorkflowStore(store);
  const saved = ws.get(name);
  const states = ws.nodeStates(name);
  let keys: Map<string, string | null> | null = null;
  try {
    keys = currentKeys(store, parseWorkflow(saved.workflow, registry), registry);
  } catch {
    // A workflow saved before an op changed may no longer validate; its states are shown as they are.
  }
  const nodes: NodeRunDto[] = saved.workflow.nodes.map((n) => {
    const s = states.get(n.id);
    if (!s) return { id: n.id, status: 'pending', seconds: 0 };
    const okRun = s.status === 'ran' || s.status === 'cached';
    const now = keys?.get(n.id);
    const stale = okRun && now !== undefined && now !== s.key;
    return { id: n.id, status: stale ? 'stale' : s.status, seconds: s.seconds, finishedAt: s.finishedAt, ...(s.error ? { error: s.error } : {}) };
  });
  return { workflow: saved.workflow as WorkflowDto, savedAt: saved.savedAt, nodes };
}

export function frameDto(frame: Frame, maxPoints?: number): FrameDto {
  const n = maxPoints === undefined ? frame.index.length : Math.min(maxPoints, frame.index.length);
  const channels: Record<string, (number | null)[]> = {};
  for (const [c, values] of Object.entries(frame.channels)) {
    const out: (number | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      out[i] = v === v ? v : null;
    }
    channels[c] = out;
  }
  return {
    indexKind: frame.indexKind,
    tzaware: frame.tzaware ?? false,
    index: Array.from(frame.index.subarray(0, n)),
    channels,
    ...(frame.units ? { units: frame.units } : {}),
    truncated: n < frame.index.length,
  };
}

/** A node's output frame from the last run; refused (with why) when it has none (`strata workflow output` too). */
export async function nodeFrame(store: Store, name: string, nodeId: string): Promise<Frame> {
  const ws = new (await dag()).WorkflowStore(store);
  const saved = ws.get(name);
  if (!saved.workflow.nodes.some((n) => n.id === nodeId)) {
    throw new StrataError('unknown_node', `workflow ${JSON.stringify(name)} has no node ${JSON.stringify(nodeId)}`, { workflow: name, node: nodeId });
  }
  const state = ws.nodeStates(name).get(nodeId);
  if (!state) throw new StrataError('no_output', `node ${JSON.stringify(nodeId)} has no output yet: run the workflow first`, { node: nodeId });
  if (state.status === 'failed' || state.status === 'skipped') {
    const why = state.error ? `: ${state.error.message}` : '';
    throw new StrataError('no_output', `node ${JSON.stringify(nodeId)} has no output: it ${state.status === 'failed' ? 'failed' : 'was skipped'} in the last run${why}`, { node: nodeId });
  }
  const out = state.key ? ws.output(state.key) : null;
  if (!out) throw new StrataError('no_output', `the output of node ${JSON.stringify(nodeId)} is no longer cached: run the workflow again`, { node: nodeId });
  return out.frame;
}

/** A node's output from the last run, as the contract carries it. */
export async function nodeOutput(store: Store, name: string, nodeId: string, maxPoints?: number): Promise<FrameDto> {
  return frameDto(await nodeFrame(store, name, nodeId), maxPoints);
}

/**
 * Workflow runs of the engine, as jobs like imports: `start` answers at once, each node's start and end
 * is pushed as a `workflow` event carrying the whole job, `cancel` aborts the run (running nodes stop,
 * the rest are skipped; what finished stays cached).
 */
export class WorkflowJobs {
  private readonly jobs = new Map<string, { job: WorkflowJob; abort: AbortController }>();

  constructor(
    private readonly store: Store,
    private readonly registry: () => Promise<OpRegistry>,
    private readonly emit: (e: ApiEvent) => void,
  ) {}

  async start(name: string): Promise<WorkflowJob> {
    const { WorkflowStore, parseWorkflow } = await dag();
    const saved = new WorkflowStore(this.store).get(name);
    const registry = await this.registry();
    parseWorkflow(saved.workflow, registry);
    const running = [...this.jobs.values()].find((j) => j.job.name === name && j.job.state === 'running');
    if (running) throw new StrataError('busy', `workflow ${JSON.stringify(name)} is already running (job ${running.job.jobId})`, { jobId: running.job.jobId });
    const job: WorkflowJob = {
      jobId: randomUUID(),
      name,
      state: 'running',
      nodes: saved.workflow.nodes.map((n) => ({ id: n.id, status: 'pending', seconds: 0 })),
      error: null,
    };
    const abort = new AbortController();
    this.jobs.set(job.jobId, { job, abort });
    setImmediate(() => void this.run(job, abort.signal, registry));
    this.prune();
    return copy(job);
  }

  status(jobId: string): WorkflowJob {
    return copy(this.get(jobId).job);
  }

  cancel(jobId: string): WorkflowJob {
    const entry = this.get(jobId);
    if (entry.job.state === 'running') entry.abort.abort('cancelled by the user');
    return copy(entry.job);
  }

  /** Cancels every running job (engine shutdown). */
  cancelAll(): void {
    for (const { job, abort } of this.jobs.values()) if (job.state === 'running') abort.abort('the engine is closing');
  }

  private get(jobId: string) {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new StrataError('unknown_job', `no workflow job ${JSON.stringify(jobId)}`);
    return entry;
  }

  private async run(job: WorkflowJob, signal: AbortSignal, registry: OpRegistry): Promise<void> {
    const node = (id: string) => job.nodes.find((n) => n.id === id);
    const onProgress = (e: ProgressEvent) => {
      if (e.type === 'node-start') {
        const n = node(e.node);
        if (n) n.status = 'running';
      } else if (e.type === 'node-end') {
        const n = node(e.node);
        if (n) Object.assign(n, { status: e.report.status, seconds: e.report.seconds, ...(e.report.error ? { error: e.report.error } : {}) });
      } else return;
      this.emit({ topic: 'workflow', payload: copy(job) });
    };
    try {
      const { runWorkflow } = await dag();
      const report = await runWorkflow(this.store, job.name, { signal, onProgress, registry });
      job.state = report.cancelled ? 'cancelled' : report.nodes.some((n) => n.status === 'failed') ? 'failed' : 'done';
      if (job.state === 'failed') {
        const failed = report.nodes.filter((n) => n.status === 'failed');
        job.error = { code: 'node_failed', message: `${failed.length} of ${report.nodes.length} nodes failed: ${failed.map((n) => n.id).join(', ')}` };
      }
      const written = report.nodes.filter((n) => n.status === 'ran').map((n) => n.id);
      if (written.length) this.emit({ topic: 'store.changed', payload: { series: [] } });
    } catch (e) {
      const err = toStrataError(e);
      job.state = err.code === 'cancelled' ? 'cancelled' : 'failed';
      job.error = { code: err.code, message: err.message };
    }
    this.emit({ topic: 'workflow', payload: copy(job) });
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.job.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.job.jobId);
  }
}

function copy(job: WorkflowJob): WorkflowJob {
  return { ...job, nodes: job.nodes.map((n) => ({ ...n })) };
}

/**
 * The workflow methods. `registry` gives the ops (built-ins plus the engine's plugin node types, loaded on
 * first use), asked for at every call so a rescan of the libraries takes effect at once.
 */
export function workflowHandlers(store: Store, emit: (e: ApiEvent) => void, registry: () => Promise<OpRegistry> = async () => (await dag()).builtinRegistry()) {
  const jobs = new WorkflowJobs(store, registry, emit);
  const ws = async () => new (await dag()).WorkflowStore(store);
  return {
    jobs,
    handlers: {
      'workflow.ops': async () => opsDto(await registry()),
      'workflow.list': async () => (await ws()).list().map((s) => ({ name: s.workflow.name, nodes: s.workflow.nodes.length, savedAt: s.savedAt })),
      'workflow.show': async ({ name }: ApiArgs<'workflow.show'>) => workflowDetails(store, name, await registry()),
      'workflow.validate': async ({ workflow }: ApiArgs<'workflow.validate'>) => ({
        issues: (await dag()).validateWorkflow(workflow, await registry()).issues.map((i) => ({ code: i.code, message: i.message, ...(i.node !== undefined ? { nodeId: i.node } : {}) })),
      }),
      'workflow.save': async ({ workflow }: ApiArgs<'workflow.save'>) => {
        const v = (await dag()).saveWorkflow(store, workflow, await registry());
        return { name: v.workflow.name, nodes: v.workflow.nodes.length };
      },
      'workflow.delete': async ({ name }: ApiArgs<'workflow.delete'>) => {
        (await ws()).delete(name);
        return { name };
      },
      'workflow.run': ({ name }: ApiArgs<'workflow.run'>) => jobs.start(name),
      'workflow.status': ({ jobId }: ApiArgs<'workflow.status'>) => jobs.status(jobId),
      'workflow.cancel': ({ jobId }: ApiArgs<'workflow.cancel'>) => jobs.cancel(jobId),
      'workflow.output': ({ name, nodeId, maxPoints }: ApiArgs<'workflow.output'>) => nodeOutput(store, name, nodeId, maxPoints),
      'workflow.lineage': async ({ series, revisionDate }: ApiArgs<'workflow.lineage'>) =>
        (await dag()).seriesLineage(store, series, revisionDate != null ? { revisionDate } : {}) as LineageDto,
    },
  };
}
