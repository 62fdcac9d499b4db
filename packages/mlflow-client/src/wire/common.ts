import { z } from 'zod';

/** An int64 on the wire: MLflow sends numbers, protobuf's JSON mapping sends decimal strings. */
export const int64 = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);

/** A double on the wire, including the protobuf JSON spellings of non-finite values. */
export const double = z.union([
  z.number(),
  z.enum(['NaN', 'Infinity', '-Infinity']).transform((s) => (s === 'NaN' ? Number.NaN : s === 'Infinity' ? Infinity : -Infinity)),
  z.string().regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/).transform(Number),
]);

/** `[{ key, value }]` on the wire, a record in the public types. */
export const keyValues = z
  .array(z.object({ key: z.string(), value: z.string().optional().default('') }))
  .optional()
  .transform((list) => Object.fromEntries((list ?? []).map((t) => [t.key, t.value])) as Record<string, string>);

/** A record as MLflow's `[{ key, value }]` list. */
export function toKeyValues(record: Readonly<Record<string, string>> | undefined): { key: string; value: string }[] {
  return Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));
}

/** Lifecycle of experiments, runs and logged models. */
export type LifecycleStage = 'active' | 'deleted';

/** Which runs or experiments a search returns. */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/** One page of a paginated search. */
export interface Page<T> {
  /** The items of this page. */
  readonly items: T[];
  /** Token of the next page; `undefined` on the last page. */
  readonly nextPageToken: string | undefined;
}

/** `next_page_token` as the server sends it: absent or empty on the last page. */
export const pageToken = z
  .string()
  .optional()
  .transform((t) => (t ? t : undefined));
