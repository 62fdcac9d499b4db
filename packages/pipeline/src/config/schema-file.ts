import { COLUMN_TYPES, FEATURE_NAMES, SONG_METADATA_COLUMN_NAMES, type SongMetadataColumn } from '@msr/core';
import { z } from 'zod';

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
    /**
     * Where each column of the songs base comes from in the dataset: a column name, or a list
     * of names tried in order. Columns not listed keep the defaults of
     * {@link DEFAULT_SOURCE_COLUMNS} (the Kaggle and songs-base names). msr extension.
     */
    /**
     * The optional display columns the songs base keeps when the dataset has them (see
     * `SONG_METADATA_COLUMNS`; their types are fixed). Absent: all of them; `[]` keeps none.
     * A dataset without them still works. msr extension.
     */
    OPTIONAL_COLUMNS: z
      .array(z.enum(SONG_METADATA_COLUMN_NAMES as [SongMetadataColumn, ...SongMetadataColumn[]], { error: (issue) => `unknown optional column ${JSON.stringify(issue.input)}; expected one of ${SONG_METADATA_COLUMN_NAMES.join(', ')}` }))
      .optional(),
    SOURCE_COLUMNS: z.record(z.string().min(1), z.union([z.string().min(1), z.array(z.string().min(1)).min(1, 'must name at least one column')])).optional(),
  })
  .superRefine((schema, ctx) => {
    for (const column of ['uri', ...FEATURE_NAMES]) {
      if (!(column in schema.COLUMNS)) {
        ctx.addIssue({ code: 'custom', path: ['COLUMNS', column], message: `must declare the column "${column}"` });
      }
    }
    for (const column of Object.keys(schema.SOURCE_COLUMNS ?? {})) {
      if (!(column in schema.COLUMNS) && !optionalColumns(schema).includes(column as SongMetadataColumn)) {
        ctx.addIssue({ code: 'custom', path: ['SOURCE_COLUMNS', column], message: `maps "${column}", which is not one of COLUMNS or OPTIONAL_COLUMNS` });
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

/**
 * The dataset columns each songs-base column is read from when `SOURCE_COLUMNS` does not say:
 * the songs base's own name first, then the Kaggle "Spotify tracks dataset" name. A column not
 * listed here (a feature, or one a user adds) is read from the column of the same name.
 */
export const DEFAULT_SOURCE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  uri: ['uri', 'track_id', 'id'],
  genre: ['genre', 'track_genre'],
  name: ['name', 'track_name'],
  artist: ['artist', 'artists'],
  album: ['album', 'album_name'],
};

/** The optional metadata columns a `schema.yaml` keeps: its `OPTIONAL_COLUMNS`, or all of them. */
export function optionalColumns(schema: { OPTIONAL_COLUMNS?: readonly SongMetadataColumn[] | undefined }): SongMetadataColumn[] {
  return [...(schema.OPTIONAL_COLUMNS ?? SONG_METADATA_COLUMN_NAMES)];
}

/** The parsed `schema.yaml`. */
export type SchemaFile = z.infer<typeof schemaFileSchema>;
