import { StrataError } from '../base/errors.js';
import { formatTimestamp, parseInstant } from '../series/time.js';
import type { Store } from '../store/store.js';
import type { RevisionInfo } from '../store/types.js';
import type { LineageStep } from './types.js';

/** What a `save` node records on the revision it writes (revision metadata `lineage`). */
export interface SavedLineage {
  workflow: string;
  node: string;
  op: string;
  config: unknown;
  /** Every step upstream of the save, inputs first. */
  steps: LineageStep[];
}

/** Where one revision of a series came from, back to stored data. */
export interface SeriesLineage {
  series: string;
  /** The revision described (ISO, UTC); null when the series has no revision. */
  insertion_date: string | null;
  source: string;
  author: string;
  /** For a revision written by a workflow: the workflow, its save node and the steps before it. */
  workflow?: string;
  node?: string;
  config?: unknown;
  steps: LineageStep[];
  /** The lineage of every stored series the steps read, at the revision they read. Empty: stored data. */
  upstream: SeriesLineage[];
  /** The series no longer exists. */
  missing?: true;
  /** The chain is longer than the depth limit and was cut here. */
  truncated?: true;
}

export interface LineageOptions {
  /** Describe the revision current at this insertion date (µs) instead of the latest. */
  revisionDate?: number;
  /** How many workflow hops to follow (default 32). */
  maxDepth?: number;
}

/** The chain of workflows that produced a series, back to series written by something else (imports, users). */
export function seriesLineage(store: Store, name: string, opts: LineageOptions = {}): SeriesLineage {
  if (!store.exists(name)) throw new StrataError('unknown_series', `no series named ${JSON.stringify(name)}`, { name });
  return describe(store, name, opts.revisionDate ?? null, opts.maxDepth ?? 32);
}

function describe(store: Store, name: string, at: number | null, depth: number): SeriesLineage {
  if (!store.exists(name)) return { series: name, insertion_date: at === null ? null : formatTimestamp(at, true), source: '', author: '', steps: [], upstream: [], missing: true };
  const revs = store.revisions(name, at === null ? {} : { toInsertionDate: at });
  const rev: RevisionInfo | undefined = revs[revs.length - 1];
  const base: SeriesLineage = {
    series: name,
    insertion_date: rev ? formatTimestamp(rev.insertionDate, true) : null,
    source: rev?.source ?? '',
    author: rev?.author ?? '',
    steps: [],
    upstream: [],
  };
  const saved = rev ? asSaved(rev.metadata['lineage']) : null;
  if (!saved) return base;
  const out: SeriesLineage = { ...base, workflow: saved.workflow, node: saved.node, config: saved.config, steps: saved.steps };
  if (depth <= 0) return { ...out, truncated: true };
  const seen = new Set<string>();
  for (const step of saved.steps) {
    const src = sourceOf(step);
    if (!src) continue;
    const id = `${src.series}\u0000${src.revision}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.upstream.push(describe(store, src.series, src.revision === null ? null : parseInstant(src.revision), depth - 1));
  }
  return out;
}

/** A step that read a stored series (no inputs, external `{series, revision}`). */
function sourceOf(step: LineageStep): { series: string; revision: string | null } | null {
  if (step.inputs.length > 0) return null;
  const ext = step.external as { series?: unknown; revision?: unknown } | undefined;
  if (!ext || typeof ext.series !== 'string') return null;
  return { series: ext.series, revision: typeof ext.revision === 'string' ? ext.revision : null };
}

function asSaved(v: unknown): SavedLineage | null {
  if (!v || typeof v !== 'object') return null;
  const s = v as Partial<SavedLineage>;
  return typeof s.workflow === 'string' && typeof s.node === 'string' && Array.isArray(s.steps) ? (s as SavedLineage) : null;
}
