import type { Command } from './Palette.js';
import { undoTarget } from './undo.js';
import { currentChart } from '../plot/registry.js';
import { copyImage, download } from '../plot/exporting.js';
import { VIEWS, type ViewId } from '../views/Views.js';

interface AppActions {
  setView(v: ViewId): void;
  toggleTheme(): void;
  openImport(): void;
  addPane(): void;
  clearLayout(): void;
}

function chartOrThrow() {
  const c = currentChart();
  if (!c) throw new Error('no chart on screen');
  return c;
}

const stem = (s: string) => s.replace(/[^\w.-]+/g, '_') || 'chart';

/** Every command of the palette. */
export function appCommands(a: AppActions): Command[] {
  return [
    ...VIEWS.map((v) => ({ id: `view.${v.id}`, title: `Go to ${v.title}`, run: () => a.setView(v.id) })),
    {
      id: 'edit.undo',
      title: 'Undo',
      keys: 'Ctrl+Z',
      run: () => {
        const t = undoTarget();
        if (!t) throw new Error('nothing to undo');
        t.undo();
      },
    },
    {
      id: 'edit.redo',
      title: 'Redo',
      keys: 'Ctrl+Shift+Z',
      run: () => {
        const t = undoTarget();
        if (!t) throw new Error('nothing to redo');
        t.redo();
      },
    },
    {
      id: 'chart.copyPng',
      title: 'Copy chart as PNG',
      run: async () => {
        const c = chartOrThrow();
        const png = c.png();
        if (!(await copyImage(png))) download(png, `${stem(c.title())}.png`);
      },
    },
    {
      id: 'chart.copySvg',
      title: 'Copy chart as SVG',
      run: async () => {
        const c = chartOrThrow();
        const svg = c.svg();
        if (!(await copyImage(new Blob([svg], { type: 'image/svg+xml' }), svg))) download(svg, `${stem(c.title())}.svg`, 'image/svg+xml');
      },
    },
    { id: 'chart.savePng', title: 'Download chart as PNG', run: () => { const c = chartOrThrow(); download(c.png(), `${stem(c.title())}.png`); } },
    { id: 'chart.saveSvg', title: 'Download chart as SVG', run: () => { const c = chartOrThrow(); download(c.svg(), `${stem(c.title())}.svg`, 'image/svg+xml'); } },
    {
      id: 'chart.csv',
      title: 'Export visible range as CSV',
      run: async () => {
        const c = chartOrThrow();
        download(await c.csv(), `${stem(c.title())}.csv`, 'text/csv');
      },
    },
    { id: 'app.theme', title: 'Toggle dark / light theme', run: a.toggleTheme },
    { id: 'app.import', title: 'Import a file…', run: a.openImport },
    { id: 'layout.addPane', title: 'Add chart pane', run: () => { a.setView('charts'); a.addPane(); } },
    { id: 'layout.clear', title: 'Clear layout', run: a.clearLayout },
  ];
}

/** Ctrl+Z / Ctrl+Shift+Z outside text fields: undo or redo the last edited surface (the layout, a workflow). */
export function installUndoKeys(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z') return;
    const el = e.target as HTMLElement | null;
    if (el?.closest?.('input, textarea, select, [contenteditable="true"], .monaco-editor')) return;
    const t = undoTarget();
    if (!t) return;
    e.preventDefault();
    if (e.shiftKey) t.redo();
    else t.undo();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
