/**
 * Issue 15.1 over real HTTP: the organizer's rotating-code page (no-store, QR, refresh without
 * JavaScript), the volunteer's check-in page (device cookie, refusals recorded with the device
 * hash, acceptance), the place fields of the shift form, and the countersignature on the roster.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import type { PrismaClient } from "~/generated/prisma/client";

const HOUR = 3600_000;
let app: TestApp;
let prisma: PrismaClient;
let orgId: string;
let projectId: string;
let owner: { id: string; email: string; password: string };
let volunteer: { id: string; email: string; password: string };
let shift: { id: string; startsAt: Date };
const c = {} as Record<"owner" | "volunteer", TestClient>;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  owner = await createUser(prisma, { profile: true });
  volunteer = await createUser(prisma, { profile: true });
  orgId = (await createOrganization(prisma, { createdById: owner.id })).id;
  projectId = (await createProject(prisma, { orgId, createdById: owner.id })).id;
  // A three-hour shift that started ten minutes ago, with the volunteer signed up.
  shift = await createShift(prisma, { projectId, startsAt: new Date(Date.now() - 10 * 60_000), hours: 3 });
  await prisma.shiftSignup.create({ data: { shiftId: shift.id, userId: volunteer.id, status: "CONFIRMED" } });
  for (const [k, u] of Object.entries({ owner, volunteer })) {
    c[k as keyof typeof c] = new TestClient(app.baseUrl);
    await c[k as keyof typeof c].signIn(u.email, u.password);
  }
});
afterAll(async () => {
  await app?.close();
});

describe("the organizer's code page and the volunteer's check-in page", () => {
  it("shows the current code as a QR code, refused stale codes are recorded with the device hash, the current one checks in", async () => {
    const { codeAt } = await import("~/modules/volunteering/checkin.server");
    const page = await c.owner.get(`/org/${orgId}/rosters/${shift.id}/code`);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    const html = await page.text();
    const { totpSecret } = await prisma.shift.findUniqueOrThrow({ where: { id: shift.id }, select: { totpSecret: true } });
    expect(totpSecret).toMatch(/^[A-Z2-7]+$/);
    const shown = /data-testid="rotating-code"[^>]*>(\d{6})</.exec(html)![1]!;
    const now = Math.floor(Date.now() / 1000);
    expect([codeAt(totpSecret!, now), codeAt(totpSecret!, now - 30)]).toContain(shown);
    expect(html).toContain('data-testid="rotating-qr"');
    expect(html).toMatch(/<noscript><meta http-equiv="refresh" content="\d+"\/?><\/noscript>/);
    // The volunteer cannot see the organizer's page.
    expect((await c.volunteer.get(`/org/${orgId}/rosters/${shift.id}/code`)).status).toBe(403);

    // Scanning: the page prefills the code and sets the device cookie.
    const checkIn = await c.volunteer.get(`/check-in?shift=${shift.id}&code=${shown}`);
    expect(checkIn.status).toBe(200);
    expect(c.volunteer.hasCookie("sl_device")).toBe(true);
    expect(await checkIn.text()).toContain(`value="${shown}"`);

    const stale = codeAt(totpSecret!, now - 90);
    const refused = await c.volunteer.post("/check-in", { shiftId: shift.id, code: stale, kind: "IN" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("签到码已过期");
    const malformed = await c.volunteer.post("/check-in", { shiftId: shift.id, code: "12ab", kind: "IN", lat: "north" });
    expect(malformed.status).toBe(400);

    const ok = await c.volunteer.post("/check-in", { shiftId: shift.id, code: codeAt(totpSecret!, Math.floor(Date.now() / 1000)), kind: "IN" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/me/volunteering");
    const events = await prisma.checkInEvent.findMany({ where: { userId: volunteer.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.accepted, e.refusal])).toEqual([
      [false, "staleCode"],
      [true, null],
    ]);
    expect(events[0]!.deviceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(events[1]!.deviceHash).toBe(events[0]!.deviceHash);
    expect((await prisma.shiftSignup.findFirstOrThrow({ where: { shiftId: shift.id, userId: volunteer.id } })).status).toBe("ATTENDED");
  });
});

describe("the shift form and the roster", () => {
  it("refuses a place given in part and keeps what was typed; stores a full one", async () => {
    const date = new Date(Date.now() + 3 * 24 * HOUR + 8 * HOUR).toISOString().slice(0, 10);
    const base = { intent: "addShift", date, startTime: "09:00", endTime: "12:00", place: "朝天门广场", capacity: "5", repeatWeeks: "1" };
    const partial = await c.owner.post(`/org/${orgId}/projects/${projectId}`, { ...base, latitude: "29.5647" });
    expect(partial.status).toBe(400);
    const text = await partial.text();
    expect(text).toContain("纬度、经度和半径须都填或都不填");
    expect(text).toContain('value="29.5647"');
    const badRadius = await c.owner.post(`/org/${orgId}/projects/${projectId}`, { ...base, latitude: "29.5647", longitude: "106.5865", radiusMeters: "5" });
    expect(badRadius.status).toBe(400);
    expect(await badRadius.text()).toContain("半径须为 20 到 5000 米的整数");
    const before = await prisma.shift.count({ where: { projectId } });
    expect((await c.owner.post(`/org/${orgId}/projects/${projectId}`, { ...base, latitude: "29.5647", longitude: "106.5865", radiusMeters: "300", minCoveragePercent: "75" })).status).toBe(302);
    expect(await prisma.shift.count({ where: { projectId } })).toBe(before + 1);
    expect(await prisma.shift.findFirstOrThrow({ where: { projectId, radiusMeters: 300 } })).toMatchObject({ latitude: 29.5647, longitude: 106.5865, minCoveragePercent: 75 });
  });

  it("shows how hours were established, and the countersignature once given", async () => {
    const roster = `/org/${orgId}/rosters/${shift.id}`;
    let html = await (await c.owner.get(roster)).text();
    expect(html).toContain('data-testid="show-code"');
    expect(html).toContain("会签名单");
    expect((await c.volunteer.post(roster, { intent: "countersign" })).status).toBe(403);
    expect((await c.owner.post(roster, { intent: "countersign" })).status).toBe(302);
    html = await (await c.owner.get(roster)).text();
    expect(html).toContain('data-testid="countersigned"');
    expect(html).not.toContain('data-testid="show-code"');
    // Checked in by code, not out: confirming by hand is labelled and capped at the shift.
    const signup = await prisma.shiftSignup.findFirstOrThrow({ where: { shiftId: shift.id, userId: volunteer.id } });
    expect(html).toContain("手工录入");
    const tooMuch = await c.owner.post(roster, { intent: "confirmHours", signupId: signup.id, hours: "3.25", role: "志愿者" });
    expect(tooMuch.status).toBe(400);
    expect(await tooMuch.text()).toContain("手工录入的时长不能超过班次时长 3 小时");
  });
});
