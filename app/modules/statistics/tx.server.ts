import { prisma, type Db } from "~/utils/db.server";

/** Runs `fn` in a transaction: the given one, or a new one when handed the root client. */
export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>, opts: { timeout?: number } = {}): Promise<T> {
  // Prisma 7's client is a proxy: `"$transaction" in prisma` is false, so test the function itself
  // (interactive-transaction clients do not have one).
  if (typeof (db as { $transaction?: unknown }).$transaction === "function") return (db as typeof prisma).$transaction((tx) => fn(tx), { timeout: opts.timeout ?? 15_000, maxWait: 15_000 });
  return fn(db);
}
