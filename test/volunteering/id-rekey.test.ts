/**
 * Rotating ID_ENCRYPTION_KEY (the national-export ID numbers): `npm run ids:rekey`'s
 * rekeyIdNumbers re-encrypts every stored number under the current key generation, reading the
 * older ones with the previous keys; rows already current are left alone, a row no key reads is
 * counted and kept, and afterwards the previous key is no longer needed.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createUser } from "../support/factories/accounts";
import { decryptIdNumber, encryptIdNumber, rekeyIdNumbers, type IdKeyring } from "~/modules/accounts/id-cipher.server";
import { makeIdNumber } from "~/modules/accounts/id-number";

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => {
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  await db?.drop();
});

describe("ids:rekey", () => {
  it("re-encrypts to the current generation, leaves current rows, counts unreadable ones", async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const ring: IdKeyring = { version: 2, key: newKey, previous: new Map([[1, oldKey]]) };
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await createUser(prisma, { profile: true }));
    const ids = users.map((_, i) => makeIdNumber("500114", `1990031${i}`, `27${i}`));
    // Stored only with consent (a check constraint). Three on the old key, one already on the new one, one written with a key nobody has.
    for (let i = 0; i < 3; i++) await prisma.volunteerProfile.update({ where: { userId: users[i]!.id }, data: { idNumberCiphertext: encryptIdNumber(ids[i]!, users[i]!.id, oldKey), nationalExportConsentAt: new Date() } });
    const current = encryptIdNumber(ids[3]!, users[3]!.id, ring);
    await prisma.volunteerProfile.update({ where: { userId: users[3]!.id }, data: { idNumberCiphertext: current, nationalExportConsentAt: new Date() } });
    const lost = encryptIdNumber(ids[4]!, users[4]!.id, randomBytes(32));
    await prisma.volunteerProfile.update({ where: { userId: users[4]!.id }, data: { idNumberCiphertext: lost, nationalExportConsentAt: new Date() } });

    expect(await rekeyIdNumbers(prisma, ring, 2)).toEqual({ rekeyed: 3, unreadable: 1, current: 1 });
    const rows = await prisma.volunteerProfile.findMany({ where: { userId: { in: users.map((u) => u.id) } }, select: { userId: true, idNumberCiphertext: true } });
    const byUser = new Map(rows.map((r) => [r.userId, r.idNumberCiphertext!]));
    const newOnly: IdKeyring = { version: 2, key: newKey, previous: new Map() };
    for (let i = 0; i < 4; i++) {
      expect(byUser.get(users[i]!.id)).toMatch(/^v2:/);
      expect(decryptIdNumber(byUser.get(users[i]!.id)!, users[i]!.id, newOnly)).toBe(ids[i]);
    }
    expect(byUser.get(users[3]!.id)).toBe(current);
    expect(byUser.get(users[4]!.id)).toBe(lost);
    // Run again: nothing left to do.
    expect(await rekeyIdNumbers(prisma, ring)).toEqual({ rekeyed: 0, unreadable: 1, current: 4 });
  });
});
