import { useEffect, useMemo, useState } from 'react';
import type { SeriesSummary } from '../../../core/protocol/index.js';
import { api, call } from '../api.js';
import { Plot } from '../plot/Plot.js';
import { PALETTE, type Line, type PlotSpec } from '../plot/option.js';
import { dataPoints, seriesLine } from '../plot/data.js';
import { RevisionDate } from '../ui/RevisionDate.js';
import { fmtTime } from '../format.js';

interface Props {
  theme: 'light' | 'dark';
  series: SeriesSummary[];
}

/**
 * Time travel on a chart: a series as it was known at a past insertion date (slider over its revisions,
 * or a typed date), drawn over its latest state; or all its versions overlaid, oldest faintest.
 */
export function HistoryPanel({ theme, series }: Props) {
  const [name, setName] = useState(() => sessionStorage.getItem('strata.history.series') ?? '');
  const [dates, setDates] = useState<number[]>([]);
  const [revisionDate, setRevisionDate] = useState<number | null>(null);
  const [overlay, setOverlay] = useState(false);
  const [lines, setLines] = useState<Line[]>([]);
  const [error, setError] = useState<string | null>(null);
  const s = series.find((x) => x.name === name);

  useEffect(() => {
    sessionStorage.setItem('strata.history.series', name);
    setRevisionDate(null);
    setDates([]);
    if (!s) return;
    call(api.call('series.insertionDates', { name: s.name })).then(setDates, (e: Error) => setError(e.message));
  }, [s?.name, s?.last]);

  useEffect(() => {
    if (!s) return setLines([]);
    let stale = false;
    const work = overlay
      ? call(api.call('series.history', { name: s.name, maxVersions: 30 })).then((vs) =>
          vs.map(
            (v, i): Line => ({
              name: `${fmtTime(v.insertionDate, true)}${v.author ? ` (${v.author})` : ''}`,
              unit: s.unit,
              points: dataPoints(v),
              faded: i < vs.length - 1,
              color: PALETTE[i % PALETTE.length]!,
            }),
          ),
        )
      : Promise.all([
          seriesLine(s, revisionDate, 1200),
          revisionDate !== null ? seriesLine(s, null, 1200, true) : Promise.resolve(null),
        ]).then(([at, latest]) => {
          const out: Line[] = [{ ...at, name: revisionDate === null ? `${s.name} (latest)` : `${s.name} as of ${fmtTime(revisionDate, true)}` }];
          if (latest) out.push({ ...latest, name: `${s.name} (latest)`, color: '#888888' });
          return out;
        });
    work.then(
      (l) => {
        if (stale) return;
        setLines(l);
        setError(null);
      },
      (e: Error) => !stale && setError(e.message),
    );
    return () => {
      stale = true;
    };
  }, [s?.name, s?.last, revisionDate, overlay]);

  const spec: PlotSpec = useMemo(() => ({ lines, xKind: 'time' }), [lines]);
  return (
    <div className="editor-view history-view" data-testid="history-panel">
      <section className="main">
        <div className="toolbar">
          <label>
            Series
            <select aria-label="History series" value={name} onChange={(e) => setName(e.target.value)}>
              <option value="">(choose)</option>
              {series.map((x) => (
                <option key={x.name} value={x.name}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          {!overlay && <RevisionDate value={revisionDate} onChange={setRevisionDate} dates={dates} />}
          <label className="toggle">
            <input type="checkbox" checked={overlay} onChange={(e) => setOverlay(e.target.checked)} aria-label="Overlay versions" /> Overlay versions
          </label>
          <span className="muted">{dates.length ? `${dates.length} revision${dates.length > 1 ? 's' : ''}` : ''}</span>
        </div>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        <Plot spec={spec} theme={theme} title={`${name || 'series'}-history`} testId="history-plot" height={360} />
      </section>
    </div>
  );
}
