/** A column of a plain-text table: its header, how to read a cell, and its alignment. */
export interface TableColumn<Row> {
  readonly header: string;
  readonly cell: (row: Row) => string;
  readonly align?: 'left' | 'right';
}

/** Renders rows as an aligned plain-text table with a header line; wide cells are not cut. */
export function formatTable<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => line[index]!.length)),
  );
  const render = (values: readonly string[]): string =>
    values
      .map((value, index) => {
        const width = widths[index]!;
        return columns[index]!.align === 'right' ? value.padStart(width) : value.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...cells.map(render)].join('\n');
}

/** Renders rows as RFC 4180 CSV with a header line; fields are quoted when they need to be. */
export function formatCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const field = (value: string | number): string => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [header, ...rows].map((line) => line.map(field).join(',')).join('\n');
}
