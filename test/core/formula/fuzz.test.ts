import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, defaultRegistry, parse } from '../../../core/formula/index.js';
import type { FormulaDiagnostic } from '../../../core/formula/errors.js';

const CODES = new Set(['syntax', 'unterminated_string', 'too_deep', 'unknown_operator', 'unknown_keyword', 'unknown_name', 'unknown_series', 'missing_argument', 'too_many_arguments', 'duplicate_argument', 'type_mismatch', 'bad_value', 'unavailable']);

function assertDiagnostics(text: string, ds: FormulaDiagnostic[]) {
  for (const d of ds) {
    expect(CODES.has(d.code), d.code).toBe(true);
    expect(typeof d.message).toBe('string');
    expect(d.span.offset).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.offset);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.span.line).toBeGreaterThanOrEqual(1);
    expect(d.span.column).toBeGreaterThanOrEqual(1);
  }
}

function parseAndCheck(text: string) {
  const r = parse(text);
  if (!r.ok) {
    expect(r.errors.length).toBeGreaterThan(0);
    assertDiagnostics(text, r.errors);
    return;
  }
  const c = check(r.ast, defaultRegistry(), { seriesExists: (n) => n.length % 2 === 0 });
  assertDiagnostics(text, c.diagnostics);
}

// Grammar-shaped inputs: real operator names, keywords, literals, wrong arities and types.
const names = [...defaultRegistry().names(), 'foo', '__proto__', 'constructor'];
const keywords = ['fill', 'weight', 'prune', 'min', 'max', 'method', 'days', 'tz', 'naive', 'skipna', 'decimals', '__proto__', 'bogus'];
const atom = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('#t', '#f', 'nil', '"ffill"', '"D"', '"2024-01-01"', '"Europe/Paris"', 'sym', '"a"'),
);
const { expr } = fc.letrec((tie) => ({
  expr: fc.oneof({ depthSize: 'small', withCrossShrink: true }, atom, tie('call')),
  call: fc
    .tuple(
      fc.constantFrom(...names),
      fc.array(tie('expr') as fc.Arbitrary<string>, { maxLength: 4 }),
      fc.array(fc.tuple(fc.constantFrom(...keywords), tie('expr') as fc.Arbitrary<string>), { maxLength: 2 }),
    )
    .map(([op, pos, kws]) => `(${[op, ...pos, ...kws.map(([k, v]) => `#:${k} ${v}`)].join(' ')})`),
}));

describe('fuzz: parser and checker', () => {
  it('never crash on arbitrary text; every error span lies within the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: fc.constantFrom(...'()"#:;\\ \n\tabc123.-+*/_ét'.split('')) }), (text) => parseAndCheck(text)),
      { numRuns: 1500 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 60, unit: 'binary' }), (text) => parseAndCheck(text)), { numRuns: 500 });
  });

  it('never crash on grammar-shaped formulas (including truncated and mutated ones)', () => {
    fc.assert(
      fc.property(expr as fc.Arbitrary<string>, fc.nat(), fc.constantFrom('keep', 'cut', 'drop-paren'), (text, k, mode) => {
        let t = text;
        if (mode === 'cut') t = text.slice(0, k % (text.length + 1));
        if (mode === 'drop-paren') t = text.replace(')', '');
        parseAndCheck(t);
      }),
      { numRuns: 1500 },
    );
  });
});
