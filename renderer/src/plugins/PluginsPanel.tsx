import { useEffect, useState } from 'react';
import type { PluginDto, SeriesSummary } from '../../../core/protocol/index.js';
import { api, call } from '../api.js';
import { fmtValue } from '../format.js';

interface Props {
  series: SeriesSummary[];
}

interface Statistic {
  name: string;
  dataType?: string;
  result: unknown;
}

/** The statistics of an analysis result (`{statistics: [{name, dataType, result}]}`), or null when it has another shape. */
export function statisticsOf(result: Record<string, unknown>): Statistic[] | null {
  const s = result['statistics'];
  if (!Array.isArray(s)) return null;
  return s.filter((x): x is Statistic => typeof x === 'object' && x !== null && typeof (x as Statistic).name === 'string');
}

const key = (p: PluginDto) => `${p.kind}/${p.group}/${p.name}`;

/**
 * The plugins of the engine's libraries: kind, group, status, capabilities, help and metadata; run an
 * analysis on selected series and read its statistics. A plugin that fails to load, answers nonsense or
 * crashes says so in its own row or result, never elsewhere.
 */
export function PluginsPanel({ series }: Props) {
  const [plugins, setPlugins] = useState<PluginDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [config, setConfig] = useState('');
  const [results, setResults] = useState<Map<string, { running: true } | { value: Record<string, unknown> } | { error: string; code: string }>>(new Map());
  const [scanning, setScanning] = useState(false);

  const load = (rescan: boolean) => {
    setScanning(true);
    call(api.call(rescan ? 'plugins.rescan' : 'plugins.list', {}))
      .then((p) => {
        setPlugins(p);
        setError(null);
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => setScanning(false));
  };
  useEffect(() => load(false), []);

  const analyze = (p: PluginDto) => {
    let cfg: Record<string, unknown> | undefined;
    if (config.trim()) {
      try {
        const parsed = JSON.parse(config) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the config must be a JSON object');
        cfg = parsed as Record<string, unknown>;
      } catch (e) {
        setResults((m) => new Map(m).set(key(p), { error: `config: ${(e as Error).message}`, code: 'bad_config' }));
        return;
      }
    }
    setResults((m) => new Map(m).set(key(p), { running: true }));
    void api.call('plugins.analyze', { module: p.name, series: chosen, ...(cfg ? { config: cfg } : {}) }).then((r) =>
      setResults((m) => new Map(m).set(key(p), r.ok ? { value: r.value } : { error: r.error.message, code: r.error.code })),
    );
  };

  return (
    <div className="editor-view plugins-view" data-testid="plugins-panel">
      <aside className="side">
        <h3>Series to analyse</h3>
        <ul className="list checks" data-testid="analysis-series">
          {series.map((s) => (
            <li key={s.name}>
              <label className="toggle">
                <input
                  type="checkbox"
                  aria-label={`analyse ${s.name}`}
                  checked={chosen.includes(s.name)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, s.name] : chosen.filter((n) => n !== s.name))}
                />
                {s.name}
              </label>
            </li>
          ))}
        </ul>
        <label className="stack">
          Analysis config (JSON, optional)
          <textarea aria-label="Analysis config" rows={4} value={config} onChange={(e) => setConfig(e.target.value)} placeholder='{"threshold": 3}' />
        </label>
      </aside>
      <section className="main">
        <div className="toolbar">
          <strong>Plugins</strong>
          <button onClick={() => load(true)} disabled={scanning}>
            {scanning ? 'Scanning…' : 'Rescan'}
          </button>
          <span className="muted">{plugins ? `${plugins.length} found` : ''}</span>
        </div>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        <table className="grid-table plugins" data-testid="plugins-table">
          <thead>
            <tr>
              <th>name</th>
              <th>kind</th>
              <th>group</th>
              <th>status</th>
              <th>capabilities</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(plugins ?? []).map((p) => {
              const k = key(p);
              const res = results.get(k);
              const canAnalyze = p.status === 'ok' && p.capabilities.includes('analyze');
              return (
                <PluginRows key={k} p={p} open={open === k} onToggle={() => setOpen(open === k ? null : k)}>
                  {canAnalyze && (
                    <button className="primary" onClick={() => analyze(p)} disabled={!chosen.length || (res !== undefined && 'running' in res)} title={chosen.length ? '' : 'choose series on the left'}>
                      Analyse
                    </button>
                  )}
                  {res && (
                    <div className="analysis" data-testid="analysis-result" data-plugin={p.name}>
                      {'running' in res ? (
                        <span className="muted">running {p.name} on {chosen.join(', ')}…</span>
                      ) : 'error' in res ? (
                        <div className="error" role="alert" data-code={res.code}>
                          {p.name} failed: {res.error}
                        </div>
                      ) : (
                        <Statistics value={res.value} />
                      )}
                    </div>
                  )}
                </PluginRows>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function PluginRows({ p, open, onToggle, children }: { p: PluginDto; open: boolean; onToggle(): void; children: React.ReactNode }) {
  return (
    <>
      <tr data-testid="plugin-row" data-name={p.name} data-status={p.status} className={p.status === 'error' ? 'bad' : ''}>
        <td>
          <button className="link" onClick={onToggle} aria-expanded={open}>
            {open ? '▾' : '▸'} {p.name}
          </button>
        </td>
        <td>{p.kind}</td>
        <td>{p.group}</td>
        <td>
          <span className={`badge st-${p.status === 'ok' ? 'ran' : 'failed'}`}>{p.status}</span>
        </td>
        <td>{p.capabilities.join(', ')}</td>
        <td>{children}</td>
      </tr>
      {(open || p.status === 'error') && (
        <tr className="details">
          <td colSpan={6}>
            {p.error && (
              <div className="error" role="alert">
                {p.error}
              </div>
            )}
            {open && (
              <>
                <div className="muted small">
                  {p.runtime}
                  {p.version ? ` · version ${p.version}` : ''} · {p.path}
                </div>
                {p.help && <pre className="help">{p.help}</pre>}
                {p.metadata && (
                  <dl className="metadata">
                    {Object.entries(p.metadata).map(([k, v]) => (
                      <div key={k}>
                        <dt>{k}</dt>
                        <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function Statistics({ value }: { value: Record<string, unknown> }) {
  const stats = statisticsOf(value);
  if (!stats) return <pre className="help">{JSON.stringify(value, null, 2)}</pre>;
  return (
    <table className="grid-table" data-testid="statistics">
      <thead>
        <tr>
          <th>statistic</th>
          <th>type</th>
          <th>result</th>
        </tr>
      </thead>
      <tbody>
        {stats.map((s, i) => (
          <tr key={i}>
            <td>{s.name}</td>
            <td>{s.dataType ?? ''}</td>
            <td>{typeof s.result === 'number' ? fmtValue(s.result) : typeof s.result === 'string' ? s.result : JSON.stringify(s.result)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
