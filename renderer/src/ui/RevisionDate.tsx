import { useEffect, useState } from 'react';
import { parseRevision, revisionText } from './time.js';

interface Props {
  /** µs; null = the latest revision. */
  value: number | null;
  onChange(us: number | null): void;
  /** Known insertion dates (µs, ascending): a slider steps through them, its right end being "latest". */
  dates?: readonly number[];
  testId?: string;
}

/**
 * Time travel: show data as it was known at a past insertion date. Type a date (ISO, UTC) or move the
 * slider over the revisions the data has; "Latest" comes back to now.
 */
export function RevisionDate({ value, onChange, dates, testId = 'revision-date' }: Props) {
  const [text, setText] = useState(revisionText(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(revisionText(value)), [value]);
  const apply = () => {
    const r = parseRevision(text);
    if ('error' in r) return setError(r.error);
    setError(null);
    if (r.us !== value) onChange(r.us);
  };
  const idx = dates && value !== null ? lastAtOrBefore(dates, value) : (dates?.length ?? 0);
  return (
    <span className="revision" data-testid={testId} data-value={value ?? ''}>
      <label title="Show the data as it was known at this insertion date (UTC)">
        Revision date
        <input
          aria-label="Revision date"
          placeholder="latest"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={apply}
          onKeyDown={(e) => e.key === 'Enter' && apply()}
          size={24}
        />
      </label>
      {dates && dates.length > 0 && (
        <input
          type="range"
          aria-label="Revision"
          min={0}
          max={dates.length}
          step={1}
          value={Math.max(0, idx)}
          onChange={(e) => {
            const i = Number(e.target.value);
            onChange(i >= dates.length ? null : dates[i]!);
          }}
        />
      )}
      {dates && dates.length > 0 && (
        <span className="muted">
          {value === null ? `latest of ${dates.length}` : `revision ${idx + 1} of ${dates.length}`}
        </span>
      )}
      <button onClick={() => onChange(null)} disabled={value === null}>
        Latest
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

/** Index of the last date ≤ t (-1 when t is before them all). */
export function lastAtOrBefore(dates: readonly number[], t: number): number {
  let lo = -1;
  let hi = dates.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (dates[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
