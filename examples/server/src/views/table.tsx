/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';

/** One column of a {@link Table}: its header and what each row shows in it. */
export interface Column<Row> {
  label: string;
  cell: (row: Row) => Child;
  /** The cell names its row (`<th scope="row">`), as a parameter's key does. @default false */
  rowHeader?: boolean;
  /** A class for the column's cells (`reason` lets a long text wrap), or one per row (a status). */
  class?: string | ((row: Row) => string);
}

/** Props of {@link Table}. */
export interface TableProps<Row> {
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  id?: string;
  class?: string;
  /** Show the header row; a two-column key–value table reads without one. @default true */
  head?: boolean;
  /**
   * On a phone each row reads as a small card, "Field: value" line by line (the stylesheet's
   * `table.stack`): each cell carries its column's label. @default false
   */
  stack?: boolean;
}

/** A table of `rows`, one cell per column: the admin and monitoring pages' listings. */
export function Table<Row>({ rows, columns, id, class: className, head = true, stack = false }: TableProps<Row>) {
  const classes = [className, stack ? 'stack' : undefined].filter(Boolean).join(' ');
  return (
    <table id={id} class={classes || undefined}>
      {head ? (
        <thead>
          <tr>
            {columns.map((column) => (
              <th>{column.label}</th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>
        {rows.map((row) => (
          <tr>
            {columns.map((column) =>
              column.rowHeader ? (
                <th scope="row">{column.cell(row)}</th>
              ) : (
                <td data-label={stack ? column.label : undefined} class={typeof column.class === 'function' ? column.class(row) : column.class}>
                  {column.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
