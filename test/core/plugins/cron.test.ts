import { describe, expect, it } from 'vitest';
import { cronError } from '../../../core/plugins/index.js';

describe('cronError', () => {
  it('accepts standard expressions, names, steps, ranges, seconds and macros', () => {
    for (const e of ['* * * * *', '*/15 0-6 1,15 jan-jun mon-fri', '0 0 2 * * 7', '@daily', '5 4 * * sun']) expect(cronError(e), e).toBeNull();
  });
  it('says what is wrong', () => {
    expect(cronError('60 * * * *')).toMatch(/field 1 .*out of 0-59/);
    expect(cronError('* * * *')).toMatch(/expected 5 or 6 fields, got 4/);
    expect(cronError('*/0 * * * *')).toMatch(/bad step/);
    expect(cronError('* 5-2 * * *')).toMatch(/runs backwards/);
    expect(cronError('* * * foo *')).toMatch(/field 4/);
  });
});
