import { PARAMS_FILE_SECTIONS, type HyperParameter } from '@msr/core';
import type { ParamField } from '../views/admin-pages.js';

/** What `@msr/core` declares about `section.yaml_key`, if it is one of the models' hyper-parameters. */
function aboutParam(path: string): ParamField['about'] {
  const [section, key] = path.split('.');
  const parameters = (PARAMS_FILE_SECTIONS as Record<string, Record<string, HyperParameter>>)[section ?? ''];
  const p = parameters && Object.values(parameters).find((x) => x.yaml === key);
  if (!p) return undefined;
  if (p.kind === 'choice') return { label: p.label, help: p.help, integer: false, choices: p.choices };
  // An exclusive bound is not a valid value: the form shows the inclusive side only.
  return { label: p.label, help: p.help, integer: p.kind === 'int', ...(p.minExclusive ? {} : { min: p.min }), ...(p.max === undefined || p.maxExclusive ? {} : { max: p.max }) };
}

/**
 * Flattens parameters to one form field per leaf (`GaussianMixture.n_components` → `"3, 3, 3"`),
 * whatever the schema, so the form follows `params.yaml` without knowing its keys.
 */
export function flattenParams(value: unknown, prefix = ''): ParamField[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const out: ParamField[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      out.push(...flattenParams(inner, path));
      continue;
    }
    let field: ParamField;
    if (Array.isArray(inner)) field = { key: path, value: inner.join(', '), kind: inner.every((x) => typeof x === 'number') ? 'number-list' : 'string-list' };
    else if (typeof inner === 'number') field = { key: path, value: String(inner), kind: 'number' };
    else if (typeof inner === 'boolean') field = { key: path, value: String(inner), kind: 'boolean' };
    else field = { key: path, value: String(inner), kind: 'string' };
    const about = aboutParam(path);
    out.push(about ? { ...field, about } : field);
  }
  return out;
}

/**
 * Rebuilds parameters from form fields, reading each field as the type it has now. A number
 * that does not parse is kept as text, so the schema reports it against its key. Fields the
 * form does not know are ignored; missing ones keep their current value.
 */
export function unflattenParams(current: unknown, form: Record<string, string>): unknown {
  const fields = flattenParams(current);
  const out = structuredClone(current) as Record<string, unknown>;
  for (const field of fields) {
    const raw = form[field.key];
    if (raw === undefined) continue;
    const keys = field.key.split('.');
    let target = out;
    for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
    target[keys.at(-1)!] = coerce(raw, field.kind);
  }
  return out;
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
