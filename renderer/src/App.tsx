import { useCallback, useEffect, useState } from 'react';
import type { SeriesSummary } from '../../core/protocol/index.js';
import { api, call } from './api.js';
import { subscribe } from './events.js';
import { Explorer } from './explorer/Explorer.js';
import { ChartPane, type AB } from './chart/ChartPane.js';
import { fmtDuration } from './chart/cursors.js';
import { ImportDialog } from './import/ImportDialog.js';
import { EMPTY, loadLayout, nextPaneId, saveLayout, type Layout, type PaneLayout } from './layout/layout.js';
import { EditorView, loadView, ViewTabs, type ViewId } from './views/Views.js';
import { CommandPalette } from './commands/Palette.js';
import { appCommands, installUndoKeys } from './commands/appCommands.js';
import { useHistory } from './commands/useHistory.js';
import { installPaneExport } from './plot/paneExport.js';
import { LayoutMenu } from './layout/LayoutMenu.js';

installPaneExport();

/**
 * The workbench: series explorer on the left, chart panes on the right sharing one time window (linked
 * zoom and pan), one cursor and the A/B cursors. The layout is saved as it changes and restored at start.
 */
export function App() {
  const [series, setSeries] = useState<SeriesSummary[]>([]);
  // The layout's changes are undoable (palette Undo, Ctrl+Z outside text fields).
  const { value: layout, set: setLayout } = useHistory<Layout>(() => loadLayout(), 'layout');
  const [view, setView] = useState<ViewId>(loadView);
  const [error, setError] = useState<string | null>(null);
  const [theme, setTheme] = useState<'light' | 'dark'>(() => (localStorage.getItem('strata.theme') === 'dark' ? 'dark' : 'light'));
  const [importing, setImporting] = useState(false);
  const [cursor, setCursor] = useState<number | null>(null);
  const [ab, setAb] = useState<AB>({ a: null, b: null });
  const [abMode, setAbMode] = useState(false);
  const [nextCursor, setNextCursor] = useState<'a' | 'b'>('a');

  const refresh = useCallback(() => {
    call(api.call('series.list', {}))
      .then((s) => {
        setSeries(s);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(refresh, [refresh]);
  // Anything written elsewhere (an import, the CLI through the engine) refreshes the explorer.
  useEffect(() => subscribe((e) => e.topic === 'store.changed' && refresh()), [refresh]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('strata.theme', theme);
  }, [theme]);
  useEffect(() => saveLayout(layout), [layout]);
  useEffect(installUndoKeys, []);

  const byName = new Map(series.map((s) => [s.name, s]));
  const setPane = (id: number, f: (p: PaneLayout) => PaneLayout) => setLayout((l) => ({ ...l, panes: l.panes.map((p) => (p.id === id ? f(p) : p)) }));
  const addTo = (id: number, name: string) => setPane(id, (p) => (p.series.includes(name) ? p : { ...p, series: [...p.series, name] }));
  const place = (t: number) => {
    setAb((x) => ({ ...x, [nextCursor]: t }));
    setNextCursor(nextCursor === 'a' ? 'b' : 'a');
  };

  return (
    <div className="app">
      <header className="topbar">
        <strong>Strata</strong>
        <ViewTabs view={view} onView={setView} />
        <button onClick={() => setImporting(true)}>Import…</button>
        <button onClick={refresh}>Refresh</button>
        <button onClick={() => setLayout((l) => ({ ...l, panes: [...l.panes, { id: nextPaneId(l), series: [], stacked: false }] }))}>Add pane</button>
        <button
          aria-pressed={abMode}
          className={abMode ? 'on' : ''}
          onClick={() => {
            setAbMode(!abMode);
            if (abMode) setAb({ a: null, b: null });
            setNextCursor('a');
          }}
        >
          A/B cursors
        </button>
        {ab.a !== null && ab.b !== null && (
          <span className="delta-t" data-testid="delta-t">
            Δt {fmtDuration(ab.b - ab.a)}
          </span>
        )}
        {abMode && (ab.a === null || ab.b === null) && <span className="muted">click a chart to place {nextCursor.toUpperCase()}</span>}
        <span className="spacer" />
        <LayoutMenu current={layout} onRestore={setLayout} />
        <button onClick={() => setLayout(EMPTY)}>Clear layout</button>
        <button onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}>{theme === 'light' ? 'Dark' : 'Light'} theme</button>
      </header>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {view !== 'charts' && <EditorView view={view} theme={theme} series={series} onChanged={refresh} />}
      <main className="workbench" hidden={view !== 'charts'}>
        <Explorer series={series} onOpen={(name) => addTo(layout.panes[layout.panes.length - 1]!.id, name)} />
        <div className="panes">
          {layout.panes.map((pane) => (
            <ChartPane
              key={pane.id}
              theme={theme}
              series={pane.series.map((n) => byName.get(n)).filter((s): s is SeriesSummary => !!s)}
              window={layout.window}
              onWindow={(w) => setLayout((l) => ({ ...l, window: w }))}
              onDropSeries={(name) => addTo(pane.id, name)}
              onRemove={(name) => setPane(pane.id, (p) => ({ ...p, series: p.series.filter((n) => n !== name) }))}
              stacked={pane.stacked}
              onToggleStacked={() => setPane(pane.id, (p) => ({ ...p, stacked: !p.stacked }))}
              asOf={pane.asOf ?? null}
              onAsOf={(asOf) => setPane(pane.id, ({ asOf: _old, ...p }) => (asOf === null ? p : { ...p, asOf }))}
              spans={pane.spans ?? ''}
              onSpans={(text) => setPane(pane.id, ({ spans: _old, ...p }) => (text.trim() ? { ...p, spans: text } : p))}
              {...(layout.panes.length > 1 ? { onClose: () => setLayout((l) => ({ ...l, panes: l.panes.filter((p) => p.id !== pane.id) })) } : {})}
              cursor={cursor}
              onCursor={setCursor}
              ab={ab}
              abMode={abMode}
              onPlace={place}
            />
          ))}
        </div>
      </main>
      {importing && <ImportDialog onClose={() => setImporting(false)} onImported={refresh} />}
      <CommandPalette
        commands={() =>
          appCommands({
            setView: (v) => {
              sessionStorage.setItem('strata.view', v);
              setView(v);
            },
            toggleTheme: () => setTheme((t) => (t === 'light' ? 'dark' : 'light')),
            openImport: () => setImporting(true),
            addPane: () => setLayout((l) => ({ ...l, panes: [...l.panes, { id: nextPaneId(l), series: [], stacked: false }] })),
            clearLayout: () => setLayout(EMPTY),
          })
        }
      />
    </div>
  );
}
