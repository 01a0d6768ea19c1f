import type { CallNode, Node } from './ast.js';
import { MESSAGES, type FormulaDiagnostic } from './errors.js';
import { MAX_DEPTH } from './parser.js';
import type { Literal, OperatorRegistry, ParamSpec, RegisteredOperator } from './registry.js';
import type { Span } from './span.js';
import { assignable, formatType, parseType, type TypeSpec } from './types.js';
import { unsupportedReason } from './unsupported.js';

/** How the arguments of one call map onto its operator's parameters (computed once, reused by evaluation). */
export interface Binding {
  op: RegisteredOperator;
  /** Arguments given for named parameters (absent = default). */
  named: Map<string, Node>;
  rest: Node[];
}

export interface CheckContext {
  /** When given, literal series names that do not exist are reported (`unknown_series`). */
  seriesExists?: (name: string) => boolean;
  maxDepth?: number;
}

export interface CheckResult {
  ok: boolean;
  /** Static type of the whole formula. */
  type: TypeSpec;
  diagnostics: FormulaDiagnostic[];
  bindings: WeakMap<CallNode, Binding>;
}

const ANY: TypeSpec = ['any'];

function literalOf(n: Node): { value: Literal } | undefined {
  switch (n.kind) {
    case 'number':
    case 'string':
    case 'bool':
      return { value: n.value };
    case 'nil':
      return { value: null };
    default:
      return undefined;
  }
}

// Edit distance for "did you mean" hints (small inputs only).
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

function suggest(name: string, candidates: string[]): string {
  if (name.length > 64) return '';
  let best = '';
  let bestD = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d <= bestD && (d < bestD || !best)) {
      best = c;
      bestD = d;
    }
  }
  return best ? ` (did you mean ${best}?)` : '';
}

/**
 * Type-checks a formula against the registry: unknown operators, keywords and names, arity, argument
 * types (series vs scalar), literal values. Collects every problem it can, each with its span.
 */
export function check(ast: Node, registry: OperatorRegistry, ctx: CheckContext = {}): CheckResult {
  const diagnostics: FormulaDiagnostic[] = [];
  const bindings = new WeakMap<CallNode, Binding>();
  const maxDepth = ctx.maxDepth ?? MAX_DEPTH;
  const report = (code: FormulaDiagnostic['code'], message: string, span: Span) => diagnostics.push({ code, message, span });

  const visit = (node: Node, depth: number): TypeSpec => {
    switch (node.kind) {
      case 'number':
        return [node.isInt ? 'int' : 'number'];
      case 'string':
        return ['string'];
      case 'bool':
        return ['bool'];
      case 'nil':
        return ['nil'];
      case 'symbol':
        report('unknown_name', MESSAGES.unknownName(node.name), node.span);
        return ANY;
      case 'call':
        if (depth > maxDepth) {
          report('too_deep', MESSAGES.tooDeep(maxDepth), node.span);
          return ANY;
        }
        return visitCall(node, depth);
    }
  };

  const visitCall = (node: CallNode, depth: number): TypeSpec => {
    const op = registry.get(node.op);
    if (!op) {
      const why = unsupportedReason(node.op);
      if (why) report('unavailable', `operator ${JSON.stringify(node.op)} is not available in Strata: ${why}`, node.opSpan);
      else report('unknown_operator', MESSAGES.unknownOperator(node.op, suggest(node.op, registry.names())), node.opSpan);
      for (const a of node.positional) visit(a, depth + 1);
      for (const k of node.keywords) visit(k.value, depth + 1);
      return ANY;
    }
    const before = diagnostics.length;
    const named = new Map<string, Node>();
    const rest: Node[] = [];
    const argTypes = new Map<string, TypeSpec>();
    const restTypes: TypeSpec[] = [];
    const argNode = new Map<string, Node>();

    node.positional.forEach((arg, i) => {
      const t = visit(arg, depth + 1);
      const p = op.params[i];
      if (p) {
        named.set(p.name, arg);
        argTypes.set(p.name, t);
        argNode.set(p.name, arg);
        checkArg(op, p, arg, t);
      } else if (op.rest) {
        rest.push(arg);
        restTypes.push(t);
        checkArg(op, op.rest, arg, t);
      } else {
        report('too_many_arguments', MESSAGES.tooManyArguments(op.name, op.params.length), arg.span);
      }
    });
    for (const kw of node.keywords) {
      const t = visit(kw.value, depth + 1);
      const p = op.byKeyword.get(kw.name);
      if (!p) {
        const valid = [...op.byKeyword.keys()];
        report('unknown_keyword', MESSAGES.unknownKeyword(op.name, kw.name, valid) + suggest(kw.name, valid), kw.nameSpan);
        continue;
      }
      if (named.has(p.name)) {
        report('duplicate_argument', MESSAGES.duplicateArgument(op.name, p.name), kw.nameSpan);
        continue;
      }
      named.set(p.name, kw.value);
      argTypes.set(p.name, t);
      argNode.set(p.name, kw.value);
      checkArg(op, p, kw.value, t);
    }
    for (const p of op.params) {
      if (!('default' in p) && !named.has(p.name)) report('missing_argument', MESSAGES.missingArgument(op.name, p.name), node.span);
    }
    if (op.rest && (op.rest.min ?? 0) > rest.length) report('missing_argument', MESSAGES.tooFewVariadic(op.name, op.rest.min ?? 0), node.span);
    // Defaults count as typed arguments for inference.
    for (const p of [...op.params, ...(op.keywords ?? [])]) {
      if (!argTypes.has(p.name) && 'default' in p) argTypes.set(p.name, p.default === null ? ['nil'] : op.paramTypes.get(p.name)!);
    }
    const types = { named: argTypes, rest: restTypes };
    if (diagnostics.length === before && op.checkArgs) {
      const bad = op.checkArgs(types);
      if (bad) {
        const at = bad.index !== undefined ? rest[bad.index] : argNode.get(bad.param);
        report('type_mismatch', `${op.name}: ${bad.message}`, at?.span ?? node.span);
      }
    }
    bindings.set(node, { op, named, rest });
    if (diagnostics.length !== before) return op.inferReturn ? ANY : parseType(op.returns);
    return op.inferReturn ? op.inferReturn(types) : parseType(op.returns);
  };

  const checkArg = (op: RegisteredOperator, p: ParamSpec, arg: Node, t: TypeSpec) => {
    const want = op.paramTypes.get(p.name)!;
    if (!assignable(t, want)) {
      report('type_mismatch', MESSAGES.typeMismatch(op.name, p.name, formatType(want), formatType(t)), arg.span);
      return;
    }
    const lit = literalOf(arg);
    if (!lit) return;
    if (p.choices && typeof lit.value === 'string' && !p.choices.includes(lit.value)) {
      report('bad_value', `${op.name}: ${p.name} must be one of ${p.choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(lit.value)}`, arg.span);
      return;
    }
    const msg = p.validate?.(lit.value);
    if (msg) {
      report('bad_value', `${op.name}: ${p.name}: ${msg}`, arg.span);
      return;
    }
    if (p.seriesName && typeof lit.value === 'string' && ctx.seriesExists && !ctx.seriesExists(lit.value)) {
      report('unknown_series', MESSAGES.unknownSeries(lit.value), arg.span);
    }
  };

  const type = visit(ast, 1);
  return { ok: diagnostics.length === 0, type, diagnostics, bindings };
}

/** Names of the series a formula reads (literal arguments of series-naming parameters), in first-use order. */
export function dependencies(ast: Node, registry: OperatorRegistry): string[] {
  const out = new Set<string>();
  const todo: Node[] = [ast];
  while (todo.length) {
    const n = todo.pop()!;
    if (n.kind !== 'call') continue;
    const op = registry.get(n.op);
    const take = (p: ParamSpec | undefined, a: Node) => {
      if (p?.seriesName && a.kind === 'string') out.add(a.value);
    };
    n.positional.forEach((a, i) => take(op ? (op.params[i] ?? op.rest) : undefined, a));
    for (const k of n.keywords) take(op?.byKeyword.get(k.name), k.value);
    for (let i = n.keywords.length - 1; i >= 0; i--) todo.push(n.keywords[i]!.value);
    for (let i = n.positional.length - 1; i >= 0; i--) todo.push(n.positional[i]!);
  }
  return [...out];
}
