import { useEffect, useMemo, useState } from 'react';
import type { SeriesSummary, TableDto } from '../../../core/protocol/index.js';
import { api, call } from '../api.js';
import { Plot } from '../plot/Plot.js';
import type { Band, Line, PlotSpec } from '../plot/option.js';
import { seriesLine } from '../plot/data.js';
import { fmtTime, fmtValue } from '../format.js';
import { fmtDuration } from '../chart/cursors.js';
import { ResultTable } from '../ui/ResultTable.js';

interface Props {
  theme: 'light' | 'dark';
  series: SeriesSummary[];
}

interface SpanRow {
  begin: number;
  end: number | null;
  value?: number | string | null;
}

/** Pads a span so it is not drawn edge to edge when zoomed to. */
export function zoomRange(s: { begin: number; end: number | null }, lastMs: number | null): [number, number] {
  const a = s.begin / 1000;
  const b = s.end === null ? (lastMs ?? a + 1) : s.end / 1000;
  const pad = Math.max((b - a) * 0.15, 1);
  return [a - pad, b + pad];
}

/**
 * Spans of a series or formula: the constant-value spans of a series, or the spans where a condition
 * formula holds, with per-span statistics of a series; drawn as shaded bands over the series. Clicking a
 * span (in the list or on the chart) zooms the chart to it.
 */
export function SpansPanel({ theme, series }: Props) {
  const [name, setName] = useState(() => sessionStorage.getItem('strata.spans.series') ?? '');
  const [mode, setMode] = useState<'constant' | 'condition'>('condition');
  const [condition, setCondition] = useState(() => sessionStorage.getItem('strata.spans.condition') ?? '');
  const [spans, setSpans] = useState<SpanRow[] | null>(null);
  const [tzaware, setTzaware] = useState(true);
  const [stats, setStats] = useState<TableDto | null>(null);
  const [line, setLine] = useState<Line | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<[number, number] | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const s = series.find((x) => x.name === name);

  useEffect(() => {
    sessionStorage.setItem('strata.spans.series', name);
    sessionStorage.setItem('strata.spans.condition', condition);
  }, [name, condition]);
  useEffect(() => {
    setLine(null);
    if (!s) return;
    let stale = false;
    seriesLine(s, null, 1200).then(
      (l) => !stale && setLine(l),
      (e: Error) => !stale && setError(e.message),
    );
    return () => {
      stale = true;
    };
  }, [s?.name, s?.count, s?.last]);

  const find = async () => {
    setError(null);
    setStats(null);
    setView(null);
    setActive(null);
    try {
      if (mode === 'constant') {
        if (!s) throw new Error('choose a series');
        const r = await call(api.call('spans.constant', { name: s.name, limit: 10_000 }));
        setSpans(r);
        setTzaware(s.tzaware);
      } else {
        if (!condition.trim()) throw new Error('write a condition, e.g. (> (series "temp") 80)');
        const r = await call(api.call('spans.condition', { text: condition }));
        setSpans(r.spans);
        setTzaware(r.tzaware);
        if (s) setStats(await call(api.call('spans.stats', { text: condition, series: s.name })));
      }
    } catch (e) {
      setSpans(null);
      setError((e as Error).message);
    }
  };

  const bands: Band[] = useMemo(() => (spans ?? []).map((x, i) => ({ from: x.begin / 1000, to: x.end === null ? null : x.end / 1000, label: x.value !== undefined ? fmtValue(x.value) : `${i + 1}` })), [spans]);
  const lastMs = s?.last != null ? s.last / 1000 : null;
  const spec: PlotSpec = useMemo(() => ({ lines: line ? [line] : [], xKind: 'time', bands, view }), [line, bands, view]);
  const zoom = (i: number) => {
    const x = spans?.[i];
    if (!x) return;
    setActive(i);
    setView(zoomRange(x, lastMs));
  };

  return (
    <div className="editor-view spans-view" data-testid="spans-panel">
      <section className="main">
        <div className="toolbar">
          <label>
            Series
            <select aria-label="Spans series" value={name} onChange={(e) => setName(e.target.value)}>
              <option value="">(choose)</option>
              {series.map((x) => (
                <option key={x.name} value={x.name}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <label className="toggle">
            <input type="radio" name="spans-mode" checked={mode === 'constant'} onChange={() => setMode('constant')} /> constant values
          </label>
          <label className="toggle">
            <input type="radio" name="spans-mode" checked={mode === 'condition'} onChange={() => setMode('condition')} /> condition
          </label>
          {mode === 'condition' && (
            <input
              className="condition"
              aria-label="Condition"
              placeholder='(> (series "temp") 80)  or  (spans-when ...)'
              value={condition}
              onChange={(e) => setCondition(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && void find()}
            />
          )}
          <button className="primary" onClick={() => void find()}>
            Find spans
          </button>
          <button onClick={() => setView(null)} disabled={!view}>
            Show all
          </button>
          {spans && (
            <span className="muted" data-testid="span-count">
              {spans.length} span{spans.length === 1 ? '' : 's'}
            </span>
          )}
        </div>
        {error && (
          <div className="error" role="alert" data-testid="spans-error">
            {error}
          </div>
        )}
        <Plot spec={spec} theme={theme} title={`${name || 'spans'}-spans`} testId="spans-plot" height={280} onBandClick={zoom} onView={(v) => v === null && setActive(null)} />
        <div className="spans-tables">
          {spans && (
            <table className="grid-table" data-testid="spans-table">
              <thead>
                <tr>
                  <th>#</th>
                  {mode === 'constant' && <th>value</th>}
                  <th>begin</th>
                  <th>end</th>
                  <th>duration</th>
                </tr>
              </thead>
              <tbody>
                {spans.map((x, i) => (
                  <tr key={i} className={active === i ? 'active' : ''} onClick={() => zoom(i)} data-testid="span-row">
                    <td>{i + 1}</td>
                    {mode === 'constant' && <td>{fmtValue(x.value ?? null)}</td>}
                    <td>{fmtTime(x.begin, tzaware)}</td>
                    <td>{x.end === null ? 'open' : fmtTime(x.end, tzaware)}</td>
                    <td>{x.end === null ? '' : fmtDuration((x.end - x.begin) / 1000)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {stats && (
            <div>
              <h4>Per-span statistics of {name}</h4>
              <ResultTable columns={stats.columns} rows={stats.rows} tzaware={stats.tzaware} />
            </div>
          )}
        </div>
      </section>
    </div>
  );
}
