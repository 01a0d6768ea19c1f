/**
 * The formula language (tshistory_formula compatible): parse → check against the operator registry →
 * evaluate over aligned columnar series.
 */
export type { Node, CallNode, KeywordArg, NumberNode, StringNode, BoolNode, NilNode, SymbolNode } from './ast.js';
export { formatNode } from './ast.js';
export type { Span } from './span.js';
export { parse, MAX_DEPTH, type ParseResult, type ParseOptions } from './parser.js';
export { check, dependencies, type CheckContext, type CheckResult } from './check.js';
export { evaluate, type EvaluateOptions, type EvalResult } from './evaluate.js';
export { FormulaError, isFormulaError, OperatorFailure, type FormulaDiagnostic, type FormulaErrorCode } from './errors.js';
export {
  OperatorRegistry,
  describeOperator,
  signature,
  type OperatorSpec,
  type ParamSpec,
  type OperatorImpl,
  type ImplContext,
  type CallArgs,
  type OperatorDescription,
  type RegisteredOperator,
  type RegisterOptions,
  type Literal,
} from './registry.js';
export { defaultRegistry, createRegistry, builtinOperators } from './operators/index.js';
export { toOperatorSpec, validateAnswer, type RemoteOperatorEntry, type RemoteImpl, type RemoteCall, type RemoteContext, type RemoteValue } from './remote.js';
export { MemoryResolver, type SeriesResolver, type SeriesQuery, type MemoryVersion } from './resolver.js';
export type { Value, SeriesValue, TimestampValue, Fill, SpansValue, TableValue } from './values.js';
export type { FType, TypeSpec } from './types.js';
export { renderOperatorsDoc } from './gen-docs.js';
export { formulaResolver, findCycle, formulaDependencies, formulaInsertionDates, type FormulaLookup, type FormulaResolverOptions } from './formulas.js';
