import type { Reject, RejectKind } from './types.js';

/** Counts every reject and keeps the first `max` of them (a 10M-row file of bad rows must not fill memory). */
export class RejectLog {
  readonly list: Reject[] = [];
  count = 0;
  constructor(private readonly max = 10_000) {}

  add(line: number, column: number, kind: RejectKind, reason: string, columnName?: string): void {
    this.count++;
    if (this.list.length >= this.max) return;
    const r: Reject = { line, column, kind, reason };
    if (columnName !== undefined) r.columnName = columnName;
    this.list.push(r);
  }

  get truncated(): boolean {
    return this.count > this.list.length;
  }
}

/** Why an infinite value is a reject: the store keeps finite numbers only. */
export function infiniteReason(text: string, series: string): string {
  return `infinite number ${JSON.stringify(text)} for series ${JSON.stringify(series)}: only finite numbers can be stored`;
}

/** Why a record whose quoted field opened on `line` and never closed is a reject. */
export function unterminatedReason(line: number): string {
  return `unterminated quote: the quoted field opened on line ${line} never closes`;
}
