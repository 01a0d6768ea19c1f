import { useCallback, useMemo, useRef, useState } from 'react';
import { History, setUndoTarget } from './undo.js';

/**
 * React state with undo/redo: `set` records an entry (and makes this state the palette's undo target),
 * `setQuiet` changes it without one.
 */
export function useHistory<T>(initial: () => T, label: string) {
  const h = useRef<History<T> | null>(null);
  if (!h.current) h.current = new History(initial());
  const [value, setValue] = useState<T>(() => h.current!.value);
  const target = useMemo(
    () => ({
      label,
      undo: () => setValue(h.current!.undo()),
      redo: () => setValue(h.current!.redo()),
    }),
    [label],
  );
  const set = useCallback(
    (next: T | ((prev: T) => T)) => {
      const hist = h.current!;
      const v = typeof next === 'function' ? (next as (p: T) => T)(hist.value) : next;
      setValue(hist.push(v));
      setUndoTarget(target);
    },
    [target],
  );
  const setQuiet = useCallback((next: T | ((prev: T) => T)) => {
    const hist = h.current!;
    const v = typeof next === 'function' ? (next as (p: T) => T)(hist.value) : next;
    setValue(hist.replace(v));
  }, []);
  return { value, set, setQuiet, target, history: h.current };
}
