import type { RejectDto } from '../../../core/protocol/index.js';

/** The rows an import refused: where (line, column) and why, like DuckDB's rejects table. */
export function RejectsTable({ rejects, truncated, total }: { rejects: RejectDto[]; truncated: boolean; total: number }) {
  return (
    <div className="rejects">
      <h3>
        Rejected rows{truncated ? ` (first ${rejects.length} of ${total.toLocaleString()})` : ''}
      </h3>
      <table data-testid="rejects-table">
        <thead>
          <tr>
            <th>Line</th>
            <th>Column</th>
            <th>Kind</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {rejects.map((r, i) => (
            <tr key={i}>
              <td>{r.line}</td>
              <td>{r.columnName ?? r.column}</td>
              <td>{r.kind}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
