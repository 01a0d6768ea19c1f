import { OpRegistry, type OpDef } from '../registry.js';
import { formulaOp } from './formula.js';
import { saveOp } from './save.js';
import { fftOp, filterOp, unitConversionOp } from './signal.js';
import { seriesOp } from './source.js';
import { derivativeOp, integralOp, resampleOp, rollingOp, timeShiftOp } from './time.js';

export { seriesOp, type SeriesExternal } from './source.js';
export { saveOp, dagSource } from './save.js';
export { formulaOp, type FormulaExternal } from './formula.js';

/**
 * The built-in node types. `formula` ({text}) is a `caller` op whose `external` is its inputs' insertion
 * dates; plugin node types register the same way.
 */
export const BUILTIN_OPS: readonly OpDef[] = [
  seriesOp,
  formulaOp,
  filterOp,
  fftOp,
  unitConversionOp,
  timeShiftOp,
  resampleOp,
  rollingOp,
  derivativeOp,
  integralOp,
  saveOp,
];

/** A registry with the built-in ops; callers add their own to it (or to a clone). */
export function builtinRegistry(): OpRegistry {
  return new OpRegistry(BUILTIN_OPS);
}
