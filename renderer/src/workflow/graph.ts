/**
 * The workflow being edited as plain data, and what the canvas needs from it: edits (add, connect,
 * remove, rename, configure), automatic layout (dagre, left to right), which nodes are stale since their
 * last run, and the graph of a series' lineage. Pure: unit-tested.
 */
import dagre from '@dagrejs/dagre';
import { canonicalJson } from '../../../core/dag/canonical.js';
import type { LineageDto } from '../../../core/protocol/index.js';

export interface WNode {
  id: string;
  op: string;
  config: Record<string, unknown>;
  inputs: string[];
}

export interface WGraph {
  name: string;
  nodes: WNode[];
  /** Canvas positions (not part of the workflow the engine stores). */
  positions: Record<string, { x: number; y: number }>;
}

export const NODE_W = 190;
export const NODE_H = 64;

/** Positions for every node: layered left to right along the data flow. */
export function autoLayout(nodes: readonly WNode[]): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) g.setNode(n.id, { width: NODE_W, height: NODE_H });
  for (const n of nodes) for (const i of n.inputs) if (ids.has(i)) g.setEdge(i, n.id);
  dagre.layout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const n of nodes) {
    const p = g.node(n.id) as { x: number; y: number };
    out[n.id] = { x: Math.round(p.x - NODE_W / 2), y: Math.round(p.y - NODE_H / 2) };
  }
  return out;
}

/** A fresh node id for an op: `filter`, then `filter_2`, ... */
export function freshId(g: WGraph, op: string): string {
  const base = op.replace(/[^a-z0-9_]/gi, '_');
  const taken = new Set(g.nodes.map((n) => n.id));
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) if (!taken.has(`${base}_${k}`)) return `${base}_${k}`;
}

export function addNode(g: WGraph, op: string, config: Record<string, unknown> = {}, at?: { x: number; y: number }): { graph: WGraph; id: string } {
  const id = freshId(g, op);
  const nodes = [...g.nodes, { id, op, config, inputs: [] }];
  const positions = at ? { ...g.positions, [id]: at } : { ...autoLayout(nodes) };
  return { graph: { ...g, nodes, positions }, id };
}

/** Wires `source`'s output into `target`; with `max` inputs reached, the newest replaces the last. Refuses cycles. */
export function connect(g: WGraph, source: string, target: string, max: number): WGraph | { error: string } {
  if (source === target) return { error: 'a node cannot feed itself' };
  if (max === 0) return { error: `node ${target} takes no inputs` };
  if (reaches(g, target, source)) return { error: `connecting ${source} → ${target} would make a cycle` };
  return {
    ...g,
    nodes: g.nodes.map((n) => {
      if (n.id !== target || n.inputs.includes(source)) return n;
      const inputs = n.inputs.length >= max ? [...n.inputs.slice(0, max - 1), source] : [...n.inputs, source];
      return { ...n, inputs };
    }),
  };
}

/** Whether data flows from `from` to `to`. */
function reaches(g: WGraph, from: string, to: string): boolean {
  const consumers = new Map<string, string[]>();
  for (const n of g.nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n.id]);
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length) {
    const x = todo.pop()!;
    if (x === to) return true;
    if (seen.has(x)) continue;
    seen.add(x);
    todo.push(...(consumers.get(x) ?? []));
  }
  return false;
}

export function disconnect(g: WGraph, source: string, target: string): WGraph {
  return { ...g, nodes: g.nodes.map((n) => (n.id === target ? { ...n, inputs: n.inputs.filter((i) => i !== source) } : n)) };
}

export function removeNodes(g: WGraph, ids: readonly string[]): WGraph {
  const gone = new Set(ids);
  const positions = { ...g.positions };
  for (const id of ids) delete positions[id];
  return { ...g, positions, nodes: g.nodes.filter((n) => !gone.has(n.id)).map((n) => ({ ...n, inputs: n.inputs.filter((i) => !gone.has(i)) })) };
}

export function setConfig(g: WGraph, id: string, config: Record<string, unknown>): WGraph {
  return { ...g, nodes: g.nodes.map((n) => (n.id === id ? { ...n, config } : n)) };
}

const ID_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function renameNode(g: WGraph, id: string, next: string): WGraph | { error: string } {
  if (next === id) return g;
  if (!ID_RE.test(next)) return { error: 'a node id starts with a letter or _ and holds letters, digits, _ . -' };
  if (g.nodes.some((n) => n.id === next)) return { error: `a node ${next} exists` };
  const positions = { ...g.positions };
  if (positions[id]) {
    positions[next] = positions[id]!;
    delete positions[id];
  }
  return { ...g, positions, nodes: g.nodes.map((n) => ({ ...n, id: n.id === id ? next : n.id, inputs: n.inputs.map((i) => (i === id ? next : i)) })) };
}

/** What the engine stores: the workflow without canvas positions. */
export function toWorkflow(g: WGraph): { name: string; nodes: WNode[] } {
  return { name: g.name, nodes: g.nodes.map((n) => ({ id: n.id, op: n.op, config: n.config, inputs: n.inputs })) };
}

/** One canonical text per node definition (op, config, inputs), to tell what changed since a run. */
export function definitions(nodes: readonly WNode[]): Map<string, string> {
  return new Map(nodes.map((n) => [n.id, canonicalJson({ op: n.op, config: n.config, inputs: n.inputs })]));
}

/**
 * Nodes whose last run no longer describes them: their definition changed since (or they never ran with
 * this definition), or a node upstream of them is stale.
 */
export function staleNodes(nodes: readonly WNode[], ranWith: ReadonlyMap<string, string>): Set<string> {
  const now = definitions(nodes);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const memo = new Map<string, boolean>();
  const stale = (id: string, path: Set<string>): boolean => {
    if (memo.has(id)) return memo.get(id)!;
    const n = byId.get(id);
    if (!n || path.has(id)) return false;
    path.add(id);
    const s = ranWith.get(id) !== now.get(id) || n.inputs.some((i) => stale(i, path));
    path.delete(id);
    memo.set(id, s);
    return s;
  };
  return new Set(nodes.filter((n) => stale(n.id, new Set())).map((n) => n.id));
}

/** A series' lineage, as `workflow.lineage` answers (core/protocol). */
export type SeriesLineageDto = LineageDto;

export interface LineageNode {
  id: string;
  kind: 'series' | 'step';
  label: string;
  detail: string;
}

/**
 * A series' lineage as a graph: each series (the one asked about and every stored series upstream) and
 * each workflow step, with edges along the data flow (series → source step → ... → save → series).
 */
export function lineageGraph(l: SeriesLineageDto): { nodes: LineageNode[]; edges: { from: string; to: string }[] } {
  const nodes = new Map<string, LineageNode>();
  const edges = new Set<string>();
  const edge = (from: string, to: string) => edges.add(`${from}\u0000${to}`);
  const seriesId = (s: string) => `series:${s}`;
  const visit = (x: SeriesLineageDto) => {
    const sid = seriesId(x.series);
    if (!nodes.has(sid)) {
      const detail = x.missing ? 'no longer exists' : [x.insertion_date ? `revision ${x.insertion_date}` : 'no revision', x.source, x.author].filter(Boolean).join(' · ');
      nodes.set(sid, { id: sid, kind: 'series', label: x.series, detail });
    }
    const stepId = (wf: string, key: string) => `step:${wf}:${key}`;
    const byNode = new Map(x.steps.map((s) => [s.node, s]));
    for (const s of x.steps) {
      const id = stepId(s.workflow, s.key);
      nodes.set(id, { id, kind: 'step', label: `${s.node} (${s.op})`, detail: `${s.workflow} · v${s.op_version} · ${JSON.stringify(s.config)}` });
      for (const i of s.inputs) {
        const src = byNode.get(i.node);
        edge(src ? stepId(src.workflow, src.key) : stepId(s.workflow, i.key), id);
      }
      const ext = s.external as { series?: unknown } | undefined;
      if (s.inputs.length === 0 && ext && typeof ext.series === 'string') edge(seriesId(ext.series), id);
    }
    if (x.workflow && x.node) {
      // The save node that wrote the revision: fed by the steps no other step reads, and feeding the series.
      const save = `save:${x.workflow}:${x.node}:${x.series}`;
      nodes.set(save, { id: save, kind: 'step', label: `${x.node} (save)`, detail: `${x.workflow} · ${JSON.stringify(x.config ?? {})}` });
      const read = new Set(x.steps.flatMap((s) => s.inputs.map((i) => i.node)));
      for (const s of x.steps) if (!read.has(s.node)) edge(stepId(s.workflow, s.key), save);
      edge(save, sid);
    }
    for (const u of x.upstream) visit(u);
  };
  visit(l);
  return { nodes: [...nodes.values()], edges: [...edges].map((e) => {
    const [from, to] = e.split('\u0000') as [string, string];
    return { from, to };
  }) };
}
