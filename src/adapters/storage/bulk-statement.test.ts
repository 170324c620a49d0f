import { afterEach, beforeEach, expect, test } from 'vitest';
import { BulkStatement } from './bulk-statement.ts';
import { type Database, openDatabase } from './create-database.ts';

let database: Database;

beforeEach(async () => {
  database = await openDatabase({ kind: 'sqlite', path: ':memory:' });
});

afterEach(async () => {
  await database.close();
});

interface CursorRow {
  readonly name: string;
  readonly value: string;
  readonly updated_at: string;
}

function cursorInsert(maxRows: number, maxParameters = 1000): BulkStatement<CursorRow, { name: string }> {
  return new BulkStatement<CursorRow, { name: string }>({
    columns: ['name', 'value', 'updated_at'],
    build: (rows) =>
      database.db
        .insertInto('cursors')
        .values(rows)
        .onConflict((conflict) => conflict.column('name').doNothing())
        .returning('name'),
    maxParameters,
    maxRows,
  });
}

const rows = (count: number, prefix = 'c'): CursorRow[] =>
  Array.from({ length: count }, (_, i) => ({ name: `${prefix}${i}`, value: `v${i}`, updated_at: 't' }));

test('stores every row exactly once whatever the split into statements', async () => {
  for (const count of [1, 2, 3, 7, 11, 64]) {
    await database.db.deleteFrom('cursors').execute();
    const result = await cursorInsert(4).run(database.db, rows(count));
    expect(result.affectedRows, `${count} rows`).toBe(count);
    expect(result.returned.map((row) => row.name).sort()).toEqual(
      rows(count)
        .map((row) => row.name)
        .sort(),
    );
    const stored = await database.db.selectFrom('cursors').selectAll().orderBy('name').execute();
    expect(stored).toEqual([...rows(count)].sort((a, b) => (a.name < b.name ? -1 : 1)));
  }
});

test('keeps each statement under the parameter limit', async () => {
  // 3 columns, at most 7 parameters: two rows per statement.
  const statement = cursorInsert(1000, 7);
  const result = await statement.run(database.db, rows(5));
  expect(result.affectedRows).toBe(5);
});

test('reports what the database did, not what it was given', async () => {
  const statement = cursorInsert(8);
  await statement.run(database.db, rows(3));
  const again = await statement.run(database.db, rows(5));
  expect(again.affectedRows).toBe(2);
  expect(again.returned.map((row) => row.name).sort()).toEqual(['c3', 'c4']);
});

test('refuses a build that does not bind every column', () => {
  expect(
    () =>
      new BulkStatement<CursorRow>({
        columns: ['name', 'value', 'updated_at'],
        build: (built) =>
          database.db
            .insertInto('cursors')
            .values(built.map((row) => ({ name: row.name, value: row.value, updated_at: 'x' }))),
        maxParameters: 1000,
      }),
  ).toThrow('bulk statement does not bind column updated_at');
});
