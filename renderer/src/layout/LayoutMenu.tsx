import { useEffect, useRef, useState } from 'react';
import { deleteNamedLayout, layoutNameError, namedLayouts, saveNamedLayout, type Layout } from './layout.js';
import './layout.css';

interface Props {
  current: Layout;
  onRestore(layout: Layout): void;
}

/**
 * Named layouts: save the current one (panes, their series, lanes, the window) under a name, restore or
 * delete saved ones. Kept in localStorage next to the last layout, so they survive restarts.
 */
export function LayoutMenu({ current, onRestore }: Props) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState(() => namedLayouts());
  const [message, setMessage] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    setSaved(namedLayouts());
    const close = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);

  const save = () => {
    const err = layoutNameError(name);
    if (err) return setMessage(err);
    const replaced = saved.has(name.trim());
    try {
      saveNamedLayout(name, current);
    } catch (e) {
      return setMessage(`could not save: ${(e as Error).message}`);
    }
    setSaved(namedLayouts());
    setMessage(`${replaced ? 'Replaced' : 'Saved'} “${name.trim()}”`);
    setName('');
  };

  return (
    <div className="layout-menu" ref={box}>
      <button aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen(!open)}>
        Layouts…
      </button>
      {open && (
        <div className="layout-popup" role="dialog" aria-label="Named layouts" data-testid="layout-menu">
          <form
            className="layout-save"
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
          >
            <input aria-label="Layout name" placeholder="Name of this layout" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
            <button type="submit">Save layout</button>
          </form>
          {message && (
            <div className="layout-message" role="status">
              {message}
            </div>
          )}
          {saved.size === 0 ? (
            <div className="muted">No saved layouts yet.</div>
          ) : (
            <ul className="layout-list">
              {[...saved].map(([n, l]) => (
                <li key={n} data-testid="saved-layout" data-name={n}>
                  <span className="layout-name" title={n}>
                    {n}
                  </span>
                  <span className="muted">
                    {l.panes.length} pane{l.panes.length === 1 ? '' : 's'}, {l.panes.reduce((k, p) => k + p.series.length, 0)} series
                  </span>
                  <button
                    aria-label={`restore layout ${n}`}
                    onClick={() => {
                      onRestore(l);
                      setOpen(false);
                    }}
                  >
                    Restore
                  </button>
                  <button
                    aria-label={`delete layout ${n}`}
                    onClick={() => {
                      deleteNamedLayout(n);
                      setSaved(namedLayouts());
                      setMessage(`Deleted “${n}”`);
                    }}
                  >
                    Delete
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
