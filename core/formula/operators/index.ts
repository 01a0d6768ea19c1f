import { OperatorRegistry } from '../registry.js';
import { arithOperators } from './arith.js';
import { autotrophicOperators } from './autotrophic.js';
import { combineOperators } from './combine.js';
import { dateFilterOperators } from './datefilter.js';
import { doyOperators } from './doy.js';
import { sourceOperators } from './source.js';
import { compareOperators, spansOperators } from './spans.js';
import { timeOperators } from './time.js';
import { trigOperators } from './trig.js';
import { windowOperators } from './window.js';

/** Every built-in operator, by family. */
export const builtinOperators = [...sourceOperators, ...autotrophicOperators, ...arithOperators, ...combineOperators, ...timeOperators, ...dateFilterOperators, ...windowOperators, ...doyOperators, ...trigOperators, ...compareOperators, ...spansOperators];

let shared: OperatorRegistry | null = null;

/** The shared, read-only registry of built-in operators. */
export function defaultRegistry(): OperatorRegistry {
  if (!shared) {
    const r = new OperatorRegistry();
    for (const op of builtinOperators) r.register(op, { owner: 'builtin' });
    shared = r.freeze();
  }
  return shared;
}

/** A registry with the built-ins that plugins can add operators to. */
export function createRegistry(): OperatorRegistry {
  return defaultRegistry().extend();
}
