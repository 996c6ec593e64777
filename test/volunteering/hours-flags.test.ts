/**
 * Issue 15.1, flags for review: each of the five flags is raised by a constructed case and not by
 * the honest case next to it. Records are made through the real confirmation (confirmHours), which
 * runs assessNewRecord in its transaction; check-in events are written directly, as the check-in
 * service would.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServiceDb, HOUR, type ServiceEnv } from "./helpers";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift, dayFromToday } from "../support/factories/volunteering";
import { addOrgMember, createAttendance } from "../support/factories/hours";

let env: ServiceEnv;
let org: { id: string };
let project: { id: string };
let other: { id: string };

beforeAll(async () => {
  env = await startServiceDb();
  const owner = await createUser(env.prisma, { profile: true });
  org = await createOrganization(env.prisma, { createdById: owner.id });
  project = await createProject(env.prisma, { orgId: org.id, createdById: owner.id, title: "李家溪社区服务" });
  other = await createProject(env.prisma, { orgId: org.id, createdById: owner.id, title: "敬老院探访" });
});
afterAll(async () => {
  await env?.close();
});

/** `hour` o'clock Beijing time, `days` from today (negative: in the past). */
const at = (days: number, hour = 9) => new Date(dayFromToday(days).getTime() + (hour - 8) * HOUR);

/** A fresh coordinator: the late-bulk rule looks at what one confirmer entered, so tests must not share one. */
const coordinator = () => addOrgMember(env.prisma, org.id, "COORDINATOR");

async function confirm(confirmerId: string, shift: { id: string }, userId: string, minutes: number) {
  const { confirmHours } = await import("~/modules/volunteering/attendance.server");
  const s = await createAttendance(env.prisma, { shiftId: shift.id, userId });
  return confirmHours(org.id, confirmerId, s.id, { minutes, role: "志愿者" });
}

async function standingOf(recordId: string) {
  const r = await env.prisma.serviceRecord.findUniqueOrThrow({ where: { id: recordId }, select: { standing: true, noticeEndsAt: true, flags: { select: { kind: true, detail: true } } } });
  return { ...r, kinds: r.flags.map((f) => f.kind).sort() };
}

describe("an honest record", () => {
  it("raises no flag and goes on notice for 7 days", async () => {
    const c = await coordinator();
    const v = await createUser(env.prisma, { profile: true });
    const shift = await createShift(env.prisma, { projectId: project.id, startsAt: at(-1), hours: 3 });
    const before = Date.now();
    const r = await confirm(c.id, shift, v.id, 180);
    const s = await standingOf(r.id);
    expect(s.kinds).toEqual([]);
    expect(s.standing).toBe("NOTICE");
    const days = (s.noticeEndsAt!.getTime() - before) / (24 * HOUR);
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
  });
});

describe("OVERLAP", () => {
  it("flags a second record whose shift overlaps the first, not back-to-back shifts or a rejected one", async () => {
    const c = await coordinator();
    const v = await createUser(env.prisma, { profile: true });
    const a = await createShift(env.prisma, { projectId: project.id, startsAt: at(-2, 9), hours: 3 });
    const b = await createShift(env.prisma, { projectId: other.id, startsAt: at(-2, 11), hours: 2 });
    const first = await confirm(c.id, a, v.id, 180);
    expect((await standingOf(first.id)).standing).toBe("NOTICE");
    const second = await confirm(c.id, b, v.id, 120);
    const s = await standingOf(second.id);
    expect(s.kinds).toEqual(["OVERLAP"]);
    expect(s.standing).toBe("FLAGGED");
    expect(s.noticeEndsAt).toBeNull();
    expect(s.flags[0]!.detail).toMatchObject({ records: 1, from: at(-2, 11).toISOString(), to: at(-2, 12).toISOString() });

    // Honest: 09–12 then 12–14 the same day touch but do not overlap.
    const w = await createUser(env.prisma, { profile: true });
    const m = await createShift(env.prisma, { projectId: project.id, startsAt: at(-3, 9), hours: 3 });
    const n = await createShift(env.prisma, { projectId: other.id, startsAt: at(-3, 12), hours: 2 });
    await confirm(c.id, m, w.id, 180);
    expect((await standingOf((await confirm(c.id, n, w.id, 120)).id)).kinds).toEqual([]);

    // A rejected record is not a reason to hold another.
    const x = await createUser(env.prisma, { profile: true });
    const p = await createShift(env.prisma, { projectId: project.id, startsAt: at(-4, 9), hours: 3 });
    const q = await createShift(env.prisma, { projectId: other.id, startsAt: at(-4, 10), hours: 3 });
    const rejected = await confirm(c.id, p, x.id, 180);
    await env.prisma.serviceRecord.update({ where: { id: rejected.id }, data: { standing: "REJECTED", noticeEndsAt: null } });
    expect((await standingOf((await confirm(c.id, q, x.id, 180)).id)).kinds).toEqual([]);
  });
});

describe("DAY_OVER_12H", () => {
  it("flags more than 12 hours in one Beijing day, not exactly 12", async () => {
    const c = await coordinator();
    const v = await createUser(env.prisma, { profile: true });
    const morning = await createShift(env.prisma, { projectId: project.id, startsAt: at(-5, 6), hours: 8 });
    const evening = await createShift(env.prisma, { projectId: other.id, startsAt: at(-5, 14), hours: 5 });
    await confirm(c.id, morning, v.id, 8 * 60);
    const late = await confirm(c.id, evening, v.id, 5 * 60);
    const s = await standingOf(late.id);
    expect(s.kinds).toEqual(["DAY_OVER_12H"]);
    expect(s.flags[0]!.detail).toMatchObject({ minutes: 13 * 60, limit: 12 * 60 });

    const w = await createUser(env.prisma, { profile: true });
    const m = await createShift(env.prisma, { projectId: project.id, startsAt: at(-6, 6), hours: 8 });
    const e = await createShift(env.prisma, { projectId: other.id, startsAt: at(-6, 14), hours: 4 });
    await confirm(c.id, m, w.id, 8 * 60);
    const ok = await confirm(c.id, e, w.id, 4 * 60);
    expect((await standingOf(ok.id)).kinds).toEqual([]);
  });
});

describe("LATE_BULK_ENTRY", () => {
  it("flags five records entered together for shifts more than 7 days past — all five", async () => {
    const c = await coordinator();
    const shift = await createShift(env.prisma, { projectId: project.id, startsAt: at(-10), hours: 3, capacity: 20 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const v = await createUser(env.prisma, { profile: true });
      ids.push((await confirm(c.id, shift, v.id, 180)).id);
    }
    for (const id of ids) {
      const s = await standingOf(id);
      expect(s.kinds).toEqual(["LATE_BULK_ENTRY"]);
      expect(s.standing).toBe("FLAGGED");
    }
    const detail = (await standingOf(ids[4]!)).flags[0]!.detail as { records: number; days: number };
    expect(detail.records).toBe(5);
    // The shift ended 9–10 days ago, depending on the hour the test runs.
    expect(detail.days).toBeGreaterThanOrEqual(9);
  });

  it("does not flag one honest late entry, nor many timely ones", async () => {
    const c = await coordinator();
    const old = await createShift(env.prisma, { projectId: project.id, startsAt: at(-12), hours: 3 });
    const v = await createUser(env.prisma, { profile: true });
    expect((await standingOf((await confirm(c.id, old, v.id, 180)).id)).kinds).toEqual([]);

    const d = await coordinator();
    const recent = await createShift(env.prisma, { projectId: project.id, startsAt: at(-2), hours: 3, capacity: 20 });
    for (let i = 0; i < 6; i++) {
      const w = await createUser(env.prisma, { profile: true });
      expect((await standingOf((await confirm(d.id, recent, w.id, 180)).id)).kinds).toEqual([]);
    }
  });
});

describe("SHARED_DEVICE", () => {
  async function checkedIn(shiftId: string, userId: string, deviceHash: string, accepted = true) {
    await env.prisma.checkInEvent.create({ data: { shiftId, userId, kind: "IN", accepted, deviceHash, refusal: accepted ? null : "STALE_CODE" } });
  }

  it("flags a volunteer whose check-in device served three people on the shift, not two", async () => {
    const c = await coordinator();
    const shift = await createShift(env.prisma, { projectId: project.id, startsAt: at(-1, 14), hours: 3 });
    const [a, b, d] = [await createUser(env.prisma, { profile: true }), await createUser(env.prisma, { profile: true }), await createUser(env.prisma, { profile: true })];
    for (const u of [a, b, d]) await checkedIn(shift.id, u.id, "device-one");
    const s = await standingOf((await confirm(c.id, shift, a.id, 180)).id);
    expect(s.kinds).toEqual(["SHARED_DEVICE"]);
    expect(s.flags[0]!.detail).toMatchObject({ users: 3 });

    // Two people on one phone (a parent and child), and a third whose attempt was refused: no flag.
    const shift2 = await createShift(env.prisma, { projectId: project.id, startsAt: at(-1, 18), hours: 2 });
    const [e, f, g] = [await createUser(env.prisma, { profile: true }), await createUser(env.prisma, { profile: true }), await createUser(env.prisma, { profile: true })];
    await checkedIn(shift2.id, e.id, "device-two");
    await checkedIn(shift2.id, f.id, "device-two");
    await checkedIn(shift2.id, g.id, "device-two", false);
    await checkedIn(shift2.id, g.id, "device-three");
    expect((await standingOf((await confirm(c.id, shift2, e.id, 120)).id)).kinds).toEqual([]);
    expect((await standingOf((await confirm(c.id, shift2, g.id, 120)).id)).kinds).toEqual([]);
  });
});

describe("OUTSIDE_PLACE", () => {
  const place = { latitude: 29.53, longitude: 108.77, radiusMeters: 200 };

  it("flags a check-in outside the radius or without a position, not one inside it or a shift without a place", async () => {
    const c = await coordinator();
    const shift = await createShift(env.prisma, { projectId: project.id, startsAt: at(-2, 15), hours: 2, capacity: 10 });
    await env.prisma.shift.update({ where: { id: shift.id }, data: place });
    const [far, unknown, near] = [await createUser(env.prisma, { profile: true }), await createUser(env.prisma, { profile: true }), await createUser(env.prisma, { profile: true })];
    await env.prisma.checkInEvent.createMany({
      data: [
        { shiftId: shift.id, userId: far.id, kind: "IN", accepted: true, deviceHash: "d-far", withinRadius: false, distanceM: 5300 },
        { shiftId: shift.id, userId: unknown.id, kind: "IN", accepted: true, deviceHash: "d-unknown", withinRadius: null },
        { shiftId: shift.id, userId: near.id, kind: "IN", accepted: true, deviceHash: "d-near", withinRadius: true, distanceM: 40 },
      ],
    });
    const sFar = await standingOf((await confirm(c.id, shift, far.id, 120)).id);
    expect(sFar.kinds).toEqual(["OUTSIDE_PLACE"]);
    expect(sFar.flags[0]!.detail).toMatchObject({ radius: 200, distance: 5300 });
    expect((await standingOf((await confirm(c.id, shift, unknown.id, 120)).id)).kinds).toEqual(["OUTSIDE_PLACE"]);
    expect((await standingOf((await confirm(c.id, shift, near.id, 120)).id)).kinds).toEqual([]);

    const free = await createShift(env.prisma, { projectId: project.id, startsAt: at(-2, 18), hours: 2 });
    const v = await createUser(env.prisma, { profile: true });
    await env.prisma.checkInEvent.create({ data: { shiftId: free.id, userId: v.id, kind: "IN", accepted: true, deviceHash: "d-free", withinRadius: null } });
    expect((await standingOf((await confirm(c.id, free, v.id, 120)).id)).kinds).toEqual([]);
  });
});
