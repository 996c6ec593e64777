import { afterAll, describe, expect, it } from "vitest";

import {
  REQUIRED_EXTENSIONS,
  chineseTextProblem,
  ensurePostgres,
  missingExtensions,
  withClient,
  withDatabase,
} from "../../scripts/lib/postgres";
import { createEmptyTestDatabase, testServerUrl, type TestDatabase } from "../support/db";

describe("test PostgreSQL server", () => {
  let db: TestDatabase | undefined;
  afterAll(() => db?.drop());

  it("ships every extension the migrations create", async () => {
    expect(await missingExtensions(testServerUrl())).toEqual([]);
    db = await createEmptyTestDatabase();
    await withClient(db.url, async (client) => {
      for (const name of REQUIRED_EXTENSIONS) await client.query(`CREATE EXTENSION IF NOT EXISTS "${name}"`);
      const { rows } = await client.query<{ extname: string }>("SELECT extname FROM pg_extension");
      expect(rows.map((r) => r.extname)).toEqual(expect.arrayContaining([...REQUIRED_EXTENSIONS]));
    });
  });

  it("stores UTF-8 and lets pg_trgm see Chinese characters", async () => {
    db ??= await createEmptyTestDatabase();
    await withClient(db.url, async (client) => {
      await client.query('CREATE EXTENSION IF NOT EXISTS "pg_trgm"');
      const { rows } = await client.query<{ enc: string; sim: number }>(
        "SELECT pg_encoding_to_char(encoding) AS enc, similarity('社区志愿服务', '社区志愿者') AS sim FROM pg_database WHERE datname = current_database()",
      );
      expect(rows[0]?.enc).toBe("UTF8");
      // With a C/ASCII ctype pg_trgm drops CJK characters and the similarity would be 0.
      expect(rows[0]?.sim).toBeGreaterThan(0.2);
    });
  });
});

describe("DATABASE_URL servers are checked for Chinese text support", () => {
  const made: string[] = [];
  afterAll(async () => {
    await withClient(testServerUrl(), async (client) => {
      for (const name of made) await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    });
  });

  async function databaseWith(suffix: string, settings: string): Promise<string> {
    const name = `shanlian_enc_${suffix}_${process.pid}`;
    await withClient(testServerUrl(), (client) => client.query(`CREATE DATABASE "${name}" ${settings} TEMPLATE template0`));
    made.push(name);
    return withDatabase(testServerUrl(), name);
  }

  async function ensureWithDatabaseUrl(url: string) {
    const before = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    try {
      return await ensurePostgres({ log: () => {} });
    } finally {
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
    }
  }

  it("refuses a SQL_ASCII database with a C locale, saying how to create a right one", async () => {
    const url = await databaseWith("ascii", "ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'");
    await expect(ensureWithDatabaseUrl(url)).rejects.toThrow(/cannot index Chinese text: encoding SQL_ASCII.*ENCODING 'UTF8' LC_COLLATE 'C\.UTF-8'/s);
    // The probe rolled back: pg_trgm was not left behind in the refused database.
    const exts = await withClient(url, (c) => c.query("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'"));
    expect(exts.rowCount).toBe(0);
  });

  it("refuses a UTF-8 database whose LC_CTYPE is C (pg_trgm sees no Chinese characters there)", async () => {
    const url = await databaseWith("utf8c", "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    expect(await chineseTextProblem(url)).toMatch(/LC_CTYPE C \(pg_trgm finds no trigrams in '社会组织'\)/);
  });

  it("accepts a UTF-8 database with a UTF-8 locale", async () => {
    const url = await databaseWith("ok", "ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
    expect(await chineseTextProblem(url)).toBeUndefined();
    const handle = await ensureWithDatabaseUrl(url);
    expect(handle.embedded).toBe(false);
  });
});
