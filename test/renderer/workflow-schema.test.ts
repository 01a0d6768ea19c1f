import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUILTIN_OPS } from '../../core/dag/index.js';
import { fieldsOf, problem, readText, showText, type JsonSchema } from '../../renderer/src/workflow/schema.js';

// Forms come from the ops' own config schemas, as zod writes them to JSON Schema.
const schemaOf = (name: string) => {
  const op = (BUILTIN_OPS as unknown as { name: string; config: z.ZodType }[]).find((o) => o.name === name)!;
  return z.toJSONSchema(op.config, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
};

describe('workflow node forms from config schemas', () => {
  it('makes a field per property: selects for enums, checkboxes for booleans, text otherwise', () => {
    const f = fieldsOf(schemaOf('filter'));
    expect(f.map((x) => [x.key, x.control, x.required])).toEqual([
      ['filter_type', 'select', true],
      ['cutoff', 'text', true],
      ['order', 'text', false],
      ['zero_phase', 'checkbox', false],
      ['sampling_rate', 'text', false],
      ['tolerance', 'text', false],
    ]);
    expect(f[0]!.options).toEqual(['lowpass', 'highpass', 'bandpass', 'bandstop']);
    expect(f[1]!.hint).toBe('number > 0 | [number > 0, number > 0]');
    expect(f[2]!.default).toBe(4);
  });

  it('reads typed text with the schema types: numbers, pairs, durations, and says what is wrong', () => {
    const [, cutoff, order] = fieldsOf(schemaOf('filter'));
    expect(readText('10', cutoff!)).toEqual({ value: 10 });
    expect(readText('[1, 5]', cutoff!)).toEqual({ value: [1, 5] });
    expect(readText('-1', cutoff!).error).toMatch(/expected number > 0/);
    expect(readText('fast', cutoff!).error).toMatch(/expected number > 0/);
    expect(readText('', cutoff!)).toEqual({ error: 'required' });
    expect(readText('', order!)).toEqual({});
    expect(readText('11', order!).error).toBe('must be ≤ 10');
    expect(readText('2.5', order!).error).toMatch(/expected integer/);
    const [window] = fieldsOf(schemaOf('rolling'));
    expect(readText('30', window!)).toEqual({ value: 30 });
    expect(readText('5min', window!)).toEqual({ value: '5min' });
    const [name] = fieldsOf(schemaOf('series'));
    expect(readText('plant/temp', name!)).toEqual({ value: 'plant/temp' });
    expect(readText('"quoted"', name!)).toEqual({ value: 'quoted' });
  });

  it('checks whole values against the schema', () => {
    const s = schemaOf('resample');
    expect(problem('mean', s.properties!.method!)).toBeNull();
    expect(problem('avg', s.properties!.method!)).toMatch(/expected one of/);
    expect(showText([1, 5])).toBe('[1,5]');
    expect(showText('1h')).toBe('1h');
    expect(showText(undefined)).toBe('');
  });
});
