/** Strata's version, shown by `strata --version` and the app (keep in step with package.json). */
export const VERSION = '0.1.0';
