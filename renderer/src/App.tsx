import { useCallback, useEffect, useState } from 'react';
import type { SeriesSummary } from '../../core/protocol/index.js';
import { api, call } from './api.js';
import { Explorer } from './explorer/Explorer.js';
import { ChartPane, type TimeWindow } from './chart/ChartPane.js';

/** The workbench: series explorer on the left, chart panes sharing one time window on the right. */
export function App() {
  const [series, setSeries] = useState<SeriesSummary[]>([]);
  const [panes, setPanes] = useState<string[][]>([[]]);
  const [win, setWin] = useState<TimeWindow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [theme, setTheme] = useState<'light' | 'dark'>(() => (localStorage.getItem('strata.theme') as 'light' | 'dark') ?? 'light');

  const refresh = useCallback(() => {
    call(api.call('series.list', {}))
      .then((s) => {
        setSeries(s);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('strata.theme', theme);
  }, [theme]);

  const byName = new Map(series.map((s) => [s.name, s]));
  const addTo = (pane: number, name: string) => setPanes((ps) => ps.map((p, i) => (i === pane && !p.includes(name) ? [...p, name] : p)));

  return (
    <div className="app">
      <header className="topbar">
        <strong>Strata</strong>
        <button onClick={refresh}>Refresh</button>
        <button onClick={() => setPanes((p) => [...p, []])}>Add pane</button>
        <button onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}>{theme === 'light' ? 'Dark' : 'Light'} theme</button>
      </header>
      {error && <div className="error" role="alert">{error}</div>}
      <main className="workbench">
        <Explorer series={series} onOpen={(name) => addTo(panes.length - 1, name)} />
        <div className="panes">
          {panes.map((names, i) => (
            <ChartPane
              key={i}
              theme={theme}
              series={names.map((n) => byName.get(n)).filter((s): s is SeriesSummary => !!s)}
              window={win}
              onWindow={setWin}
              onDropSeries={(name) => addTo(i, name)}
              onRemove={(name) => setPanes((ps) => ps.map((p, j) => (j === i ? p.filter((n) => n !== name) : p)))}
            />
          ))}
        </div>
      </main>
    </div>
  );
}
