import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, ReactFlow, type Connection, type Edge, type NodeChange, type EdgeChange, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { FrameDto, NodeRunDto, OpDto, SeriesSummary, WorkflowIssueDto, WorkflowJob } from '../../../core/protocol/index.js';
import { api, call } from '../api.js';
import { subscribe } from '../events.js';
import { useHistory } from '../commands/useHistory.js';
import { addNode, autoLayout, connect, definitions, disconnect, removeNodes, renameNode, setConfig, staleNodes, toWorkflow, type WGraph } from './graph.js';
import { OpNode, type OpFlowNode } from './OpNode.js';
import { NodeForm } from './NodeForm.js';
import { Plot } from '../plot/Plot.js';
import { frameSpec } from './outputs.js';
import { LineageView } from './LineageView.js';
import { Confirm, type ConfirmSpec } from '../ui/Confirm.js';

interface Props {
  theme: 'light' | 'dark';
  series: SeriesSummary[];
}

const NODE_TYPES = { op: OpNode };
const EMPTY: WGraph = { name: 'untitled', nodes: [], positions: {} };

function summary(config: Record<string, unknown>): string {
  const parts = Object.entries(config).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const s = parts.join(' ');
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

/**
 * The workflow builder: the op palette, a node canvas (@xyflow/react, laid out by dagre) with forms
 * generated from each op's config schema, connect / delete / rename, save, validate, run / rerun / cancel
 * with each node's state on the graph, a node's output charted on click (several selected: side by side),
 * undo / redo of every edit (layout included), and the lineage of a saved series as a graph.
 */
export function WorkflowPanel({ theme, series }: Props) {
  const [ops, setOps] = useState<OpDto[]>([]);
  const [saved, setSaved] = useState<{ name: string; nodes: number }[]>([]);
  const g = useHistory<WGraph>(() => EMPTY, 'workflow edits');
  const graph = g.value;
  const [selected, setSelected] = useState<string[]>([]);
  const [states, setStates] = useState<Map<string, NodeRunDto>>(new Map());
  const [ranWith, setRanWith] = useState<Map<string, string>>(new Map());
  const [job, setJob] = useState<WorkflowJob | null>(null);
  const [issues, setIssues] = useState<WorkflowIssueDto[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [outputs, setOutputs] = useState<Map<string, FrameDto | { error: string }>>(new Map());
  const [paletteFilter, setPaletteFilter] = useState('');
  const [tab, setTab] = useState<'graph' | 'lineage'>('graph');
  const [renaming, setRenaming] = useState('');
  const [confirm, setConfirm] = useState<ConfirmSpec | null>(null);
  const jobRef = useRef<string | null>(null);
  const dragStart = useRef<WGraph | null>(null);
  const flow = useRef<ReactFlowInstance<OpFlowNode> | null>(null);
  // Controlled canvas: the sizes xyflow measured must come back on every node, or it hides them as unmeasured.
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const opByName = useMemo(() => new Map(ops.map((o) => [o.op, o])), [ops]);
  const seriesNames = useMemo(() => series.map((s) => s.name), [series]);

  useEffect(() => {
    call(api.call('workflow.ops', {})).then(setOps, (e: Error) => setMessage({ ok: false, text: e.message }));
  }, []);
  const loadList = useCallback(() => {
    call(api.call('workflow.list', {})).then(setSaved, () => {});
  }, []);
  useEffect(loadList, [loadList]);

  /** The engine's view of a saved workflow: its definition and each node's last state. */
  const refreshStates = useCallback(async (name: string, replaceGraph: boolean) => {
    const d = await call(api.call('workflow.show', { name }));
    setStates(new Map(d.nodes.map((n) => [n.id, n])));
    setRanWith(definitions(d.workflow.nodes));
    if (replaceGraph) {
      const nodes = d.workflow.nodes.map((n) => ({ id: n.id, op: n.op, config: n.config, inputs: n.inputs }));
      g.set({ name: d.workflow.name, nodes, positions: autoLayout(nodes) });
    }
    return d;
  }, []);

  const open = (name: string) => {
    setSelected([]);
    setOutputs(new Map());
    setIssues([]);
    setJob(null);
    setMessage(null);
    refreshStates(name, true).catch((e: Error) => setMessage({ ok: false, text: e.message }));
  };

  // Job progress: `workflow` events carry the whole job; polling covers a missed event.
  useEffect(
    () =>
      subscribe((e) => {
        if (e.topic === 'workflow' && e.payload.jobId === jobRef.current) setJob(e.payload);
      }),
    [],
  );
  useEffect(() => {
    if (job?.state !== 'running') return;
    const t = setInterval(() => {
      void api.call('workflow.status', { jobId: job.jobId }).then((r) => r.ok && r.value.jobId === jobRef.current && setJob(r.value));
    }, 500);
    return () => clearInterval(t);
  }, [job?.state, job?.jobId]);
  const finished = job && job.state !== 'running' ? job.jobId : null;
  useEffect(() => {
    if (!finished) return;
    refreshStates(graph.name, false)
      .then(() => setOutputs(new Map()))
      .catch(() => {});
    setMessage(job!.state === 'done' ? { ok: true, text: `Run done: ${summaryOf(job!)}` } : { ok: false, text: job!.error?.message ?? `run ${job!.state}` });
  }, [finished]);

  // Outputs of the selected nodes (refetched after each run).
  useEffect(() => {
    if (job?.state === 'running') return;
    for (const id of selected) {
      if (outputs.has(id)) continue;
      const st = states.get(id);
      if (!st) continue;
      void api.call('workflow.output', { name: graph.name, nodeId: id, maxPoints: 50_000 }).then((r) =>
        setOutputs((m) => new Map(m).set(id, r.ok ? r.value : { error: r.error.message })),
      );
    }
  }, [selected, states, outputs, job?.state, graph.name]);

  // Keep the whole graph in view as it grows or is rewired.
  const shape = `${graph.name}|${graph.nodes.map((n) => n.id + ':' + n.inputs.join(',')).join(';')}`;
  useEffect(() => {
    const id = requestAnimationFrame(() => void flow.current?.fitView({ padding: 0.15, maxZoom: 1 }));
    return () => cancelAnimationFrame(id);
  }, [shape]);

  const localStale = useMemo(() => staleNodes(graph.nodes, ranWith), [graph.nodes, ranWith]);
  const statusOf = (id: string): NodeRunDto | undefined => {
    const inJob = job?.nodes.find((n) => n.id === id);
    if (inJob && job!.state === 'running') return inJob;
    // What the last run could not do (skipped after a failure or a cancel) is not stored as a node state.
    if (inJob && (inJob.status === 'skipped' || inJob.status === 'failed') && !localStale.has(id)) return inJob;
    const st = states.get(id);
    if (!st) return undefined;
    if (localStale.has(id) && (st.status === 'ran' || st.status === 'cached')) return { ...st, status: 'stale' };
    return st;
  };

  const flowNodes: OpFlowNode[] = graph.nodes.map((n) => {
    const st = statusOf(n.id);
    const issue = issues.find((i) => i.nodeId === n.id)?.message;
    return {
      id: n.id,
      type: 'op',
      position: graph.positions[n.id] ?? { x: 0, y: 0 },
      selected: selected.includes(n.id),
      ...(measured[n.id] ? { measured: measured[n.id] } : {}),
      data: {
        op: n.op,
        status: st?.status ?? (states.size || job ? 'pending' : 'new'),
        summary: summary(n.config),
        inputs: opByName.get(n.op)?.inputs ?? { min: 0, max: 1 },
        ...(st?.seconds !== undefined ? { seconds: st.seconds } : {}),
        ...(st?.error ? { error: `${st.error.code}: ${st.error.message}` } : {}),
        ...(issue ? { issue } : {}),
      },
    };
  });
  const flowEdges: Edge[] = graph.nodes.flatMap((n) => n.inputs.map((i) => ({ id: `${i}->${n.id}`, source: i, target: n.id, animated: job?.state === 'running' })));

  const onNodesChange = (changes: NodeChange<OpFlowNode>[]) => {
    let positions = graph.positions;
    let moved = false;
    let dropped = false;
    let sel: string[] | null = null;
    const sizes: Record<string, { width: number; height: number }> = {};
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) sizes[c.id] = { width: c.dimensions.width, height: c.dimensions.height };
      if (c.type === 'position' && c.position) {
        positions = { ...positions, [c.id]: c.position };
        moved = true;
        if (c.dragging === false) dropped = true;
      } else if (c.type === 'position' && c.dragging === false) dropped = true;
      else if (c.type === 'select') {
        sel ??= [...selected];
        sel = c.selected ? [...new Set([...sel, c.id])] : sel.filter((x) => x !== c.id);
      }
    }
    if (Object.keys(sizes).length) setMeasured((m) => ({ ...m, ...sizes }));
    // Dragging moves quietly; the drop is one undoable step back to where the drag started.
    if (moved) {
      dragStart.current ??= g.history.value;
      g.setQuiet({ ...graph, positions });
    }
    if (dropped && dragStart.current) {
      const after = g.history.value;
      g.setQuiet(dragStart.current);
      g.set(after);
      dragStart.current = null;
    }
    if (sel) setSelected(sel);
  };
  const onEdgesChange = (changes: EdgeChange[]) => {
    let next = graph;
    for (const c of changes) {
      if (c.type === 'remove') {
        const [source, target] = c.id.split('->') as [string, string];
        next = disconnect(next, source, target);
      }
    }
    if (next !== graph) g.set(next);
  };
  const onConnect = (c: Connection) => {
    const target = graph.nodes.find((n) => n.id === c.target);
    if (!target) return;
    const r = connect(graph, c.source, c.target, opByName.get(target.op)?.inputs.max ?? 1);
    if ('error' in r) setMessage({ ok: false, text: r.error });
    // A new wire re-lays the graph out along the data flow (Undo restores the previous layout too).
    else g.set({ ...r, positions: autoLayout(r.nodes) });
  };
  const add = (op: string) => {
    const { graph: next, id } = addNode(graph, op);
    g.set(next);
    setSelected([id]);
  };
  const remove = (ids: string[]) => {
    if (!ids.length) return;
    g.set(removeNodes(graph, ids));
    setSelected([]);
  };

  const save = async (): Promise<boolean> => {
    const wf = toWorkflow(graph);
    const v = await call(api.call('workflow.validate', { workflow: wf })).catch((e: Error) => ({ issues: [{ code: 'error', message: e.message }] as WorkflowIssueDto[] }));
    setIssues(v.issues);
    if (v.issues.length) {
      setMessage({ ok: false, text: `${v.issues.length} problem${v.issues.length > 1 ? 's' : ''}: ${v.issues.map((i) => (i.nodeId ? `${i.nodeId}: ` : '') + i.message).join('; ')}` });
      return false;
    }
    const r = await api.call('workflow.save', { workflow: wf });
    if (!r.ok) {
      setMessage({ ok: false, text: r.error.message });
      return false;
    }
    loadList();
    await refreshStates(graph.name, false).catch(() => {});
    setMessage({ ok: true, text: `Saved ${graph.name} (${r.value.nodes} nodes).` });
    return true;
  };
  const run = async () => {
    if (!(await save())) return;
    const r = await api.call('workflow.run', { name: graph.name });
    if (!r.ok) return setMessage({ ok: false, text: r.error.message });
    jobRef.current = r.value.jobId;
    setOutputs(new Map());
    setRanWith(definitions(graph.nodes));
    setJob(r.value);
    setMessage({ ok: true, text: 'Running…' });
  };
  const deleteWorkflow = () => {
    const name = graph.name;
    setConfirm({
      title: 'Delete workflow?',
      message: `Delete the saved workflow "${name}" and its run states? Series it saved stay as they are.`,
      confirm: 'Delete',
      onConfirm: () =>
        void api.call('workflow.delete', { name }).then((r) => {
          if (!r.ok) return setMessage({ ok: false, text: r.error.message });
          g.set(EMPTY);
          setStates(new Map());
          setRanWith(new Map());
          setJob(null);
          setSelected([]);
          setMessage({ ok: true, text: `Deleted ${name}.` });
          loadList();
        }),
    });
  };
  const cancel = () => {
    if (job) void api.call('workflow.cancel', { jobId: job.jobId }).then((r) => r.ok && setJob(r.value));
  };

  const one = selected.length === 1 ? graph.nodes.find((n) => n.id === selected[0]) : undefined;
  useEffect(() => setRenaming(one?.id ?? ''), [one?.id]);
  const running = job?.state === 'running';
  const shownOps = ops.filter((o) => (o.op + ' ' + o.doc).toLowerCase().includes(paletteFilter.toLowerCase()));

  return (
    <div className="editor-view workflow-view" data-testid="workflow-panel">
      <aside className="side">
        <h3>Workflows</h3>
        <ul className="list" data-testid="workflow-list">
          {saved.map((w) => (
            <li key={w.name}>
              <button className={w.name === graph.name ? 'link on' : 'link'} onClick={() => open(w.name)}>
                {w.name} <span className="muted">({w.nodes})</span>
              </button>
            </li>
          ))}
          {!saved.length && <li className="muted">none saved</li>}
        </ul>
        <button
          onClick={() => {
            g.set({ ...EMPTY, name: `workflow_${saved.length + 1}` });
            setStates(new Map());
            setRanWith(new Map());
            setJob(null);
            setSelected([]);
            setIssues([]);
          }}
        >
          New workflow
        </button>
        <h3>Operations</h3>
        <input className="search" placeholder="Filter ops" aria-label="Filter ops" value={paletteFilter} onChange={(e) => setPaletteFilter(e.target.value)} />
        <ul className="list op-palette" data-testid="op-palette">
          {shownOps.map((o) => (
            <li key={o.op}>
              <button className="link" onClick={() => add(o.op)} title={o.doc} aria-label={`add ${o.op}`}>
                + {o.op}
              </button>
              <div className="muted small">{o.doc}</div>
            </li>
          ))}
        </ul>
      </aside>
      <section className="main">
        <div className="toolbar">
          <button className={tab === 'graph' ? 'on' : ''} onClick={() => setTab('graph')}>
            Graph
          </button>
          <button className={tab === 'lineage' ? 'on' : ''} onClick={() => setTab('lineage')}>
            Lineage
          </button>
          {tab === 'graph' && (
            <>
              <label>
                Workflow <input aria-label="Workflow name" value={graph.name} onChange={(e) => g.set({ ...graph, name: e.target.value })} size={18} />
              </label>
              <button onClick={() => void save()} disabled={running}>
                Save
              </button>
              <button className="primary" onClick={() => void run()} disabled={running || !graph.nodes.length}>
                {states.size ? 'Rerun' : 'Run'}
              </button>
              <button onClick={cancel} disabled={!running}>
                Cancel
              </button>
              <button onClick={() => g.set({ ...graph, positions: autoLayout(graph.nodes) })}>Auto layout</button>
              <button onClick={g.target.undo} disabled={!g.history.canUndo} title="Ctrl+Z">
                Undo
              </button>
              <button onClick={g.target.redo} disabled={!g.history.canRedo} title="Ctrl+Shift+Z">
                Redo
              </button>
              <button onClick={() => remove(selected)} disabled={!selected.length} title="Delete the selected nodes">
                Delete
              </button>
              <button onClick={deleteWorkflow} disabled={running || !saved.some((w) => w.name === graph.name)}>
                Delete workflow
              </button>
              <span className="muted" data-testid="job-state" data-state={job?.state ?? ''}>
                {job ? `${job.state}: ${summaryOf(job)}` : ''}
              </span>
            </>
          )}
        </div>
        {message && (
          <div className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="workflow-message">
            {message.text}
          </div>
        )}
        {tab === 'lineage' ? (
          <LineageView theme={theme} seriesNames={seriesNames} />
        ) : (
          <div className="wf-body">
            <div className="wf-canvas" data-testid="workflow-canvas">
              <ReactFlow
                nodes={flowNodes}
                edges={flowEdges}
                nodeTypes={NODE_TYPES}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onConnect={onConnect}
                onNodesDelete={(ns) => remove(ns.map((n) => n.id))}
                deleteKeyCode={['Delete', 'Backspace']}
                multiSelectionKeyCode={['Shift', 'Control', 'Meta']}
                onInit={(i) => {
                  flow.current = i;
                }}
                fitView
                fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
                colorMode={theme}
                proOptions={{ hideAttribution: true }}
              >
                <Background />
                <Controls showInteractive={false} />
              </ReactFlow>
            </div>
            <div className="wf-inspector" data-testid="node-inspector">
              {one ? (
                <>
                  <h4>
                    {one.id} <span className="muted">({one.op})</span>
                  </h4>
                  <p className="muted small">{opByName.get(one.op)?.doc}</p>
                  <label className="rename">
                    Node id
                    <input
                      aria-label="Node id"
                      value={renaming}
                      onChange={(e) => setRenaming(e.target.value)}
                      onKeyDown={(e) => {
                        if (e.key !== 'Enter') return;
                        const r = renameNode(graph, one.id, renaming);
                        if ('error' in r) setMessage({ ok: false, text: r.error });
                        else {
                          g.set(r);
                          setSelected([renaming]);
                        }
                      }}
                    />
                  </label>
                  <p className="muted small">inputs: {one.inputs.length ? one.inputs.join(', ') : 'none'}</p>
                  {opByName.get(one.op) && <NodeForm op={opByName.get(one.op)!} config={one.config} seriesNames={seriesNames} onApply={(c) => g.set(setConfig(graph, one.id, c))} />}
                </>
              ) : (
                <p className="muted">{selected.length > 1 ? `${selected.length} nodes selected: their outputs are compared below.` : 'Add ops from the palette, drag from a node’s right handle to another’s left to connect, click a node to edit it and see its output.'}</p>
              )}
            </div>
          </div>
        )}
        {tab === 'graph' && selected.length > 0 && (
          <div className={`wf-outputs n${Math.min(selected.length, 3)}`} data-testid="node-outputs">
            {selected.map((id) => {
              const o = outputs.get(id);
              return (
                <div key={id} className="wf-output" data-node={id}>
                  <h4>
                    Output of {id}
                    {o && 'index' in o && o.truncated && <span className="muted"> (first 50,000 points)</span>}
                  </h4>
                  {!o ? (
                    <p className="muted">{states.has(id) ? 'loading…' : 'not run yet'}</p>
                  ) : 'error' in o ? (
                    <p className="error">{o.error}</p>
                  ) : (
                    <Plot spec={frameSpec(o)} theme={theme} title={`${graph.name}-${id}`} testId="node-output-plot" height={220} />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </section>
      {confirm && <Confirm spec={confirm} onClose={() => setConfirm(null)} />}
    </div>
  );
}

function summaryOf(job: WorkflowJob): string {
  const count = new Map<string, number>();
  for (const n of job.nodes) count.set(n.status, (count.get(n.status) ?? 0) + 1);
  return [...count].map(([s, n]) => `${n} ${s}`).join(', ');
}
