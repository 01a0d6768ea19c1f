/**
 * A revision's manifest: the ordered, non-overlapping chunks that make up the series' whole state at
 * that revision. Stored as a blob of float64 quadruples [chunkId, count, firstTs, lastTs] so a read
 * picks the chunks of a value-date window without touching the chunk table's index.
 */
export interface ManifestEntry {
  id: number;
  count: number;
  first: number;
  last: number;
}

const FIELDS = 4;

export function encodeManifest(entries: readonly ManifestEntry[]): Buffer {
  const a = new Float64Array(entries.length * FIELDS);
  entries.forEach((e, k) => {
    a[k * FIELDS] = e.id;
    a[k * FIELDS + 1] = e.count;
    a[k * FIELDS + 2] = e.first;
    a[k * FIELDS + 3] = e.last;
  });
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function decodeManifest(blob: Uint8Array): ManifestEntry[] {
  const a = new Float64Array(blob.byteLength / 8);
  new Uint8Array(a.buffer).set(blob);
  const out: ManifestEntry[] = [];
  for (let k = 0; k < a.length; k += FIELDS) {
    out.push({ id: a[k]!, count: a[k + 1]!, first: a[k + 2]!, last: a[k + 3]! });
  }
  return out;
}

/** Index range [start, end) of the entries that overlap [from, to] (inclusive bounds, null = open). */
export function overlapping(entries: readonly ManifestEntry[], from: number | null, to: number | null): [number, number] {
  let start = 0;
  while (start < entries.length && from != null && entries[start]!.last < from) start++;
  let end = start;
  while (end < entries.length && (to == null || entries[end]!.first <= to)) end++;
  return [start, end];
}

export function manifestCount(entries: readonly ManifestEntry[]): number {
  let n = 0;
  for (const e of entries) n += e.count;
  return n;
}
