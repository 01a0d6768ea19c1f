/**
 * tshistory_formula operators Strata leaves out, with the reason given when a formula uses one. They all
 * need services of a tshistory server that an offline workbench does not have (docs/formulas.md).
 */
const SEARCH = 'tshistory\'s series search (findseries and the by.* filters) queries its server\'s metadata catalogue, which Strata does not have: name the series explicitly, e.g. (add (series "a") (series "b"))';
const GROUPS = 'tshistory\'s group formulas work on series groups (bundles of scenarios), which Strata does not store';

const EXACT: Record<string, string> = {
  findseries: SEARCH,
  findnames: SEARCH,
  serieslist: SEARCH,
  'tzaware-stamp': 'tzaware-stamp is an internal helper of tshistory\'s naive operator: use (naive ...) or (tzaware ...)',
  resample_adjusted_stamp: 'resample_adjusted_stamp is an internal helper of tshistory\'s resample: use (resample ...)',
};

/** Why a tshistory operator is not available in Strata, or undefined when the name is not one of them. */
export function unsupportedReason(name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(EXACT, name)) return EXACT[name];
  if (name.startsWith('by.')) return SEARCH;
  if (name.startsWith('group-') || name === 'group') return GROUPS;
  return undefined;
}

/** The left-out operators for docs/operators.md: names (patterns) and why. */
export const UNSUPPORTED_DOC: readonly { names: string; reason: string }[] = [
  { names: '`findseries`, `findnames`, `serieslist`, `by.*` (`by.name`, `by.metakey`, `by.metaitem`, `by.value`, `by.and`, `by.or`, `by.not`, `by.tzaware`, `by.basket` …)', reason: SEARCH },
  { names: '`group-*` (group formulas)', reason: GROUPS },
  { names: '`tzaware-stamp`', reason: EXACT['tzaware-stamp']! },
  { names: '`resample_adjusted_stamp`', reason: EXACT.resample_adjusted_stamp! },
];
