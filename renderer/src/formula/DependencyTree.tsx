/** A formula's dependency tree: formulas expand into what they read, down to stored (primary) series. */
export interface DepNode {
  name: string;
  kind: 'primary' | 'formula' | 'unknown';
  children: DepNode[];
}

export function DependencyTree({ node, onOpen }: { node: DepNode; onOpen?(name: string): void }) {
  return (
    <ul className="dep-tree" data-testid="dep-tree">
      <DepItem node={node} onOpen={onOpen} />
    </ul>
  );
}

function DepItem({ node, onOpen }: { node: DepNode; onOpen?(name: string): void }) {
  return (
    <li data-kind={node.kind} data-name={node.name}>
      <span className={`dep dep-${node.kind}`}>
        {onOpen && node.kind === 'formula' ? (
          <button className="link" onClick={() => onOpen(node.name)}>
            {node.name}
          </button>
        ) : (
          node.name || <em>this formula</em>
        )}
        <span className="badge">{node.kind}</span>
      </span>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c, i) => (
            <DepItem key={`${c.name}-${i}`} node={c} onOpen={onOpen} />
          ))}
        </ul>
      )}
    </li>
  );
}
