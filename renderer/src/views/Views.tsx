import { lazy, Suspense } from 'react';
import type { SeriesSummary } from '../../../core/protocol/index.js';
import '../editors.css';

// Each editor is its own chunk (Monaco and the node canvas are large): the workbench opens without them.
const FormulaPanel = lazy(() => import('../formula/FormulaPanel.js').then((m) => ({ default: m.FormulaPanel })));
const WorkflowPanel = lazy(() => import('../workflow/WorkflowPanel.js').then((m) => ({ default: m.WorkflowPanel })));
const SpansPanel = lazy(() => import('../spans/SpansPanel.js').then((m) => ({ default: m.SpansPanel })));
const PluginsPanel = lazy(() => import('../plugins/PluginsPanel.js').then((m) => ({ default: m.PluginsPanel })));
const ConnectionsPanel = lazy(() => import('../connections/ConnectionsPanel.js').then((m) => ({ default: m.ConnectionsPanel })));
const HistoryPanel = lazy(() => import('../history/HistoryPanel.js').then((m) => ({ default: m.HistoryPanel })));

export const VIEWS = [
  { id: 'charts', title: 'Charts' },
  { id: 'formulas', title: 'Formulas' },
  { id: 'workflows', title: 'Workflows' },
  { id: 'spans', title: 'Spans' },
  { id: 'plugins', title: 'Plugins' },
  { id: 'history', title: 'History' },
  { id: 'connections', title: 'Connections' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

export function loadView(): ViewId {
  const v = sessionStorage.getItem('strata.view');
  return VIEWS.some((x) => x.id === v) ? (v as ViewId) : 'charts';
}

export function ViewTabs({ view, onView }: { view: ViewId; onView(v: ViewId): void }) {
  return (
    <nav className="view-tabs" role="tablist" aria-label="Views">
      {VIEWS.map((v) => (
        <button
          key={v.id}
          role="tab"
          aria-selected={view === v.id}
          className={view === v.id ? 'on' : ''}
          onClick={() => {
            sessionStorage.setItem('strata.view', v.id);
            onView(v.id);
          }}
        >
          {v.title}
        </button>
      ))}
    </nav>
  );
}

interface Props {
  view: Exclude<ViewId, 'charts'>;
  theme: 'light' | 'dark';
  series: SeriesSummary[];
  /** Something was written (a formula registered): the explorer refreshes. */
  onChanged(): void;
}

/** The editors beside the chart workbench: formulas, workflows, spans, plugins, history (time travel). */
export function EditorView({ view, theme, series, onChanged }: Props) {
  return (
    <Suspense fallback={<div className="muted loading">loading…</div>}>
      {view === 'formulas' && <FormulaPanel theme={theme} series={series} onSaved={onChanged} />}
      {view === 'workflows' && <WorkflowPanel theme={theme} series={series} />}
      {view === 'spans' && <SpansPanel theme={theme} series={series} />}
      {view === 'plugins' && <PluginsPanel series={series} />}
      {view === 'history' && <HistoryPanel theme={theme} series={series} />}
      {view === 'connections' && <ConnectionsPanel onChanged={onChanged} />}
    </Suspense>
  );
}
