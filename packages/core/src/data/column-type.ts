/** Column types a songs-base column may have (pandas dtype names, as the original's `schema.yaml` used). */
export const COLUMN_TYPES = ['str', 'object', 'float64', 'float32', 'int64', 'int32', 'bool'] as const;

/** A column type of the songs base. */
export type ColumnType = (typeof COLUMN_TYPES)[number];
