import { describe, expect, it } from 'vitest';
import { parse, formatNode, type Node } from '../../../core/formula/index.js';
import { Lexer, isToken } from '../../../core/formula/lexer.js';

function ok(text: string): Node {
  const r = parse(text);
  if (!r.ok) throw new Error(r.errors[0]!.message);
  return r.ast;
}
function err(text: string) {
  const r = parse(text);
  if (r.ok) throw new Error('expected a parse error');
  return r.errors[0]!;
}

describe('lexer', () => {
  it('reads every token kind with spans', () => {
    const lex = new Lexer('(a 1 -2.5 "s\\"x" #t #f nil #:kw)');
    const toks = [];
    for (;;) {
      const t = lex.next();
      if (!isToken(t)) throw new Error(t.message);
      toks.push(t);
      if (t.type === 'eof') break;
    }
    expect(toks.map((t) => t.type)).toEqual(['(', 'symbol', 'int', 'float', 'string', 'bool', 'bool', 'nil', 'keyword', ')', 'eof']);
    expect(toks[4]!.value).toBe('s"x');
    expect(toks[3]!.value).toBe(-2.5);
    expect(toks[8]!.value).toBe('kw');
    expect(toks[2]!.span).toEqual({ offset: 3, end: 4, line: 1, column: 4 });
  });

  it('treats + - * / ** as symbols and signed digits as numbers', () => {
    const r = ok('(+ -1 +2 1e3 .5)');
    expect(r.kind === 'call' && r.op).toBe('+');
    if (r.kind !== 'call') throw new Error();
    expect(r.positional.map((n) => (n.kind === 'number' ? [n.value, n.isInt] : null))).toEqual([[-1, true], [2, true], [1000, false], [0.5, false]]);
  });
});

describe('parse', () => {
  it('parses calls with positional and keyword arguments and spans on every node', () => {
    const text = '(add (series "a" #:fill 0)\n  (series "b"))';
    const ast = ok(text);
    if (ast.kind !== 'call') throw new Error();
    expect(ast.op).toBe('add');
    expect(ast.span).toEqual({ offset: 0, end: text.length, line: 1, column: 1 });
    const [a, b] = ast.positional as [Node, Node];
    if (a.kind !== 'call' || b.kind !== 'call') throw new Error();
    expect(a.keywords[0]!.name).toBe('fill');
    expect(a.keywords[0]!.nameSpan.column).toBe(18);
    expect(b.span.line).toBe(2);
    expect(b.span.column).toBe(3);
    expect(b.opSpan).toMatchObject({ line: 2, column: 4 });
  });

  it('accepts literals at top level, comments and interleaved keywords', () => {
    expect(ok('42')).toMatchObject({ kind: 'number', value: 42 });
    expect(ok('; comment\n"x" ; trailing')).toMatchObject({ kind: 'string', value: 'x' });
    const ast = ok('(series #:fill 0 "a")');
    if (ast.kind !== 'call') throw new Error();
    expect(ast.positional).toHaveLength(1);
    expect(ast.keywords).toHaveLength(1);
  });

  it('reports positioned, explanatory errors', () => {
    expect(err('')).toMatchObject({ code: 'syntax', message: expect.stringContaining('empty formula') });
    expect(err('(add 1')).toMatchObject({ message: expect.stringContaining('expected ")"'), span: { offset: 0 } });
    expect(err('(add 1))')).toMatchObject({ message: expect.stringContaining('after the end'), span: { offset: 7 } });
    expect(err('(1 2)')).toMatchObject({ message: expect.stringContaining('expected an operator name'), span: { offset: 1 } });
    expect(err('()')).toMatchObject({ message: expect.stringContaining('found ")"') });
    expect(err('(series "a" #:fill)')).toMatchObject({ message: expect.stringContaining('#:fill'), span: { offset: 12, end: 18 } });
    expect(err('(a "abc')).toMatchObject({ code: 'unterminated_string', span: { offset: 3, end: 7 } });
    expect(err('(a #x)')).toMatchObject({ code: 'syntax', span: { offset: 3 } });
    expect(err('(a "\\q")')).toMatchObject({ message: expect.stringContaining('escape') });
    expect(err('(a #:)')).toMatchObject({ message: expect.stringContaining('keyword name') });
    expect(err(')')).toMatchObject({ span: { offset: 0 } });
    expect(err('1 2')).toMatchObject({ span: { offset: 2 } });
    expect(err('(a #:k #:j 1)')).toMatchObject({ span: { offset: 3 } });
  });

  it('gives a positioned "too deep" error for 10,000 nested parentheses instead of overflowing', () => {
    const text = '('.repeat(10_000) + ')'.repeat(10_000);
    const e = err(text);
    expect(e.code).toBe('too_deep');
    expect(e.span.offset).toBe(256);
    const calls = '(abs '.repeat(10_000) + '1' + ')'.repeat(10_000);
    expect(err(calls)).toMatchObject({ code: 'too_deep', span: { offset: 256 * 5 } });
    // Parentheses in strings and comments do not count.
    expect(parse(`(series "${'('.repeat(1000)}") ; ${'('.repeat(1000)}`).ok).toBe(true);
  });

  it('accepts nesting up to the limit', () => {
    const text = '(abs '.repeat(256) + '1' + ')'.repeat(256);
    expect(parse(text).ok).toBe(true);
    expect(parse(text, { maxDepth: 10 }).ok).toBe(false);
  });

  it('round-trips through formatNode', () => {
    const text = '(add (series "a" #:fill "ffill") (* 2.0 (series "b")) #t nil -3)';
    expect(formatNode(ok(text))).toBe(text);
    expect(formatNode(ok(formatNode(ok(text))))).toBe(text);
  });
});
