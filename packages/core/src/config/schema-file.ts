import { z } from 'zod';
import { FEATURE_NAMES } from '../data/features.js';

/** Column types `schema.yaml` may declare (pandas dtype names, as the original used). */
export const COLUMN_TYPES = ['str', 'object', 'float64', 'float32', 'int64', 'int32', 'bool'] as const;

/** A column type of `schema.yaml`. */
export type ColumnType = (typeof COLUMN_TYPES)[number];

/**
 * `schema.yaml`: the columns of the songs base with their types and the target column.
 * It must declare `uri` and the nine features, and its target must be one of its columns.
 */
export const schemaFileSchema = z
  .strictObject({
    COLUMNS: z.record(
      z.string().min(1),
      z.enum(COLUMN_TYPES, {
        error: (issue) => `unknown column type ${JSON.stringify(issue.input)}; expected one of ${COLUMN_TYPES.join(', ')}`,
      }),
    ),
    TARGET_COLUMN: z.strictObject({ name: z.string().min(1) }),
  })
  .superRefine((schema, ctx) => {
    for (const column of ['uri', ...FEATURE_NAMES]) {
      if (!(column in schema.COLUMNS)) {
        ctx.addIssue({ code: 'custom', path: ['COLUMNS', column], message: `must declare the column "${column}"` });
      }
    }
    if (!(schema.TARGET_COLUMN.name in schema.COLUMNS)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TARGET_COLUMN', 'name'],
        message: `names "${schema.TARGET_COLUMN.name}", which is not one of COLUMNS`,
      });
    }
  });

/** The parsed `schema.yaml`. */
export type SchemaFile = z.infer<typeof schemaFileSchema>;
