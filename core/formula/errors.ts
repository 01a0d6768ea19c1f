import { StrataError } from '../base/errors.js';
import type { Span } from './span.js';

/** Codes of formula problems: syntax, typing and evaluation. */
export type FormulaErrorCode =
  | 'syntax'
  | 'unterminated_string'
  | 'too_deep'
  | 'unknown_operator'
  | 'unknown_keyword'
  | 'unknown_name'
  | 'unknown_series'
  | 'missing_argument'
  | 'too_many_arguments'
  | 'duplicate_argument'
  | 'type_mismatch'
  | 'bad_value'
  | 'value_type'
  | 'tz_mismatch'
  | 'cancelled'
  | 'bad_operator_answer'
  | 'unavailable'
  | 'evaluation_failed';

/** A formula problem as a value: what, where, and (optionally) a hint. The UI shows these in place. */
export interface FormulaDiagnostic {
  code: FormulaErrorCode;
  message: string;
  span: Span;
}

/** One messages table, so wording stays consistent across parser, checker and evaluator. */
export const MESSAGES = {
  unexpectedChar: (c: string) => `unexpected character ${JSON.stringify(c)}`,
  unterminatedString: () => 'unterminated string: expected a closing "',
  badEscape: (c: string) => `unknown escape \\${c} in string`,
  badHash: () => 'expected #t, #f or a keyword like #:fill after "#"',
  emptyKeyword: () => 'expected a keyword name after "#:"',
  expectedExpr: (got: string) => `expected a value or "(" but found ${got}`,
  expectedOperator: (got: string) => `expected an operator name after "(" but found ${got}`,
  expectedClose: () => 'expected ")" to close this "(" before the end of the formula',
  keywordWithoutValue: (k: string) => `expected a value after keyword #:${k}`,
  trailing: (got: string) => `unexpected ${got} after the end of the formula`,
  empty: () => 'empty formula: expected an expression like (series "name")',
  tooDeep: (max: number) => `formula nested too deeply (more than ${max} levels of parentheses)`,
  unknownOperator: (name: string, hint: string) => `unknown operator ${JSON.stringify(name)}${hint}`,
  unknownKeyword: (op: string, k: string, valid: string[]) =>
    `operator ${op} has no keyword #:${k}${valid.length ? ` (valid: ${valid.map((v) => '#:' + v).join(', ')})` : ''}`,
  unknownName: (name: string) => `unknown name ${name}: write a string "${name}" or a call (${name} ...)`,
  unknownSeries: (name: string) => `unknown series ${JSON.stringify(name)}`,
  missingArgument: (op: string, p: string) => `operator ${op} needs argument ${p}`,
  tooManyArguments: (op: string, max: number) => `operator ${op} takes at most ${max} positional argument${max === 1 ? '' : 's'}`,
  tooFewVariadic: (op: string, min: number) => `operator ${op} needs at least ${min} argument${min === 1 ? '' : 's'}`,
  duplicateArgument: (op: string, p: string) => `argument ${p} of ${op} is given twice`,
  typeMismatch: (op: string, p: string, want: string, got: string) => `argument ${p} of ${op} expects ${want}, got ${got}`,
} as const;

/** Thrown by the API when a formula cannot be parsed, checked or evaluated; carries all diagnostics. */
export class FormulaError extends StrataError {
  readonly diagnostics: FormulaDiagnostic[];
  constructor(diagnostics: FormulaDiagnostic[]) {
    const d = diagnostics[0]!;
    super(d.code, `${d.span.line}:${d.span.column}: ${d.message}`, { diagnostics, span: d.span });
    this.name = 'FormulaError';
    this.diagnostics = diagnostics;
  }
}

export function isFormulaError(e: unknown): e is FormulaError {
  return e instanceof FormulaError;
}

/**
 * Thrown by operator implementations for a problem in the data or arguments; the evaluator adds the
 * span of the call (or of the argument named in `arg`) and turns it into a FormulaError.
 */
export class OperatorFailure extends Error {
  constructor(
    readonly code: FormulaErrorCode,
    message: string,
    readonly arg?: string,
  ) {
    super(message);
    this.name = 'OperatorFailure';
  }
}
