import { useEffect, useMemo, useState } from 'react';
import { Background, Controls, Handle, Position, ReactFlow, type Node, type NodeProps } from '@xyflow/react';
import dagre from '@dagrejs/dagre';
import { api, call } from '../api.js';
import { lineageGraph, type LineageNode, type SeriesLineageDto } from './graph.js';

type LNode = Node<LineageNode & Record<string, unknown>, 'lineage'>;

function LineageBox({ data }: NodeProps<LNode>) {
  return (
    <div className={`lin-node lin-${data.kind}`} data-testid="lineage-node" data-kind={data.kind} data-label={data.label} title={data.detail}>
      <Handle type="target" position={Position.Left} />
      <strong>{data.label}</strong>
      <div className="muted small">{data.detail}</div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
const TYPES = { lineage: LineageBox };
const W = 220;
const H = 56;

/** Where a saved series came from, as a graph: stored series → workflow steps → saves → series, back to data written by something else. */
export function LineageView({ theme, seriesNames }: { theme: 'light' | 'dark'; seriesNames: readonly string[] }) {
  const [name, setName] = useState('');
  const [lineage, setLineage] = useState<SeriesLineageDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const show = (n: string) => {
    if (!n) return;
    call(api.call('workflow.lineage', { series: n })).then(
      (l) => {
        setLineage(l);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  };
  useEffect(() => setLineage(null), [name]);
  const flow = useMemo(() => {
    if (!lineage) return null;
    const { nodes, edges } = lineageGraph(lineage);
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR', nodesep: 20, ranksep: 60 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of nodes) g.setNode(n.id, { width: W, height: H });
    for (const e of edges) g.setEdge(e.from, e.to);
    dagre.layout(g);
    return {
      nodes: nodes.map((n): LNode => {
        const p = g.node(n.id) as { x: number; y: number };
        return { id: n.id, type: 'lineage', position: { x: p.x - W / 2, y: p.y - H / 2 }, data: { ...n }, draggable: false };
      }),
      edges: edges.map((e) => ({ id: `${e.from}->${e.to}`, source: e.from, target: e.to })),
      key: `${lineage.series}@${lineage.insertion_date ?? ''}`,
    };
  }, [lineage]);
  return (
    <div className="lineage" data-testid="lineage-view">
      <div className="toolbar">
        <label>
          Series
          <input aria-label="Lineage series" list="lineage-series" value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && show(name)} size={30} />
        </label>
        <datalist id="lineage-series">
          {seriesNames.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <button onClick={() => show(name)}>Show lineage</button>
        {lineage && !lineage.steps.length && <span className="muted">{lineage.series} was not written by a workflow ({lineage.source || 'no source'}).</span>}
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {flow && (
        <div className="wf-canvas lineage-canvas">
          {/* Uncontrolled (read-only): xyflow keeps the nodes' measured sizes itself; a new lineage remounts it. */}
          <ReactFlow key={flow.key} defaultNodes={flow.nodes} defaultEdges={flow.edges} nodeTypes={TYPES} fitView nodesConnectable={false} colorMode={theme} proOptions={{ hideAttribution: true }}>
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      )}
    </div>
  );
}
