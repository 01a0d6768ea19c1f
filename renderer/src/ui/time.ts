import { formatTimestamp, parseInstant } from '../../../core/series/time.js';

/** µs → the text of a revision-date field (UTC, exact to the µs so it never falls before the revision it names). */
export function revisionText(us: number | null): string {
  return us === null ? '' : formatTimestamp(us, true);
}

/** Text typed in a revision-date field → µs, or an error message. ISO dates and date-times (UTC unless an offset is given). */
export function parseRevision(text: string): { us: number | null } | { error: string } {
  const t = text.trim();
  if (!t) return { us: null };
  try {
    return { us: parseInstant(t) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
