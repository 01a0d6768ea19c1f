/**
 * A small least-recently-used cache of transform plans (twiddle tables, chirps, scratch buffers) keyed by
 * length. Bounded both by entry count and by bytes, so repeated transforms of one size cost no set-up while
 * an occasional huge transform does not pin hundreds of megabytes: a plan larger than the whole budget is
 * built, used and dropped.
 */
export class PlanCache<T> {
  private readonly plans = new Map<number, { plan: T; bytes: number }>();
  private total = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    private readonly bytesOf: (plan: T) => number,
  ) {}

  get(key: number, make: () => T): T {
    const hit = this.plans.get(key);
    if (hit) {
      this.plans.delete(key); // re-insert: Map iteration order is then least-recently-used first
      this.plans.set(key, hit);
      return hit.plan;
    }
    const plan = make();
    const bytes = this.bytesOf(plan);
    if (bytes > this.maxBytes) return plan;
    while (this.plans.size >= this.maxEntries || (this.plans.size > 0 && this.total + bytes > this.maxBytes)) {
      const [oldest, entry] = this.plans.entries().next().value!;
      this.plans.delete(oldest);
      this.total -= entry.bytes;
    }
    this.plans.set(key, { plan, bytes });
    this.total += bytes;
    return plan;
  }

  /** Keys held, least recently used first (for tests). */
  keys(): number[] {
    return [...this.plans.keys()];
  }

  /** Bytes held by the retained plans (for tests). */
  get bytes(): number {
    return this.total;
  }
}
