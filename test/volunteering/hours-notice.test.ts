/**
 * Issue 15.1, notice, objections and review: hours on notice are not certifiable until the notice
 * ends; hours under objection never reach a certificate, however late; flagged hours wait for a
 * decision by someone who neither served nor confirmed them; a correction is re-assessed and both
 * the request and the correction, with their reasons, are in the volunteer's history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServiceDb, DAY, HOUR, type ServiceEnv } from "./helpers";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift, dayFromToday } from "../support/factories/volunteering";
import { addOrgMember, createAttendance } from "../support/factories/hours";
import { DecisionSchema, ObjectionSchema } from "~/modules/volunteering/review-schema";
import { isoDate } from "~/utils/format";

let env: ServiceEnv;
let org: { id: string };
let project: { id: string; title: string };
let coordinator: { id: string };
let second: { id: string };

beforeAll(async () => {
  env = await startServiceDb();
  const owner = await createUser(env.prisma, { profile: true });
  org = await createOrganization(env.prisma, { createdById: owner.id });
  project = await createProject(env.prisma, { orgId: org.id, createdById: owner.id, title: "李家溪社区服务" });
  coordinator = await addOrgMember(env.prisma, org.id, "COORDINATOR");
  second = await addOrgMember(env.prisma, org.id, "COORDINATOR");
});
afterAll(async () => {
  await env?.close();
});

// Every shift here ended less than 7 days ago: one coordinator confirms them all within minutes,
// which for older shifts would (rightly) be a late bulk entry.
const at = (days: number, hour = 9) => new Date(dayFromToday(days).getTime() + (hour - 8) * HOUR);
const later = (days: number) => new Date(Date.now() + days * DAY);

async function confirmed(startsAt: Date, hours = 3, userId?: string) {
  const { confirmHours } = await import("~/modules/volunteering/attendance.server");
  const v = userId ? { id: userId } : await createUser(env.prisma, { profile: { realName: "许晓燕" } });
  const shift = await createShift(env.prisma, { projectId: project.id, startsAt, hours });
  const s = await createAttendance(env.prisma, { shiftId: shift.id, userId: v.id });
  const r = await confirmHours(org.id, coordinator.id, s.id, { minutes: hours * 60, role: "志愿者" });
  return { v, recordId: r.id, from: isoDate(new Date(startsAt.getTime() - DAY)), to: isoDate(new Date(startsAt.getTime() + DAY)) };
}

describe("notice", () => {
  it("keeps hours on notice off certificates until the notice ends, then certifies them", async () => {
    const { issueCertificate } = await import("~/modules/volunteering/certificates.server");
    const { counts } = await import("~/modules/volunteering/standing");
    const { v, recordId, from, to } = await confirmed(at(-1));
    await expect(issueCertificate(v.id, from, to)).rejects.toMatchObject({ messageKey: "review.errors.notCountingYet" });
    await expect(issueCertificate(v.id, from, to, later(6.9))).rejects.toMatchObject({ messageKey: "review.errors.notCountingYet" });
    const r = await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: recordId }, select: { standing: true, noticeEndsAt: true } });
    expect(counts(r)).toBe(false);
    expect(counts(r, later(7.01))).toBe(true);
    const cert = await issueCertificate(v.id, from, to, later(7.01));
    expect(await env.prisma.serviceCertificate.findUniqueOrThrow({ where: { code: cert.code }, select: { totalMinutes: true } })).toEqual({ totalMinutes: 180 });
  });

  it("lists hours on notice with a masked name only, and not after the notice", async () => {
    const { listNotice } = await import("~/modules/volunteering/objections.server");
    const { recordId } = await confirmed(at(-2));
    const rows = await listNotice(project.id, null);
    const row = rows.find((r) => r.id === recordId);
    expect(row).toMatchObject({ name: "许某某", minutes: 180, own: false });
    expect(JSON.stringify(rows)).not.toContain("许晓燕");
    expect(Object.keys(row!)).not.toContain("userId");
    expect((await listNotice(project.id, null, later(8))).find((r) => r.id === recordId)).toBeUndefined();
  });
});

describe("objections", () => {
  it("keeps hours under objection off every certificate, even long after the notice", async () => {
    const { fileObjection, listNotice } = await import("~/modules/volunteering/objections.server");
    const { issueCertificate } = await import("~/modules/volunteering/certificates.server");
    const neighbour = await createUser(env.prisma);
    const { v, recordId, from, to } = await confirmed(at(-3));
    await fileObjection(neighbour.id, { recordId, reason: "那天社区服务中心没有开门，活动并未举行。" });
    const r = await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: recordId }, select: { standing: true, objections: { select: { status: true, objectorId: true } } } });
    expect(r).toEqual({ standing: "OBJECTED", objections: [{ status: "OPEN", objectorId: neighbour.id }] });
    expect((await listNotice(project.id, null)).find((x) => x.id === recordId)).toBeUndefined();
    for (const days of [8, 30, 400]) await expect(issueCertificate(v.id, from, to, later(days))).rejects.toMatchObject({ messageKey: "review.errors.notCountingYet" });
    expect(await env.prisma.serviceCertificate.count({ where: { userId: v.id } })).toBe(0);
    expect(await env.prisma.auditLog.count({ where: { entityId: recordId, action: "serviceRecord.objected", actorId: neighbour.id } })).toBe(1);
  });

  it("refuses an objection from the volunteer, after the notice, with a short reason, and too many in a row", async () => {
    const { fileObjection } = await import("~/modules/volunteering/objections.server");
    const { v, recordId } = await confirmed(at(-4));
    const reason = "记录的时长与实际不符，请核实。";
    await expect(fileObjection(v.id, { recordId, reason })).rejects.toMatchObject({ messageKey: "review.errors.ownObjection", status: 403 });
    const someone = await createUser(env.prisma);
    await expect(fileObjection(someone.id, { recordId, reason }, later(8))).rejects.toMatchObject({ messageKey: "review.errors.noticeOver", status: 409 });
    expect(ObjectionSchema.safeParse({ recordId, reason: "太短了" }).success).toBe(false);
    expect(ObjectionSchema.safeParse({ recordId, reason: "x".repeat(501) }).success).toBe(false);
    expect(ObjectionSchema.safeParse({ recordId, reason: "联系我 13912345678 核实情况" }).success).toBe(false);

    const busy = await createUser(env.prisma);
    const targets = [];
    for (let i = 0; i < 6; i++) targets.push((await confirmed(at(-5, 6 + 2 * i), 1)).recordId);
    for (let i = 0; i < 5; i++) await fileObjection(busy.id, { recordId: targets[i]!, reason });
    await expect(fileObjection(busy.id, { recordId: targets[5]!, reason })).rejects.toMatchObject({ status: 429 });
    expect(await env.prisma.hoursObjection.count({ where: { objectorId: busy.id } })).toBe(5);
  });

  it("dismissed → counted and certifiable; upheld → rejected; the objector and the volunteer are told", async () => {
    const { fileObjection } = await import("~/modules/volunteering/objections.server");
    const { decideRecord } = await import("~/modules/volunteering/hours-review.server");
    const { issueCertificate } = await import("~/modules/volunteering/certificates.server");
    const objector = await createUser(env.prisma);
    const a = await confirmed(at(-6, 9));
    const b = await confirmed(at(-6, 14));
    for (const x of [a, b]) await fileObjection(objector.id, { recordId: x.recordId, reason: "活动当天我在现场，没有见到这位志愿者。" });

    // The confirmer does not decide on an objection to what they confirmed.
    await expect(decideRecord({ orgId: org.id }, coordinator.id, a.recordId, { decision: "dismiss", note: "核实无误" })).rejects.toMatchObject({ messageKey: "review.errors.ownConfirmation", status: 403 });
    await expect(decideRecord({ orgId: org.id }, second.id, a.recordId, { decision: "approve", note: "核实无误" })).rejects.toMatchObject({ messageKey: "review.errors.notWaiting" });
    await decideRecord({ orgId: org.id }, second.id, a.recordId, { decision: "dismiss", note: "签到记录与现场照片核实无误" });
    expect(await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: a.recordId }, select: { standing: true } })).toEqual({ standing: "COUNTED" });
    await expect(issueCertificate(a.v.id, a.from, a.to)).resolves.toMatchObject({ code: expect.any(String) });

    const staff = await createUser(env.prisma, { globalRole: "BUREAU_STAFF" });
    await decideRecord({ cityWide: true }, staff.id, b.recordId, { decision: "uphold", note: "现场无签到记录" });
    expect(await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: b.recordId }, select: { standing: true } })).toEqual({ standing: "REJECTED" });
    await expect(issueCertificate(b.v.id, b.from, b.to, later(30))).rejects.toMatchObject({ status: 400 });
    expect(await env.prisma.hoursObjection.findMany({ where: { objectorId: objector.id }, select: { status: true, decisionNote: true }, orderBy: { createdAt: "asc" } })).toEqual([
      { status: "DISMISSED", decisionNote: "签到记录与现场照片核实无误" },
      { status: "UPHELD", decisionNote: "现场无签到记录" },
    ]);
    expect((await env.prisma.notification.findMany({ where: { userId: objector.id }, select: { kind: true }, orderBy: { createdAt: "asc" } })).map((n) => n.kind)).toEqual(["review.objectionDismissed", "review.objectionUpheld"]);
    expect(await env.prisma.notification.count({ where: { userId: a.v.id, kind: "review.dismiss" } })).toBe(1);
    expect(await env.prisma.notification.count({ where: { userId: b.v.id, kind: "review.uphold" } })).toBe(1);
  });
});

describe("review of flagged hours", () => {
  async function flagged() {
    const v = await createUser(env.prisma, { profile: true });
    await confirmed(at(-2, 6), 8, v.id);
    const x = await confirmed(at(-2, 14), 5, v.id);
    expect(await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: x.recordId }, select: { standing: true } })).toEqual({ standing: "FLAGGED" });
    return { ...x, v };
  }

  it("approves to a fresh 7-day notice, audited and told, by someone who neither served nor confirmed", async () => {
    const { decideRecord, listReviewQueue } = await import("~/modules/volunteering/hours-review.server");
    const x = await flagged();
    const queue = await listReviewQueue({ orgId: org.id }, second.id, { clear: false });
    const row = queue.rows.find((r) => r.id === x.recordId)!;
    expect(row).toMatchObject({ name: expect.stringMatching(/某/), canDecide: true, flags: [{ kind: "DAY_OVER_12H" }] });
    expect((await listReviewQueue({ orgId: org.id }, coordinator.id, { clear: true })).rows.find((r) => r.id === x.recordId)).toMatchObject({ canDecide: false, confirmedByViewer: true });

    await expect(decideRecord({ orgId: org.id }, x.v.id, x.recordId, { decision: "approve", note: "自己批准" })).rejects.toMatchObject({ messageKey: "review.errors.ownHours", status: 403 });
    await expect(decideRecord({ orgId: org.id }, coordinator.id, x.recordId, { decision: "approve", note: "已核实" })).rejects.toMatchObject({ messageKey: "review.errors.ownConfirmation", status: 403 });
    const otherOrg = await createOrganization(env.prisma, { createdById: second.id });
    await expect(decideRecord({ orgId: otherOrg.id }, second.id, x.recordId, { decision: "approve", note: "已核实" })).rejects.toMatchObject({ status: 404 });

    const decidedAt = later(2);
    await decideRecord({ orgId: org.id }, second.id, x.recordId, { decision: "approve", note: "两个班次均有签到签退记录" }, decidedAt);
    const r = await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: x.recordId }, select: { standing: true, noticeEndsAt: true, reviewedById: true, reviewNote: true } });
    expect(r).toMatchObject({ standing: "NOTICE", reviewedById: second.id, reviewNote: "两个班次均有签到签退记录" });
    expect(r.noticeEndsAt!.getTime()).toBe(decidedAt.getTime() + 7 * DAY);
    await expect(decideRecord({ orgId: org.id }, second.id, x.recordId, { decision: "reject", note: "再次处理" })).rejects.toMatchObject({ messageKey: "review.errors.notWaiting" });
    expect(await env.prisma.auditLog.findFirst({ where: { entityId: x.recordId, action: "serviceRecord.review.approve" }, select: { actorId: true, reason: true } })).toEqual({ actorId: second.id, reason: "两个班次均有签到签退记录" });
    expect(await env.prisma.notification.count({ where: { userId: x.v.id, kind: "review.approve" } })).toBe(1);
  });

  it("rejects with a required note, and the record never counts", async () => {
    const { decideRecord } = await import("~/modules/volunteering/hours-review.server");
    const { issueCertificate } = await import("~/modules/volunteering/certificates.server");
    const x = await flagged();
    expect(DecisionSchema.safeParse({ recordId: x.recordId, decision: "reject", note: "" }).success).toBe(false);
    expect(DecisionSchema.safeParse({ recordId: x.recordId, decision: "erase", note: "理由充分" }).success).toBe(false);
    await decideRecord({ cityWide: true }, (await createUser(env.prisma, { globalRole: "BUREAU_STAFF" })).id, x.recordId, { decision: "reject", note: "同日时长不合理" });
    expect(await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: x.recordId }, select: { standing: true } })).toEqual({ standing: "REJECTED" });
    // The 8-hour record of the same day still counts once its notice is over; the rejected one never.
    const cert = await issueCertificate(x.v.id, x.from, x.to, later(30));
    expect(await env.prisma.serviceCertificate.findUniqueOrThrow({ where: { code: cert.code }, select: { totalMinutes: true } })).toEqual({ totalMinutes: 480 });
  });
});

describe("corrections at the volunteer's request (MCA Order 67)", () => {
  it("carries the request's and the correction's reasons into the history and re-assesses the record", async () => {
    const { disputeRecord, correctRecord, myRecordHistories } = await import("~/modules/volunteering/records.server");
    const v = await createUser(env.prisma, { profile: true });
    await confirmed(at(-3, 6), 8, v.id);
    const x = await confirmed(at(-3, 14), 5, v.id);
    await disputeRecord(v.id, x.recordId, "下午实际只服务了 3 小时");
    await correctRecord(org.id, second.id, x.recordId, { minutes: 180, role: "志愿者", note: "按本人申请更正为 3 小时" });
    const r = await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: x.recordId }, select: { standing: true, noticeEndsAt: true, status: true, flags: { select: { kind: true } } } });
    // 8 + 3 = 11 hours: no longer over 12, so the flag goes and a new notice starts.
    expect(r).toMatchObject({ standing: "NOTICE", status: "CORRECTED", flags: [] });
    expect(r.noticeEndsAt!.getTime()).toBeGreaterThan(Date.now() + 6.9 * DAY);
    const history = (await myRecordHistories(v.id, [x.recordId]))[x.recordId]!;
    expect(history.map((h) => [h.action, h.reason])).toEqual([
      ["serviceRecord.confirmed", null],
      ["serviceRecord.disputed", "下午实际只服务了 3 小时"],
      ["serviceRecord.corrected", "按本人申请更正为 3 小时"],
    ]);
    expect(history[2]).toMatchObject({ before: { minutes: 300 }, after: { minutes: 180, standing: "NOTICE" }, byMe: false });
    const stranger = await createUser(env.prisma);
    expect(await myRecordHistories(stranger.id, [x.recordId])).toEqual({});
  });
});
