import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/** What running a bulk statement over many rows did. */
export interface BulkResult<Returned> {
  /** Rows the database reports as inserted or updated, summed over the statements. */
  readonly affectedRows: number;
  /** Rows of a RETURNING clause, in statement order. */
  readonly returned: readonly Returned[];
}

/** Most rows one statement carries; beyond this, bigger statements stop paying off. */
const DEFAULT_MAX_ROWS = 1000;

interface Template {
  readonly query: CompiledQuery;
  /** For row r and column c, the index of its parameter: `slots[r * columns + c]`. */
  readonly slots: Int32Array;
}

/**
 * A multi-row statement (an insert or upsert of many rows) that Kysely builds once per row count
 * and that then runs again with fresh values: building a Kysely query costs about as much per value
 * as SQLite takes to store it, so ingestion would otherwise spend half its time compiling SQL.
 *
 * `build` receives placeholder rows and returns the query; every column must be bound exactly once
 * per row (checked when a template is built, with a thrown error naming the column). Rows are split
 * into statements of at most `maxRows` rows and the dialect's parameter limit; a remainder is split
 * into powers of two so that each statement shape has at most a dozen templates.
 */
export class BulkStatement<Row extends object, Returned = never> {
  readonly #columns: readonly (keyof Row & string)[];
  readonly #build: (rows: readonly Row[]) => Compilable;
  readonly #templates = new Map<number, Template>();
  readonly #rowsPerStatement: number;

  constructor(options: {
    readonly columns: readonly (keyof Row & string)[];
    readonly build: (rows: readonly Row[]) => Compilable;
    readonly maxParameters: number;
    readonly maxRows?: number;
  }) {
    this.#columns = options.columns;
    this.#build = options.build;
    const single = this.#template(1);
    const extraParameters = single.query.parameters.length - this.#columns.length;
    const byParameters = Math.floor((options.maxParameters - extraParameters) / this.#columns.length);
    this.#rowsPerStatement = Math.max(1, Math.min(options.maxRows ?? DEFAULT_MAX_ROWS, byParameters));
  }

  /** Runs the statement over `rows` on `executor` (a transaction, usually). */
  async run(executor: Kysely<Schema>, rows: readonly Row[]): Promise<BulkResult<Returned>> {
    let affectedRows = 0;
    const returned: Returned[] = [];
    let start = 0;
    while (start < rows.length) {
      const size = this.#sizeFor(rows.length - start);
      const result = await executor.executeQuery<Returned>(this.#bind(rows, start, size));
      // SQLite's driver reports no count for a statement with RETURNING: its rows are the count.
      affectedRows +=
        result.numAffectedRows === undefined ? result.rows.length : Number(result.numAffectedRows);
      for (const row of result.rows) returned.push(row);
      start += size;
    }
    return { affectedRows, returned };
  }

  #sizeFor(remaining: number): number {
    if (remaining >= this.#rowsPerStatement) return this.#rowsPerStatement;
    let size = 1;
    while (size * 2 <= remaining) size *= 2;
    return size;
  }

  #bind(rows: readonly Row[], start: number, size: number): CompiledQuery {
    const template = this.#template(size);
    const parameters = [...template.query.parameters];
    const columns = this.#columns;
    const width = columns.length;
    for (let r = 0; r < size; r += 1) {
      const row = rows[start + r] as Record<string, unknown>;
      for (let c = 0; c < width; c += 1) {
        parameters[template.slots[r * width + c]!] = row[columns[c]!] ?? null;
      }
    }
    return { ...template.query, parameters };
  }

  #template(size: number): Template {
    const cached = this.#templates.get(size);
    if (cached !== undefined) return cached;
    const width = this.#columns.length;
    const placeholders = new Map<object, number>();
    const rows: Record<string, unknown>[] = [];
    for (let r = 0; r < size; r += 1) {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < width; c += 1) {
        const placeholder = { bulkPlaceholder: r * width + c };
        placeholders.set(placeholder, r * width + c);
        row[this.#columns[c]!] = placeholder;
      }
      rows.push(row);
    }
    const query = this.#build(rows as unknown as Row[]).compile();
    const slots = new Int32Array(size * width).fill(-1);
    query.parameters.forEach((parameter, index) => {
      const slot =
        typeof parameter === 'object' && parameter !== null ? placeholders.get(parameter) : undefined;
      if (slot === undefined) return;
      if (slots[slot] !== -1) throw new Error(`bulk statement binds column ${this.#columnOf(slot)} twice`);
      slots[slot] = index;
    });
    const unbound = slots.indexOf(-1);
    if (unbound !== -1) throw new Error(`bulk statement does not bind column ${this.#columnOf(unbound)}`);
    const template = { query, slots };
    this.#templates.set(size, template);
    return template;
  }

  #columnOf(slot: number): string {
    return this.#columns[slot % this.#columns.length]!;
  }
}
