import type { ParamField } from '../views/admin-pages.js';

/**
 * Flattens parameters to one form field per leaf (`GaussianMixture.n_components` → `"3, 3, 3"`),
 * whatever the schema, so the form follows `params.yaml` without knowing its keys.
 */
export function flattenParams(value: unknown, prefix = ''): ParamField[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const out: ParamField[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(inner)) {
      out.push({ key: path, value: inner.join(', '), kind: inner.every((x) => typeof x === 'number') ? 'number-list' : 'string-list' });
    } else if (typeof inner === 'object' && inner !== null) {
      out.push(...flattenParams(inner, path));
    } else if (typeof inner === 'number') out.push({ key: path, value: String(inner), kind: 'number' });
    else if (typeof inner === 'boolean') out.push({ key: path, value: String(inner), kind: 'boolean' });
    else out.push({ key: path, value: String(inner), kind: 'string' });
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
