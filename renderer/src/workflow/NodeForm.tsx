import { useEffect, useMemo, useState } from 'react';
import type { OpDto } from '../../../core/protocol/index.js';
import { fieldsOf, readText, showText, type JsonSchema } from './schema.js';

interface Props {
  op: OpDto;
  config: Record<string, unknown>;
  onApply(config: Record<string, unknown>): void;
  seriesNames: readonly string[];
}

/** The settings form of one node, generated from its op's config JSON Schema. */
export function NodeForm({ op, config, onApply, seriesNames }: Props) {
  const fields = useMemo(() => fieldsOf(op.configSchema as JsonSchema), [op]);
  const initial = () => Object.fromEntries(fields.map((f) => [f.key, f.control === 'checkbox' ? config[f.key] ?? f.default ?? false : showText(config[f.key])]));
  const [draft, setDraft] = useState<Record<string, unknown>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    setDraft(initial());
    setErrors({});
  }, [op, config]);

  const apply = () => {
    const out: Record<string, unknown> = {};
    const errs: Record<string, string> = {};
    for (const f of fields) {
      const v = draft[f.key];
      if (f.control === 'checkbox') {
        // Keep a boolean left at its default out of the config (the op fills it in).
        if (v !== (f.default ?? false) || f.key in config) out[f.key] = v === true;
        continue;
      }
      if (f.control === 'select') {
        if (v) out[f.key] = v;
        else if (f.required) errs[f.key] = 'required';
        continue;
      }
      const r = readText(String(v ?? ''), f);
      if (r.error) errs[f.key] = r.error;
      else if ('value' in r) out[f.key] = r.value;
    }
    setErrors(errs);
    if (!Object.keys(errs).length) onApply(out);
  };

  if (!fields.length) return <p className="muted">This op has no settings.</p>;
  const listId = `series-names-${op.op}`;
  return (
    <form
      className="node-form"
      data-testid="node-form"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <datalist id={listId}>
        {seriesNames.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {fields.map((f) => (
        <label key={f.key} className={errors[f.key] ? 'invalid' : ''}>
          <span>
            {f.key}
            {f.required && <span className="req"> *</span>} <span className="muted">{f.hint}</span>
          </span>
          {f.control === 'select' ? (
            <select aria-label={f.key} value={String(draft[f.key] ?? '')} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}>
              <option value="">{f.default !== undefined ? `(default: ${String(f.default)})` : '(choose)'}</option>
              {f.options!.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          ) : f.control === 'checkbox' ? (
            <input type="checkbox" aria-label={f.key} checked={draft[f.key] === true} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.checked })} />
          ) : (
            <input
              aria-label={f.key}
              value={String(draft[f.key] ?? '')}
              placeholder={f.default !== undefined ? `default: ${showText(f.default)}` : ''}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
              {...(f.key === 'name' ? { list: listId } : {})}
            />
          )}
          {errors[f.key] && (
            <span className="error" role="alert">
              {errors[f.key]}
            </span>
          )}
          {f.description && <span className="muted">{f.description}</span>}
        </label>
      ))}
      <button type="submit" className="primary">
        Apply
      </button>
    </form>
  );
}
