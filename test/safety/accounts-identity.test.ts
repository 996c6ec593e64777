/**
 * #11.5 Accounts — registering a real-name profile does not tell a stranger whether an ID number
 * is already registered; the conflict goes to the audit log, without the number.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { hashIdNumber } from "~/modules/accounts/accounts.server";
import { makeIdNumber } from "~/modules/accounts/id-number";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => app?.close());

/** The visible answer of a page: status and the alert texts, without per-request noise. */
async function answer(res: Response) {
  const html = await res.text();
  const alerts = [...html.matchAll(/role="alert"[^>]*>([^<]*)</g)].map((m) => m[1]);
  return { status: res.status, alerts, html };
}

describe("ID-number conflict", () => {
  it("gives the prober the same answer as any refused number, and records the conflict without the number", async () => {
    const held = makeIdNumber("500114", "19800101", "123");
    await createUser(prisma, { profile: { idNumber: held } });
    const prober = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    await c.signIn(prober.email, prober.password);
    const form = (idNumber: string) => c.post("/me/profile", { realName: "李四", phone: "13912345678", idNumber });

    const conflict = await answer(await form(held.toLowerCase()));
    expect(conflict.status).toBe(400);
    expect(conflict.alerts).toContain("无法用这些信息完成实名登记。请核对姓名和身份证号；如确认无误，请联系民政工作人员。");
    expect(conflict.html).not.toMatch(/其他账户|已被|已登记|already registered/);
    expect(conflict.html).not.toContain(held);

    const audit = await prisma.auditLog.findMany({ where: { action: "profile.id_conflict" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: prober.id, entityType: "VolunteerProfile", entityId: prober.id });
    const auditText = JSON.stringify(audit, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    for (const secret of [held, `${held.slice(0, 3)}***********${held.slice(-4)}`, hashIdNumber(held)]) expect(auditText).not.toContain(secret);

    // Probing more numbers: past the daily cap a free number gets the very same answer as a taken one.
    await form(held);
    await form(held);
    const free = await answer(await form(makeIdNumber("500114", "19900202", "456")));
    const takenAgain = await answer(await form(held));
    expect(free.status).toBe(takenAgain.status);
    expect(free.alerts).toEqual(takenAgain.alerts);
    expect(free.alerts).toEqual(conflict.alerts);
    expect(await prisma.volunteerProfile.count({ where: { userId: prober.id } })).toBe(0);
  });
});
