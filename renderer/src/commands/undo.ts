/**
 * Undo for the analyst's edits. Each editing surface keeps its own history: Monaco keeps the formula
 * text's, `History` below keeps a workflow's and the layout's. The palette's Undo / Redo (and Ctrl+Z
 * outside text fields) act on the surface that was edited or focused last.
 */
export interface UndoTarget {
  label: string;
  undo(): void;
  redo(): void;
}

let target: UndoTarget | null = null;
export function setUndoTarget(t: UndoTarget | null): void {
  target = t;
}
export function undoTarget(): UndoTarget | null {
  return target;
}

/** A bounded undo/redo history of immutable states. */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  constructor(
    private present: T,
    private readonly limit = 200,
  ) {}

  get value(): T {
    return this.present;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Records a new state (a no-op when it is the same object); clears the redo side. */
  push(next: T): T {
    if (Object.is(next, this.present)) return this.present;
    this.past.push(this.present);
    if (this.past.length > this.limit) this.past.shift();
    this.present = next;
    this.future = [];
    return next;
  }

  /** Replaces the present without a history entry (e.g. node positions while dragging). */
  replace(next: T): T {
    this.present = next;
    return next;
  }

  undo(): T {
    const prev = this.past.pop();
    if (prev === undefined) return this.present;
    this.future.push(this.present);
    this.present = prev;
    return prev;
  }

  redo(): T {
    const next = this.future.pop();
    if (next === undefined) return this.present;
    this.past.push(this.present);
    this.present = next;
    return next;
  }
}
