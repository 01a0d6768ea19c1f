import { useEffect, useRef, useState } from 'react';
import { rank } from './match.js';

export interface Command {
  id: string;
  title: string;
  /** Shortcut shown beside the title. */
  keys?: string;
  run(): void | Promise<void>;
}

/**
 * The command palette (Ctrl+Shift+P or Ctrl+K): type to filter, arrows to move, Enter to run, Escape to
 * close. Commands come from the app (views, theme, undo, chart export, ...).
 */
export function CommandPalette({ commands }: { commands: () => Command[] }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const back = useRef<Element | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && ((e.shiftKey && k === 'p') || (!e.shiftKey && k === 'k'))) {
        e.preventDefault();
        e.stopPropagation();
        back.current = document.activeElement;
        setOpen(true);
        setQuery('');
        setIndex(0);
      }
    };
    // Capture phase: ahead of Monaco, which would take Ctrl+K as the start of a chord.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  if (!open)
    return status ? (
      <div className="toast" role="status" data-testid="palette-status" onClick={() => setStatus(null)}>
        {status}
      </div>
    ) : null;
  const shown = rank(query, commands());
  const close = () => {
    setOpen(false);
    (back.current as HTMLElement | null)?.focus?.();
  };
  const run = (c: Command | undefined) => {
    if (!c) return;
    close();
    // Restore focus first: Undo acts on what was focused before the palette opened.
    setTimeout(() => {
      Promise.resolve(c.run()).then(
        () => setStatus(null),
        (e: Error) => setStatus(`${c.title}: ${e.message}`),
      );
    }, 0);
  };
  return (
    <div className="modal-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="palette" role="dialog" aria-label="Command palette" data-testid="palette">
        <input
          ref={input}
          aria-label="Command"
          placeholder="Type a command"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setIndex(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
            else if (e.key === 'ArrowDown') setIndex((i) => Math.min(shown.length - 1, i + 1));
            else if (e.key === 'ArrowUp') setIndex((i) => Math.max(0, i - 1));
            else if (e.key === 'Enter') run(shown[index]);
            else return;
            e.preventDefault();
          }}
        />
        <ul role="listbox">
          {shown.map((c, i) => (
            <li key={c.id} role="option" aria-selected={i === index} className={i === index ? 'active' : ''} onMouseEnter={() => setIndex(i)} onClick={() => run(c)}>
              <span>{c.title}</span>
              {c.keys && <kbd>{c.keys}</kbd>}
            </li>
          ))}
          {!shown.length && <li className="muted">no command matches</li>}
        </ul>
      </div>
    </div>
  );
}
