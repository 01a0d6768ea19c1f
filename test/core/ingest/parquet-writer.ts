/**
 * A minimal Parquet writer for tests only (no writer package is installed): flat schema, PLAIN encoding,
 * uncompressed data pages v1, optional columns with RLE/bit-packed definition levels, several row groups.
 */

export type PqColumn =
  | { name: string; kind: 'double'; values: (number | null)[] }
  | { name: string; kind: 'int64'; values: (bigint | null)[] }
  | { name: string; kind: 'string'; values: (string | null)[] }
  | { name: string; kind: 'timestamp'; unit: 'MILLIS' | 'MICROS' | 'NANOS'; utc: boolean; values: (bigint | null)[] };

class Out {
  bytes: number[] = [];
  u8(b: number): void {
    this.bytes.push(b & 0xff);
  }
  varint(n: bigint): void {
    let v = n;
    while (v >= 0x80n) {
      this.u8(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.u8(Number(v));
  }
  zigzag(n: bigint): void {
    this.varint(n >= 0n ? n << 1n : (-n << 1n) - 1n);
  }
  raw(b: ArrayLike<number>): void {
    for (let i = 0; i < b.length; i++) this.u8(b[i]!);
  }
}

// thrift compact protocol: structs as [fieldId, type, value] lists
type TVal = { t: 'i32' | 'i64'; v: number | bigint } | { t: 'bin'; v: string } | { t: 'bool'; v: boolean } | { t: 'struct'; v: TField[] } | { t: 'list'; elem: 'i32' | 'bin' | 'struct'; v: TVal[] };
type TField = [number, TVal];
const TYPE = { bool: 1, i32: 5, i64: 6, bin: 8, list: 9, struct: 12 } as const;

function writeStruct(o: Out, fields: TField[]): void {
  let last = 0;
  for (const [id, val] of fields) {
    const type = val.t === 'bool' ? (val.v ? 1 : 2) : TYPE[val.t];
    o.u8(((id - last) << 4) | type);
    last = id;
    writeVal(o, val);
  }
  o.u8(0);
}

function writeVal(o: Out, val: TVal): void {
  switch (val.t) {
    case 'bool':
      return;
    case 'i32':
    case 'i64':
      return o.zigzag(BigInt(val.v));
    case 'bin': {
      const b = new TextEncoder().encode(val.v);
      o.varint(BigInt(b.length));
      return o.raw(b);
    }
    case 'struct':
      return writeStruct(o, val.v);
    case 'list': {
      const n = val.v.length;
      o.u8(n < 15 ? (n << 4) | TYPE[val.elem] : 0xf0 | TYPE[val.elem]);
      if (n >= 15) o.varint(BigInt(n));
      for (const e of val.v) writeVal(o, e);
    }
  }
}

const i32 = (v: number): TVal => ({ t: 'i32', v });
const i64 = (v: number | bigint): TVal => ({ t: 'i64', v });
const bin = (v: string): TVal => ({ t: 'bin', v });
const struct = (v: TField[]): TVal => ({ t: 'struct', v });

function physical(c: PqColumn): number {
  return c.kind === 'double' ? 5 : c.kind === 'string' ? 6 : 2;
}

function pageData(c: PqColumn, from: number, to: number): number[] {
  const o = new Out();
  const vals = c.values.slice(from, to);
  // definition levels: one bit-packed run, prefixed by its byte length
  const groups = Math.ceil(vals.length / 8);
  const lv = new Out();
  lv.varint(BigInt((groups << 1) | 1));
  for (let g = 0; g < groups; g++) {
    let b = 0;
    for (let k = 0; k < 8; k++) if (vals[g * 8 + k] !== null && vals[g * 8 + k] !== undefined && g * 8 + k < vals.length) b |= 1 << k;
    lv.u8(b);
  }
  const len = lv.bytes.length;
  o.raw([len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff, len >>> 24]);
  o.raw(lv.bytes);
  const dv = new DataView(new ArrayBuffer(8));
  for (const v of vals) {
    if (v === null) continue;
    if (c.kind === 'double') {
      dv.setFloat64(0, v as number, true);
      o.raw(new Uint8Array(dv.buffer));
    } else if (c.kind === 'string') {
      const b = new TextEncoder().encode(v as string);
      o.raw([b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff, b.length >>> 24]);
      o.raw(b);
    } else {
      dv.setBigInt64(0, v as bigint, true);
      o.raw(new Uint8Array(dv.buffer));
    }
  }
  return o.bytes;
}

export function writeParquet(columns: PqColumn[], rowGroupSize = 1 << 30): Uint8Array {
  const nrows = columns[0]!.values.length;
  const o = new Out();
  o.raw([0x50, 0x41, 0x52, 0x31]);
  const groups: TVal[] = [];
  for (let start = 0; start < nrows; start += rowGroupSize) {
    const end = Math.min(nrows, start + rowGroupSize);
    const chunks: TVal[] = [];
    let total = 0;
    for (const c of columns) {
      const data = pageData(c, start, end);
      const header = new Out();
      writeStruct(header, [
        [1, i32(0)],
        [2, i32(data.length)],
        [3, i32(data.length)],
        [5, struct([[1, i32(end - start)], [2, i32(0)], [3, i32(3)], [4, i32(3)]])],
      ]);
      const offset = o.bytes.length;
      o.raw(header.bytes);
      o.raw(data);
      const size = header.bytes.length + data.length;
      total += size;
      chunks.push(struct([
        [2, i64(offset)],
        [3, struct([
          [1, i32(physical(c))],
          [2, { t: 'list', elem: 'i32', v: [i32(0), i32(3)] }],
          [3, { t: 'list', elem: 'bin', v: [bin(c.name)] }],
          [4, i32(0)],
          [5, i64(end - start)],
          [6, i64(size)],
          [7, i64(size)],
          [9, i64(offset)],
        ])],
      ]));
    }
    groups.push(struct([[1, { t: 'list', elem: 'struct', v: chunks }], [2, i64(total)], [3, i64(end - start)]]));
  }
  const schema: TVal[] = [struct([[4, bin('schema')], [5, i32(columns.length)]])];
  for (const c of columns) {
    const f: TField[] = [[1, i32(physical(c))], [3, i32(1)], [4, bin(c.name)]];
    if (c.kind === 'string') f.push([6, i32(0)], [10, struct([[1, struct([])]])]);
    if (c.kind === 'timestamp') {
      const unit = c.unit === 'MILLIS' ? 1 : c.unit === 'MICROS' ? 2 : 3;
      f.push([10, struct([[8, struct([[1, { t: 'bool', v: c.utc }], [2, struct([[unit, struct([])]])]])]])]);
    }
    schema.push(struct(f));
  }
  const meta = new Out();
  writeStruct(meta, [
    [1, i32(1)],
    [2, { t: 'list', elem: 'struct', v: schema }],
    [3, i64(nrows)],
    [4, { t: 'list', elem: 'struct', v: groups }],
  ]);
  o.raw(meta.bytes);
  const n = meta.bytes.length;
  o.raw([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
  o.raw([0x50, 0x41, 0x52, 0x31]);
  return Uint8Array.from(o.bytes);
}

/** An in-memory AsyncBuffer for hyparquet. */
export function memoryFile(bytes: Uint8Array): { byteLength: number; slice(s: number, e?: number): ArrayBuffer } {
  return { byteLength: bytes.length, slice: (s, e) => bytes.slice(s, e).buffer };
}
