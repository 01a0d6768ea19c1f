import { z } from 'zod';
import { StrataError } from '../base/errors.js';
import type { IndexKind, OpRegistry } from './registry.js';
import { findCycle, topoSort } from './toposort.js';
import type { Workflow, WorkflowNode } from './types.js';

/** One problem found in a workflow, naming the node it is about. */
export interface WorkflowIssue {
  code: 'bad_workflow' | 'duplicate_node' | 'unknown_op' | 'bad_config' | 'bad_inputs' | 'unknown_input' | 'cycle' | 'bad_input_kind';
  message: string;
  node?: string;
  /** For `cycle`: the node ids on it, the first repeated at the end. */
  cycle?: string[];
}

/** A workflow that passed every check, with each node's parsed config (defaults filled in) and an order to run in. */
export interface ValidWorkflow {
  workflow: Workflow;
  configs: ReadonlyMap<string, unknown>;
  /** Node ids, every node after its inputs. */
  order: readonly string[];
  /** Index kind of each node's output. */
  kinds: ReadonlyMap<string, IndexKind>;
}

const MAX_NAME = 200;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const name = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_NAME)
  .refine((s) => !CONTROL.test(s) && s === s.trim(), 'must have no control characters and no leading or trailing spaces');

const nodeSchema = z
  .object({
    id: name,
    op: z.string().min(1),
    config: z.record(z.string(), z.unknown()).default({}),
    inputs: z.array(z.string()).default([]),
  })
  .strict();

// Extra top-level members (e.g. what `workflow show --json` adds) are ignored so its output can be saved back.
const docSchema = z.object({ name, nodes: z.array(z.unknown()).min(1, 'a workflow needs at least one node') });

export function describeNode(id: string, op?: string): string {
  return `node ${JSON.stringify(id)}${op ? ` (${op})` : ''}`;
}

function zodText(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((i) => {
      const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

/** Checks a workflow document against the registry and returns every issue found (none: `workflow` is set). */
export function validateWorkflow(doc: unknown, registry: OpRegistry): { workflow: ValidWorkflow | null; issues: WorkflowIssue[] } {
  const issues: WorkflowIssue[] = [];
  const top = docSchema.safeParse(doc);
  if (!top.success) return { workflow: null, issues: [{ code: 'bad_workflow', message: `workflow: ${zodText(top.error, '')}` }] };

  const nodes: WorkflowNode[] = [];
  const configs = new Map<string, unknown>();
  const byId = new Map<string, WorkflowNode>();
  top.data.nodes.forEach((raw, i) => {
    const rawId = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
    const label = rawId !== null ? describeNode(rawId) : `node #${i + 1}`;
    const shape = nodeSchema.safeParse(raw);
    if (!shape.success) {
      issues.push({ code: 'bad_workflow', message: `${label}: ${zodText(shape.error, '')}`, ...(rawId !== null ? { node: rawId } : {}) });
      return;
    }
    const node: WorkflowNode = shape.data;
    if (byId.has(node.id)) {
      issues.push({ code: 'duplicate_node', message: `${describeNode(node.id)}: the id is used by more than one node`, node: node.id });
      return;
    }
    byId.set(node.id, node);
    nodes.push(node);
    const where = describeNode(node.id, node.op);
    const def = registry.get(node.op);
    if (!def) {
      issues.push({ code: 'unknown_op', message: `${where}: unknown operation ${JSON.stringify(node.op)} (known: ${registry.names().join(', ')})`, node: node.id });
      return;
    }
    const parsed = def.config.safeParse(node.config);
    if (!parsed.success) issues.push({ code: 'bad_config', message: `${where}: invalid config: ${zodText(parsed.error, 'config')}`, node: node.id });
    else configs.set(node.id, parsed.data);
    const n = node.inputs.length;
    if (n < def.inputs.min || n > def.inputs.max) {
      const want = def.inputs.min === def.inputs.max ? `${def.inputs.min}` : `${def.inputs.min} to ${def.inputs.max === Infinity ? 'any number of' : def.inputs.max}`;
      issues.push({ code: 'bad_inputs', message: `${where}: takes ${want} input${def.inputs.max === 1 ? '' : 's'}, got ${n}`, node: node.id });
    }
  });

  for (const node of nodes) {
    for (const input of node.inputs) {
      if (!byId.has(input)) {
        issues.push({ code: 'unknown_input', message: `${describeNode(node.id, node.op)}: input ${JSON.stringify(input)} is not a node of this workflow`, node: node.id });
      }
    }
  }

  const ids = nodes.map((n) => n.id);
  const inputsOf = (id: string) => byId.get(id)?.inputs ?? [];
  const { sorted, cycled } = topoSort(ids, inputsOf);
  if (cycled.length) {
    const cycle = findCycle(cycled, inputsOf) ?? cycled;
    issues.push({ code: 'cycle', message: `the workflow has a cycle: ${cycle.join(' → ')}`, node: cycle[0]!, cycle });
  }

  // Index kinds: a filter cannot follow an FFT. Checked along the order, so every input's kind is known.
  const kinds = new Map<string, IndexKind>();
  for (const id of sorted) {
    const node = byId.get(id)!;
    const def = registry.get(node.op);
    if (!def) continue;
    const inKinds = node.inputs.map((i) => kinds.get(i));
    if (def.accepts !== 'any') {
      node.inputs.forEach((input, k) => {
        const kind = inKinds[k];
        if (kind && kind !== def.accepts) {
          issues.push({
            code: 'bad_input_kind',
            message: `${describeNode(id, node.op)}: needs a ${def.accepts}-indexed input, but ${JSON.stringify(input)} gives a ${kind}-indexed one`,
            node: id,
          });
        }
      });
    }
    const out = def.output === 'input' ? inKinds[0] : def.output;
    if (out) kinds.set(id, out);
  }

  if (issues.length) return { workflow: null, issues };
  return { workflow: { workflow: { name: top.data.name, nodes }, configs, order: sorted, kinds }, issues };
}

/** Like validateWorkflow, but throws one StrataError (code of the first issue) listing every issue. */
export function parseWorkflow(doc: unknown, registry: OpRegistry): ValidWorkflow {
  const { workflow, issues } = validateWorkflow(doc, registry);
  if (workflow) return workflow;
  const first = issues[0]!;
  const name = doc && typeof doc === 'object' && typeof (doc as { name?: unknown }).name === 'string' ? (doc as { name: string }).name : null;
  const head = name ? `workflow ${JSON.stringify(name)}: ` : '';
  throw new StrataError(first.code, head + issues.map((i) => i.message).join('; '), {
    issues,
    ...(first.node !== undefined ? { node: first.node } : {}),
    ...(first.cycle ? { cycle: first.cycle } : {}),
  });
}
