import { fmtTime, fmtValue } from '../format.js';

/** A table a formula or spans.stats gave: timestamps as ISO text, numbers shortened. */
export function ResultTable({ columns, rows, tzaware }: { columns: { name: string; type: string }[]; rows: unknown[][]; tzaware: boolean }) {
  const cell = (v: unknown, type: string) => {
    if (v === null || v === undefined) return '';
    if (type === 'timestamp' && typeof v === 'number') return fmtTime(v, tzaware);
    if (typeof v === 'number') return fmtValue(v);
    return String(v);
  };
  return (
    <table className="grid-table" data-testid="result-table">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.name}>{c.name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((v, k) => (
              <td key={k}>{cell(v, columns[k]?.type ?? '')}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
