/** Something that holds a resource (process, watcher, worker, subscription) and releases it. */
export interface Disposable {
  dispose(): void;
}

/** Collects disposables and releases them together, newest first (VS Code's DisposableStore idea). */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private disposed = false;

  add<T extends Disposable>(d: T): T {
    if (this.disposed) {
      d.dispose();
    } else {
      this.items.push(d);
    }
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const d of this.items.reverse()) {
      try {
        d.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    this.items = [];
    if (errors.length) throw errors[0];
  }
}

export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (!done) {
        done = true;
        fn();
      }
    },
  };
}
