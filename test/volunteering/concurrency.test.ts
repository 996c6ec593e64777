/**
 * Must show: 100 simultaneous sign-ups for a shift with 10 places, on the real database, leave
 * exactly 10 confirmed and 90 waitlisted in order, nobody twice; cancellations promote in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServiceDb, DAY, type ServiceEnv } from "./helpers";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";

let env: ServiceEnv;
let shiftId: string;
let users: { id: string }[];

beforeAll(async () => {
  env = await startServiceDb(20);
  const owner = await createUser(env.prisma);
  const org = await createOrganization(env.prisma, { createdById: owner.id });
  const project = await createProject(env.prisma, { orgId: org.id, createdById: owner.id, title: "李家溪安置区周末志愿服务" });
  const shift = await createShift(env.prisma, { projectId: project.id, capacity: 10, startsAt: new Date(Date.now() + 5 * DAY) });
  shiftId = shift.id;
  users = [];
  for (let i = 0; i < 100; i++) users.push(await createUser(env.prisma, { profile: true }));
});
afterAll(async () => {
  await env?.close();
});

describe("sign-ups under contention", () => {
  it("never exceeds capacity and queues the rest in order", async () => {
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    const results = await Promise.all(users.map((u) => signUpForShift(u.id, shiftId)));

    expect(results.filter((r) => r.status === "CONFIRMED")).toHaveLength(10);
    expect(results.filter((r) => r.status === "WAITLISTED")).toHaveLength(90);
    // The ranks handed back to the 90 callers are exactly 1..90.
    expect(results.filter((r) => r.status === "WAITLISTED").map((r) => r.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));

    const shift = await env.prisma.shift.findUniqueOrThrow({ where: { id: shiftId }, select: { taken: true, capacity: true } });
    expect(shift).toEqual({ taken: 10, capacity: 10 });

    const rows = await env.prisma.shiftSignup.findMany({ where: { shiftId }, select: { userId: true, status: true, waitlistPosition: true, createdAt: true } });
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(100);
    expect(rows.filter((r) => r.status === "CONFIRMED")).toHaveLength(10);
    const waiting = rows.filter((r) => r.status === "WAITLISTED").sort((a, b) => a.waitlistPosition! - b.waitlistPosition!);
    expect(waiting.map((r) => r.waitlistPosition)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    // Queue order is the order in which sign-ups obtained the shift's lock.
    for (let i = 1; i < waiting.length; i++) expect(waiting[i]!.createdAt.getTime()).toBeGreaterThanOrEqual(waiting[i - 1]!.createdAt.getTime());
    const lastConfirmed = Math.max(...rows.filter((r) => r.status === "CONFIRMED").map((r) => r.createdAt.getTime()));
    expect(lastConfirmed).toBeLessThanOrEqual(waiting[0]!.createdAt.getTime());
  });

  it("promotes the head of the waitlist, in order, when confirmed volunteers cancel at once", async () => {
    const { cancelSignup, signUpForShift } = await import("~/modules/volunteering/signups.server");
    const confirmed = await env.prisma.shiftSignup.findMany({ where: { shiftId, status: "CONFIRMED" }, select: { id: true, userId: true }, take: 5 });
    const head = await env.prisma.shiftSignup.findMany({ where: { shiftId, status: "WAITLISTED" }, orderBy: { waitlistPosition: "asc" }, take: 5, select: { userId: true } });
    const late = await createUser(env.prisma, { profile: true });
    // Five cancellations racing one newcomer: the newcomer must not jump the queue.
    const [newcomer] = await Promise.all([signUpForShift(late.id, shiftId), ...confirmed.map((c) => cancelSignup(c.userId, c.id))]);
    expect(newcomer.status).toBe("WAITLISTED");

    const now = await env.prisma.shiftSignup.findMany({ where: { shiftId, status: "CONFIRMED" }, select: { userId: true } });
    expect(now).toHaveLength(10);
    const confirmedIds = new Set(now.map((r) => r.userId));
    for (const h of head) expect(confirmedIds.has(h.userId)).toBe(true);
    expect(confirmedIds.has(late.id)).toBe(false);
    const shift = await env.prisma.shift.findUniqueOrThrow({ where: { id: shiftId }, select: { taken: true } });
    expect(shift.taken).toBe(10);
    const promotedNotes = await env.prisma.notification.count({ where: { kind: "volunteering.promoted", userId: { in: head.map((h) => h.userId) } } });
    expect(promotedNotes).toBe(5);
  });

  it("lets one person hold one place however many times they press the button", async () => {
    const { signUpForShift } = await import("~/modules/volunteering/signups.server");
    const eager = await createUser(env.prisma, { profile: true });
    const other = await createShift(env.prisma, { projectId: (await env.prisma.shift.findUniqueOrThrow({ where: { id: shiftId } })).projectId, capacity: 3, startsAt: new Date(Date.now() + 9 * DAY) });
    const settled = await Promise.allSettled(Array.from({ length: 8 }, () => signUpForShift(eager.id, other.id)));
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    for (const s of settled) if (s.status === "rejected") expect(s.reason).toMatchObject({ messageKey: "volunteering.errors.alreadySignedUp" });
    expect(await env.prisma.shiftSignup.count({ where: { shiftId: other.id, userId: eager.id } })).toBe(1);
  });
});
