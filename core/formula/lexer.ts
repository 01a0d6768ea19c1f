import { MESSAGES, type FormulaDiagnostic } from './errors.js';
import { LineIndex, type Span } from './span.js';

export type TokenType = '(' | ')' | 'int' | 'float' | 'string' | 'bool' | 'nil' | 'keyword' | 'symbol' | 'eof';

export interface Token {
  type: TokenType;
  /** Source text of the token. */
  text: string;
  /** Decoded value: number, string (for strings, keyword and symbol names), boolean, or null. */
  value: number | string | boolean | null;
  span: Span;
}

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?$/;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r' };

function isDelimiter(c: number): boolean {
  // whitespace, ( ) " ;
  return c <= 32 || c === 40 || c === 41 || c === 34 || c === 59;
}

/** Turns formula text into tokens one at a time; a problem comes back as a diagnostic, never a throw. */
export class Lexer {
  private pos = 0;
  readonly lines: LineIndex;
  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  next(): Token | FormulaDiagnostic {
    const t = this.text;
    // Skip whitespace and ; comments.
    for (;;) {
      while (this.pos < t.length && t.charCodeAt(this.pos) <= 32) this.pos++;
      if (t.charCodeAt(this.pos) === 59) {
        while (this.pos < t.length && t.charCodeAt(this.pos) !== 10) this.pos++;
        continue;
      }
      break;
    }
    const start = this.pos;
    if (start >= t.length) return this.tok('eof', '', null, start, start);
    const c = t.charCodeAt(start);
    if (c === 40 || c === 41) {
      this.pos++;
      return this.tok(c === 40 ? '(' : ')', t[start]!, null, start, this.pos);
    }
    if (c === 34) return this.string(start);
    let end = start;
    while (end < t.length && !isDelimiter(t.charCodeAt(end))) end++;
    this.pos = end;
    const word = t.slice(start, end);
    if (c === 35) {
      // '#'
      if (word === '#t' || word === '#f') return this.tok('bool', word, word === '#t', start, end);
      if (word.startsWith('#:')) {
        if (word.length === 2) return this.err('syntax', MESSAGES.emptyKeyword(), start, end);
        return this.tok('keyword', word, word.slice(2), start, end);
      }
      return this.err('syntax', MESSAGES.badHash(), start, end);
    }
    if (INT_RE.test(word)) return this.tok('int', word, Number(word), start, end);
    if (FLOAT_RE.test(word)) return this.tok('float', word, Number(word), start, end);
    if (word === 'nil') return this.tok('nil', word, null, start, end);
    return this.tok('symbol', word, word, start, end);
  }

  private string(start: number): Token | FormulaDiagnostic {
    const t = this.text;
    let i = start + 1;
    let out = '';
    let chunk = i;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        out += t.slice(chunk, i);
        this.pos = i + 1;
        return this.tok('string', t.slice(start, this.pos), out, start, this.pos);
      }
      if (c === 92) {
        out += t.slice(chunk, i);
        const e = t[i + 1];
        if (e === undefined) break;
        const rep = ESCAPES[e];
        if (rep === undefined) {
          this.pos = t.length;
          return this.err('syntax', MESSAGES.badEscape(e), i, i + 2);
        }
        out += rep;
        i += 2;
        chunk = i;
        continue;
      }
      i++;
    }
    this.pos = t.length;
    return this.err('unterminated_string', MESSAGES.unterminatedString(), start, t.length);
  }

  private tok(type: TokenType, text: string, value: Token['value'], start: number, end: number): Token {
    return { type, text, value, span: this.lines.span(start, end) };
  }

  private err(code: FormulaDiagnostic['code'], message: string, start: number, end: number): FormulaDiagnostic {
    return { code, message, span: this.lines.span(start, end) };
  }
}

export function isToken(x: Token | FormulaDiagnostic): x is Token {
  return 'type' in x;
}

/** How a token is named in error messages. */
export function describeToken(t: Token): string {
  switch (t.type) {
    case 'eof':
      return 'the end of the formula';
    case '(':
    case ')':
      return `"${t.type}"`;
    case 'keyword':
      return `keyword ${t.text}`;
    case 'int':
    case 'float':
      return `number ${t.text}`;
    case 'string':
      return `string ${t.text.length > 30 ? t.text.slice(0, 27) + '..."' : t.text}`;
    default:
      return t.text.length > 30 ? `"${t.text.slice(0, 27)}..."` : `"${t.text}"`;
  }
}
