/**
 * The one CSV writer of the product. Every cell that a spreadsheet would read as a formula is
 * neutralised here, so no export can carry a formula from user text (a reopen reason
 * `=HYPERLINK(…)`, a decline text `@SUM(…)`) into the reader's spreadsheet.
 * OWASP, "CSV Injection": a cell that begins with = + - @ tab or carriage return is prefixed
 * with a single quote, which spreadsheets show as text and do not evaluate.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as text a spreadsheet will not evaluate. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export interface CsvColumn<K extends string> {
  key: K;
  header: string;
}

/**
 * Rows as CSV (RFC 4180 quoting by csv-stringify, a byte order mark for spreadsheets), every
 * header and cell neutralised. Values are written as text: null and undefined as empty cells.
 */
export function toCsv<K extends string>(
  rows: readonly { [key in K]?: unknown }[],
  columns: readonly CsvColumn<K>[],
): string {
  const records = rows.map((row) =>
    columns.map(({ key }) => {
      const value = row[key];
      return value === null || value === undefined ? '' : neutraliseCell(String(value));
    }),
  );
  return stringify([columns.map((c) => neutraliseCell(c.header)), ...records], { bom: true });
}
