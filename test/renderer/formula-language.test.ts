import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../core/formula/index.js';
import { completions, cursorContext, hoverAt, markersFor, monarchLanguage, signatureHelp, callSnippet } from '../../renderer/src/formula/language.js';

// The editor language is generated from the registry the engine serves: test it against the real one.
const ops = JSON.parse(JSON.stringify(defaultRegistry().describe()));
const SERIES = ['plant/temp', 'plant/flow'];
const at = (text: string) => {
  const offset = text.indexOf('|');
  return { text: text.replace('|', ''), offset };
};

describe('strata-formula language from the operator registry', () => {
  it('tokenizes every operator name and alias of the registry as an operator', () => {
    const m = monarchLanguage(ops);
    for (const o of ops) expect(m.operators).toContain(o.name);
    expect(m.operators).toContain('shifted'); // alias of timedelta
    expect(m.operators.length).toBeGreaterThan(50);
  });

  it('knows the call and argument around the cursor', () => {
    let c = cursorContext(...(Object.values(at('(add (series "a") (ser|')) as [string, number]));
    expect(c).toMatchObject({ kind: 'operator', prefix: 'ser', call: { op: null } });
    c = cursorContext(...(Object.values(at('(resample (series "a") |')) as [string, number]));
    expect(c).toMatchObject({ kind: 'value', call: { op: 'resample', positional: 1 } });
    c = cursorContext(...(Object.values(at('(series "pl|')) as [string, number]));
    expect(c).toMatchObject({ kind: 'string', prefix: 'pl', call: { op: 'series', positional: 0 } });
    c = cursorContext(...(Object.values(at('(series "a" #:fi|')) as [string, number]));
    expect(c).toMatchObject({ kind: 'keyword', prefix: '#:fi', call: { op: 'series', positional: 1 } });
    c = cursorContext(...(Object.values(at('(series "a" #|')) as [string, number]));
    expect(c).toMatchObject({ kind: 'keyword', prefix: '#' });
    c = cursorContext(...(Object.values(at('(clip (series "a") #:min 0 |')) as [string, number]));
    expect(c).toMatchObject({ kind: 'value', call: { op: 'clip', positional: 1, keywords: ['min'], pendingKeyword: null } });
  });

  it('completes operators with snippets of their required arguments', () => {
    const { text, offset } = at('(add (series "a") (resa|');
    const items = completions(ops, SERIES, text, offset);
    const r = items.find((i) => i.label === 'resample')!;
    expect(r.insertText).toBe('resample ${1:series} ${2:"freq"}');
    expect(r.snippet).toBe(true);
    expect(r.start).toBe(text.length - 4);
    expect(r.detail).toContain('(resample series freq [method] [origin_freq]) → series');
    expect(callSnippet(ops.find((o: { name: string }) => o.name === 'add'), true)).toBe('(add ${1:series})');
  });

  it('completes keywords not given yet, with their defaults', () => {
    const { text, offset } = at('(series "a" #:fill 0 #:|');
    const labels = completions(ops, SERIES, text, offset).map((i) => i.label);
    expect(labels).toEqual(['#:limit', '#:prune', '#:weight', '#:keepnans']);
    const { text: t2, offset: o2 } = at('(resample (series "a") "D" #:m|');
    const m = completions(ops, SERIES, t2, o2);
    expect(m.map((i) => i.insertText)).toEqual(['#:method ${1:"mean"}']);
  });

  it('completes series names inside the argument that names a series, and as calls where a series fits', () => {
    const { text, offset } = at('(add (series "pla|');
    const items = completions(ops, SERIES, text, offset);
    expect(items.map((i) => [i.label, i.insertText])).toEqual([
      ['plant/temp', 'plant/temp'],
      ['plant/flow', 'plant/flow'],
    ]);
    const { text: t2, offset: o2 } = at('(add |');
    const calls = completions(ops, SERIES, t2, o2).filter((i) => i.kind === 'series');
    expect(calls.map((i) => i.insertText)).toEqual(['(series "plant/temp")', '(series "plant/flow")']);
    // A number parameter offers operators returning numbers, not series names.
    const { text: t3, offset: o3 } = at('(rolling (series "a") |');
    const num = completions(ops, SERIES, t3, o3);
    expect(num.some((i) => i.kind === 'series')).toBe(false);
    expect(num.some((i) => i.label === 'series')).toBe(false);
    expect(num.some((i) => i.label === '+')).toBe(true);
  });

  it('hovers an operator with its signature and docs, and a keyword with its type and default', () => {
    const text = '(resample (series "a" #:fill 0) "D")';
    const h = hoverAt(ops, text, 3)!;
    expect(h.markdown).toContain('(resample series freq [method] [origin_freq]) → series');
    expect(h.markdown).toContain(ops.find((o: { name: string }) => o.name === 'resample').doc);
    expect([h.start, h.end]).toEqual([1, 9]);
    const k = hoverAt(ops, text, text.indexOf('#:fill') + 3)!;
    expect(k.markdown).toMatch(/^\*\*#:fill\*\* `string\|number\|nil = nil`/);
    expect(hoverAt(ops, text, text.indexOf('"D"') + 1)).toBeNull();
  });

  it('gives signature help with the active parameter', () => {
    const { text, offset } = at('(resample (series "a") "D" |');
    const s = signatureHelp(ops, text, offset)!;
    expect(s.label).toBe('(resample series freq [method] [origin_freq]) → series');
    expect(s.active).toBe(2);
    expect(s.label.slice(...s.params[2]!.range)).toBe('[method]');
    const { text: t2, offset: o2 } = at('(series "a" #:prune |');
    const k = signatureHelp(ops, t2, o2)!;
    expect(k.label.slice(...k.params[k.active]!.range)).toBe('#:prune');
  });

  it('turns engine diagnostics into markers at the right line and column', () => {
    const text = '(add\n  (series "a")\n  (sries "b"))';
    const offset = text.indexOf('sries');
    const [m] = markersFor(text, [{ code: 'unknown_operator', message: 'unknown operator "sries"', line: 3, column: 4, offset, end: offset + 5 }]);
    expect(m).toEqual({ startLineNumber: 3, startColumn: 4, endLineNumber: 3, endColumn: 9, message: 'unknown operator "sries"', code: 'unknown_operator' });
    // An error at the very end (missing ")") still marks a character.
    const [e] = markersFor('(add 1', [{ code: 'syntax', message: 'x', line: 1, column: 7, offset: 6, end: 6 }]);
    expect(e).toMatchObject({ startColumn: 6, endColumn: 7 });
  });
});
