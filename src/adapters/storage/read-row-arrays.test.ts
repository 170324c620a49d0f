import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type Database, openDatabase } from './create-database.ts';
import { readRowArrays } from './read-row-arrays.ts';

describe('readRowArrays on SQLite', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    await database.db
      .insertInto('cursors')
      .values([
        { name: 'a', value: '1', updated_at: '2026-01-01T00:00:00Z' },
        { name: 'b', value: '2', updated_at: '2026-01-02T00:00:00Z' },
      ])
      .execute();
  });
  afterEach(() => database.close());

  test('returns arrays in select order, while the same SQL run by Kysely still returns objects', async () => {
    const query = database.db.selectFrom('cursors').select(['value', 'name']).orderBy('name');
    const arrays = await readRowArrays<[string, string]>(database.db, query, ['value', 'name']);
    expect(arrays).toEqual([
      ['1', 'a'],
      ['2', 'b'],
    ]);
    // The statement cache keeps the two modes apart: raw mode must not leak into ordinary reads.
    expect(await query.execute()).toEqual([
      { value: '1', name: 'a' },
      { value: '2', name: 'b' },
    ]);
    expect(await readRowArrays<[string, string]>(database.db, query, ['value', 'name'])).toEqual(arrays);
  });

  test('returns no rows as an empty list', async () => {
    const query = database.db.selectFrom('cursors').select(['name']).where('name', '=', 'none');
    expect(await readRowArrays<[string]>(database.db, query, ['name'])).toEqual([]);
  });
});
