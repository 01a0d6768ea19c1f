import { useEffect, useState } from 'react';
import type { ConnectionInfo } from '../../../core/protocol/index.js';
import { api, call } from '../api.js';

interface Props {
  /** A connection was added or removed: the explorer refreshes (its `<connection>/<tag>` series). */
  onChanged(): void;
}

const SSL_MODES = ['prefer', 'disable', 'require', 'verify-ca', 'verify-full'] as const;

/**
 * PostgreSQL connections (docs/remote.md): list with Test, Edit and Remove per row, and a form that adds a
 * connection or, after Edit, saves the changes to one (a password left empty keeps the current one). A given password
 * is sealed by the OS keychain in the app; in browser mode the engine refuses it and uses $PGPASSWORD.
 */
export function ConnectionsPanel({ onChanged }: Props) {
  const [rows, setRows] = useState<ConnectionInfo[]>([]);
  const [status, setStatus] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', url: '', schema: '', sslmode: 'prefer' as (typeof SSL_MODES)[number], password: '' });
  const [busy, setBusy] = useState(false);
  /** The connection the form edits, or null when it adds one. */
  const [editing, setEditing] = useState<string | null>(null);

  const reload = () => call(api.call('connect.list', {})).then(setRows, (e: Error) => setError(e.message));
  useEffect(() => void reload(), []);

  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call(
        api.call('connect.add', {
          name: form.name.trim(),
          url: form.url.trim(),
          sslmode: form.sslmode,
          ...(form.schema.trim() ? { schema: form.schema.trim() } : {}),
          ...(form.password ? { password: form.password } : {}),
        }),
      );
      setStatus((s) => ({ ...s, [r.name]: r.test ? `ok: ${r.test.tags} tags (${r.test.server})` : 'added' }));
      setForm((f) => ({ ...f, name: '', url: '', schema: '', password: '' }));
      await reload();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const startEdit = (c: ConnectionInfo) => {
    setError(null);
    setEditing(c.name);
    setForm({ name: c.name, url: c.url, schema: c.schema, sslmode: c.tls.mode, password: '' });
  };

  const stopEdit = () => {
    setEditing(null);
    setForm((f) => ({ ...f, name: '', url: '', schema: '', password: '' }));
  };

  const save = async (name: string) => {
    setBusy(true);
    setError(null);
    try {
      await call(
        api.call('connect.edit', {
          name,
          url: form.url.trim(),
          sslmode: form.sslmode,
          ...(form.schema.trim() ? { schema: form.schema.trim() } : {}),
          ...(form.password ? { password: form.password } : {}),
        }),
      );
      stopEdit();
      await reload();
      onChanged();
      await test(name);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const test = async (name: string) => {
    setStatus((s) => ({ ...s, [name]: 'testing…' }));
    try {
      const p = await call(api.call('connect.test', { name }));
      setStatus((s) => ({ ...s, [name]: `ok: ${p.tags} tags (${p.server}, ${p.latency_ms} ms)` }));
    } catch (e) {
      setStatus((s) => ({ ...s, [name]: `error: ${(e as Error).message}` }));
    }
  };

  const remove = async (name: string) => {
    try {
      await call(api.call('connect.remove', { name }));
      await reload();
      onChanged();
    } catch (e) {
      setStatus((s) => ({ ...s, [name]: `error: ${(e as Error).message}` }));
    }
  };

  return (
    <section className="editor connections" aria-label="Connections">
      <h2>PostgreSQL connections</h2>
      {rows.length === 0 ? (
        <p className="muted">no connections yet: their tags appear in the explorer as NAME/&lt;tag&gt;</p>
      ) : (
        <table className="connections-list">
          <thead>
            <tr><th>name</th><th>url</th><th>schema</th><th>password</th><th>status</th><th /></tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.name} data-connection={c.name}>
                <td>{c.name}</td>
                <td>{c.url}</td>
                <td>{c.schema}</td>
                <td>{c.password}</td>
                <td className="connection-status" role="status">{status[c.name] ?? ''}</td>
                <td>
                  <button onClick={() => void test(c.name)}>Test</button>
                  <button onClick={() => startEdit(c)}>Edit</button>
                  <button onClick={() => void remove(c.name)}>Remove</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="connection-add"
        onSubmit={(e) => {
          e.preventDefault();
          void (editing ? save(editing) : add());
        }}
      >
        {editing && <strong className="connection-editing">editing {editing}</strong>}
        <label>name <input name="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required disabled={editing !== null} /></label>
        <label>URL <input name="url" placeholder="postgresql://USER@HOST:PORT/DB" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} required /></label>
        <label>schema <input name="schema" placeholder="(the user name)" value={form.schema} onChange={(e) => setForm({ ...form, schema: e.target.value })} /></label>
        <label>
          sslmode{' '}
          <select name="sslmode" value={form.sslmode} onChange={(e) => setForm({ ...form, sslmode: e.target.value as (typeof SSL_MODES)[number] })}>
            {SSL_MODES.map((m) => <option key={m}>{m}</option>)}
          </select>
        </label>
        <label>password <input name="password" type="password" autoComplete="off" placeholder={editing ? '(unchanged)' : '(or $PGPASSWORD of the engine)'} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} /></label>
        <button type="submit" disabled={busy}>{busy ? 'testing…' : editing ? 'Save' : 'Add'}</button>
        {editing && (
          <button type="button" onClick={stopEdit}>
            Cancel
          </button>
        )}
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
