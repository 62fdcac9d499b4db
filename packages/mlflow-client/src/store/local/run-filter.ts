import { MlflowLocalStoreError } from '../../errors/mlflow-error.js';
import type { Run } from '../../wire/run.js';

/** An entity a filter or order-by clause reads from a run. */
interface Field {
  readonly type: 'metric' | 'param' | 'tag' | 'attribute';
  readonly key: string;
}

type Value = string | number | readonly (string | number)[] | null;

interface Clause {
  readonly field: Field;
  readonly op: string;
  readonly value: Value;
}

const ENTITY: Record<string, Field['type']> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
};

const ATTRIBUTES = new Set(['run_id', 'run_name', 'status', 'start_time', 'end_time', 'user_id', 'artifact_uri', 'lifecycle_stage', 'created']);
const NUMERIC_ATTRIBUTES = new Set(['start_time', 'end_time', 'created']);

const TOKEN =
  /\s*(?:(`(?:[^`])*`|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(<=|>=|!=|=|<|>|\(|\)|,)|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_]\w*\.(?:`[^`]*`|"[^"]*"|[\w.\-/:]+)|[A-Za-z_]\w*))/y;

function bad(message: string): MlflowLocalStoreError {
  return new MlflowLocalStoreError('INVALID_PARAMETER_VALUE', message);
}

function unquote(text: string): string {
  const q = text[0];
  if (q === '`' || q === '"' || q === "'") return text.slice(1, -1).replace(/\\(.)/g, '$1');
  return text;
}

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < input.length) {
    if (/^\s*$/.test(input.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(input);
    if (!m) throw bad(`filter: cannot read ${JSON.stringify(input.slice(at, at + 20))}`);
    tokens.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
  }
  return tokens;
}

/** Parses `metrics.accuracy`, ``params.`max depth` ``, `status`, `attributes.start_time`. */
function parseField(text: string): Field {
  const dot = text.indexOf('.');
  if (dot > 0) {
    const type = ENTITY[text.slice(0, dot).toLowerCase()];
    if (type) {
      const key = unquote(text.slice(dot + 1));
      if (type === 'attribute' && !ATTRIBUTES.has(key)) throw bad(`unknown attribute ${key}`);
      return { type, key };
    }
  }
  if (ATTRIBUTES.has(text)) return { type: 'attribute', key: text };
  throw bad(`expected metrics.<key>, params.<key>, tags.<key> or an attribute, got ${JSON.stringify(text)}`);
}

function literal(token: string | undefined): string | number {
  if (token === undefined) throw bad('filter ends where a value was expected');
  if (/^['"]/.test(token)) return unquote(token);
  if (/^-?\d/.test(token)) return Number(token);
  throw bad(`expected a quoted string or a number, got ${token}`);
}

/** Parses MLflow's search filter (clauses joined by AND; MLflow has no OR). */
export function parseFilter(filter: string | undefined): Clause[] {
  if (!filter || filter.trim() === '') return [];
  const tokens = tokenize(filter);
  const clauses: Clause[] = [];
  let i = 0;
  const next = () => tokens[i++];
  for (;;) {
    const fieldToken = next();
    if (fieldToken === undefined) throw bad('filter ends where a clause was expected');
    const field = parseField(fieldToken);
    let op = (next() ?? '').toUpperCase();
    if (op === 'NOT' && (tokens[i] ?? '').toUpperCase() === 'IN') {
      i++;
      op = 'NOT IN';
    }
    if (op === 'IS') {
      const not = (tokens[i] ?? '').toUpperCase() === 'NOT';
      if (not) i++;
      if ((next() ?? '').toUpperCase() !== 'NULL') throw bad('expected NULL after IS');
      // As MLflow 3.x: IS NULL on params and tags only (2.x has it nowhere).
      if (field.type !== 'param' && field.type !== 'tag') throw bad(`IS NULL is not supported on ${field.type}s.${field.key}`);
      clauses.push({ field, op: not ? 'IS NOT NULL' : 'IS NULL', value: null });
    } else if (op === 'IN' || op === 'NOT IN') {
      // As MLflow: only run_id compares with a list.
      if (field.type !== 'attribute' || field.key !== 'run_id') throw bad(`${op} is only supported on attributes.run_id, not ${field.type}s.${field.key}`);
      if (next() !== '(') throw bad(`expected ( after ${op}`);
      const list: (string | number)[] = [];
      for (;;) {
        list.push(literal(next()));
        const sep = next();
        if (sep === ')') break;
        if (sep !== ',') throw bad(`expected , or ) in ${op} list`);
      }
      clauses.push({ field, op, value: list });
    } else if (['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'ILIKE'].includes(op)) {
      const value = literal(next());
      const numericField = field.type === 'metric' || (field.type === 'attribute' && NUMERIC_ATTRIBUTES.has(field.key));
      if (numericField && typeof value !== 'number') throw bad(`${field.type}s.${field.key} compares with a number`);
      if (!numericField && typeof value !== 'string') throw bad(`${field.type}s.${field.key} compares with a quoted string`);
      if (!numericField && ['<', '<=', '>', '>='].includes(op)) throw bad(`${op} is not supported on ${field.type}s.${field.key}`);
      clauses.push({ field, op, value });
    } else {
      throw bad(`unsupported comparator ${JSON.stringify(op)}`);
    }
    const joiner = next();
    if (joiner === undefined) break;
    if (joiner.toUpperCase() !== 'AND') throw bad(`expected AND between clauses, got ${JSON.stringify(joiner)} (MLflow filters have no OR)`);
  }
  return clauses;
}

/** The value of a field on a run: a number for metrics and times, a string otherwise, `undefined` if absent. */
export function fieldValue(run: Run, field: Field): string | number | undefined {
  switch (field.type) {
    case 'metric':
      return run.data.metrics[field.key];
    case 'param':
      return run.data.params[field.key];
    case 'tag':
      return run.data.tags[field.key];
    case 'attribute': {
      const i = run.info;
      switch (field.key) {
        case 'run_id':
          return i.runId;
        case 'run_name':
          return i.runName;
        case 'status':
          return i.status;
        case 'start_time':
        case 'created':
          return i.startTime;
        case 'end_time':
          return i.endTime;
        case 'user_id':
          return i.userId;
        case 'artifact_uri':
          return i.artifactUri;
        default:
          return i.lifecycleStage;
      }
    }
  }
}

function like(value: string, pattern: string, insensitive: boolean): boolean {
  const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${source}$`, insensitive ? 'is' : 's').test(value);
}

/** True when `run` passes every clause. */
export function matches(run: Run, clauses: readonly Clause[]): boolean {
  return clauses.every(({ field, op, value }) => {
    const actual = fieldValue(run, field);
    if (op === 'IS NULL') return actual === undefined;
    if (op === 'IS NOT NULL') return actual !== undefined;
    if (actual === undefined) return false;
    switch (op) {
      case '=':
        return actual === value;
      case '!=':
        return actual !== value;
      case '<':
        return (actual as number) < (value as number);
      case '<=':
        return (actual as number) <= (value as number);
      case '>':
        return (actual as number) > (value as number);
      case '>=':
        return (actual as number) >= (value as number);
      case 'LIKE':
        return like(String(actual), value as string, false);
      case 'ILIKE':
        return like(String(actual), value as string, true);
      case 'IN':
        return (value as readonly (string | number)[]).includes(actual);
      default:
        return !(value as readonly (string | number)[]).includes(actual);
    }
  });
}

/** Parses `orderBy` clauses and returns a comparator with MLflow's semantics. */
export function runComparator(orderBy: readonly string[] | undefined): (a: Run, b: Run) => number {
  const keys = (orderBy ?? []).map((clause) => {
    const m = /^\s*(.+?)(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
    if (!m) throw bad(`order_by: cannot read ${JSON.stringify(clause)}`);
    return { field: parseField((m[1] as string).trim()), desc: (m[2] ?? 'ASC').toUpperCase() === 'DESC' };
  });
  // MLflow's tie-breakers: newest first, then by run id.
  keys.push({ field: { type: 'attribute', key: 'start_time' }, desc: true }, { field: { type: 'attribute', key: 'run_id' }, desc: false });
  return (a, b) => {
    for (const { field, desc } of keys) {
      const c = compareValues(fieldValue(a, field), fieldValue(b, field), desc);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** Missing values sort last in both directions, NaN just before them, as in MLflow. */
function compareValues(x: string | number | undefined, y: string | number | undefined, desc: boolean): number {
  const rank = (v: string | number | undefined) => (v === undefined ? 2 : typeof v === 'number' && Number.isNaN(v) ? 1 : 0);
  const rx = rank(x);
  const ry = rank(y);
  if (rx !== ry || rx !== 0) return rx - ry;
  const c = x! < y! ? -1 : x! > y! ? 1 : 0;
  return desc ? -c : c;
}
