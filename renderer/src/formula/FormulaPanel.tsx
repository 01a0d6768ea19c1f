import { useEffect, useMemo, useRef, useState } from 'react';
import type { SeriesSummary } from '../../../core/protocol/index.js';
import { api, call } from '../api.js';
import { FormulaEditor } from './FormulaEditor.js';
import { registerFormulaLanguage, setSeriesNames } from './monaco.js';
import type { Diagnostic, Op } from './language.js';
import { Plot } from '../plot/Plot.js';
import type { Band, Line, PlotSpec } from '../plot/option.js';
import { dataPoints, MAX_POINTS, seriesLine } from '../plot/data.js';
import { RevisionDate } from '../ui/RevisionDate.js';
import { Confirm, type ConfirmSpec } from '../ui/Confirm.js';
import { debounce, Latest, STALE } from '../ui/latest.js';
import { DependencyTree, type DepNode } from './DependencyTree.js';
import { fmtTime, fmtValue } from '../format.js';
import { ResultTable } from '../ui/ResultTable.js';

interface Props {
  theme: 'light' | 'dark';
  series: SeriesSummary[];
  /** A formula was registered: the explorer refreshes. */
  onSaved(): void;
}

type EvalAnswer =
  | { kind: 'series'; line: Line; truncated: boolean; count: number }
  | { kind: 'scalar'; value: unknown }
  | { kind: 'spans'; bands: Band[]; tzaware: boolean }
  | { kind: 'table'; columns: { name: string; type: string }[]; rows: unknown[][]; tzaware: boolean };

const DEFAULT_TEXT = '';

/**
 * The formula editor: Monaco with the registry-generated language, markers from the engine's checker as
 * you type, the result charted live beside its inputs (debounced; stale answers dropped), a revision date,
 * save as a named formula series (replace / unknown-series questions as dialogs), the registered
 * formulas to browse and edit, and the dependency tree.
 */
export function FormulaPanel({ theme, series, onSaved }: Props) {
  const [ops, setOps] = useState<Op[] | null>(null);
  const [opsError, setOpsError] = useState<string | null>(null);
  const [text, setText] = useState(() => sessionStorage.getItem('strata.formula.text') ?? DEFAULT_TEXT);
  const [name, setName] = useState(() => sessionStorage.getItem('strata.formula.name') ?? '');
  const [checked, setChecked] = useState<{ text: string; type: string | null; diagnostics: Diagnostic[] }>({ text: '', type: null, diagnostics: [] });
  const [answer, setAnswer] = useState<EvalAnswer | null>(null);
  const [evalError, setEvalError] = useState<string | null>(null);
  const [evalMarker, setEvalMarker] = useState<{ text: string; diagnostic: Diagnostic } | null>(null);
  const [inputs, setInputs] = useState<Line[]>([]);
  const [busy, setBusy] = useState(false);
  const [revisionDate, setRevisionDate] = useState<number | null>(null);
  const [formulas, setFormulas] = useState<{ name: string; text: string }[]>([]);
  const [filter, setFilter] = useState('');
  const [deps, setDeps] = useState<DepNode | null>(null);
  const [confirm, setConfirm] = useState<ConfirmSpec | null>(null);
  const [saveState, setSaveState] = useState<{ ok: boolean; message: string } | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [loads, setLoads] = useState(0);
  /** Replaces the editor's text from outside (typing never goes through here). */
  const load = (t: string) => {
    setText(t);
    setLoads((n) => n + 1);
  };
  const checks = useRef(new Latest());
  const evals = useRef(new Latest());
  const byName = useMemo(() => new Map(series.map((s) => [s.name, s])), [series]);

  useEffect(() => {
    call(api.call('formula.operators', {}))
      .then((o) => {
        registerFormulaLanguage(o as Op[]);
        setOps(o as Op[]);
      })
      .catch((e: Error) => setOpsError(e.message));
  }, []);
  useEffect(() => setSeriesNames(series.map((s) => s.name)), [series]);
  const loadList = () => {
    call(api.call('formula.list', {}))
      .then(setFormulas)
      .catch(() => {});
  };
  useEffect(loadList, []);
  useEffect(() => {
    sessionStorage.setItem('strata.formula.text', text);
    sessionStorage.setItem('strata.formula.name', name);
  }, [text, name]);

  // Markers as you type: the engine's parser and checker, quickly; the evaluation a little later.
  const runCheck = useMemo(
    () =>
      debounce((t: string) => {
        void checks.current.run(() => call(api.call('formula.check', { text: t }))).then(
          (r) => r !== STALE && setChecked({ text: t, type: r.type, diagnostics: r.diagnostics }),
          () => {},
        );
      }, 120),
    [],
  );
  const runEval = useMemo(
    () =>
      debounce((t: string, rev: number | null, byNameNow: Map<string, SeriesSummary>) => {
        if (!t.trim()) {
          evals.current.cancel();
          setAnswer(null);
          setInputs([]);
          setDeps(null);
          setEvalError(null);
          return;
        }
        setBusy(true);
        void evals.current
          .run(async () => {
            const [res, tree] = await Promise.all([
              api.call('formula.eval', { text: t, revisionDate: rev, maxPoints: MAX_POINTS }),
              api.call('formula.dependencies', { text: t }),
            ]);
            const top = tree.ok ? (tree.value as DepNode) : null;
            const names = top ? [...new Set(top.children.filter((c) => c.kind !== 'unknown').map((c) => c.name))].slice(0, 8) : [];
            const lines = await Promise.all(
              names.map((n) => {
                const s = byNameNow.get(n);
                return s ? seriesLine(s, rev, 700, false).catch(() => null) : Promise.resolve(null);
              }),
            );
            return { res, top, lines: lines.filter((l): l is Line => l !== null) };
          })
          .then(
            (r) => {
              if (r === STALE) return;
              setBusy(false);
              setDeps(r.top);
              setInputs(r.lines);
              if (!r.res.ok) {
                setEvalError(r.res.error.message);
                setEvalMarker(positioned(t, r.res.error));
                setAnswer(null);
                return;
              }
              setEvalError(null);
              setEvalMarker(null);
              setAnswer(toAnswer(r.res.value as EvalValue));
            },
            (e: Error) => {
              setBusy(false);
              setEvalError(e.message);
            },
          );
      }, 350),
    [],
  );
  useEffect(() => {
    runCheck(text);
    runEval(text, revisionDate, byName);
  }, [text, revisionDate, byName, runCheck, runEval]);

  // Diagnostics only ever mark the text they were computed for.
  // An evaluation error at a place in this text (bad data for an operator, a failing input) marks it too.
  const evalMarks = evalMarker && evalMarker.text === text ? [evalMarker.diagnostic] : [];
  const diagnostics = checked.text === text ? (checked.diagnostics.length ? checked.diagnostics : evalMarks) : [];

  const save = (opts: { update?: boolean; allowUnknown?: boolean } = {}) => {
    const n = name.trim();
    if (!n) return setSaveState({ ok: false, message: 'Give the formula a name first.' });
    setSaveState(null);
    void api.call('formula.register', { name: n, text, ...opts }).then((r) => {
      if (r.ok) {
        setSaveState({ ok: true, message: `${r.value.created ? 'Registered' : 'Updated'} formula ${n}.` });
        loadList();
        onSaved();
        return;
      }
      const e = r.error;
      if (e.code === 'formula_exists') {
        setConfirm({ title: 'Replace formula?', message: `A formula named "${n}" exists. Replace its text with this one?`, confirm: 'Replace', onConfirm: () => save({ ...opts, update: true }) });
      } else if (e.code === 'unknown_series') {
        setConfirm({
          title: 'Unknown series',
          message: `${e.message}. Register the formula anyway? It gives no data until the series exists.`,
          confirm: 'Register anyway',
          onConfirm: () => save({ ...opts, allowUnknown: true }),
        });
      } else setSaveState({ ok: false, message: e.message });
    });
  };

  const open = (n: string) => {
    void call(api.call('formula.show', { name: n })).then((f) => {
      setName(f.name);
      load(f.text);
      setExpanded(null);
      setSaveState(null);
    });
  };
  const expand = () => {
    const n = name.trim();
    if (!formulas.some((f) => f.name === n)) return setExpanded(null);
    void call(api.call('formula.show', { name: n, expand: true })).then((f) => setExpanded(f.text), (e: Error) => setExpanded(`error: ${e.message}`));
  };

  const resultSpec: PlotSpec | null = useMemo(() => {
    if (answer?.kind === 'series') return { lines: [answer.line], xKind: 'time' };
    return null;
  }, [answer]);
  const inputSpec: PlotSpec = useMemo(() => ({ lines: inputs, xKind: 'time', bands: answer?.kind === 'spans' ? answer.bands : [] }), [inputs, answer]);
  const shown = formulas.filter((f) => f.name.toLowerCase().includes(filter.toLowerCase()));

  return (
    <div className="editor-view formula-view" data-testid="formula-panel">
      <aside className="side">
        <h3>Formulas</h3>
        <input className="search" placeholder="Filter formulas" aria-label="Filter formulas" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button
          onClick={() => {
            setName('');
            load('');
            setSaveState(null);
          }}
        >
          New formula
        </button>
        <ul className="list" data-testid="formula-list">
          {shown.map((f) => (
            <li key={f.name}>
              <button className={f.name === name ? 'link on' : 'link'} onClick={() => open(f.name)} title={f.text}>
                {f.name}
              </button>
            </li>
          ))}
          {!shown.length && <li className="muted">no formulas</li>}
        </ul>
      </aside>
      <section className="main">
        <div className="toolbar">
          <label>
            Name <input aria-label="Formula name" value={name} onChange={(e) => setName(e.target.value)} placeholder="name to save as" size={28} />
          </label>
          <button className="primary" onClick={() => save()} disabled={!ops}>
            Save formula
          </button>
          <button onClick={expand} disabled={!formulas.some((f) => f.name === name.trim())}>
            Expand
          </button>
          <RevisionDate value={revisionDate} onChange={setRevisionDate} />
          <span className="spacer" />
          <span className="muted" data-testid="formula-status">
            {busy ? 'evaluating…' : diagnostics.length ? `${diagnostics.length} problem${diagnostics.length > 1 ? 's' : ''}` : checked.text === text && checked.type ? `type ${checked.type}` : ''}
          </span>
        </div>
        {opsError && (
          <div className="error" role="alert">
            cannot load the operator registry: {opsError}
          </div>
        )}
        {saveState && (
          <div className={saveState.ok ? 'ok' : 'error'} role={saveState.ok ? 'status' : 'alert'} data-testid="save-state">
            {saveState.message}
          </div>
        )}
        {ops ? (
          <FormulaEditor value={text} loads={loads} onChange={setText} diagnostics={diagnostics} theme={theme} onRun={() => runEval(text, revisionDate, byName)} />
        ) : (
          <div className="formula-editor muted">loading the operator registry…</div>
        )}
        {diagnostics.length > 0 && (
          <ul className="diagnostics" data-testid="diagnostics">
            {diagnostics.map((d, i) => (
              <li key={i} data-code={d.code}>
                <span className="pos">
                  {d.line}:{d.column}
                </span>{' '}
                {d.message}
              </li>
            ))}
          </ul>
        )}
        {expanded !== null && (
          <pre className="expanded" data-testid="formula-expanded">
            {expanded}
          </pre>
        )}
        {evalError && diagnostics.length === 0 && (
          <div className="error" role="alert" data-testid="eval-error">
            {evalError}
          </div>
        )}
        <div className="preview">
          <div className="preview-result" data-testid="formula-result" data-kind={answer?.kind ?? ''}>
            <h4>
              Result
              {answer?.kind === 'series' && (
                <span className="muted">
                  {' '}
                  {answer.count.toLocaleString('en-US')} points{answer.truncated ? ` (first ${MAX_POINTS.toLocaleString('en-US')})` : ''}
                  {revisionDate !== null ? ` · as of ${fmtTime(revisionDate, true)}` : ''}
                </span>
              )}
            </h4>
            {resultSpec && <Plot spec={resultSpec} theme={theme} title={name || 'formula'} testId="formula-plot" height={240} />}
            {answer?.kind === 'scalar' && (
              <div className="scalar" data-testid="formula-scalar">
                {typeof answer.value === 'number' ? fmtValue(answer.value) : JSON.stringify(answer.value)}
              </div>
            )}
            {answer?.kind === 'spans' && <p className="muted">{answer.bands.length} spans, drawn as bands over the inputs.</p>}
            {answer?.kind === 'table' && <ResultTable columns={answer.columns} rows={answer.rows} tzaware={answer.tzaware} />}
            {!answer && !evalError && <p className="muted">Type a formula: its result is charted here as you type. Ctrl+Space completes, Ctrl+Enter re-evaluates.</p>}
          </div>
          <div className="preview-inputs">
            <h4>Inputs</h4>
            {inputs.length > 0 ? <Plot spec={inputSpec} theme={theme} title={`${name || 'formula'}-inputs`} testId="formula-inputs-plot" height={240} /> : <p className="muted">no stored inputs</p>}
          </div>
        </div>
        {deps && (
          <div className="deps">
            <h4>Dependencies</h4>
            <DependencyTree node={deps} />
          </div>
        )}
      </section>
      {confirm && <Confirm spec={confirm} onClose={() => setConfirm(null)} />}
    </div>
  );
}

/** The position an evaluation error gives in its `details` (in this text: not inside a referenced formula). */
function positioned(text: string, e: { code: string; message: string; details?: Record<string, unknown> }): { text: string; diagnostic: Diagnostic } | null {
  const d = e.details ?? {};
  const n = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : null);
  const [offset, end, line, column] = [n('offset'), n('end'), n('line'), n('column')];
  if (offset === null || end === null || line === null || column === null || typeof d['formula'] === 'string') return null;
  return { text, diagnostic: { code: e.code, message: e.message.replace(/^\d+:\d+: /, ''), offset, end, line, column } };
}

type EvalValue =
  | { kind: 'series'; series: { name: string; times: number[]; values: (number | string | null)[]; truncated: boolean; tzaware: boolean } }
  | { kind: 'scalar'; value: unknown }
  | { kind: 'spans'; tzaware: boolean; spans: { begin: number; end: number | null }[] }
  | { kind: 'table'; tzaware: boolean; columns: { name: string; type: string }[]; rows: unknown[][] };

function toAnswer(v: EvalValue): EvalAnswer {
  switch (v.kind) {
    case 'series':
      return { kind: 'series', line: { name: 'result', points: dataPoints(v.series) }, truncated: v.series.truncated, count: v.series.times.length };
    case 'scalar':
      return { kind: 'scalar', value: v.value };
    case 'spans':
      return { kind: 'spans', tzaware: v.tzaware, bands: v.spans.map((s) => ({ from: s.begin / 1000, to: s.end === null ? null : s.end / 1000 })) };
    case 'table':
      return { kind: 'table', columns: v.columns, rows: v.rows, tzaware: v.tzaware };
  }
}
