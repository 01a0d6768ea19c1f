/** Fuzzy match of palette commands: every typed character in order; earlier and contiguous matches rank first. Pure. */
export function score(query: string, title: string): number | null {
  const q = query.toLowerCase().trim();
  if (!q) return 0;
  const t = title.toLowerCase();
  const direct = t.indexOf(q);
  if (direct >= 0) return direct;
  let pos = 0;
  let gaps = 0;
  for (const c of q) {
    if (c === ' ') continue;
    const i = t.indexOf(c, pos);
    if (i < 0) return null;
    gaps += i - pos;
    pos = i + 1;
  }
  return 100 + gaps;
}

export function rank<T extends { title: string }>(query: string, items: readonly T[]): T[] {
  return items
    .map((x, i) => ({ x, i, s: score(query, x.title) }))
    .filter((r): r is { x: T; i: number; s: number } => r.s !== null)
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((r) => r.x);
}
