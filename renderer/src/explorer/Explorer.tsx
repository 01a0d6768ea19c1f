import { useMemo, useState } from 'react';
import type { SeriesSummary } from '../../../core/protocol/index.js';
import { fmtTime } from '../format.js';

interface Node {
  label: string;
  path: string;
  children: Map<string, Node>;
  series?: SeriesSummary;
}

/** Builds a tree from name segments (`plant/line1/temp` or `plant.line1.temp`). */
function buildTree(series: SeriesSummary[]): Node {
  const root: Node = { label: '', path: '', children: new Map() };
  for (const s of series) {
    const parts = s.name.split(/[/.]/).filter(Boolean);
    let node = root;
    parts.forEach((p, i) => {
      const path = parts.slice(0, i + 1).join('/');
      let next = node.children.get(p);
      if (!next) {
        next = { label: p, path, children: new Map() };
        node.children.set(p, next);
      }
      node = next;
    });
    node.series = s;
  }
  return root;
}

interface Props {
  series: SeriesSummary[];
  onOpen(name: string): void;
}

/** The series explorer: search, a tree by name segments, unit, count, first/last and kind per series. */
export function Explorer({ series, onOpen }: Props) {
  const [query, setQuery] = useState('');
  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? series.filter((s) => s.name.toLowerCase().includes(q)) : series;
  }, [series, query]);
  const tree = useMemo(() => buildTree(filtered), [filtered]);
  return (
    <aside className="explorer" data-testid="explorer">
      <input className="search" placeholder="Search series" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search series" />
      <div className="tree">
        {[...tree.children.values()].map((n) => (
          <TreeNode key={n.path} node={n} onOpen={onOpen} depth={0} />
        ))}
        {filtered.length === 0 && <p className="muted">No series{query ? ' match' : ' yet: import a file'}.</p>}
      </div>
    </aside>
  );
}

function TreeNode({ node, onOpen, depth }: { node: Node; onOpen(name: string): void; depth: number }) {
  const [open, setOpen] = useState(depth < 2);
  const s = node.series;
  return (
    <div className="node" style={{ paddingLeft: depth * 12 }}>
      {s ? (
        <div
          className="leaf"
          draggable
          data-testid="series-item"
          data-name={s.name}
          data-kind={s.kind}
          onDragStart={(e) => e.dataTransfer.setData('application/x-strata-series', s.name)}
          onDoubleClick={() => onOpen(s.name)}
          title={`${s.name}\n${s.kind} · ${s.valueType}${s.unit ? ' · ' + s.unit : ''}\n${s.count} points\n${fmtTime(s.first, s.tzaware)} → ${fmtTime(s.last, s.tzaware)}`}
        >
          <button className="open" onClick={() => onOpen(s.name)} aria-label={`chart ${s.name}`}>
            {node.label}
          </button>
          <span className="meta">
            {s.unit && <span className="unit">{s.unit}</span>} <span className="count">{s.count.toLocaleString()}</span>
            {s.kind === 'formula' && <span className="kind" title="formula: computed from its inputs">ƒ</span>}
            {s.kind === 'remote' && (
              <span className="kind remote" title="read from a PostgreSQL connection (read-only)" data-testid="remote-badge">
                ⇄
              </span>
            )}
          </span>
        </div>
      ) : null}
      {node.children.size > 0 && (
        <>
          {!s && (
            <button className="folder" onClick={() => setOpen(!open)}>
              {open ? '▾' : '▸'} {node.label}
            </button>
          )}
          {open && [...node.children.values()].map((c) => <TreeNode key={c.path} node={c} onOpen={onOpen} depth={depth + 1} />)}
        </>
      )}
    </div>
  );
}
