import type { ReactNode } from 'react';
import { TABLES_CSS } from './assets.ts';

/** The one table's stylesheet (served by assets.ts). */
export const TABLES_CSS_URL = TABLES_CSS.url;

/** One column: its header, which is also each cell's label when rows stack on a phone. */
export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** a row header (th scope="row") instead of a data cell: what the row is about */
  rowHeader?: boolean;
  /** the header only for screen readers, and no label on a phone (a column of buttons) */
  labelHidden?: boolean;
  className?: string;
}

/**
 * The implicit role, said out loud: a browser may drop a table's semantics when CSS changes
 * its display (Safari does; see Adrian Roselli, "Tables, CSS Display Properties, and ARIA"),
 * so the stacked table keeps them explicitly. A lint counts the attribute as redundant.
 */
const keep = (role: string) => ({ role });

/**
 * The one table of the product (issue 10, finding 17). On a wide screen a table; on a narrow
 * one (tables.css, ".stack-table") every row becomes a card whose cells carry their column's
 * header as a label (data-label, drawn by CSS and hidden from screen readers, which keep the
 * real header). The explicit roles keep the table's semantics for assistive technology where
 * a browser would drop them when the CSS changes how the table is displayed.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  rowClassName,
  rowQa,
  className,
  qa,
  caption,
}: {
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  rowClassName?: (row: T) => string | undefined;
  rowQa?: (row: T) => string | undefined;
  className?: string;
  qa?: string;
  /** a caption read by screen readers (visually hidden) */
  caption?: string;
}) {
  return (
    <>
      {/* React puts the stylesheet in the head, once however many tables a page has */}
      <link rel="stylesheet" href={TABLES_CSS_URL} precedence="tables" />
      <table {...keep('table')} className={['stack-table', className].filter(Boolean).join(' ')} data-qa={qa}>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead {...keep('rowgroup')}>
          <tr {...keep('row')}>
            {columns.map((c) => (
              <th key={c.header} scope="col" {...keep('columnheader')} className={c.className}>
                {c.labelHidden ? <span className="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody {...keep('rowgroup')}>
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)} {...keep('row')} className={rowClassName?.(row)} data-qa={rowQa?.(row)}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th
                    key={c.header}
                    scope="row"
                    {...keep('rowheader')}
                    data-label={c.labelHidden ? undefined : c.header}
                    className={c.className}
                  >
                    {c.cell(row)}
                  </th>
                ) : (
                  <td
                    key={c.header}
                    {...keep('cell')}
                    data-label={c.labelHidden ? undefined : c.header}
                    className={c.className}
                  >
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
