import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';

/** What storing an import's rows costs SQLite alone, table by table. */
export interface SqliteFloorMeasure {
  readonly ms: number;
  readonly rows: number;
  readonly tables: readonly { readonly table: string; readonly rows: number; readonly ms: number }[];
}

/** The tables an import writes, in the order their rows are replayed (people before what points at them). */
const TABLES = ['source_records', 'people', 'identities', 'items', 'activities'] as const;

/**
 * The floor under any import into SQLite: the rows an import stored in `importedPath` are written
 * again into an empty database with the same schema, pragmas and indexes, by plain prepared
 * statements (no rungs code, no parsing, no mapping), table by table in transactions of
 * `rowsPerTransaction` rows, each in the order it was first stored. Table by table is kinder to the
 * page cache than an import's interleaving, so this is a floor no import of the same data can go
 * under on this machine.
 */
export function measureSqliteFloor(
  importedPath: string,
  targetPath: string,
  rowsPerTransaction: number,
): SqliteFloorMeasure {
  const source = new BetterSqlite3(importedPath, { readonly: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${targetPath}${suffix}`, { force: true });
  const target = new BetterSqlite3(targetPath);
  try {
    // The pragmas `openDatabase` sets for SQLite.
    target.pragma('journal_mode = WAL');
    target.pragma('synchronous = NORMAL');
    target.pragma('foreign_keys = ON');
    target.pragma('cache_size = -65536');
    target.pragma('wal_autocheckpoint = 50000');
    const schema = source
      .prepare(
        "select sql from sqlite_master where sql is not null and name not like 'sqlite_%' order by type = 'index', rowid",
      )
      .pluck()
      .all() as string[];
    for (const statement of schema) target.exec(statement);

    const tables: { table: string; rows: number; ms: number }[] = [];
    let total = 0;
    for (const table of TABLES) {
      const columns = (
        source.prepare(`select name from pragma_table_info('${table}')`).pluck().all() as string[]
      )
        .map((name) => `"${name}"`)
        .join(', ');
      const rows = source
        .prepare(`select ${columns} from "${table}" order by rowid`)
        .raw()
        .all() as unknown[][];
      const width = rows[0]?.length ?? 0;
      const insert = target.prepare(
        `insert into "${table}" (${columns}) values (${Array.from({ length: width }, () => '?').join(', ')})`,
      );
      const tableStarted = performance.now();
      for (let from = 0; from < rows.length; from += rowsPerTransaction) {
        target.exec('begin immediate');
        for (const row of rows.slice(from, from + rowsPerTransaction)) insert.run(row);
        target.exec('commit');
      }
      tables.push({ table, rows: rows.length, ms: performance.now() - tableStarted });
      total += rows.length;
    }
    return { ms: tables.reduce((sum, table) => sum + table.ms, 0), rows: total, tables };
  } finally {
    source.close();
    target.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${targetPath}${suffix}`, { force: true });
  }
}
