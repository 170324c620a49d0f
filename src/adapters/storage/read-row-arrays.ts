import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/**
 * A compiled query whose rows are wanted as arrays of column values in select order: SQLite's
 * connection (`ImmediateSqliteDialect`) then skips making an object per row, which at millions of
 * rows costs more than SQLite takes to read them. Other dialects ignore the mark.
 */
export type RowArrayQuery = CompiledQuery & { readonly rowMode: 'array' };

/** Whether `query` asks for rows as arrays (see {@link readRowArrays}). */
export function wantsRowArrays(query: CompiledQuery): query is RowArrayQuery {
  return (query as Partial<RowArrayQuery>).rowMode === 'array';
}

/**
 * Runs `query` and returns its rows as arrays of the values of `columns` (the select's output
 * names, in select order): as SQLite returns them when it can, else mapped from row objects.
 * `Row` is the caller's description of the select, as a row object's type is for Kysely.
 */
export async function readRowArrays<Row extends readonly unknown[]>(
  db: Pick<Kysely<Schema>, 'executeQuery'>,
  query: Compilable,
  columns: { readonly [K in keyof Row]: string },
): Promise<readonly Row[]> {
  const compiled: RowArrayQuery = { ...query.compile(), rowMode: 'array' };
  const { rows } = await db.executeQuery<unknown>(compiled);
  if (rows.length === 0 || Array.isArray(rows[0])) return rows as Row[];
  return (rows as Record<string, unknown>[]).map(
    (row) => (columns as readonly string[]).map((column) => row[column]) as unknown as Row,
  );
}
