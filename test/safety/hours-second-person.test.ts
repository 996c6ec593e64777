/**
 * #11.4 and the volunteering part of #11.3, over real HTTP (ADR 007): volunteer hours need a second
 * person; only owners, admins and volunteer coordinators check out, confirm and correct; minutes stay
 * within the checked-in span plus the tolerance; a correction after a certificate was issued
 * supersedes or revokes it and the public check says so; a suspended or revoked organization records
 * no hours and puts none on a certificate.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import { addOrgMember, createAttendance, createServiceRecord } from "../support/factories/hours";
import type { PrismaClient } from "~/generated/prisma/client";
import { formatDate } from "~/utils/format";

const HOUR = 3600_000;
let app: TestApp;
let prisma: PrismaClient;
let orgId: string;
let shift: { id: string; startsAt: Date; endsAt: Date };
let owner: { id: string; email: string; password: string };
let coordinator: { id: string; email: string; password: string };
let member: { id: string; email: string; password: string };
const c = {} as Record<"owner" | "coordinator" | "member", TestClient>;

/** A volunteer with a profile, attended on the shift (checked in at its start unless told otherwise). */
async function attended(o: { checkedInAt?: Date; checkedOutAt?: Date | null; userId?: string; shiftId?: string } = {}) {
  const userId = o.userId ?? (await createUser(prisma, { profile: true })).id;
  const sid = o.shiftId ?? shift.id;
  return createAttendance(prisma, { shiftId: sid, userId, checkedInAt: o.checkedInAt, checkedOutAt: o.checkedOutAt });
}

const roster = (sid = shift.id, oid = orgId) => `/org/${oid}/rosters/${sid}`;
const records = (oid = orgId) => `/org/${oid}/service-records`;
const recordOf = (signupId: string) => prisma.serviceRecord.findUnique({ where: { signupId }, select: { id: true, minutes: true, confirmedById: true, status: true } });

/** A past three-hour shift of a new project of the organization (ended an hour ago). */
async function pastShift(oid: string, createdById: string) {
  const project = await createProject(prisma, { orgId: oid, createdById });
  return createShift(prisma, { projectId: project.id, startsAt: new Date(Date.now() - 4 * HOUR), hours: 3 });
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  owner = await createUser(prisma, { profile: true });
  const org = await createOrganization(prisma, { createdById: owner.id });
  orgId = org.id;
  coordinator = await addOrgMember(prisma, orgId, "COORDINATOR");
  member = await addOrgMember(prisma, orgId, "MEMBER");
  shift = await pastShift(orgId, owner.id);
  for (const [k, u] of Object.entries({ owner, coordinator, member })) {
    c[k as keyof typeof c] = new TestClient(app.baseUrl);
    await c[k as keyof typeof c].signIn(u.email, u.password);
  }
});
afterAll(async () => {
  await app?.close();
});

describe("nobody confirms, corrects or checks out their own hours", () => {
  it("refuses a coordinator's confirmation of their own attendance, and takes the owner's", async () => {
    const own = await attended({ userId: coordinator.id });
    const res = await c.coordinator.post(roster(), { intent: "confirmHours", signupId: own.id, hours: "3", role: "志愿者" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("不能确认自己的服务时长");
    expect(await recordOf(own.id)).toBeNull();
    // Nor may they check themselves out (the check-out bounds the hours).
    expect((await c.coordinator.post(roster(), { intent: "checkOut", signupId: own.id })).status).toBe(403);
    expect((await prisma.shiftSignup.findUniqueOrThrow({ where: { id: own.id } })).checkedOutAt).toBeNull();

    // A second person confirms them.
    expect((await c.owner.post(roster(), { intent: "confirmHours", signupId: own.id, hours: "3", role: "志愿者" })).status).toBe(302);
    const record = (await recordOf(own.id))!;
    expect(record).toMatchObject({ minutes: 180, confirmedById: owner.id });

    // …and the coordinator can neither correct it nor settle their own dispute.
    await prisma.serviceRecord.update({ where: { id: record.id }, data: { status: "DISPUTED", disputeReason: "实际服务了三个半小时" } });
    const fix = await c.coordinator.post(records(), { intent: "correct", recordId: record.id, hours: "3.5", role: "志愿者", note: "按本人说明更正" });
    expect(fix.status).toBe(403);
    expect(await fix.text()).toContain("不能更正自己的服务记录");
    expect(await recordOf(own.id)).toMatchObject({ minutes: 180, status: "DISPUTED" });
  });
});

describe("only owners, admins and coordinators handle hours", () => {
  it("refuses check-out, confirmation and correction to a plain member, who may still check people in", async () => {
    const a = await attended();
    expect((await c.member.post(roster(), { intent: "checkOut", signupId: a.id })).status).toBe(403);
    expect((await c.member.post(roster(), { intent: "confirmHours", signupId: a.id, hours: "2", role: "志愿者" })).status).toBe(403);
    expect(await recordOf(a.id)).toBeNull();
    expect((await prisma.shiftSignup.findUniqueOrThrow({ where: { id: a.id } })).checkedOutAt).toBeNull();

    // Checking in (and viewing the roster) stays with members: they help at the door.
    const v = await createUser(prisma, { profile: true });
    const waiting = await prisma.shiftSignup.create({ data: { shiftId: shift.id, userId: v.id, status: "CONFIRMED" } });
    expect((await c.member.post(roster(), { intent: "checkIn", signupId: waiting.id })).status).toBe(302);
    expect((await prisma.shiftSignup.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("ATTENDED");
    const page = await c.member.get(roster());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("签退与确认时长由负责人、管理员或志愿协调员操作");

    // The coordinator checks out and confirms.
    expect((await c.coordinator.post(roster(), { intent: "checkOut", signupId: a.id })).status).toBe(302);
    expect((await c.coordinator.post(roster(), { intent: "confirmHours", signupId: a.id, hours: "2", role: "志愿者" })).status).toBe(302);
    const record = (await recordOf(a.id))!;
    expect(record).toMatchObject({ minutes: 120, confirmedById: coordinator.id });

    // Corrections: the member is refused, the coordinator allowed.
    expect((await c.member.post(records(), { intent: "correct", recordId: record.id, hours: "1", role: "志愿者", note: "成员改时长" })).status).toBe(403);
    expect(await recordOf(a.id)).toMatchObject({ minutes: 120 });
    expect((await c.coordinator.post(records(), { intent: "correct", recordId: record.id, hours: "1.5", role: "志愿者", note: "核对签到表" })).status).toBe(302);
    expect(await recordOf(a.id)).toMatchObject({ minutes: 90, status: "CORRECTED", confirmedById: coordinator.id });
  });
});

describe("confirmed minutes stay within the checked-in span plus 30 minutes", () => {
  it("refuses more than check-in to check-out plus the tolerance, and takes up to it", async () => {
    const a = await attended({ checkedInAt: shift.startsAt, checkedOutAt: new Date(shift.startsAt.getTime() + HOUR) });
    const page = await (await c.coordinator.get(roster())).text();
    expect(page).toContain("最多 1.5 小时");
    const tooMuch = await c.coordinator.post(roster(), { intent: "confirmHours", signupId: a.id, hours: "2", role: "志愿者" });
    expect(tooMuch.status).toBe(400);
    expect(await tooMuch.text()).toContain("时长不能超过 1.5 小时");
    expect(await recordOf(a.id)).toBeNull();
    expect((await c.coordinator.post(roster(), { intent: "confirmHours", signupId: a.id, hours: "1.5", role: "志愿者" })).status).toBe(302);
    const record = (await recordOf(a.id))!;
    expect(record.minutes).toBe(90);
    // A correction cannot go around the cap either.
    expect((await c.owner.post(records(), { intent: "correct", recordId: record.id, hours: "3", role: "志愿者", note: "改为三小时" })).status).toBe(400);
    expect(await recordOf(a.id)).toMatchObject({ minutes: 90 });
  });

  it("measures the shift's span when the volunteer was never checked out", async () => {
    const a = await attended({ checkedOutAt: null });
    // Without a check-out the hours are entered by hand: capped at the shift's length (issue 15.1).
    expect((await c.coordinator.post(roster(), { intent: "confirmHours", signupId: a.id, hours: "3.25", role: "志愿者" })).status).toBe(400);
    expect((await c.coordinator.post(roster(), { intent: "confirmHours", signupId: a.id, hours: "3", role: "志愿者" })).status).toBe(302);
    expect(await recordOf(a.id)).toMatchObject({ minutes: 180 });
  });
});

describe("a correction after a certificate was issued", () => {
  async function volunteerWithCertificate(minutes: number, earlierMinutes?: number) {
    const v = await createUser(prisma, { profile: { realName: "何俊杰" } });
    const a = await attended({ userId: v.id, checkedOutAt: shift.endsAt });
    const record = await createServiceRecord(prisma, { signupId: a.id, minutes, confirmedById: coordinator.id });
    // Optionally an earlier, untouched record (a shift that ended before this one began) on the same certificate.
    const days = [record.serviceDate.toISOString().slice(0, 10)];
    if (earlierMinutes) {
      const earlier = await createShift(prisma, { projectId: (await prisma.shift.findUniqueOrThrow({ where: { id: shift.id }, select: { projectId: true } })).projectId, startsAt: new Date(shift.startsAt.getTime() - 4 * HOUR), hours: 3 });
      const e = await createServiceRecord(prisma, { signupId: (await attended({ userId: v.id, shiftId: earlier.id, checkedOutAt: earlier.endsAt })).id, minutes: earlierMinutes, confirmedById: coordinator.id });
      days.unshift(e.serviceDate.toISOString().slice(0, 10));
    }
    const client = new TestClient(app.baseUrl);
    await client.signIn(v.email, v.password);
    const res = await client.post("/me/certificates", { from: days[0]!, to: days.at(-1)! });
    expect(res.status).toBe(302);
    const code = res.headers.get("Location")!.split("/").pop()!;
    const before = await (await new TestClient(app.baseUrl).get(`/verify/certificates?code=${code}`)).text();
    expect(before).toContain("证明有效");
    return { v, record, code, client };
  }

  it("re-issues it: the old code says it was replaced, by which code and since when", async () => {
    const { record, code, client } = await volunteerWithCertificate(180, 60);
    expect((await c.owner.post(records(), { intent: "correct", recordId: record.id, hours: "2.5", role: "志愿者", note: "核对签退时间后更正" })).status).toBe(302);

    const old = await prisma.serviceCertificate.findUniqueOrThrow({ where: { code } });
    expect(old.status).toBe("SUPERSEDED");
    // A corrected record is announced again (issue 15.1): the re-issued certificate holds the untouched
    // record now, and the corrected 2.5 hours only once their new notice has run out.
    expect(await prisma.serviceRecord.findUniqueOrThrow({ where: { id: record.id }, select: { standing: true } })).toEqual({ standing: "NOTICE" });
    const next = await prisma.serviceCertificate.findUniqueOrThrow({ where: { id: old.replacedById! } });
    expect(next).toMatchObject({ status: "VALID", totalMinutes: 60, recordCount: 1, issuedById: owner.id });

    const anonymous = new TestClient(app.baseUrl);
    const html = await (await anonymous.get(`/verify/certificates?code=${code}`)).text();
    expect(html).toContain("此证明已被更正后的证明取代");
    expect(html).toContain(next.code);
    expect(html).toContain(formatDate(old.revokedAt!));
    expect(html).not.toContain("证明有效");
    const fresh = await (await anonymous.get(`/verify/certificates?code=${next.code}`)).text();
    expect(fresh).toContain("证明有效");
    expect(fresh).toContain("1 小时（1 次）");
    // The holder sees it too.
    expect(await (await client.get(`/me/certificates/${code}`)).text()).toContain("此证明已被更正后的证明取代");
  });

  it("revokes it when nothing certifiable is left, and the public check says so with the date", async () => {
    const { record, code } = await volunteerWithCertificate(120);
    expect((await c.coordinator.post(records(), { intent: "correct", recordId: record.id, hours: "0", role: "志愿者", note: "经核实当天未到岗" })).status).toBe(302);
    // Zero hours voids the record (the audit trail keeps it) and makes the sign-up a no-show.
    expect(await prisma.serviceRecord.findUnique({ where: { id: record.id } })).toBeNull();
    expect(await prisma.auditLog.findFirst({ where: { entityId: record.id, action: "serviceRecord.voided" }, select: { actorId: true, before: true } })).toMatchObject({ actorId: coordinator.id, before: { minutes: 120 } });
    const cert = await prisma.serviceCertificate.findUniqueOrThrow({ where: { code } });
    expect(cert).toMatchObject({ status: "REVOKED", revokeReason: "经核实当天未到岗", replacedById: null });
    expect(cert.revokedAt).toBeInstanceOf(Date);
    const html = await (await new TestClient(app.baseUrl).get(`/verify/certificates?code=${code}`)).text();
    expect(html).toContain("此证明已被撤销");
    expect(html).toContain(formatDate(cert.revokedAt!));
    expect(html).not.toContain("证明有效");
  });
});

describe("certificates hold only what a second person confirmed", () => {
  it("leaves out records the volunteer confirmed for themselves", async () => {
    const { issueCertificate, getMyCertificate } = await import("~/modules/volunteering/certificates.server");
    const mine = await createServiceRecord(prisma, { signupId: (await attended({ userId: coordinator.id, shiftId: (await pastShift(orgId, owner.id)).id })).id, minutes: 240, confirmedById: coordinator.id });
    const theirs = await createServiceRecord(prisma, { signupId: (await attended({ userId: coordinator.id, shiftId: (await pastShift(orgId, owner.id)).id })).id, minutes: 60, confirmedById: owner.id });
    const day = mine.serviceDate.toISOString().slice(0, 10);
    // (The record of the first test is still disputed, so it is left out too.)
    const cert = await issueCertificate(coordinator.id, day, day);
    const full = await getMyCertificate(coordinator.id, cert.code);
    expect(full.totalMinutes).toBe(60);
    expect(full.snapshot.recordIds).toEqual([theirs.id]);
  });
});

describe("a suspended or revoked organization records no hours", () => {
  it("refuses confirmation and correction, and keeps its records off new certificates", async () => {
    const boss = await createUser(prisma, { profile: true });
    const suspended = await createOrganization(prisma, { createdById: boss.id });
    const s = await pastShift(suspended.id, boss.id);
    const v = await createUser(prisma, { profile: true });
    const a = await attended({ shiftId: s.id });
    const b = await attended({ shiftId: s.id, userId: v.id, checkedOutAt: s.endsAt });
    const existing = await createServiceRecord(prisma, { signupId: b.id, minutes: 120, confirmedById: boss.id });
    await prisma.organization.update({ where: { id: suspended.id }, data: { status: "SUSPENDED" } });
    const bossClient = new TestClient(app.baseUrl);
    await bossClient.signIn(boss.email, boss.password);

    const confirm = await bossClient.post(roster(s.id, suspended.id), { intent: "confirmHours", signupId: a.id, hours: "2", role: "志愿者" });
    expect(confirm.status).toBe(403);
    expect(await confirm.text()).toContain("组织已被暂停，暂停期间不能记录或更正志愿服务时长");
    expect(await recordOf(a.id)).toBeNull();
    const correct = await bossClient.post(records(suspended.id), { intent: "correct", recordId: existing.id, hours: "3", role: "志愿者", note: "补记时长" });
    expect(correct.status).toBe(403);
    expect(await correct.text()).toContain("组织已被暂停");
    expect(await recordOf(b.id)).toMatchObject({ minutes: 120, status: "CONFIRMED" });

    // Revoked: the same.
    await prisma.organization.update({ where: { id: suspended.id }, data: { status: "REVOKED" } });
    const revoked = await bossClient.post(roster(s.id, suspended.id), { intent: "confirmHours", signupId: a.id, hours: "2", role: "志愿者" });
    expect(revoked.status).toBe(403);
    expect(await revoked.text()).toContain("组织已被撤销登记");

    // Its records go on no new certificate: alone, there is nothing to certify; beside others, they are left out.
    const vClient = new TestClient(app.baseUrl);
    await vClient.signIn(v.email, v.password);
    const day = existing.serviceDate.toISOString().slice(0, 10);
    const refused = await vClient.post("/me/certificates", { from: day, to: day });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("该期间没有可开具证明的记录");
    const other = await attended({ userId: v.id, shiftId: (await pastShift(orgId, owner.id)).id, checkedOutAt: null });
    await createServiceRecord(prisma, { signupId: other.id, minutes: 60, confirmedById: owner.id });
    const ok = await vClient.post("/me/certificates", { from: day, to: day });
    expect(ok.status).toBe(302);
    const cert = await prisma.serviceCertificate.findUniqueOrThrow({ where: { code: ok.headers.get("Location")!.split("/").pop()! } });
    expect(cert).toMatchObject({ totalMinutes: 60, recordCount: 1 });
    expect(JSON.stringify(cert.snapshot)).not.toContain(suspended.name);
  });
});
