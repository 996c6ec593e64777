import { afterAll, describe, expect, it } from "vitest";

import { REQUIRED_EXTENSIONS, missingExtensions, withClient } from "../../scripts/lib/postgres";
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
