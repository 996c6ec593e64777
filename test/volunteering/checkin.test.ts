/**
 * Issue 15.1, the check-in half: the rotating code (stale and other-shift codes refused and
 * recorded), the place check (refused positions recorded, "anyway" accepted for review), the
 * source and coverage of confirmed hours, hand-entered hours capped at the shift, and the
 * organizer's countersignature. Real database, real services.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServiceDb, HOUR, type ServiceEnv } from "./helpers";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import { addOrgMember, createAttendance } from "../support/factories/hours";
import { ShiftUpdateSchema } from "~/modules/volunteering/schema";
import { CheckInFormSchema } from "~/modules/volunteering/checkin-schema";
import { haversineMeters } from "~/modules/volunteering/geo";

let env: ServiceEnv;
let owner: { id: string };
let coordinator: { id: string };
let org: { id: string };
let project: { id: string };

beforeAll(async () => {
  env = await startServiceDb();
  owner = await createUser(env.prisma, { profile: true });
  org = await createOrganization(env.prisma, { createdById: owner.id });
  coordinator = await addOrgMember(env.prisma, org.id, "COORDINATOR");
  project = await createProject(env.prisma, { orgId: org.id, createdById: owner.id });
});
afterAll(async () => {
  await env?.close();
});

const svc = () => import("~/modules/volunteering/checkin.server");
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
/** Chaotianmen square, Chongqing, and a point about 1.1 km up the river. */
const PLACE = { latitude: 29.5647, longitude: 106.5865, radiusMeters: 200 };
const FAR = { lat: 29.5747, lon: 106.5865, accuracy: 30 };
const NEAR = { lat: 29.5650, lon: 106.5866, accuracy: 25 };

/** A shift (started `startedHoursAgo` hours ago, `hours` long) with a signed-up (confirmed) volunteer. */
async function shiftWithVolunteer(o: { startedHoursAgo: number; hours: number; place?: boolean }) {
  const shift = await createShift(env.prisma, { projectId: project.id, startsAt: new Date(Date.now() - o.startedHoursAgo * HOUR), hours: o.hours });
  if (o.place) await env.prisma.shift.update({ where: { id: shift.id }, data: PLACE });
  const { ensureShiftSecret } = await svc();
  const secret = await ensureShiftSecret(env.prisma, shift.id);
  return { shift, secret, volunteer: await signedUp(shift.id) };
}

async function signedUp(shiftId: string) {
  const v = await createUser(env.prisma, { profile: true });
  const s = await env.prisma.shiftSignup.create({ data: { shiftId, userId: v.id, status: "CONFIRMED" }, select: { id: true } });
  return { id: v.id, signupId: s.id };
}

async function attempt(userId: string, shiftId: string, secret: string, o: { kind?: "IN" | "OUT"; at?: Date; codeAt?: Date; position?: { lat: number; lon: number; accuracy: number } | null; anyway?: boolean; device?: string } = {}) {
  const { checkInByCode, codeAt } = await svc();
  const at = o.at ?? new Date();
  const code = codeAt(secret, epoch(o.codeAt ?? at));
  return checkInByCode(userId, { shiftId, code, kind: o.kind ?? "IN", position: o.position ?? null, anyway: o.anyway ?? false }, o.device ?? "device-hash", at);
}

const eventsOf = (userId: string) => env.prisma.checkInEvent.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });

describe("the rotating code", () => {
  it("refuses and records a code generated two steps ago, accepts the current and the previous step", async () => {
    const { shift, secret, volunteer } = await shiftWithVolunteer({ startedHoursAgo: 0.5, hours: 3 });
    const now = new Date();
    const stale = await attempt(volunteer.id, shift.id, secret, { at: now, codeAt: new Date(now.getTime() - 65_000) });
    expect(stale).toMatchObject({ accepted: false, refusal: "staleCode" });
    const [event] = await eventsOf(volunteer.id);
    expect(event).toMatchObject({ shiftId: shift.id, signupId: volunteer.signupId, kind: "IN", accepted: false, refusal: "staleCode", deviceHash: "device-hash" });
    expect((await env.prisma.shiftSignup.findUniqueOrThrow({ where: { id: volunteer.signupId } })).status).toBe("CONFIRMED");
    // The previous step's code (seen up to about a minute ago) is still good.
    const previous = await attempt(volunteer.id, shift.id, secret, { at: now, codeAt: new Date(now.getTime() - 30_000) });
    expect(previous).toMatchObject({ accepted: true, kind: "IN", withinRadius: null });
    expect(await env.prisma.checkInEvent.count({ where: { userId: volunteer.id, accepted: true } })).toBe(1);
    expect((await env.prisma.shiftSignup.findUniqueOrThrow({ where: { id: volunteer.signupId } })).checkedInAt?.getTime()).toBe(now.getTime());
  });

  it("refuses the current code of another shift as wrongShift, and a made-up code as wrongCode", async () => {
    const { shift, volunteer, secret } = await shiftWithVolunteer({ startedHoursAgo: 0.5, hours: 3 });
    const other = await shiftWithVolunteer({ startedHoursAgo: 0.2, hours: 2 });
    const { checkInByCode, codeAt } = await svc();
    const now = new Date();
    const otherCode = codeAt(other.secret, epoch(now));
    const res = await checkInByCode(volunteer.id, { shiftId: shift.id, code: otherCode, kind: "IN", position: null, anyway: false }, null, now);
    if (codeAt(secret, epoch(now)) !== otherCode) expect(res).toMatchObject({ accepted: false, refusal: "wrongShift" });
    const ownCode = codeAt(secret, epoch(now));
    const madeUp = ownCode === "000000" ? "000001" : "000000";
    const wrong = await checkInByCode(volunteer.id, { shiftId: shift.id, code: madeUp, kind: "IN", position: null, anyway: false }, null, now);
    expect(["wrongCode", "wrongShift", "staleCode"]).toContain(wrong.accepted ? "accepted" : wrong.refusal);
    expect(await env.prisma.checkInEvent.count({ where: { userId: volunteer.id, accepted: false } })).toBe(2);
  });

  it("refuses someone not signed up, and check-out before check-in", async () => {
    const { shift, secret } = await shiftWithVolunteer({ startedHoursAgo: 0.5, hours: 3 });
    const stranger = await createUser(env.prisma, { profile: true });
    expect(await attempt(stranger.id, shift.id, secret)).toMatchObject({ accepted: false, refusal: "notSignedUp" });
    expect((await eventsOf(stranger.id))[0]).toMatchObject({ signupId: null, refusal: "notSignedUp" });
    const v = await signedUp(shift.id);
    expect(await attempt(v.id, shift.id, secret, { kind: "OUT" })).toMatchObject({ accepted: false, refusal: "notCheckedIn" });
  });
});

describe("the place check", () => {
  it("refuses and records a position outside the radius; 'anyway' is accepted with withinRadius=false; no position is accepted with null", async () => {
    const { shift, secret, volunteer } = await shiftWithVolunteer({ startedHoursAgo: 0.5, hours: 3, place: true });
    const far = await attempt(volunteer.id, shift.id, secret, { position: FAR });
    expect(far).toMatchObject({ accepted: false, refusal: "outsidePlace", offerAnyway: true });
    const [refused] = await eventsOf(volunteer.id);
    expect(refused).toMatchObject({ accepted: false, refusal: "outsidePlace", withinRadius: false, latitude: FAR.lat, longitude: FAR.lon });
    expect(refused!.distanceM).toBeGreaterThan(1000);
    expect((await env.prisma.shiftSignup.findUniqueOrThrow({ where: { id: volunteer.signupId } })).status).toBe("CONFIRMED");

    const anyway = await attempt(volunteer.id, shift.id, secret, { position: FAR, anyway: true });
    expect(anyway).toMatchObject({ accepted: true, withinRadius: false });
    const accepted = (await eventsOf(volunteer.id))[1]!;
    expect(accepted).toMatchObject({ accepted: true, withinRadius: false, refusal: null });

    const near = await signedUp(shift.id);
    expect(await attempt(near.id, shift.id, secret, { position: NEAR })).toMatchObject({ accepted: true, withinRadius: true });
    const blind = await signedUp(shift.id);
    expect(await attempt(blind.id, shift.id, secret, { position: null })).toMatchObject({ accepted: true, withinRadius: null });
    expect((await eventsOf(blind.id))[0]).toMatchObject({ accepted: true, withinRadius: null, latitude: null, distanceM: null });
    // Positions are never in the audit trail.
    const audit = await env.prisma.auditLog.findMany({ where: { entityId: { in: [volunteer.signupId, near.signupId] } } });
    expect(audit.length).toBe(2);
    expect(JSON.stringify(audit.map((a) => ({ ...a, id: String(a.id) })))).not.toContain(String(FAR.lat));
  });

  it("does not let a huge claimed accuracy pass from far away", async () => {
    expect(haversineMeters({ lat: PLACE.latitude, lon: PLACE.longitude }, FAR)).toBeGreaterThan(1000);
    const { shift, secret, volunteer } = await shiftWithVolunteer({ startedHoursAgo: 0.5, hours: 3, place: true });
    expect(await attempt(volunteer.id, shift.id, secret, { position: { ...FAR, accuracy: 50_000 } })).toMatchObject({ accepted: false, refusal: "outsidePlace" });
  });

  it("validates the shift's place fields: ranges, all or nothing, coverage 10–100", () => {
    const base = { date: "2099-01-01", startTime: "09:00", endTime: "12:00", place: "朝天门广场", capacity: "5" };
    expect(ShiftUpdateSchema.safeParse({ ...base, latitude: "29.56", longitude: "106.58", radiusMeters: "200", minCoveragePercent: "70" }).data).toMatchObject({ latitude: 29.56, longitude: 106.58, radiusMeters: 200, minCoveragePercent: 70 });
    const partial = ShiftUpdateSchema.safeParse({ ...base, latitude: "29.56" });
    expect(partial.success).toBe(false);
    expect(partial.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["longitude", "checkin.errors.placeAllOrNothing"],
      ["radiusMeters", "checkin.errors.placeAllOrNothing"],
    ]);
    for (const [k, v] of [["latitude", "91"], ["longitude", "-181"], ["radiusMeters", "19"], ["radiusMeters", "5001"], ["minCoveragePercent", "9"], ["minCoveragePercent", "101"], ["latitude", "abc"]] as const) {
      expect(ShiftUpdateSchema.safeParse({ ...base, latitude: "29.5", longitude: "106.5", radiusMeters: "100", [k]: v }).success, `${k}=${v}`).toBe(false);
    }
    expect(CheckInFormSchema.safeParse({ shiftId: "abc", code: "12345", kind: "IN" }).success).toBe(false);
    expect(CheckInFormSchema.parse({ shiftId: "abc", code: "123456", kind: "OUT", lat: "29.5" })).toMatchObject({ position: null });
  });
});

describe("coverage, source and the cap on hours entered by hand", () => {
  it("refuses confirmation below the shift's coverage, confirms above it as CHECK_IN", async () => {
    const { confirmHours } = await import("~/modules/volunteering/attendance.server");
    // A three-hour shift that ended an hour ago.
    const { shift, secret, volunteer: good } = await shiftWithVolunteer({ startedHoursAgo: 4, hours: 3 });
    const at = (minutesAfterStart: number) => new Date(shift.startsAt.getTime() + minutesAfterStart * 60_000);
    expect(await attempt(good.id, shift.id, secret, { at: at(-5) })).toMatchObject({ accepted: true });
    expect(await attempt(good.id, shift.id, secret, { kind: "OUT", at: at(175) })).toMatchObject({ accepted: true, kind: "OUT" });
    const short = await signedUp(shift.id);
    expect(await attempt(short.id, shift.id, secret, { at: at(90) })).toMatchObject({ accepted: true });
    expect(await attempt(short.id, shift.id, secret, { kind: "OUT", at: at(180) })).toMatchObject({ accepted: true });

    await expect(confirmHours(org.id, owner.id, short.signupId, { minutes: 90, role: "志愿者" })).rejects.toMatchObject({
      messageKey: "checkin.errors.coverageTooLow",
      status: 400,
      details: { coverage: 50, required: 60 },
      fieldErrors: { hours: "checkin.errors.coverageTooLow" },
    });
    const record = await confirmHours(org.id, owner.id, good.signupId, { minutes: 175, role: "志愿者" });
    expect(await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: record.id } })).toMatchObject({ source: "CHECK_IN", minutes: 175, standing: "NOTICE" });
    // A shift asking for only 50% lets the short one count.
    await env.prisma.shift.update({ where: { id: shift.id }, data: { minCoveragePercent: 50 } });
    const shortRecord = await confirmHours(org.id, owner.id, short.signupId, { minutes: 90, role: "志愿者" });
    expect((await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: shortRecord.id } })).source).toBe("CHECK_IN");
  });

  it("labels staff-marked attendance MANUAL and caps it at the shift's length", async () => {
    const { confirmHours } = await import("~/modules/volunteering/attendance.server");
    const shift = await createShift(env.prisma, { projectId: project.id, startsAt: new Date(Date.now() - 4 * HOUR), hours: 3 });
    const v = await createUser(env.prisma, { profile: true });
    // Checked in by staff half an hour before the start, never checked out.
    const a = await createAttendance(env.prisma, { shiftId: shift.id, userId: v.id, checkedInAt: new Date(shift.startsAt.getTime() - 30 * 60_000), checkedOutAt: null });
    await expect(confirmHours(org.id, owner.id, a.id, { minutes: 195, role: "志愿者" })).rejects.toMatchObject({ messageKey: "checkin.errors.aboveShiftLength", details: { hours: 3 }, fieldErrors: { hours: "checkin.errors.aboveShiftLength" } });
    const record = await confirmHours(org.id, owner.id, a.id, { minutes: 180, role: "志愿者" });
    expect((await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: record.id } })).source).toBe("MANUAL");

    // Checked in by code but checked out by staff: MANUAL too.
    const { secret, volunteer, shift: s2 } = await shiftWithVolunteer({ startedHoursAgo: 2, hours: 3 });
    expect(await attempt(volunteer.id, s2.id, secret, { at: new Date(s2.startsAt.getTime() + 60_000) })).toMatchObject({ accepted: true });
    const { markAttendance } = await import("~/modules/volunteering/attendance.server");
    await markAttendance(org.id, owner.id, volunteer.signupId, "checkOut");
    const r2 = await confirmHours(org.id, owner.id, volunteer.signupId, { minutes: 60, role: "志愿者" });
    expect((await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: r2.id } })).source).toBe("MANUAL");
  });
});

describe("the organizer's countersignature", () => {
  it("confirms the covered check-ins at once, leaves the others, refuses a volunteer of the shift, and closes check-in", async () => {
    const { countersignRoster, organizerCode } = await svc();
    const { shift, secret, volunteer: covered } = await shiftWithVolunteer({ startedHoursAgo: 3.5, hours: 3 });
    const at = (minutesAfterStart: number) => new Date(shift.startsAt.getTime() + minutesAfterStart * 60_000);
    await attempt(covered.id, shift.id, secret, { at: at(2) });
    await attempt(covered.id, shift.id, secret, { kind: "OUT", at: at(170) });
    const low = await signedUp(shift.id);
    await attempt(low.id, shift.id, secret, { at: at(120) });
    await attempt(low.id, shift.id, secret, { kind: "OUT", at: at(179) });
    const noOut = await signedUp(shift.id);
    await attempt(noOut.id, shift.id, secret, { at: at(0) });
    // The coordinator volunteers on this shift: no code, no countersignature.
    await env.prisma.shiftSignup.create({ data: { shiftId: shift.id, userId: coordinator.id, status: "CONFIRMED" } });
    await expect(countersignRoster(org.id, coordinator.id, shift.id)).rejects.toMatchObject({ messageKey: "checkin.errors.ownShift", status: 403 });
    await expect(organizerCode(org.id, coordinator.id, shift.id)).rejects.toMatchObject({ messageKey: "checkin.errors.ownShift" });
    // Not before the shift starts.
    const future = await createShift(env.prisma, { projectId: project.id, startsAt: new Date(Date.now() + 5 * HOUR) });
    await expect(countersignRoster(org.id, owner.id, future.id)).rejects.toMatchObject({ messageKey: "volunteering.errors.shiftNotStarted" });

    const res = await countersignRoster(org.id, owner.id, shift.id);
    expect(res.confirmed).toEqual([covered.signupId]);
    expect(res.left.sort()).toEqual([low.signupId].sort());
    const record = await env.prisma.serviceRecord.findUniqueOrThrow({ where: { signupId: covered.signupId } });
    // Covered 168 minutes → 165 (quarter hours, rounded down).
    expect(record).toMatchObject({ minutes: 165, source: "CHECK_IN", confirmedById: owner.id });
    expect(await env.prisma.serviceRecord.count({ where: { signupId: { in: [low.signupId, noOut.signupId] } } })).toBe(0);
    expect(await env.prisma.shift.findUniqueOrThrow({ where: { id: shift.id }, select: { rosterSignedById: true } })).toEqual({ rosterSignedById: owner.id });
    expect(await env.prisma.auditLog.count({ where: { action: "shift.rosterCountersigned", entityId: shift.id, actorId: owner.id } })).toBe(1);
    await expect(countersignRoster(org.id, owner.id, shift.id)).rejects.toMatchObject({ messageKey: "checkin.errors.alreadySigned" });

    // No more self check-outs; the code page says so.
    expect(await attempt(noOut.id, shift.id, secret, { kind: "OUT" })).toMatchObject({ accepted: false, refusal: "rosterSigned" });
    expect(await organizerCode(org.id, owner.id, shift.id)).toMatchObject({ closed: "rosterSigned", code: null });
  });
});
