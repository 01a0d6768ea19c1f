/**
 * Keeps only the newest of a stream of requests: `run` resolves to the answer, or to `STALE` when a newer
 * request was started meanwhile (its answer is dropped, so a slow old answer never overwrites a new one).
 */
export const STALE: unique symbol = Symbol('stale');

export class Latest {
  private seq = 0;
  async run<T>(work: () => Promise<T>): Promise<T | typeof STALE> {
    const mine = ++this.seq;
    const v = await work();
    return mine === this.seq ? v : STALE;
  }
  /** Makes every request in flight stale. */
  cancel(): void {
    this.seq++;
  }
}

/** Calls `f` once `ms` passed with no new call (the live preview while typing). */
export function debounce<A extends unknown[]>(f: (...a: A) => void, ms: number): ((...a: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const d = (...a: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => f(...a), ms);
  };
  d.cancel = () => clearTimeout(timer);
  return d;
}
