import type { CallNode, Node } from './ast.js';
import { MESSAGES, type FormulaDiagnostic } from './errors.js';
import { describeToken, isToken, Lexer, type Token } from './lexer.js';

/** Deepest nesting of parentheses accepted; deeper input gets a positioned "too deep" error. */
export const MAX_DEPTH = 256;

export type ParseResult = { ok: true; ast: Node } | { ok: false; errors: FormulaDiagnostic[] };

export interface ParseOptions {
  maxDepth?: number;
}

interface Frame {
  node: CallNode;
  open: Token;
  pendingKeyword: Token | null;
}

/**
 * Parses `(operator positional... #:keyword value...)` into an AST. Iterative with an explicit stack, so
 * nesting depth is bounded by `maxDepth` rather than by the JS call stack. Stops at the first error.
 */
export function parse(text: string, opts: ParseOptions = {}): ParseResult {
  const maxDepth = opts.maxDepth ?? MAX_DEPTH;
  const lex = new Lexer(String(text));
  const deep = tooDeepAt(lex.text, maxDepth);
  if (deep >= 0) return { ok: false, errors: [{ code: 'too_deep', message: MESSAGES.tooDeep(maxDepth), span: lex.lines.span(deep, deep + 1) }] };
  const stack: Frame[] = [];
  let result: Node | null = null;
  const fail = (d: FormulaDiagnostic): ParseResult => ({ ok: false, errors: [d] });
  const at = (t: Token, code: FormulaDiagnostic['code'], message: string): ParseResult => fail({ code, message, span: t.span });

  for (;;) {
    const got = lex.next();
    if (!isToken(got)) return fail(got);
    const tok = got;
    if (result !== null && tok.type !== 'eof') return at(tok, 'syntax', MESSAGES.trailing(describeToken(tok)));

    let done: Node | null = null;
    switch (tok.type) {
      case 'eof': {
        const top = stack[stack.length - 1];
        if (top) return at(top.open, 'syntax', MESSAGES.expectedClose());
        if (result === null) return at(tok, 'syntax', MESSAGES.empty());
        return { ok: true, ast: result };
      }
      case '(': {
        if (stack.length >= maxDepth) return at(tok, 'too_deep', MESSAGES.tooDeep(maxDepth));
        const head = lex.next();
        if (!isToken(head)) return fail(head);
        if (head.type !== 'symbol') return at(head, 'syntax', MESSAGES.expectedOperator(describeToken(head)));
        stack.push({
          open: tok,
          pendingKeyword: null,
          node: { kind: 'call', op: head.value as string, opSpan: head.span, positional: [], keywords: [], span: tok.span },
        });
        continue;
      }
      case ')': {
        const frame = stack.pop();
        if (!frame) return at(tok, 'syntax', MESSAGES.expectedExpr(describeToken(tok)));
        if (frame.pendingKeyword) return at(frame.pendingKeyword, 'syntax', MESSAGES.keywordWithoutValue(frame.pendingKeyword.value as string));
        frame.node.span = { ...frame.open.span, end: tok.span.end };
        done = frame.node;
        break;
      }
      case 'keyword': {
        const top = stack[stack.length - 1];
        if (!top) return at(tok, 'syntax', MESSAGES.expectedExpr(describeToken(tok)));
        if (top.pendingKeyword) return at(top.pendingKeyword, 'syntax', MESSAGES.keywordWithoutValue(top.pendingKeyword.value as string));
        top.pendingKeyword = tok;
        continue;
      }
      case 'int':
      case 'float':
        done = { kind: 'number', value: tok.value as number, isInt: tok.type === 'int', span: tok.span };
        break;
      case 'string':
        done = { kind: 'string', value: tok.value as string, span: tok.span };
        break;
      case 'bool':
        done = { kind: 'bool', value: tok.value as boolean, span: tok.span };
        break;
      case 'nil':
        done = { kind: 'nil', span: tok.span };
        break;
      case 'symbol':
        done = { kind: 'symbol', name: tok.value as string, span: tok.span };
        break;
    }
    const top = stack[stack.length - 1];
    if (!top) {
      result = done;
    } else if (top.pendingKeyword) {
      top.node.keywords.push({ name: top.pendingKeyword.value as string, nameSpan: top.pendingKeyword.span, value: done! });
      top.pendingKeyword = null;
    } else {
      top.node.positional.push(done!);
    }
  }
}

/** Offset of the first "(" nested deeper than `max` (outside strings and comments), or -1. */
function tooDeepAt(t: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 34) {
      // Skip a string, honouring backslash escapes.
      for (i++; i < t.length && t.charCodeAt(i) !== 34; i++) if (t.charCodeAt(i) === 92) i++;
    } else if (c === 59) {
      while (i < t.length && t.charCodeAt(i) !== 10) i++;
    } else if (c === 40) {
      if (++depth > max) return i;
    } else if (c === 41) {
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}
