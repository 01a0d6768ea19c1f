import { describe, expect, it } from 'vitest';
import { daily, points, resolver } from '../helpers.js';

const r = resolver({ deg: daily('2024-01-01', [0, 90, 180, 45]), x: daily('2024-01-01', [1, -1, 2, 0.5]), y: daily('2024-01-02', [1, 1]) });
const vals = async (f: string) => (await points(f, r)).map((p) => p[1] as number);

describe('trigonometry (degrees)', () => {
  it('cos, sin, tan with optional rounding', async () => {
    expect(await vals('(trig.cos (series "deg") #:decimals 10)')).toEqual([1, 0, -1, 0.7071067812]);
    expect(await vals('(trig.sin (series "deg") #:decimals 10)')).toEqual([0, 1, 0, 0.7071067812]);
    expect((await vals('(trig.tan (series "deg"))'))[3]).toBeCloseTo(1, 12);
  });
  it('inverse functions give degrees and drop values outside the domain', async () => {
    const acos = await vals('(trig.arccos (series "x"))');
    expect(acos).toHaveLength(3);
    [0, 180, 60].forEach((v, i) => expect(acos[i]).toBeCloseTo(v, 12));
    const asin = await vals('(trig.arcsin (series "x"))');
    [90, -90, 30].forEach((v, i) => expect(asin[i]).toBeCloseTo(v, 12));
    expect(await vals('(trig.arctan (series "x"))')).toEqual([45, -45, Math.atan(2) * (180 / Math.PI), Math.atan(0.5) * (180 / Math.PI)]);
  });
  it('row-arctan2 aligns both series and picks the quadrant', async () => {
    expect(await points('(trig.row-arctan2 (series "y") (series "x"))', r)).toEqual([
      ['2024-01-02T00:00:00Z', Math.atan2(1, -1) * (180 / Math.PI)],
      ['2024-01-03T00:00:00Z', Math.atan2(1, 2) * (180 / Math.PI)],
    ]);
    expect(await points('(trig.row-arctan2 (series "y" #:fill 0) (series "x"))', r)).toHaveLength(4);
  });
});
