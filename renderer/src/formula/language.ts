/**
 * The `strata-formula` editor language, generated from the engine's operator registry
 * (`formula.operators`): tokens, completion, hover, signature help and markers. Pure data in, plain
 * objects out (no Monaco here), so the rules are unit-tested under Node; `monaco.ts` hands them to Monaco.
 * Nothing about any operator is written here: names, parameters, types, defaults, docs all come from the
 * descriptions the engine serves.
 */
import type { OperatorDescription } from '../../../core/formula/registry.js';
import { isToken, Lexer, type Token } from '../../../core/formula/lexer.js';
import { LineIndex } from '../../../core/formula/span.js';

export type Op = OperatorDescription;
export const LANGUAGE_ID = 'strata-formula';

/** Operators by name and alias. */
export function indexOps(ops: readonly Op[]): Map<string, Op> {
  const m = new Map<string, Op>();
  for (const o of ops) {
    m.set(o.name, o);
    for (const a of o.aliases) m.set(a, o);
  }
  return m;
}

/**
 * Monarch tokenizer: the lexical syntax of the language (parentheses, strings, numbers, #t/#f, nil,
 * #:keywords, ; comments) with every operator name of the registry tokenized as an operator, any other
 * name as an unknown identifier (so a typo shows in another colour before the checker even answers).
 */
export function monarchLanguage(ops: readonly Op[]) {
  const names = [...indexOps(ops).keys()];
  return {
    defaultToken: '',
    tokenPostfix: '.strata',
    operators: names,
    brackets: [{ open: '(', close: ')', token: 'delimiter.parenthesis' }],
    tokenizer: {
      root: [
        [/;.*$/, 'comment'],
        [/\s+/, 'white'],
        [/[()]/, '@brackets'],
        [/"/, { token: 'string.quote', next: '@string' }],
        [/#[tf](?=[\s()";]|$)/, 'constant.boolean'],
        [/#:[^\s()";]+/, 'attribute.keyword'],
        [/#[^\s()";]*/, 'invalid'],
        [/[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?(?=[\s()";]|$)/, 'number'],
        [/nil(?=[\s()";]|$)/, 'constant.nil'],
        [/[^\s()";]+/, { cases: { '@operators': 'keyword.operator', '@default': 'identifier' } }],
      ],
      string: [
        [/[^\\"]+/, 'string'],
        [/\\["\\ntr]/, 'string.escape'],
        [/\\./, 'string.escape.invalid'],
        [/"/, { token: 'string.quote', next: '@pop' }],
      ],
    },
  };
}

/** One call open around the cursor. */
export interface CallFrame {
  /** Operator name as written (null right after "("). */
  op: string | null;
  /** Offset of the "(" */
  open: number;
  /** Positional arguments complete so far. */
  positional: number;
  /** Keywords given so far. */
  keywords: string[];
  /** A `#:name` whose value has not been given yet. */
  pendingKeyword: string | null;
}

/** What the cursor sits in, for completion and signature help. */
export interface CursorContext {
  /** `operator`: naming the operator of a call; `keyword`: typing `#:..`; `string`: inside a string literal; `value`: an argument position. */
  kind: 'operator' | 'keyword' | 'string' | 'value' | 'top';
  /** Innermost open call (null at top level). */
  call: CallFrame | null;
  /** Text typed so far of the word (or string) under the cursor. */
  prefix: string;
  /** Offset where the replaced word starts (for strings: just after the opening quote). */
  start: number;
}

/** Reads the text before `offset` with the engine's own lexer and tells which call and argument the cursor is in. */
export function cursorContext(text: string, offset: number): CursorContext {
  const before = text.slice(0, offset);
  const lexer = new Lexer(before);
  const stack: CallFrame[] = [];
  let last: Token | null = null;
  let openString: number | null = null;
  /** A `#` or `#:` being typed (the lexer reports it as an error until the keyword has a name). */
  let openHash: number | null = null;
  const valueDone = () => {
    const f = stack[stack.length - 1];
    if (!f) return;
    if (f.op === null) return;
    if (f.pendingKeyword !== null) {
      f.keywords.push(f.pendingKeyword);
      f.pendingKeyword = null;
    } else f.positional++;
  };
  for (;;) {
    const t = lexer.next();
    if (!isToken(t)) {
      // An unterminated string at the end of the prefix: the cursor is inside it.
      if (t.code === 'unterminated_string' && t.span.end === before.length) openString = t.span.offset;
      else if (t.span.end === before.length && before[t.span.offset] === '#') openHash = t.span.offset;
      break;
    }
    if (t.type === 'eof') break;
    last = t;
    // The word touching the cursor is still being typed: it is the prefix, not a complete token.
    if (t.span.end === before.length && t.type !== '(' && t.type !== ')' && t.type !== 'string') break;
    if (t.type === '(') {
      stack.push({ op: null, open: t.span.offset, positional: 0, keywords: [], pendingKeyword: null });
    } else if (t.type === ')') {
      stack.pop();
      valueDone();
    } else {
      const f = stack[stack.length - 1];
      if (f && f.op === null) {
        f.op = t.type === 'symbol' ? String(t.value) : t.text;
      } else if (t.type === 'keyword') {
        if (f) f.pendingKeyword = String(t.value);
      } else valueDone();
    }
    last = null;
  }
  const call = stack[stack.length - 1] ?? null;
  if (openString !== null) {
    return { kind: 'string', call, prefix: before.slice(openString + 1), start: openString + 1 };
  }
  if (openHash !== null) return { kind: 'keyword', call, prefix: before.slice(openHash), start: openHash };
  const typing = last && last.span.end === before.length ? last : null;
  const prefix = typing ? typing.text : '';
  const start = typing ? typing.span.offset : offset;
  if (call && call.op === null) return { kind: 'operator', call, prefix, start };
  if (typing && typing.text.startsWith('#')) return { kind: 'keyword', call, prefix, start };
  return { kind: call ? 'value' : 'top', call, prefix, start };
}

/** A completion proposal as plain data; `snippet` texts use Monaco's `${1:placeholder}` syntax. */
export interface Completion {
  label: string;
  kind: 'operator' | 'keyword' | 'series' | 'value';
  insertText: string;
  snippet: boolean;
  detail: string;
  documentation: string;
  /** Replace from here to the cursor. */
  start: number;
  sortText: string;
}

const snippetEscape = (s: string) => s.replace(/[$}\\]/g, (c) => '\\' + c);

function literalText(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'boolean') return v ? '#t' : '#f';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/** The snippet of a call: required positionals as placeholders (defaulted ones left out, as they may be). */
export function callSnippet(op: Op, withParen: boolean): string {
  const args: string[] = [];
  let k = 1;
  for (const p of op.params) if (!p.optional) args.push(`\${${k++}:${snippetEscape(placeholder(p))}}`);
  if (op.rest) for (let i = 0; i < Math.max(1, op.rest.min); i++) args.push(`\${${k++}:${snippetEscape(op.rest.name)}}`);
  const body = [op.name, ...args].join(' ');
  return withParen ? `(${body})` : `${body}`;
}

function placeholder(p: { name: string; type: string; seriesName?: true }): string {
  if (p.seriesName || p.type === 'string') return `"${p.name}"`;
  return p.name;
}

/** The signature line `(name a b [c] series... #:k)` and where each parameter sits in it. */
export function signatureOf(op: Op): { label: string; params: { name: string; range: [number, number]; doc: string; type: string }[] } {
  let label = `(${op.name}`;
  const params: { name: string; range: [number, number]; doc: string; type: string }[] = [];
  const add = (text: string, name: string, doc: string, type: string) => {
    label += ' ';
    params.push({ name, range: [label.length, label.length + text.length], doc, type });
    label += text;
  };
  for (const p of op.params) add(p.optional ? `[${p.name}]` : p.name, p.name, p.doc, p.type);
  if (op.rest) add(`${op.rest.name}...`, op.rest.name, op.rest.doc, op.rest.type);
  for (const k of op.keywords) add(`#:${k.name}`, k.name, k.doc, k.type);
  label += ')';
  return { label, params };
}

/** Which parameter of `op` the cursor is on (index into `signatureOf(op).params`), or -1. */
export function activeParameter(op: Op, call: CallFrame, typingKeyword?: string): number {
  const kw = typingKeyword ?? call.pendingKeyword;
  const base = op.params.length + (op.rest ? 1 : 0);
  if (kw !== null && kw !== undefined) {
    const ki = op.keywords.findIndex((k) => k.name === kw);
    if (ki >= 0) return base + ki;
    // A defaulted positional given by keyword.
    return op.params.findIndex((p) => p.name === kw);
  }
  if (call.positional < op.params.length) return call.positional;
  return op.rest ? op.params.length : -1;
}

/** The parameter the next value of `call` binds to. */
function currentParam(op: Op, call: CallFrame): { name: string; type: string; seriesName?: true; choices?: string[] } | null {
  const kw = call.pendingKeyword;
  if (kw !== null) return op.keywords.find((k) => k.name === kw) ?? op.params.find((p) => p.name === kw) ?? null;
  if (call.positional < op.params.length) return op.params[call.positional]!;
  return op.rest ?? null;
}

function opDoc(op: Op): string {
  const lines = [op.doc];
  if (op.examples.length) lines.push('', ...op.examples.map((e) => `    ${e}`));
  return lines.join('\n');
}

/**
 * Completion proposals at the cursor: operators (with their required arguments as a snippet) where a call
 * may start, the keywords of the enclosing operator not given yet (with their default), series names
 * where an argument names a series, and the allowed values of a parameter (choices, #t/#f).
 */
export function completions(ops: readonly Op[], seriesNames: readonly string[], text: string, offset: number): Completion[] {
  const ctx = cursorContext(text, offset);
  const byName = indexOps(ops);
  const op = ctx.call?.op ? byName.get(ctx.call.op) : undefined;
  const out: Completion[] = [];
  const opItems = (withParen: boolean, returnsAny: string[] | null) => {
    for (const o of ops) {
      // Only operators whose result may fit the parameter (the checker has the last word on int vs number).
      const fits = (r: string) => returnsAny!.includes(r) || (r === 'int' && returnsAny!.includes('number')) || (r === 'number' && returnsAny!.includes('int'));
      if (returnsAny && !o.returns.split('|').some(fits)) continue;
      const detail = `${signatureOf(o).label} → ${o.returns}`;
      out.push({ label: o.name, kind: 'operator', insertText: callSnippet(o, withParen), snippet: true, detail, documentation: opDoc(o), start: ctx.start, sortText: `1${o.name}` });
      for (const a of o.aliases) out.push({ label: a, kind: 'operator', insertText: callSnippet({ ...o, name: a }, withParen), snippet: true, detail: `alias of ${o.name}: ${detail}`, documentation: opDoc(o), start: ctx.start, sortText: `2${a}` });
    }
  };
  switch (ctx.kind) {
    case 'operator':
      opItems(false, null);
      break;
    case 'keyword': {
      if (!op || !ctx.call) break;
      const given = new Set(ctx.call.keywords);
      const named = [...op.keywords, ...op.params.filter((p) => p.optional)];
      for (const k of named) {
        if (given.has(k.name)) continue;
        const dflt = 'default' in k ? literalText(k.default) : '';
        out.push({
          label: `#:${k.name}`,
          kind: 'keyword',
          insertText: `#:${k.name} \${1:${snippetEscape(dflt)}}`,
          snippet: true,
          detail: `${k.type}${dflt ? ` = ${dflt}` : ''}`,
          documentation: k.doc,
          start: ctx.start,
          sortText: `0${k.name}`,
        });
      }
      break;
    }
    case 'string': {
      const p = op && ctx.call ? currentParam(op, ctx.call) : null;
      if (p?.seriesName) for (const s of seriesNames) out.push({ label: s, kind: 'series', insertText: s, snippet: false, detail: 'series', documentation: '', start: ctx.start, sortText: `0${s}` });
      if (p?.choices) for (const c of p.choices) out.push({ label: c, kind: 'value', insertText: c, snippet: false, detail: p.name, documentation: '', start: ctx.start, sortText: `0${c}` });
      break;
    }
    case 'value':
    case 'top': {
      const p = op && ctx.call ? currentParam(op, ctx.call) : null;
      const types = p ? p.type.split('|') : null;
      if (p?.choices) for (const c of p.choices) out.push({ label: JSON.stringify(c), kind: 'value', insertText: JSON.stringify(c), snippet: false, detail: p.name, documentation: '', start: ctx.start, sortText: `0${c}` });
      if (types?.includes('bool')) for (const b of ['#t', '#f']) out.push({ label: b, kind: 'value', insertText: b, snippet: false, detail: 'bool', documentation: '', start: ctx.start, sortText: `0${b}` });
      // Series names as whole `(series "name")` calls where a series fits, through the registry's series-naming operator.
      // The plain reader of a stored series: the series-returning operator of one series-name argument
      // with the fewest options (others, like block-staircase or integration, do more than read).
      const required = (o: Op) => o.params.filter((x) => !x.optional).length;
      const source = ops
        .filter((o) => o.params.length >= 1 && o.params[0]!.seriesName && o.returns === 'series' && required(o) === 1)
        .sort((a, b) => a.params.length + a.keywords.length - (b.params.length + b.keywords.length))[0];
      if (source && (!types || types.includes('series') || types.includes('any'))) {
        for (const s of seriesNames) {
          out.push({ label: s, kind: 'series', insertText: `(${source.name} ${JSON.stringify(s)})`, snippet: false, detail: `(${source.name} "${s}")`, documentation: '', start: ctx.start, sortText: `3${s}` });
        }
      }
      if (op && ctx.call && ctx.call.pendingKeyword === null) {
        // Keywords are offered in any argument position too.
        const given = new Set(ctx.call.keywords);
        for (const k of op.keywords) {
          if (given.has(k.name)) continue;
          out.push({ label: `#:${k.name}`, kind: 'keyword', insertText: `#:${k.name} \${1:${snippetEscape(literalText(k.default))}}`, snippet: true, detail: k.type, documentation: k.doc, start: ctx.start, sortText: `4${k.name}` });
        }
      }
      opItems(true, types && !types.includes('any') ? types : null);
      break;
    }
  }
  const prefix = ctx.prefix.toLowerCase();
  return prefix ? out.filter((c) => c.label.toLowerCase().includes(prefix)) : out;
}

/** Hover text (Markdown) for the word at `offset`: an operator's signature, types and docs, or a keyword's. */
export function hoverAt(ops: readonly Op[], text: string, offset: number): { markdown: string; start: number; end: number } | null {
  const byName = indexOps(ops);
  const lexer = new Lexer(text);
  const stack: (string | null)[] = [];
  let afterOpen = false;
  for (;;) {
    const t = lexer.next();
    if (!isToken(t) || t.type === 'eof') return null;
    const inside = offset >= t.span.offset && offset < t.span.end;
    if (t.type === '(') {
      stack.push(null);
      afterOpen = true;
      continue;
    }
    if (t.type === ')') {
      stack.pop();
      afterOpen = false;
      continue;
    }
    if (afterOpen) stack[stack.length - 1] = t.text;
    if (inside) {
      if (afterOpen) {
        const op = byName.get(t.text);
        if (!op) return null;
        return { markdown: opMarkdown(op), start: t.span.offset, end: t.span.end };
      }
      if (t.type === 'keyword') {
        const owner = byName.get(stack[stack.length - 1] ?? '');
        const k = owner && ([...owner.keywords, ...owner.params] as { name: string; type: string; doc: string; default?: unknown }[]).find((x) => x.name === t.value);
        if (!k) return null;
        const dflt = 'default' in k ? ` = ${literalText(k.default)}` : '';
        return { markdown: `**#:${k.name}** \`${k.type}${dflt}\` — ${k.doc}`, start: t.span.offset, end: t.span.end };
      }
      return null;
    }
    afterOpen = false;
  }
}

export function opMarkdown(op: Op): string {
  const sig = signatureOf(op);
  const lines = ['```', `${sig.label} → ${op.returns}`, '```', op.doc, ''];
  for (const p of op.params) lines.push(`- \`${p.name}\` *${p.type}*${p.optional ? ` = \`${literalText(p.default)}\`` : ''} — ${p.doc}`);
  if (op.rest) lines.push(`- \`${op.rest.name}...\` *${op.rest.type}* (at least ${op.rest.min}) — ${op.rest.doc}`);
  for (const k of op.keywords) lines.push(`- \`#:${k.name}\` *${k.type}* = \`${literalText(k.default)}\` — ${k.doc}`);
  if (op.examples.length) lines.push('', '**Examples**', '```', ...op.examples, '```');
  if (op.aliases.length) lines.push('', `Also: ${op.aliases.join(', ')}`);
  lines.push('', `*${op.family}* · ${op.origin}${op.builtin ? '' : ` · from ${op.owner}`}`);
  return lines.join('\n');
}

/** Signature help for the innermost call around the cursor. */
export function signatureHelp(ops: readonly Op[], text: string, offset: number): { label: string; doc: string; params: { range: [number, number]; doc: string }[]; active: number } | null {
  const ctx = cursorContext(text, offset);
  if (!ctx.call?.op) return null;
  const op = indexOps(ops).get(ctx.call.op);
  if (!op) return null;
  const sig = signatureOf(op);
  const typingKw = ctx.kind === 'keyword' && ctx.prefix.startsWith('#:') ? ctx.prefix.slice(2) : undefined;
  const active = activeParameter(op, ctx.call, typingKw && sig.params.some((p) => p.name === typingKw) ? typingKw : undefined);
  return { label: `${sig.label} → ${op.returns}`, doc: op.doc, params: sig.params.map((p) => ({ range: p.range, doc: `${p.type} — ${p.doc}` })), active };
}

/** A diagnostic of `formula.check` / a `formula.eval` error. */
export interface Diagnostic {
  code: string;
  message: string;
  line: number;
  column: number;
  offset: number;
  end: number;
}

/** An editor marker: 1-based lines and columns, end exclusive, never empty (an error at the end of the text marks its last character). */
export interface Marker {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  message: string;
  code: string;
}

export function markersFor(text: string, diagnostics: readonly Diagnostic[]): Marker[] {
  const lines = new LineIndex(text);
  return diagnostics.map((d) => {
    let from = Math.max(0, Math.min(d.offset, text.length));
    let to = Math.max(from, Math.min(d.end, text.length));
    if (to === from) {
      if (to < text.length) to++;
      else if (from > 0) from--;
    }
    const a = lines.span(from, from);
    const b = lines.span(to, to);
    return { startLineNumber: a.line, startColumn: a.column, endLineNumber: b.line, endColumn: b.column, message: d.message, code: d.code };
  });
}
