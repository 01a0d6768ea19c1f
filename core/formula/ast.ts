import type { Span } from './span.js';

/** The formula syntax tree: a tagged union, every node with its source span. */
export type Node = NumberNode | StringNode | BoolNode | NilNode | SymbolNode | CallNode;

export interface NumberNode {
  kind: 'number';
  value: number;
  /** Written without a fraction or exponent (`3`, not `3.0`): an int for the type checker. */
  isInt: boolean;
  span: Span;
}

export interface StringNode {
  kind: 'string';
  value: string;
  span: Span;
}

export interface BoolNode {
  kind: 'bool';
  value: boolean;
  span: Span;
}

export interface NilNode {
  kind: 'nil';
  span: Span;
}

/** A bare name outside operator position: never valid in a formula, kept so the checker can say so in place. */
export interface SymbolNode {
  kind: 'symbol';
  name: string;
  span: Span;
}

export interface KeywordArg {
  name: string;
  /** Span of the `#:name` token. */
  nameSpan: Span;
  value: Node;
}

export interface CallNode {
  kind: 'call';
  op: string;
  opSpan: Span;
  positional: Node[];
  keywords: KeywordArg[];
  /** From "(" through ")". */
  span: Span;
}

/** Writes a node back as formula text (canonical spacing), e.g. for `formula show` or error messages. */
export function formatNode(root: Node): string {
  // Iterative so hand-built deep trees cannot overflow the stack.
  const out: string[] = [];
  const todo: (Node | string)[] = [root];
  while (todo.length) {
    const item = todo.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    switch (item.kind) {
      case 'number':
        out.push(item.isInt || !Number.isInteger(item.value) ? String(item.value) : item.value.toFixed(1));
        break;
      case 'string':
        out.push(JSON.stringify(item.value));
        break;
      case 'bool':
        out.push(item.value ? '#t' : '#f');
        break;
      case 'nil':
        out.push('nil');
        break;
      case 'symbol':
        out.push(item.name);
        break;
      case 'call': {
        const parts: (Node | string)[] = ['(' + item.op];
        for (const a of item.positional) parts.push(' ', a);
        for (const k of item.keywords) parts.push(` #:${k.name} `, k.value);
        parts.push(')');
        for (let i = parts.length - 1; i >= 0; i--) todo.push(parts[i]!);
        break;
      }
    }
  }
  return out.join('');
}
