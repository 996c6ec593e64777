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
