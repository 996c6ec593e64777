// Prisma's schema engine (the part behind `prisma migrate` / `prisma db`) as WebAssembly.
//
// The `prisma` CLI downloads a native schema engine binary, which cannot be fetched on machines
// without general network access. `@prisma/schema-engine-wasm` is the same engine compiled to
// WASM, talking to PostgreSQL through a Prisma driver adapter (@prisma/adapter-pg) instead of
// its own network stack. See shared/notes/prisma-offline.md.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import type * as WasmBindings from "@prisma/schema-engine-wasm";
import type pg from "pg";

export type SchemaEngine = WasmBindings.SchemaEngine;
export type {
  DiffTarget,
  MigrationList,
  SchemaContainer,
  SchemaFilter,
} from "@prisma/schema-engine-wasm";

type Bindings = typeof WasmBindings & { __wbg_set_wasm(exports: WebAssembly.Exports): void };

declare global {
  // The WASM module reports Rust panics through this global before throwing.
  // eslint-disable-next-line no-var
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

let lastPanic: string | undefined;
let bindings: Promise<Bindings> | undefined;

/**
 * Loads and instantiates the WASM module once per process.
 *
 * The package entry does `import * as wasm from "./schema_engine_bg.wasm"` (ESM-integration of
 * WASM), which Node 20 cannot do. So we instantiate the .wasm ourselves against the JS glue
 * (`schema_engine_bg.js`) and wire them together exactly as that entry would.
 */
function loadBindings(): Promise<Bindings> {
  bindings ??= (async () => {
    // Without this registry a panic inside the engine surfaces as an unrelated TypeError
    // ("cannot read properties of undefined (reading 'set_message')").
    globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        lastPanic = message;
      },
    };
    // The package's `exports` map does not expose the .wasm file: resolve its main entry (which
    // the map allows) and go from that file's folder.
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const glue = (await import(pathToFileURL(path.join(dir, "schema_engine_bg.js")).href)) as Bindings;
    const bytes = await readFile(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return bindings;
}

/** Version string of the bundled engine (commit hash). */
export async function schemaEngineVersion(): Promise<string> {
  return (await loadBindings()).version();
}

export interface SchemaEngineOptions {
  /**
   * Database the engine connects to (migrations table, introspection, replays). Omit it for
   * commands that only compare schema files (diff from `empty` to a datamodel): the engine then
   * gets a stand-in adapter that answers its start-up probe and refuses everything else.
   */
  connectionString?: string;
  /**
   * Prisma schema files. At construction the engine only reads the datasource's `schemas`
   * (multiSchema namespaces) from them; commands take their schemas as parameters.
   */
  schemaFiles?: { path: string; content: string }[];
  /** Engine log lines (JSON strings); ignored by default. */
  onLog?: (line: string) => void;
}

/**
 * Creates an engine over `connectionString`. Call `dispose()` when done: it frees the engine
 * and closes its connections (or use `withSchemaEngine`).
 */
export async function createSchemaEngine(
  opts: SchemaEngineOptions,
): Promise<{ engine: SchemaEngine; dispose(): Promise<void> }> {
  const glue = await loadBindings();
  const factory = opts.connectionString
    ? new MigrationPgAdapterFactory(opts.connectionString)
    : new NoDatabaseAdapterFactory();
  const engine = await withPanicMessage(() =>
    glue.SchemaEngine.new(
      { datamodels: opts.schemaFiles?.map((f) => [f.path, f.content]) },
      (line: string) => opts.onLog?.(line),
      bindMigrationAwareSqlAdapterFactory(factory),
    ),
  ).catch(async (error: unknown) => {
    await factory.disposeAll(); // e.g. the probe query failed: don't leave the pool open
    throw error;
  });
  return {
    engine,
    async dispose() {
      engine.free();
      await factory.disposeAll();
    },
  };
}

/** Runs `fn` with an engine, freeing it and closing its connections afterwards. */
export async function withSchemaEngine<T>(
  opts: SchemaEngineOptions,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { engine, dispose } = await createSchemaEngine(opts);
  try {
    return await withPanicMessage(() => fn(engine));
  } finally {
    await dispose();
  }
}

/** Engine errors are plain objects or strings; turn them into Errors with the panic text if any. */
async function withPanicMessage<T>(fn: () => Promise<T>): Promise<T> {
  lastPanic = undefined;
  try {
    return await fn();
  } catch (error) {
    const panic = lastPanic;
    lastPanic = undefined;
    if (panic) {
      // Nothing in a WASM instance is safe to use after a panic: load a fresh one next time.
      bindings = undefined;
      throw new Error(`Prisma schema engine panicked: ${panic}`, { cause: error });
    }
    throw toError(error);
  }
}

function toError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === "object" && error !== null) {
    const record = error as Record<string, unknown>;
    const message = typeof record.message === "string" ? record.message : JSON.stringify(error);
    return Object.assign(new Error(message), { engineError: error });
  }
  return new Error(String(error));
}

// ───────────────────────────── driver adapter ─────────────────────────────

/** PostgreSQL OID of the internal one-byte `"char"` type (pg_constraint.contype, pg_class.relkind…). */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** Shape of a pg query result as adapter-pg's internal `performIO` returns it. */
interface PgResult {
  fields: { dataTypeID: number }[];
  rows: unknown[][];
}
interface PatchableQueryable {
  queryRaw(query: SqlQuery): Promise<SqlResultSet>;
  performIO?: (query: SqlQuery) => Promise<PgResult>;
}

/** `rows` array of a result → indexes of its `"char"` columns (the array is handed through). */
const charColumns = new WeakMap<object, number[]>();

/**
 * `PrismaPg` adjusted for the schema engine:
 *
 * 1. OID 18 (`"char"`): adapter-pg 7.10 throws "Unsupported column type char", but the engine's
 *    introspection (used when it replays migrations for a diff) reads such catalog columns and
 *    expects `ColumnTypeEnum.Character`. We rewrite the OID to text before adapter-pg maps
 *    types, remember those columns by the result's `rows` array (which adapter-pg returns
 *    unchanged), and report them as Character afterwards.
 * 2. `executeScript`: adapter-pg splits scripts on every ";", which breaks migration SQL with
 *    semicolons inside strings, comments or `$$` function bodies. We send the script as one
 *    simple-protocol query, as the native engine does; PostgreSQL then runs it in one implicit
 *    transaction, so a failed migration leaves nothing half-applied.
 */
class MigrationPgAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";
  readonly #inner: PrismaPg;
  readonly #open = new Set<SqlDriverAdapter>();

  constructor(connectionString: string) {
    // One connection per adapter, kept open, as the native engine has: `applyMigrations` takes
    // a session-level `pg_advisory_lock` (so two deploys cannot interleave) and never unlocks
    // it, relying on the session ending. With a bigger pool the lock would sit on whichever
    // connection ran that query, and the pool's idle timeout could drop it mid-run. The engine
    // runs its statements one after another and uses no transactions for PostgreSQL
    // migrations, so one connection costs nothing.
    this.#inner = new PrismaPg({ connectionString, max: 1, idleTimeoutMillis: 0 });
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.#track(patchAdapter(await this.#inner.connect()));
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.#track(patchAdapter(await this.#inner.connectToShadowDb()));
  }

  /**
   * Closes the connections the engine left open: it does not dispose its adapters itself, and
   * an open connection would keep holding the migration advisory lock.
   */
  async disposeAll(): Promise<void> {
    await Promise.all([...this.#open].map((a) => a.dispose()));
  }

  #track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (!this.#open.delete(adapter)) return; // already disposed
      await dispose();
    };
    this.#open.add(adapter);
    return adapter;
  }
}

type PgAdapter = SqlDriverAdapter & { underlyingDriver(): pg.Pool };

function patchAdapter<A extends SqlDriverAdapter>(adapter: A): A {
  patchCharColumns(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel?: IsolationLevel): Promise<Transaction> =>
    patchCharColumns(await startTransaction(isolationLevel));

  const pgAdapter = adapter as unknown as PgAdapter;
  adapter.executeScript = async (script: string) => {
    try {
      await pgAdapter.underlyingDriver().query(script);
    } catch (error) {
      throw scriptError(error, script);
    }
  };
  return adapter;
}

/**
 * A failed migration script reported with PostgreSQL's own words and where it failed.
 * (adapter-pg's mapping would shorten e.g. `relation "X" does not exist` to "No such table: X",
 * and the engine does not know the line.)
 */
function scriptError(error: unknown, script: string): unknown {
  if (!(error instanceof Error) || !("severity" in error) || !("code" in error)) return error; // connection errors etc.
  const pgError = error as pg.DatabaseError;
  let message = pgError.message;
  const position = Number(pgError.position);
  if (position > 0) {
    const line = script.slice(0, position - 1).split("\n").length;
    message += ` (line ${line} of the script: ${script.split("\n")[line - 1]?.trim().slice(0, 120)})`;
  }
  if (pgError.where) message += `\n${pgError.where}`;
  return new DriverAdapterError({
    kind: "postgres",
    code: pgError.code ?? "N/A",
    severity: pgError.severity ?? "ERROR",
    message,
    detail: pgError.detail,
    column: pgError.column,
    hint: pgError.hint,
  });
}

function patchCharColumns<Q extends object>(queryable: Q): Q {
  const q = queryable as unknown as PatchableQueryable;
  const performIO = q.performIO;
  if (typeof performIO !== "function") {
    // adapter-pg changed its internals: fail loudly rather than mis-report column types.
    throw new Error("@prisma/adapter-pg no longer has performIO(); update scripts/lib/schema-engine.ts");
  }
  q.performIO = async function (this: PatchableQueryable, query: SqlQuery) {
    const result = await performIO.call(this, query);
    const indexes: number[] = [];
    result.fields.forEach((field, i) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        indexes.push(i);
      }
    });
    if (indexes.length) charColumns.set(result.rows, indexes);
    return result;
  };
  const queryRaw = q.queryRaw;
  q.queryRaw = async function (this: PatchableQueryable, query: SqlQuery) {
    const resultSet = await queryRaw.call(this, query);
    for (const i of charColumns.get(resultSet.rows) ?? []) resultSet.columnTypes[i] = ColumnTypeEnum.Character;
    return resultSet;
  };
  return queryable;
}

// ───────────────────────────── no-database adapter ─────────────────────────────

/**
 * Stand-in for commands that need no database. `SchemaEngine.new` always runs one probe query
 * (does schema `public` exist, server version); everything else here is refused, so a command
 * that does need a database fails loudly instead of silently using a fake one.
 */
class NoDatabaseAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";

  async connect(): Promise<SqlDriverAdapter> {
    return noDatabaseAdapter();
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return noDatabaseAdapter();
  }

  async disposeAll(): Promise<void> {}
}

/** What the probe reports: the PostgreSQL major version the embedded server runs. */
const STAND_IN_SERVER = { version: "PostgreSQL 18.4 (no database: schema files only)", number: 180004 };

function noDatabaseAdapter(): SqlDriverAdapter {
  const refuse = (what: string): never => {
    throw new Error(`This schema engine has no database, but it tried to ${what}`);
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
      if (query.sql.includes("server_version_num")) {
        return {
          columnNames: ["exists", "version", "numeric_version"],
          columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
          rows: [[true, STAND_IN_SERVER.version, STAND_IN_SERVER.number]],
        };
      }
      return refuse(`run: ${query.sql}`);
    },
    executeRaw: async (query: SqlQuery) => refuse(`run: ${query.sql}`),
    executeScript: async () => refuse("run a script"),
    startTransaction: async () => refuse("start a transaction"),
    dispose: async () => {},
  };
}
