import type pg from "pg";

/**
 * What the PostgreSQL engine runs its SQL on: a pg pool (or client). Not Prisma: search is the hot
 * read path, and Prisma's raw-query layer added 1–5 ms per search (result conversion, two
 * statements per search) on top of a few milliseconds of SQL.
 */
export type SqlRunner = Pick<pg.Pool, "query">;

/**
 * A tiny builder for parameterised SQL: values only ever travel as $n parameters, never inside the
 * statement text. Identifiers in statements are constants of this module's callers.
 */
export class SqlParams {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder, with an optional cast ("text[]"). */
  add(value: unknown, cast?: string) {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ""}`;
  }
}
