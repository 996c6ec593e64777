/**
 * A transaction PostgreSQL picks as a deadlock victim is run again (inTransaction's
 * `retryConflicts`, used by the payment webhooks so a lost race answers 200 instead of 500):
 * a real deadlock between the app's transaction and a second session, on a real database.
 */
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../support/db";

let db: TestDatabase;
let prisma: PrismaClient;
let inTransaction: typeof import("~/utils/db.server").inTransaction;
let isTransientConflict: typeof import("~/utils/db.server").isTransientConflict;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  ({ prisma, inTransaction, isTransientConflict } = await import("~/utils/db.server"));
  await prisma.$executeRawUnsafe(`CREATE TABLE deadlock_probe (id int PRIMARY KEY, v int NOT NULL)`);
});
afterAll(async () => {
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  await db?.drop();
});
beforeEach(async () => {
  await prisma.$executeRawUnsafe(`TRUNCATE deadlock_probe`);
  await prisma.$executeRawUnsafe(`INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)`);
});

/**
 * The app's transaction locks row 1, the other session holds row 2 and then asks for row 1, and the
 * app's transaction asks for row 2: a deadlock. The other session waits 10 s before it checks for
 * deadlocks, the app's session 1 s, so PostgreSQL aborts the app's transaction.
 */
async function deadlockOnce(retryConflicts?: number) {
  const other = new pg.Client({ connectionString: db.url });
  await other.connect();
  let attempts = 0;
  let otherDone: Promise<unknown> = Promise.resolve();
  try {
    await other.query("BEGIN");
    await other.query("SET LOCAL deadlock_timeout = '10s'");
    await other.query("UPDATE deadlock_probe SET v = v + 10 WHERE id = 2");
    const result = await inTransaction(
      prisma,
      async (tx) => {
        attempts++;
        await tx.$executeRawUnsafe(`UPDATE deadlock_probe SET v = v + 1 WHERE id = 1`);
        if (attempts === 1) {
          otherDone = other.query("UPDATE deadlock_probe SET v = v + 10 WHERE id = 1").then(() => other.query("COMMIT"));
          // Let the other session queue behind our lock on row 1 before we ask for its row 2.
          await new Promise((r) => setTimeout(r, 200));
        }
        await tx.$executeRawUnsafe(`UPDATE deadlock_probe SET v = v + 1 WHERE id = 2`);
        return "applied";
      },
      { retryConflicts },
    );
    return { result, attempts };
  } finally {
    await otherDone.catch(() => undefined);
    await other.end();
  }
}

const values = async () => (await prisma.$queryRawUnsafe<{ id: number; v: number }[]>(`SELECT id, v FROM deadlock_probe ORDER BY id`)).map((r) => r.v);

describe("inTransaction and deadlocks", () => {
  it("without retries: the deadlock victim's error is recognised as a transient conflict and nothing of it is kept", async () => {
    const error = await deadlockOnce().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    // A raw statement's deadlock arrives as Prisma's P2010 with the driver's 40P01 inside; a model
    // operation's as P2034: both count.
    expect(isTransientConflict(error)).toBe(true);
    expect(isTransientConflict({ code: "P2034" })).toBe(true);
    // Only the other session's updates committed.
    expect(await values()).toEqual([10, 10]);
  });

  it("with retries: the transaction runs again after the other session commits, and applies once", async () => {
    const { result, attempts } = await deadlockOnce(2);
    expect(result).toBe("applied");
    expect(attempts).toBe(2);
    expect(await values()).toEqual([11, 11]);
  });

  it("does not retry other errors", async () => {
    let attempts = 0;
    const error = await inTransaction(
      prisma,
      async (tx) => {
        attempts++;
        await tx.$executeRawUnsafe(`INSERT INTO deadlock_probe VALUES (1, 0)`);
      },
      { retryConflicts: 2 },
    ).catch((e: unknown) => e);
    expect(isTransientConflict(error)).toBe(false);
    expect(attempts).toBe(1);
  });

  // Prisma 7's transaction client has a $transaction of its own (a SAVEPOINT and its RELEASE, two
  // more round trips for every posting inside a settlement); inTransaction given a transaction runs
  // in it, as the services expect. So an error inside it fails the caller's transaction, and the
  // caller's rollback takes the inner writes with it.
  it("handed a transaction, runs in it: no savepoint of its own", async () => {
    let afterError: unknown;
    await prisma
      .$transaction(async (tx) => {
        await inTransaction(tx, (inner) => inner.$executeRawUnsafe(`UPDATE deadlock_probe SET v = 5 WHERE id = 1`));
        await inTransaction(tx, (inner) => inner.$executeRawUnsafe(`SELECT 1 / 0`)).catch(() => undefined);
        // With a savepoint the caller could go on; without one its transaction is aborted.
        afterError = await tx.$queryRawUnsafe(`SELECT 1`).then(
          () => null,
          (e: unknown) => e,
        );
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(String((afterError as Error | null)?.message)).toMatch(/25P02|aborted/);
    const rows = await prisma.$queryRawUnsafe<{ v: number }[]>(`SELECT v FROM deadlock_probe WHERE id = 1`);
    expect(rows[0]!.v).toBe(0);
    const { isRootClient } = await import("~/utils/db.server");
    expect(isRootClient(prisma)).toBe(true);
    await prisma.$transaction(async (tx) => expect(isRootClient(tx)).toBe(false));
  });
});
