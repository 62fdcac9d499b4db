/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';
import type { ParamsVersion } from '../services/params-store.js';
import { time } from './admin-pages.js';
import { Notice, Problems } from './layout.js';
import { Table } from './table.js';

/** One editable parameter, flattened: `GradientBoostingClassifier.learning_rate`. */
export interface ParamField {
  key: string;
  value: string;
  kind: 'number' | 'string' | 'number-list' | 'string-list' | 'boolean';
  /** What the model declares about it (`@msr/core`'s hyper-parameters), when it is one of them. */
  about?: { label: string; help: string; min?: number; max?: number; integer: boolean; choices?: readonly string[]; above?: number; below?: number };
  /** Not in the file: empty keeps the default. @default false */
  optional?: boolean;
  /** What an empty optional field stands for (`42`), when it is one value. */
  byDefault?: string;
}

/** The bounds of a field in words: "1 to 10000", "> 0, ≤ 10". */
function boundsText(about: NonNullable<ParamField['about']>): string {
  if (about.choices) return `one of ${about.choices.join(', ')}`;
  const from = about.min !== undefined ? `from ${about.min}` : about.above !== undefined ? `more than ${about.above},` : '';
  const to = about.max !== undefined ? `to ${about.max}` : about.below !== undefined ? `less than ${about.below}` : '';
  return `${about.integer ? 'integer ' : ''}${[from, to].filter(Boolean).join(' ')}`.trim().replace(/,$/, '');
}

/** An id for a field's elements (`GradientBoostingClassifier.max_depth` → `param-GradientBoostingClassifier-max_depth`). */
const idOf = (key: string): string => `param-${key.replace(/[^\w-]/g, '-')}`;

const placeholder = (f: ParamField): { placeholder?: string } => (f.optional ? { placeholder: f.byDefault === undefined ? 'default' : `default: ${f.byDefault}` } : {});

const FieldInput: FC<{ f: ParamField; described: string; invalid: boolean }> = ({ f, described, invalid }) => {
  const aria = { id: idOf(f.key), 'aria-describedby': described, ...(invalid ? { 'aria-invalid': 'true' } : {}) };
  if (f.about?.choices) {
    return (
      <select name={f.key} {...aria}>
        {f.optional ? <option value="">{f.byDefault === undefined ? '(default)' : `(default: ${f.byDefault})`}</option> : null}
        {f.about.choices.map((choice) => (
          <option value={choice} selected={choice === f.value}>
            {choice}
          </option>
        ))}
      </select>
    );
  }
  if (f.about && f.kind === 'number') {
    return <input name={f.key} value={f.value} type="number" min={f.about.min} max={f.about.max} step={f.about.integer ? '1' : 'any'} {...aria} {...placeholder(f)} />;
  }
  return <input name={f.key} value={f.value} {...aria} {...placeholder(f)} />;
};

/**
 * The model parameters form: every field's label, bounds and help come from the models' own
 * declarations; an error is said beside its field, in words ("Max depth must be a whole
 * number"), and "Saved." shows only after a save that succeeded.
 */
export const ParamsPage: FC<{ fields: ParamField[]; history: ParamsVersion[]; problems: string[]; errors?: Record<string, string>; notice?: string | undefined }> = ({ fields, history, problems, errors = {}, notice }) => (
  <section>
    <h1>Model parameters</h1>
    <p class="hint">Saved in the database for every server instance; the next retrain uses them and records their version.</p>
    <Notice text={notice} />
    {problems.length > 0 ? <p class="problems-title">Not saved. Fix the fields marked below:</p> : null}
    <Problems messages={problems} />
    <form method="post" action="/admin/params" class="params">
      {fields.map((f) => {
        const error = errors[f.key];
        const id = idOf(f.key);
        return (
          <div class={error ? 'param has-error' : 'param'}>
            <label for={id}>
              {f.about ? <span class="param-label">{f.about.label}</span> : null} <code>{f.key}</code>
            </label>
            {error ? (
              <p class="field-error" id={`${id}-error`}>
                {error}
              </p>
            ) : null}
            <FieldInput f={f} described={[error ? `${id}-error` : '', `${id}-hint`].filter(Boolean).join(' ')} invalid={error !== undefined} />
            <span class="hint" id={`${id}-hint`}>
              {f.kind.endsWith('list') ? 'comma-separated. ' : ''}
              {f.about ? `${f.about.help} (${boundsText(f.about)})` : ''}
              {f.optional ? (f.byDefault === undefined ? ' Empty: not used.' : ` Empty: ${f.byDefault}.`) : ''}
            </span>
          </div>
        );
      })}
      <button type="submit">Save</button>
    </form>
    {history.length > 0 ? (
      <>
        <h2>Versions</h2>
        <Table
          class="runs"
          id="params-history"
          rows={history}
          columns={[
            { label: 'Version', cell: (v) => String(v.version) },
            { label: 'Saved', cell: (v) => time(v.createdAt) },
            { label: 'By', cell: (v) => v.createdBy ?? '' },
            { label: 'Changes', cell: (v) => v.changes.map((ch) => `${ch.key}: ${JSON.stringify(ch.from)} → ${JSON.stringify(ch.to)}`).join('; ') },
          ]}
        />
      </>
    ) : null}
  </section>
);
