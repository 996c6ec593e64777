/** The volunteering demo data loads on top of the accounts/organizations seed and keeps the invariants. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServiceDb, type ServiceEnv } from "./helpers";
import type { SeedContext } from "../../prisma/seed";

let env: ServiceEnv;
beforeAll(async () => {
  env = await startServiceDb();
});
afterAll(async () => {
  await env?.close();
});

describe("demo data", () => {
  it("seeds projects, shifts, sign-ups and records that respect capacity and the waitlist", async () => {
    const ctx: SeedContext = { users: {}, orgs: {}, credentials: [], log: () => {} };
    await (await import("../../prisma/seed/01-accounts-orgs")).seed(env.prisma, ctx);
    await (await import("../../prisma/seed/02-volunteering")).seed(env.prisma, ctx);
    const p = env.prisma;
    expect(await p.volunteerProject.count()).toBe(6);
    expect(await p.volunteerProject.count({ where: { title: { contains: "李家溪" } } })).toBeGreaterThanOrEqual(1);
    expect(await p.serviceRecord.count()).toBeGreaterThan(50);
    // taken equals the place-holding sign-ups and never passes capacity.
    const bad = await p.$queryRaw<{ id: string }[]>`
      SELECT s.id FROM "Shift" s
      LEFT JOIN "ShiftSignup" u ON u."shiftId" = s.id AND u.status IN ('CONFIRMED','ATTENDED','NO_SHOW')
      GROUP BY s.id HAVING COUNT(u.id) <> s.taken OR s.taken > s.capacity`;
    expect(bad).toEqual([]);
    expect(await p.shiftSignup.count({ where: { status: "WAITLISTED" } })).toBeGreaterThan(0);
    // Nobody is in two overlapping shifts.
    const clashes = await p.$queryRaw<{ n: bigint }[]>`
      SELECT COUNT(*) AS n FROM "ShiftSignup" a JOIN "Shift" sa ON sa.id = a."shiftId"
      JOIN "ShiftSignup" b ON b."userId" = a."userId" AND b.id < a.id JOIN "Shift" sb ON sb.id = b."shiftId"
      WHERE sa."startsAt" < sb."endsAt" AND sb."startsAt" < sa."endsAt" AND a.status <> 'CANCELLED' AND b.status <> 'CANCELLED'`;
    expect(Number(clashes[0]!.n)).toBe(0);
    const corrected = await p.serviceRecord.findFirstOrThrow({ where: { status: "CORRECTED" }, select: { id: true } });
    expect(await p.auditLog.count({ where: { entityType: "ServiceRecord", entityId: corrected.id } })).toBe(3);
    const cert = await p.serviceCertificate.findFirstOrThrow({ where: { userId: ctx.users.volunteerXu!.id } });
    const { verifyCertificate } = await import("~/modules/volunteering/certificates.server");
    expect((await verifyCertificate(cert.code))!.holder).toBe("许某某");
  });
});
