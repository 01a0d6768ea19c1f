import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';

export type OpNodeData = {
  op: string;
  status: string;
  summary: string;
  issue?: string;
  inputs: { min: number; max: number };
  seconds?: number;
  error?: string;
};

export type OpFlowNode = Node<OpNodeData, 'op'>;

/** One node on the canvas: its id, op, a summary of its config and its state (colour and badge). */
export function OpNode({ id, data, selected }: NodeProps<OpFlowNode>) {
  return (
    <div className={`wf-node st-${data.status}${selected ? ' selected' : ''}${data.issue ? ' has-issue' : ''}`} data-testid="wf-node" data-id={id} data-status={data.status} title={data.error ?? data.issue ?? ''}>
      {data.inputs.max > 0 && <Handle type="target" position={Position.Left} />}
      <div className="wf-head">
        <strong>{id}</strong>
        <span className={`badge st-${data.status}`}>{data.status}</span>
      </div>
      <div className="wf-op">
        {data.op}
        {data.seconds !== undefined && data.seconds > 0 && <span className="muted"> · {data.seconds < 1 ? `${Math.round(data.seconds * 1000)} ms` : `${data.seconds.toFixed(1)} s`}</span>}
      </div>
      <div className="wf-summary">{data.issue ?? data.error ?? data.summary}</div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
