/** One benchmark figure. `ms` is wall time (median of rounds); `figure` a derived rate or ratio. */
export interface BenchResult {
  name: string;
  ms?: number;
  figure?: number;
  unit?: string;
  target?: string;
  pass?: boolean;
  note?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
