import { describe, expect, it } from 'vitest';
import { check, defaultRegistry, dependencies, parse, type Node } from '../../../core/formula/index.js';

function ast(text: string): Node {
  const r = parse(text);
  if (!r.ok) throw new Error(r.errors[0]!.message);
  return r.ast;
}
const reg = defaultRegistry();
function diags(text: string, ctx = {}) {
  return check(ast(text), reg, ctx).diagnostics.map((d) => ({ code: d.code, at: text.slice(d.span.offset, d.span.end), message: d.message }));
}

describe('check', () => {
  it('accepts valid formulas and infers the type', () => {
    expect(check(ast('(add (series "a") (series "b"))'), reg).type).toEqual(['series']);
    expect(check(ast('(+ 1 2)'), reg).type).toEqual(['number']);
    expect(check(ast('(* 2 (series "a"))'), reg).type).toEqual(['series']);
    expect(check(ast('(date "2020-01-01")'), reg).type).toEqual(['timestamp']);
    expect(check(ast('(max (date "2020-01-01") nil)'), reg).type).toEqual(['timestamp', 'nil']);
  });

  it('reports unknown operators at the name, with a suggestion', () => {
    expect(diags('(ad (series "a"))')).toEqual([{ code: 'unknown_operator', at: 'ad', message: expect.stringContaining('did you mean add') }]);
  });

  it('treats __proto__, constructor and toString as plain unknown names', () => {
    for (const n of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(diags(`(${n} 1)`)[0]).toMatchObject({ code: 'unknown_operator', at: n });
      expect(diags(`(series "a" #:${n} 1)`)[0]).toMatchObject({ code: 'unknown_keyword', at: `#:${n}` });
      expect(diags(n)[0]).toMatchObject({ code: 'unknown_name', at: n });
    }
  });

  it('reports unknown keywords, listing the valid ones', () => {
    const d = diags('(series "a" #:fil 0)');
    expect(d[0]).toMatchObject({ code: 'unknown_keyword', at: '#:fil' });
    expect(d[0]!.message).toContain('#:fill');
    expect(d[0]!.message).toContain('did you mean fill');
  });

  it('checks arity', () => {
    expect(diags('(series)')[0]).toMatchObject({ code: 'missing_argument', at: '(series)' });
    expect(diags('(series "a" "b")')[0]).toMatchObject({ code: 'too_many_arguments', at: '"b"' });
    expect(diags('(add)')[0]).toMatchObject({ code: 'missing_argument' });
    expect(diags('(div (series "a"))')[0]).toMatchObject({ code: 'missing_argument', message: expect.stringContaining('s2') });
  });

  it('checks argument types, series vs scalar', () => {
    expect(diags('(add (series "a") 1)')[0]).toMatchObject({ code: 'type_mismatch', at: '1', message: expect.stringContaining('expects series, got int') });
    expect(diags('(series 3)')[0]).toMatchObject({ code: 'type_mismatch', at: '3' });
    expect(diags('(/ 1 (series "a"))')[0]).toMatchObject({ code: 'type_mismatch', at: '(series "a")' });
    expect(diags('(+ (series "a") (series "b"))')[0]).toMatchObject({ code: 'type_mismatch', at: '(series "b")' });
    expect(diags('(min (series "a") 3)')[0]).toMatchObject({ code: 'type_mismatch', at: '3' });
    expect(diags('(round (series "a") #:decimals 1.5)')[0]).toMatchObject({ code: 'type_mismatch', at: '1.5' });
    expect(diags('(clip (series "a") #:min "x")')[0]).toMatchObject({ code: 'type_mismatch', at: '"x"' });
  });

  it('lets a defaulted parameter be given positionally or by keyword, but not both', () => {
    expect(diags('(resample (series "a") "D" "sum")')).toEqual([]);
    expect(diags('(resample (series "a") "D" #:method "sum")')).toEqual([]);
    expect(diags('(resample (series "a") #:freq "D")')).toEqual([]);
    expect(diags('(timedelta (today) 1 2)')).toEqual([]);
    expect(diags('(resample (series "a") "D" "sum" #:method "max")')[0]).toMatchObject({ code: 'duplicate_argument', at: '#:method' });
  });

  it('validates literal values in place', () => {
    expect(diags('(series "a" #:fill "zfill")')[0]).toMatchObject({ code: 'bad_value', at: '"zfill"' });
    expect(diags('(series "a" #:fill "ffill,bfill")')).toEqual([]);
    expect(diags('(resample (series "a") "fortnight")')[0]).toMatchObject({ code: 'bad_value', at: '"fortnight"' });
    expect(diags('(resample (series "a") "D" "avg")')[0]).toMatchObject({ code: 'bad_value', at: '"avg"' });
    expect(diags('(date "2020-13-01")')[0]).toMatchObject({ code: 'bad_value', at: '"2020-13-01"' });
    expect(diags('(naive (series "a") "Mars/Olympus")')[0]).toMatchObject({ code: 'bad_value', at: '"Mars/Olympus"' });
    expect(diags('(rolling (series "a") 0)')[0]).toMatchObject({ code: 'bad_value', at: '0' });
  });

  it('collects several problems without cascading', () => {
    const d = diags('(add (foo) (series 1) (series "a" #:bar 2))');
    expect(d.map((x) => x.code)).toEqual(['unknown_operator', 'type_mismatch', 'unknown_keyword']);
  });

  it('flags unknown series when told which exist', () => {
    const d = diags('(add (series "a") (series "nope"))', { seriesExists: (n: string) => n === 'a' });
    expect(d).toEqual([{ code: 'unknown_series', at: '"nope"', message: expect.stringContaining('nope') }]);
  });

  it('rejects over-deep hand-built trees', () => {
    let node: Node = { kind: 'number', value: 1, isInt: true, span: { offset: 0, end: 1, line: 1, column: 1 } };
    for (let i = 0; i < 300; i++) node = { kind: 'call', op: 'abs', opSpan: node.span, positional: [node], keywords: [], span: node.span };
    expect(check(node, reg).diagnostics[0]!.code).toBe('too_deep');
  });
});

describe('dependencies', () => {
  it('lists the series a formula reads, once each, in order', () => {
    const a = ast('(add (series "a") (priority (series "b") (series "a")) (asof (date "2020-01-01") (series "c" #:fill 0)))');
    expect(dependencies(a, reg)).toEqual(['a', 'b', 'c']);
    expect(dependencies(ast('(+ 1 2)'), reg)).toEqual([]);
    expect(dependencies(ast('(foo "x")'), reg)).toEqual([]);
  });
});

describe('tshistory operators Strata leaves out', () => {
  it('are reported as unavailable with the reason, not as unknown', () => {
    for (const f of ['(add (findseries (by.name "x")))', '(by.metaitem "plant" "coal")', '(group-add (group "a"))']) {
      const p = parse(f);
      if (!p.ok) throw new Error('parse');
      const d = check(p.ast, defaultRegistry()).diagnostics[0]!;
      expect(d.code, f).toBe('unavailable');
      expect(d.message, f).toMatch(/not available in Strata: .*(metadata catalogue|groups)/);
    }
    const p = parse('(findseriez)');
    expect(p.ok && check(p.ast, defaultRegistry()).diagnostics[0]!.code).toBe('unknown_operator');
  });
});
