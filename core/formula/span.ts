/** Where something sits in the formula text: `offset`..`end` (exclusive) in UTF-16 units, 1-based line and column. */
export interface Span {
  offset: number;
  end: number;
  line: number;
  column: number;
}

/** Maps offsets to line/column; built once per text so spans stay cheap. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  span(offset: number, end: number): Span {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, end, line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** A span covering `a` through `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return { offset: a.offset, end: Math.max(a.end, b.end), line: a.line, column: a.column };
}

/** Placeholder span for nodes built in code rather than parsed. */
export const NO_SPAN: Span = Object.freeze({ offset: 0, end: 0, line: 1, column: 1 });
