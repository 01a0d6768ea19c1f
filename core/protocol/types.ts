/** Result shapes of the service contract (plain JSON: numbers, strings, arrays). */

export interface AppInfo {
  version: string;
  storePath: string;
  schemaVersion: number;
}

export interface SeriesSummary {
  name: string;
  /** `remote`: a tag of a PostgreSQL connection (`<connection>/<tag>`), read-only. */
  kind: 'primary' | 'formula' | 'remote';
  valueType: 'float64' | 'string';
  tzaware: boolean;
  unit: string;
  count: number;
  first: number | null;
  last: number | null;
}

export interface SeriesDetails extends SeriesSummary {
  metadata: Record<string, unknown>;
  createdAt: number;
  deathAt: number | null;
  lastInsertionDate: number | null;
  revisions: number;
}

export interface SeriesData {
  name: string;
  tzaware: boolean;
  valueType: 'float64' | 'string';
  times: number[];
  /** null = no value. */
  values: (number | string | null)[];
  /** True when maxPoints cut the window (the newest points were dropped). */
  truncated: boolean;
  /** Set when a remote series' server was unreachable and the answer came from the local cache. */
  notice?: string;
}

export interface HistoryVersion {
  insertionDate: number;
  author: string;
  source: string;
  times: number[];
  values: (number | string | null)[];
}

/**
 * Chart data for a window, shaped for a chart `width` pixels wide. `raw`: the points themselves (few enough).
 * `columns`: one entry per pixel column with the exact first/last/min/max of the points it covers and the
 * time range it covers (columns are whole groups of precomputed bins, so no spike is ever hidden).
 */
export type Envelope = (
  | { mode: 'raw'; name: string; tzaware: boolean; times: number[]; values: number[]; from: number | null; to: number | null }
  | {
      mode: 'columns';
      name: string;
      tzaware: boolean;
      from: number | null;
      to: number | null;
      /** Points summarised. */
      count: number;
      /** Points per bin of the level used (1 = computed from raw points). */
      binSize: number;
      tFirst: number[];
      tLast: number[];
      tMin: number[];
      tMax: number[];
      min: number[];
      max: number[];
      first: number[];
      last: number[];
    }
) & {
  /** Set when a remote series' server was unreachable and the envelope came from the local cache. */
  notice?: string;
};

export interface SpanDto {
  value: number | string | null;
  begin: number;
  end: number | null;
}

export interface TagDto {
  name: string;
  birthAt: number | null;
  deathAt: number | null;
}

/** One row the import refused, and why (its line and column in the file). */
export interface RejectDto {
  line: number;
  column: number;
  columnName?: string;
  kind: string;
  reason: string;
}

export interface ImportProgressDto {
  bytesRead: number;
  totalBytes: number | null;
  rows: number;
  elapsedMs: number;
  rowsPerSecond: number;
}

/** What a finished import did (the parts the import dialog shows). */
export interface ImportResultDto {
  format: string;
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  rejects: RejectDto[];
  rejectsTruncated: boolean;
  series: { name: string; count: number; revision: boolean; added: number; changed: number; deleted: number }[];
}

/** An import job: its state, latest progress, and its result or error once over. */
export interface ImportJob {
  jobId: string;
  path: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  progress: ImportProgressDto | null;
  result: ImportResultDto | null;
  error: { code: string; message: string } | null;
}

// ---- formulas ----------------------------------------------------------------------------------

/** A literal default of an operator parameter. */
export type LiteralDto = number | string | boolean | null;

/** One operator of the registry, as the formula editor reads it (completion, hover, signature help). */
export interface OperatorDto {
  name: string;
  aliases: string[];
  family: string;
  origin: string;
  /** `seriesName`: the argument names a series (the editor completes series names there). */
  params: { name: string; type: string; default?: LiteralDto; optional: boolean; doc: string; choices?: string[]; seriesName?: true }[];
  rest?: { name: string; type: string; min: number; doc: string };
  keywords: { name: string; type: string; default: LiteralDto; doc: string; choices?: string[] }[];
  returns: string;
  doc: string;
  examples: string[];
  builtin: boolean;
  owner: string;
}

/** A formula problem at a place in its text: offsets 0-based (`end` exclusive), line and column 1-based. */
export interface FormulaDiagnosticDto {
  code: string;
  message: string;
  offset: number;
  end: number;
  line: number;
  column: number;
  /** When the problem is inside a formula the text references, its name (the positions are in its text). */
  formula?: string;
}

/** A formula checked without evaluating it: its static type, or what is wrong and where. */
export interface FormulaCheckDto {
  /** The formula's type (`series`, `number`, `spans`, ...); null when it does not check. */
  type: string | null;
  diagnostics: FormulaDiagnosticDto[];
}

export interface SpanRangeDto {
  begin: number;
  /** null: still open (the newest span of a running condition). */
  end: number | null;
}

export interface TableDto {
  tzaware: boolean;
  columns: { name: string; type: string }[];
  rows: (number | string | null)[][];
}

/** What a formula gives: a series, a scalar, spans or a table. */
export type FormulaValueDto =
  | { kind: 'series'; series: SeriesData }
  | { kind: 'scalar'; value: number | string | boolean | null; tzaware?: boolean; timestamp?: boolean }
  | { kind: 'spans'; tzaware: boolean; spans: SpanRangeDto[] }
  | ({ kind: 'table' } & TableDto);

export interface FormulaEntryDto {
  name: string;
  text: string;
}

/** What a formula reads, as a tree down to primary series. */
export interface DependencyNodeDto {
  name: string;
  kind: 'primary' | 'formula' | 'unknown' | 'cycle';
  children: DependencyNodeDto[];
}

// ---- workflows ---------------------------------------------------------------------------------

export interface WorkflowNodeDto {
  id: string;
  op: string;
  config: Record<string, unknown>;
  inputs: string[];
}

export interface WorkflowDto {
  name: string;
  nodes: WorkflowNodeDto[];
}

export interface OpDto {
  op: string;
  version: number;
  doc: string;
  inputs: { min: number; max: number };
  /** What the node outputs: indexed by time, by frequency, or like its first input. */
  output: 'time' | 'frequency' | 'input';
  /** The config's JSON Schema (draft 2020-12), for generated forms. */
  configSchema: Record<string, unknown>;
}

export interface WorkflowIssueDto {
  nodeId?: string;
  code: string;
  message: string;
}

/** A node's state: from the last run, or `stale` when something it depends on changed since. */
export type NodeStateDto = 'pending' | 'running' | 'ran' | 'cached' | 'failed' | 'skipped' | 'stale';

export interface NodeRunDto {
  id: string;
  status: NodeStateDto;
  seconds: number;
  error?: { code: string; message: string };
  finishedAt?: number;
}

export interface WorkflowDetailsDto {
  workflow: WorkflowDto;
  savedAt: number;
  nodes: NodeRunDto[];
}

/** A workflow run in the engine; every progress step is a `workflow` event carrying the whole job. */
export interface WorkflowJob {
  jobId: string;
  name: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  nodes: NodeRunDto[];
  error: { code: string; message: string } | null;
}

export interface FrameDto {
  indexKind: 'time' | 'frequency';
  tzaware: boolean;
  /** µs for a time index, Hz for a frequency index. */
  index: number[];
  /** null = no value. */
  channels: Record<string, (number | null)[]>;
  units?: Record<string, string>;
  truncated: boolean;
}

/** How one node's output was made (core/dag LineageStep as JSON). */
export interface LineageStepDto {
  workflow: string;
  node: string;
  op: string;
  op_version: number;
  config: unknown;
  key: string;
  inputs: { node: string; key: string }[];
  external?: unknown;
}

/** Where a revision of a series came from, back to stored data (`strata workflow lineage --json`). */
export interface LineageDto {
  series: string;
  insertion_date: string | null;
  source: string;
  author: string;
  workflow?: string;
  node?: string;
  config?: unknown;
  steps: LineageStepDto[];
  upstream: LineageDto[];
  missing?: true;
  truncated?: true;
}

// ---- plugins -----------------------------------------------------------------------------------

export interface PluginDto {
  name: string;
  kind: string;
  group: string;
  capabilities: string[];
  path: string;
  status: 'ok' | 'error';
  error?: string;
  /** `manifest`: a module or command with a plugin.json; `executable`: a Timeseer-style module of an executable. */
  runtime: 'manifest' | 'executable';
  version?: string;
  /** Help text: what the module prints for `help`, or the manifest's description. */
  help?: string;
  /** What the module prints for `metadata` (e.g. `{"signature": "univariate"}`). */
  metadata?: Record<string, unknown>;
}

/** Result type of each method. */
/** A PostgreSQL connection as `strata connect list --json` shows it (never a password). */
export interface ConnectionInfo {
  name: string;
  url: string;
  host: string;
  port: number;
  database: string;
  schema: string;
  user: string;
  tls: { mode: 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full'; ca?: string };
  created_at: string;
  updated_at: string;
  /** Where its password comes from: sealed by the app keychain, or $PGPASSWORD of the engine. */
  password: string;
  cache: { entries: number; bytes: number; newest: number | null };
}

/** What `connect.test` (and a tested `connect.add`) found on the server: `strata connect test --json`. */
export interface ConnectionProbe {
  server: string;
  timescale: string | null;
  bucket: 'time_bucket' | 'date_bin' | 'arithmetic';
  user: string;
  schema: string;
  tls: boolean;
  tzaware: boolean;
  tags: number;
  latency_ms: number;
}

export interface ApiResults {
  'connect.list': ConnectionInfo[];
  'connect.test': ConnectionProbe & { name: string };
  'connect.add': ConnectionInfo & { test?: ConnectionProbe };
  'connect.edit': ConnectionInfo;
  'connect.remove': { removed: string };
  'app.info': AppInfo;
  'series.list': SeriesSummary[];
  'series.info': SeriesDetails;
  'series.get': SeriesData;
  'series.insertionDates': number[];
  'series.history': HistoryVersion[];
  'chart.envelope': Envelope;
  'spans.constant': SpanDto[];
  'tags.list': TagDto[];
  'import.start': ImportJob;
  'import.status': ImportJob;
  'import.cancel': ImportJob;
  'formula.operators': OperatorDto[];
  'formula.check': FormulaCheckDto;
  'formula.eval': FormulaValueDto;
  'formula.list': FormulaEntryDto[];
  'formula.show': FormulaEntryDto;
  'formula.register': { name: string; created: boolean };
  'formula.dependencies': DependencyNodeDto;
  'spans.condition': { tzaware: boolean; spans: SpanRangeDto[] };
  'spans.stats': TableDto;
  'workflow.ops': OpDto[];
  'workflow.list': { name: string; nodes: number; savedAt: number }[];
  'workflow.show': WorkflowDetailsDto;
  'workflow.validate': { issues: WorkflowIssueDto[] };
  'workflow.save': { name: string; nodes: number };
  'workflow.delete': { name: string };
  'workflow.run': WorkflowJob;
  'workflow.status': WorkflowJob;
  'workflow.cancel': WorkflowJob;
  'workflow.output': FrameDto;
  'workflow.lineage': LineageDto;
  'plugins.list': PluginDto[];
  'plugins.rescan': PluginDto[];
  'plugins.analyze': Record<string, unknown>;
}
