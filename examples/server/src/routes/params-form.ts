import { PARAMS_FILE_SECTIONS, paramsKeyOf, personMessage, type HyperParameters, type ParamsKey } from '@msr/core';
import type { RequestIssue } from '../http/errors.js';
import type { ParamField } from '../views/params-page.js';

/** The `params.yaml` sections the form knows: each model's own declarations (`@msr/core`). */
export type ParamsSections = Readonly<Record<string, HyperParameters>>;

/** What `@msr/core` declares about `section.yaml_key`, if it is one of the models' hyper-parameters. */
function keyOf(path: string, sections: ParamsSections): ParamsKey | undefined {
  const [section, key] = path.split('.');
  const parameters = sections[section ?? ''];
  return parameters && key !== undefined ? paramsKeyOf(parameters, key) : undefined;
}

/** What an empty field stands for: the file's default of the key, when it has one value. */
function defaultOf(key: ParamsKey): string | undefined {
  const p = key.parameter;
  if (key.form === 'value') return String(p.kind === 'choice' ? p.default : (p.fileDefault ?? p.default));
  if (key.form === 'default' && p.kind !== 'choice' && p.perGenre) return String(p.perGenre.default);
  return undefined;
}

function aboutOf(key: ParamsKey): NonNullable<ParamField['about']> {
  const p = key.parameter;
  if (p.kind === 'choice') return { label: key.label, help: p.help, integer: false, choices: p.choices };
  // An exclusive bound is not a valid value: the form shows the inclusive side only.
  return {
    label: key.label,
    help: p.help,
    integer: p.kind === 'int',
    ...(p.minExclusive ? { above: p.min } : { min: p.min }),
    ...(p.max === undefined ? {} : p.maxExclusive ? { below: p.max } : { max: p.max }),
  };
}

/**
 * Flattens parameters to one form field per leaf (`GaussianMixture.n_components` → `"3, 3, 3"`),
 * whatever the schema, so the form follows `params.yaml` without knowing its keys.
 */
export function flattenParams(value: unknown, prefix = '', sections: ParamsSections = PARAMS_FILE_SECTIONS): ParamField[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const out: ParamField[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      out.push(...flattenParams(inner, path, sections));
      continue;
    }
    let field: ParamField;
    if (Array.isArray(inner)) field = { key: path, value: inner.join(', '), kind: inner.every((x) => typeof x === 'number') ? 'number-list' : 'string-list' };
    else if (typeof inner === 'number') field = { key: path, value: String(inner), kind: 'number' };
    else if (typeof inner === 'boolean') field = { key: path, value: String(inner), kind: 'boolean' };
    else field = { key: path, value: String(inner), kind: 'string' };
    const declared = keyOf(path, sections);
    out.push(declared ? { ...field, about: aboutOf(declared) } : field);
  }
  return out;
}

/** Every key a section's declarations allow, in declaration order. */
function declaredKeys(parameters: HyperParameters): string[] {
  return Object.values(parameters).flatMap((p) => (p.kind !== 'choice' && p.perGenre ? [p.yaml, `default_${p.yaml}`, ...(p.perGenre.range ? [`${p.yaml}_range`] : [])] : [p.yaml]));
}

/**
 * The params form: one field per value of `params.yaml` ({@link flattenParams}), then, in each
 * model's section, an empty field for every hyper-parameter the model declares that the file
 * leaves out (empty keeps the model's default), so a new hyper-parameter appears in the form
 * with its label, bounds and help without a line here.
 */
export function paramsFormFields(values: unknown, sections: ParamsSections = PARAMS_FILE_SECTIONS): ParamField[] {
  const present = flattenParams(values, '', sections);
  const given = new Set(present.map((f) => f.key));
  const out: ParamField[] = [];
  for (const section of new Set([...present.map((f) => f.key.split('.')[0]!), ...Object.keys(sections)])) {
    out.push(...present.filter((f) => f.key.split('.')[0] === section));
    const parameters = sections[section];
    if (!parameters) continue;
    for (const yaml of declaredKeys(parameters)) {
      const path = `${section}.${yaml}`;
      if (given.has(path)) continue;
      const declared = paramsKeyOf(parameters, yaml)!;
      const kind: ParamField['kind'] = declared.parameter.kind === 'choice' ? 'string' : declared.form === 'per-genre' || declared.form === 'range' ? 'number-list' : 'number';
      const byDefault = defaultOf(declared);
      out.push({ key: path, value: '', kind, optional: true, ...(byDefault === undefined ? {} : { byDefault }), about: aboutOf(declared) });
    }
  }
  return out;
}

/**
 * `fields` with the genres named in the help of every per-genre list (`n_components`), so the
 * admin sees which count is whose — and a genre the last retrain brought appears there.
 */
export function withGenreNames(fields: ParamField[], genres: readonly string[] | undefined, sections: ParamsSections = PARAMS_FILE_SECTIONS): ParamField[] {
  if (!genres || genres.length === 0) return fields;
  return fields.map((f) => (f.about && keyOf(f.key, sections)?.form === 'per-genre' ? { ...f, about: { ...f.about, help: `${f.about.help} One per genre, in this order: ${genres.join(', ')}.` } } : f));
}

/**
 * Rebuilds parameters from form fields, reading each field as the type it has now. A number
 * that does not parse is kept as text, so the schema reports it against its key. A declared
 * key that is not required and left empty is removed (the model's default applies). Fields the
 * form does not know are ignored; missing ones keep their current value.
 */
export function unflattenParams(current: unknown, form: Record<string, string>, sections: ParamsSections = PARAMS_FILE_SECTIONS): unknown {
  const fields = paramsFormFields(current, sections);
  const out = structuredClone(current) as Record<string, unknown>;
  for (const field of fields) {
    const raw = form[field.key];
    if (raw === undefined) continue;
    const keys = field.key.split('.');
    let target = out;
    for (const k of keys.slice(0, -1)) {
      if (typeof target[k] !== 'object' || target[k] === null) target[k] = {};
      target = target[k] as Record<string, unknown>;
    }
    const last = keys.at(-1)!;
    const declared = keyOf(field.key, sections);
    if (raw.trim() === '' && declared && !(declared.form === 'value' && declared.parameter.required)) delete target[last];
    else target[last] = coerce(raw, field.kind);
  }
  return out;
}

/**
 * Validation issues for the page: each one a field's gets a sentence beside that field, as a
 * person reads it ("Max depth must be a whole number"); `summary` lists every issue by its
 * `params.yaml` key, as the API reports it, above the form.
 */
export function fieldErrors(issues: readonly RequestIssue[], fields: readonly ParamField[], sections: ParamsSections = PARAMS_FILE_SECTIONS): { byField: Record<string, string>; summary: string[] } {
  const byField: Record<string, string> = {};
  for (const issue of issues) {
    const [section, key, entry] = issue.path;
    const path = `${String(section)}.${String(key)}`;
    const declared = keyOf(path, sections);
    if (declared && fields.some((f) => f.key === path)) byField[path] ??= personMessage(declared, issue.message, typeof entry === 'number' ? entry : undefined);
  }
  return { byField, summary: issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)) };
}

function coerce(raw: string, kind: ParamField['kind']): unknown {
  const text = raw.trim();
  switch (kind) {
    case 'number':
      return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'number-list':
      return text === '' ? [] : text.split(',').map((s) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s.trim()));
    case 'string-list':
      return text === '' ? [] : text.split(',').map((s) => s.trim());
    case 'string':
      return text;
  }
}
