import type { SqliteDatabase } from './sqlite.js';
import { ENVELOPE_LEVELS } from './chart.js';

/** Column of each envelope level in chunk_envelope (migration 0006), in ENVELOPE_LEVELS order. */
const COLUMNS = ENVELOPE_LEVELS.map((size) => `l${size}`);

/** The chunk_envelope table: the stored envelope levels of float chunks, one row per chunk. */
export class EnvelopeTable {
  private readonly insert;
  private readonly byIds;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(`INSERT INTO chunk_envelope (chunk_id, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`);
    // One statement per level for any number of chunks (json_each): per-chunk statements cost more than the bins.
    this.byIds = COLUMNS.map((c) => db.prepare<[string], [number, Buffer]>(`SELECT chunk_id, ${c} FROM chunk_envelope WHERE chunk_id IN (SELECT value FROM json_each(?))`).raw());
  }

  write(chunkId: number, levels: Float64Array[]): void {
    this.insert.run(chunkId, ...levels.map(toBlob));
  }

  /** The bins at level index `level` of each chunk id, in that order; null where a chunk has none. */
  read(ids: number[], level: number): (Float64Array | null)[] {
    if (ids.length === 0) return [];
    const found = new Map<number, Float64Array>();
    for (const [id, blob] of this.byIds[level]!.all(JSON.stringify(ids))) found.set(id, toFloats(blob));
    return ids.map((id) => found.get(id) ?? null);
  }
}

function toBlob(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function toFloats(blob: Buffer): Float64Array {
  // Zero-copy when the blob is 8-byte aligned, else one copy.
  if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, blob.byteLength / 8);
  const a = new Float64Array(blob.byteLength / 8);
  new Uint8Array(a.buffer).set(blob);
  return a;
}
