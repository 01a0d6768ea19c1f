import type { Migration } from './types.js';
import { migration as m0001 } from './0001-series-revisions-chunks.js';
import { migration as m0002 } from './0002-series-death-at.js';
import { migration as m0003 } from './0003-chunk-envelopes.js';
import { migration as m0004 } from './0004-workflows.js';
import { migration as m0005 } from './0005-formulas.js';
import { migration as m0006 } from './0006-envelope-levels.js';
import { migration as m0007 } from './0007-connections.js';

export type { Migration } from './types.js';

/**
 * Every migration, in order. Add a file `NNNN-what.ts` with the next free number and list it here; never
 * edit a shipped one.
 */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
