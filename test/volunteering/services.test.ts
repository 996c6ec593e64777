/**
 * The volunteering rules, service by service, on a real database: clashes, cut-offs, age and
 * skill limits, recurring shifts, attendance and hours, disputes and audited corrections,
 * certificates, reminders, status changes and the search outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServiceDb, DAY, HOUR, type ServiceEnv } from "./helpers";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift, dayFromToday } from "../support/factories/volunteering";
import { makeIdNumber } from "~/modules/accounts/id-number";
import { HoursSchema, ProjectSchema, ShiftSchema } from "~/modules/volunteering/schema";
import { isoDate } from "~/utils/format";

let env: ServiceEnv;
let owner: { id: string };
let org: { id: string; name: string };
let project: { id: string; title: string };

beforeAll(async () => {
  env = await startServiceDb();
  owner = await createUser(env.prisma, { profile: true });
  org = await createOrganization(env.prisma, { createdById: owner.id, name: "黔江区李家溪社区社会工作服务中心" });
  project = await createProject(env.prisma, { orgId: org.id, createdById: owner.id, title: "李家溪安置区社区服务" });
});
afterAll(async () => {
  await env?.close();
});

const at = (daysFromNow: number, hour = 9) => new Date(dayFromToday(daysFromNow).getTime() + (hour - 8) * HOUR);

describe("sign-up rules", () => {
  it("refuses a clashing shift, naming the clash", async () => {
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    const v = await createUser(env.prisma, { profile: true });
    const other = await createProject(env.prisma, { orgId: org.id, createdById: owner.id, title: "敬老院探访" });
    const a = await createShift(env.prisma, { projectId: project.id, startsAt: at(10, 9), hours: 3 });
    const b = await createShift(env.prisma, { projectId: other.id, startsAt: at(10, 11), hours: 2 });
    const c = await createShift(env.prisma, { projectId: other.id, startsAt: at(10, 12), hours: 2 });
    await signUpForShift(v.id, a.id);
    await expect(signUpForShift(v.id, b.id)).rejects.toMatchObject({ messageKey: "volunteering.errors.clash", details: { project: "李家溪安置区社区服务" } });
    // Back to back is not a clash.
    await expect(signUpForShift(v.id, c.id)).resolves.toMatchObject({ status: "CONFIRMED" });
    expect(await env.prisma.shiftSignup.count({ where: { userId: v.id } })).toBe(2);
  });

  it("requires a real-name profile, the age limits and the shift's skill", async () => {
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    const anonymous = await createUser(env.prisma);
    const shift = await createShift(env.prisma, { projectId: project.id, startsAt: at(12) });
    await expect(signUpForShift(anonymous.id, shift.id)).rejects.toMatchObject({ messageKey: "volunteering.errors.profileRequired", status: 403 });

    const adult = await createProject(env.prisma, { orgId: org.id, createdById: owner.id, minAge: 18, maxAge: 60, title: "疫情防控道口值守" });
    const duty = await createShift(env.prisma, { projectId: adult.id, startsAt: at(12) });
    const sixteen = isoDate(new Date(Date.now() - 16 * 365 * DAY)).replace(/-/g, "");
    const teen = await createUser(env.prisma, { profile: { idNumber: makeIdNumber("500114", sixteen, "321") } });
    await expect(signUpForShift(teen.id, duty.id)).rejects.toMatchObject({ messageKey: "volunteering.errors.tooYoung", details: { age: 18 } });
    const senior = await createUser(env.prisma, { profile: { idNumber: makeIdNumber("500114", "19500101", "322") } });
    await expect(signUpForShift(senior.id, duty.id)).rejects.toMatchObject({ messageKey: "volunteering.errors.tooOld" });

    const firstAid = await createShift(env.prisma, { projectId: project.id, startsAt: at(13), requiredSkill: "急救" });
    const v = await createUser(env.prisma, { profile: true });
    await expect(signUpForShift(v.id, firstAid.id)).rejects.toMatchObject({ messageKey: "volunteering.errors.skillRequired", details: { skill: "急救" } });
    await env.prisma.volunteerProfile.update({ where: { userId: v.id }, data: { skills: ["急救", "驾驶"] } });
    await expect(signUpForShift(v.id, firstAid.id)).resolves.toMatchObject({ status: "CONFIRMED" });
    expect(await env.prisma.shiftSignup.count({ where: { shiftId: duty.id } })).toBe(0);
  });

  it("refuses sign-ups for drafts, cancelled shifts and shifts already started", async () => {
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    const v = await createUser(env.prisma, { profile: true });
    const draft = await createProject(env.prisma, { orgId: org.id, createdById: owner.id, status: "DRAFT" });
    const s1 = await createShift(env.prisma, { projectId: draft.id, startsAt: at(14) });
    await expect(signUpForShift(v.id, s1.id)).rejects.toMatchObject({ messageKey: "volunteering.errors.projectNotOpen" });
    const started = await createShift(env.prisma, { projectId: project.id, startsAt: new Date(Date.now() - HOUR) });
    await expect(signUpForShift(v.id, started.id)).rejects.toMatchObject({ messageKey: "volunteering.errors.shiftStarted" });
    const { cancelShift } = await import("~/modules/volunteering/shifts.server");
    const called = await createShift(env.prisma, { projectId: project.id, startsAt: at(15) });
    await cancelShift(org.id, called.id, owner.id);
    await expect(signUpForShift(v.id, called.id)).rejects.toMatchObject({ messageKey: "volunteering.errors.shiftCancelled" });
    expect(await env.prisma.shiftSignup.count({ where: { userId: v.id } })).toBe(0);
  });

  it("keeps a confirmed place after the cut-off but always lets the waitlisted leave", async () => {
    const { signUpForShift, cancelSignup } = await import("~/modules/volunteering/signups.server");
    const soon = await createShift(env.prisma, { projectId: project.id, startsAt: new Date(Date.now() + 10 * HOUR), capacity: 1 });
    const [a, b] = [await createUser(env.prisma, { profile: true }), await createUser(env.prisma, { profile: true })];
    const ra = await signUpForShift(a.id, soon.id);
    const rb = await signUpForShift(b.id, soon.id);
    expect([ra.status, rb.status, rb.position]).toEqual(["CONFIRMED", "WAITLISTED", 1]);
    await expect(cancelSignup(a.id, ra.signupId)).rejects.toMatchObject({ messageKey: "volunteering.errors.cutoffPassed", details: { hours: 24 } });
    // Someone else's sign-up is not found at all.
    await expect(cancelSignup(b.id, ra.signupId)).rejects.toMatchObject({ status: 404 });
    await cancelSignup(b.id, rb.signupId);
    expect(await env.prisma.shiftSignup.findUniqueOrThrow({ where: { id: ra.signupId }, select: { status: true } })).toEqual({ status: "CONFIRMED" });
    // Signing up again after cancelling reuses the row and goes to the back of the queue.
    const again = await signUpForShift(b.id, soon.id);
    expect(again).toMatchObject({ status: "WAITLISTED", position: 1, signupId: rb.signupId });
  });
});

describe("shifts and projects", () => {
  it("generates weekly shifts and refuses any outside the project's dates, creating none", async () => {
    const { addShifts } = await import("~/modules/volunteering/shifts.server");
    const p = await createProject(env.prisma, { orgId: org.id, createdById: owner.id, startDate: dayFromToday(0), endDate: dayFromToday(70) });
    const first = isoDate(new Date(Date.now() + 3 * DAY));
    const input = ShiftSchema.parse({ date: first, startTime: "09:00", endTime: "11:30", place: "李家溪社区", capacity: "8", repeatWeeks: "8" });
    const created = await addShifts(org.id, p.id, owner.id, input);
    expect(created).toHaveLength(8);
    const shifts = await env.prisma.shift.findMany({ where: { projectId: p.id }, orderBy: { startsAt: "asc" } });
    for (let i = 1; i < shifts.length; i++) expect(shifts[i]!.startsAt.getTime() - shifts[i - 1]!.startsAt.getTime()).toBe(7 * DAY);
    expect(shifts[0]!.endsAt.getTime() - shifts[0]!.startsAt.getTime()).toBe(2.5 * HOUR);

    const tooMany = ShiftSchema.parse({ date: first, startTime: "14:00", endTime: "16:00", place: "李家溪社区", capacity: "8", repeatWeeks: "20" });
    await expect(addShifts(org.id, p.id, owner.id, tooMany)).rejects.toMatchObject({ messageKey: "volunteering.errors.shiftOutsideProject" });
    expect(await env.prisma.shift.count({ where: { projectId: p.id } })).toBe(8);

    // Another organization cannot add shifts to this project.
    const stranger = await createUser(env.prisma);
    const otherOrg = await createOrganization(env.prisma, { createdById: stranger.id });
    await expect(addShifts(otherOrg.id, p.id, stranger.id, input)).rejects.toMatchObject({ status: 404 });
  });

  it("validates shifts and projects with message keys", () => {
    const today = isoDate(new Date());
    const bad = ShiftSchema.safeParse({ date: today, startTime: "10:00", endTime: "09:00", place: "x", capacity: "0", repeatWeeks: "1" });
    expect(bad.success).toBe(false);
    const issues = Object.fromEntries(bad.error!.issues.map((i) => [i.path[0], i.message]));
    expect(issues).toMatchObject({ capacity: "volunteering.errors.capacity", endTime: "volunteering.errors.endBeforeStart" });
    expect(ShiftSchema.safeParse({ date: "2020-01-01", startTime: "09:00", endTime: "10:00", place: "x", capacity: "5", repeatWeeks: "1" }).error!.issues[0]!.message).toBe("volunteering.errors.shiftInPast");
    expect(ShiftSchema.safeParse({ date: "2099-01-01", startTime: "09:00", endTime: "10:00", place: "x", capacity: "-3", repeatWeeks: "1" }).error!.issues[0]!.message).toBe("volunteering.errors.capacity");
    expect(HoursSchema.safeParse({ hours: "30", role: "志愿者" }).error!.issues[0]!.message).toBe("volunteering.errors.hoursRange");
    expect(HoursSchema.parse({ hours: "2.5", role: "志愿者" })).toEqual({ minutes: 150, role: "志愿者" });
    const p = ProjectSchema.safeParse({ title: "敬老院探访活动", description: "陪伴老人聊天，联系 13812345678", category: "ELDERLY", districtCode: "500114", address: "x", startDate: "2030-05-02", endDate: "2030-05-01", contactName: "张", contactPhone: "13800000000", cancelCutoffHours: "24", minAge: "60", maxAge: "18" });
    const pi = Object.fromEntries(p.error!.issues.map((i) => [i.path[0], i.message]));
    expect(pi).toMatchObject({ description: "validation.noPersonalData", endDate: "volunteering.errors.endBeforeStart", maxAge: "volunteering.errors.ageOrder" });
  });

  it("publishes only with a shift, cancels upcoming shifts with the project, and tells the search outbox", async () => {
    const { createProject: create, setProjectStatus } = await import("~/modules/volunteering/projects.server");
    const { addShifts } = await import("~/modules/volunteering/shifts.server");
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    const input = ProjectSchema.parse({ title: "留守儿童课业辅导", description: "每周六为城口县留守儿童辅导作业。", category: "CHILDREN", districtCode: "500229", address: "城口县葛城街道", startDate: isoDate(new Date()), endDate: isoDate(new Date(Date.now() + 60 * DAY)), contactName: "赵老师", contactPhone: "023-59221234", cancelCutoffHours: "12", skills: "教学辅导、心理陪伴" });
    expect(input.skills).toEqual(["教学辅导", "心理陪伴"]);
    const { id } = await create(org.id, owner.id, input);
    expect(await env.prisma.searchOutbox.count({ where: { kind: "project", entityId: id } })).toBe(1);
    await expect(setProjectStatus(org.id, id, owner.id, "PUBLISHED")).rejects.toMatchObject({ messageKey: "volunteering.errors.publishNeedsShift" });
    await addShifts(org.id, id, owner.id, ShiftSchema.parse({ date: isoDate(new Date(Date.now() + 5 * DAY)), startTime: "14:00", endTime: "16:00", place: "葛城街道社区学校", capacity: "5", repeatWeeks: "2" }));
    await setProjectStatus(org.id, id, owner.id, "PUBLISHED");
    const v = await createUser(env.prisma, { profile: true });
    const shift = await env.prisma.shift.findFirstOrThrow({ where: { projectId: id }, orderBy: { startsAt: "asc" } });
    await signUpForShift(v.id, shift.id);
    await expect(setProjectStatus(org.id, id, owner.id, "DRAFT")).rejects.toMatchObject({ messageKey: "volunteering.errors.badTransition" });
    await setProjectStatus(org.id, id, owner.id, "CANCELLED");
    expect(await env.prisma.shift.count({ where: { projectId: id, status: "OPEN" } })).toBe(0);
    expect(await env.prisma.shiftSignup.findFirstOrThrow({ where: { userId: v.id, shiftId: shift.id }, select: { status: true } })).toEqual({ status: "CANCELLED" });
    expect(await env.prisma.notification.count({ where: { userId: v.id, kind: "volunteering.projectCancelled" } })).toBe(1);
    expect(await env.prisma.messageOutbox.count({ where: { recipient: v.id, template: "volunteering.projectCancelled" } })).toBe(1);
    expect(await env.prisma.searchOutbox.count({ where: { kind: "project", entityId: id } })).toBeGreaterThanOrEqual(4);
    expect(await env.prisma.auditLog.count({ where: { entityType: "VolunteerProject", entityId: id } })).toBeGreaterThanOrEqual(3);
  });

  it("tells volunteers when a shift changes and promotes when places are added", async () => {
    const { updateShift } = await import("~/modules/volunteering/shifts.server");
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    const shift = await createShift(env.prisma, { projectId: project.id, startsAt: at(20), capacity: 1 });
    const [a, b] = [await createUser(env.prisma, { profile: true }), await createUser(env.prisma, { profile: true })];
    await signUpForShift(a.id, shift.id);
    await signUpForShift(b.id, shift.id);
    await expect(updateShift(org.id, shift.id, owner.id, { date: isoDate(at(20)), startTime: "09:00", endTime: "12:00", place: "x", capacity: 0 } as never)).rejects.toMatchObject({ messageKey: "volunteering.errors.capacityBelowTaken" });
    const res = await updateShift(org.id, shift.id, owner.id, { date: isoDate(at(21)), startTime: "14:00", endTime: "17:00", place: "李家溪社区广场", capacity: 2, requiredSkill: undefined });
    expect(res.promoted).toEqual([b.id]);
    expect(await env.prisma.notification.count({ where: { userId: a.id, kind: "volunteering.shiftChanged" } })).toBe(1);
    expect(await env.prisma.notification.count({ where: { userId: b.id, kind: "volunteering.promoted" } })).toBe(1);
  });
});

describe("attendance, hours and the service record", () => {
  it("checks in and out, confirms hours once, caps a day at 24 hours, and audits disputes and corrections", async () => {
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    const { markAttendance, confirmHours } = await import("~/modules/volunteering/attendance.server");
    const { disputeRecord, correctRecord, yearTotals } = await import("~/modules/volunteering/records.server");
    const v = await createUser(env.prisma, { profile: true });
    const morning = await createShift(env.prisma, { projectId: project.id, startsAt: new Date(Date.now() + 2 * DAY), hours: 4 });
    const s = await signUpForShift(v.id, morning.id);
    await expect(markAttendance(org.id, owner.id, s.signupId, "checkIn")).rejects.toMatchObject({ messageKey: "volunteering.errors.checkInWindow" });
    // The shift day comes.
    const shiftDay = new Date(Date.now() - 2 * HOUR);
    await env.prisma.shift.update({ where: { id: morning.id }, data: { startsAt: shiftDay, endsAt: new Date(Date.now() + 2 * HOUR) } });
    await expect(confirmHours(org.id, owner.id, s.signupId, { minutes: 240, role: "志愿者" })).rejects.toMatchObject({ messageKey: "volunteering.errors.notCheckedIn" });
    await markAttendance(org.id, owner.id, s.signupId, "checkIn");
    await markAttendance(org.id, owner.id, s.signupId, "checkOut");
    // They were there five hours: hours are capped at the checked-in span plus 30 minutes (ADR 007).
    await env.prisma.shiftSignup.update({ where: { id: s.signupId }, data: { checkedInAt: new Date(Date.now() - 5 * HOUR) } });
    const record = await confirmHours(org.id, owner.id, s.signupId, { minutes: 240, role: "秩序维护" });
    await expect(confirmHours(org.id, owner.id, s.signupId, { minutes: 60, role: "志愿者" })).rejects.toMatchObject({ messageKey: "volunteering.errors.alreadyConfirmed" });
    const stored = await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: record.id } });
    expect(stored).toMatchObject({ userId: v.id, orgId: org.id, projectId: project.id, minutes: 240, role: "秩序维护", status: "CONFIRMED", districtCode: "500114", category: "COMMUNITY" });
    expect(await env.prisma.notification.count({ where: { userId: v.id, kind: "volunteering.hoursConfirmed" } })).toBe(1);

    // A second shift the same day: together more than 24 hours is refused.
    const evening = await createShift(env.prisma, { projectId: project.id, startsAt: new Date(Date.now() + 3 * DAY) });
    const s2 = await signUpForShift(v.id, evening.id);
    await env.prisma.shift.update({ where: { id: evening.id }, data: { startsAt: shiftDay, endsAt: new Date(Date.now() + 30 * 60_000) } }); // same service day
    await markAttendance(org.id, owner.id, s2.signupId, "checkIn");
    await expect(confirmHours(org.id, owner.id, s2.signupId, { minutes: 21 * 60, role: "志愿者" })).rejects.toMatchObject({ messageKey: "volunteering.errors.dayTooLong" });
    expect(await env.prisma.serviceRecord.count({ where: { userId: v.id } })).toBe(1);

    // The volunteer disputes; another volunteer cannot touch it; the organization corrects it.
    const intruder = await createUser(env.prisma, { profile: true });
    await expect(disputeRecord(intruder.id, record.id, "我没有参加这个班次")).rejects.toMatchObject({ status: 404 });
    await disputeRecord(v.id, record.id, "实际服务了5小时，签退时间记录有误");
    const stranger = await createUser(env.prisma);
    const otherOrg = await createOrganization(env.prisma, { createdById: stranger.id });
    await expect(correctRecord(otherOrg.id, stranger.id, record.id, { minutes: 1, role: "x", note: "改" })).rejects.toMatchObject({ status: 404 });
    await correctRecord(org.id, owner.id, record.id, { minutes: 300, role: "秩序维护", note: "核对签到表后更正为5小时" });
    const trail = await env.prisma.auditLog.findMany({ where: { entityType: "ServiceRecord", entityId: record.id }, orderBy: { id: "asc" } });
    expect(trail.map((e) => e.action)).toEqual(["serviceRecord.confirmed", "serviceRecord.disputed", "serviceRecord.corrected"]);
    expect(trail[2]).toMatchObject({ actorId: owner.id, reason: "核对签到表后更正为5小时", before: { minutes: 240, status: "DISPUTED" }, after: { minutes: 300, status: "CORRECTED" } });
    // No phone or ID number leaks into the audit trail.
    const profile = await env.prisma.volunteerProfile.findUniqueOrThrow({ where: { userId: v.id } });
    expect(JSON.stringify(trail.map((e) => ({ ...e, id: String(e.id) })))).not.toContain(profile.phone);
    // The corrected record is announced again (issue 15.1): recorded, but not yet counting towards certificates.
    expect(await yearTotals(v.id)).toEqual([{ year: Number(isoDate(stored.serviceDate).slice(0, 4)), minutes: 300, counted: 0, records: 1 }]);
    expect(await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: record.id }, select: { standing: true } })).toEqual({ standing: "NOTICE" });
  });

  it("lets volunteers check themselves in with the shift's rotating code (issue 15.1)", async () => {
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    const { checkInByCode, codeAt, ensureShiftSecret } = await import("~/modules/volunteering/checkin.server");
    const v = await createUser(env.prisma, { profile: true });
    const shift = await createShift(env.prisma, { projectId: project.id, startsAt: new Date(Date.now() + 4 * DAY) });
    const s = await signUpForShift(v.id, shift.id);
    const secret = await ensureShiftSecret(env.prisma, shift.id);
    const code = () => codeAt(secret, Math.floor(Date.now() / 1000));
    // Too early: refused (and recorded), not an exception.
    await expect(checkInByCode(v.id, { shiftId: shift.id, code: code(), kind: "IN", position: null, anyway: false }, null)).resolves.toMatchObject({ accepted: false, refusal: "outsideWindow" });
    await env.prisma.shift.update({ where: { id: shift.id }, data: { startsAt: new Date(Date.now() + 30 * 60_000), endsAt: new Date(Date.now() + 3 * HOUR) } });
    await expect(checkInByCode(v.id, { shiftId: shift.id, code: code(), kind: "IN", position: null, anyway: false }, null)).resolves.toMatchObject({ accepted: true });
    expect(await env.prisma.shiftSignup.findUniqueOrThrow({ where: { id: s.signupId }, select: { status: true } })).toEqual({ status: "ATTENDED" });
  });
});

describe("certificates and reminders", () => {
  it("issues a certificate from confirmed records whose code verifies publicly with a masked name", async () => {
    const { issueCertificate, verifyCertificate, getMyCertificate } = await import("~/modules/volunteering/certificates.server");
    const v = await createUser(env.prisma, { profile: { realName: "许晓燕" } });
    const shift = await createShift(env.prisma, { projectId: project.id, startsAt: new Date(Date.now() - 3 * DAY) });
    const signup = await env.prisma.shiftSignup.create({ data: { shiftId: shift.id, userId: v.id, status: "ATTENDED" } });
    await env.prisma.serviceRecord.create({ data: { userId: v.id, orgId: org.id, projectId: project.id, shiftId: shift.id, signupId: signup.id, districtCode: "500114", category: "COMMUNITY", serviceDate: dayFromToday(-3), minutes: 180, role: "志愿者", confirmedById: owner.id } });
    const year = isoDate(new Date()).slice(0, 4);
    await expect(issueCertificate(v.id, "2001-01-01", "2001-12-31")).rejects.toMatchObject({ messageKey: "volunteering.errors.noRecordsInPeriod" });
    const cert = await issueCertificate(v.id, isoDate(new Date(Date.now() - 30 * DAY)), isoDate(new Date()));
    expect(cert.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const pub = await verifyCertificate(cert.code);
    expect(pub).toMatchObject({ holder: "许某某", totalMinutes: 180, recordCount: 1, orgs: [{ name: org.name, minutes: 180, records: 1 }] });
    expect(JSON.stringify(pub)).not.toContain("许晓燕");
    expect(await verifyCertificate("AAAA-BBBB-CCCC")).toBeNull();
    const other = await createUser(env.prisma, { profile: true });
    await expect(getMyCertificate(other.id, cert.code)).rejects.toMatchObject({ status: 404 });
    expect((await getMyCertificate(v.id, cert.code)).snapshot.realName).toBe("许晓燕");
    expect(year).toMatch(/^\d{4}$/);
  });

  it("queues each day-before reminder once, however often the job runs", async () => {
    const { enqueueDueReminders } = await import("~/modules/volunteering/reminders.server");
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    // Earlier tests' shifts may be due too: count this volunteer's reminders only.
    const v = await createUser(env.prisma, { profile: true });
    const tomorrow = await createShift(env.prisma, { projectId: project.id, startsAt: new Date(Date.now() + 20 * HOUR) });
    const later = await createShift(env.prisma, { projectId: project.id, startsAt: new Date(Date.now() + 3 * DAY) });
    await signUpForShift(v.id, tomorrow.id);
    await signUpForShift(v.id, later.id);
    const [first, second] = await Promise.all([enqueueDueReminders(), enqueueDueReminders()]);
    const third = await enqueueDueReminders();
    expect(first.sent + second.sent).toBeGreaterThanOrEqual(1);
    expect(third.sent).toBe(0);
    expect(await env.prisma.notification.count({ where: { userId: v.id, kind: "volunteering.reminder" } })).toBe(1);
    expect(await env.prisma.messageOutbox.count({ where: { recipient: v.id, template: "volunteering.reminder" } })).toBe(1);
  });
});
