/**
 * Issue 15.1 and the statistics: hours rejected on review leave the volunteer-hour rollups (the
 * trigger follows ServiceRecord.standing); hours flagged or on notice stay counted as activity.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServiceDb, HOUR, type ServiceEnv } from "./helpers";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift, dayFromToday } from "../support/factories/volunteering";
import { addOrgMember, createAttendance, createServiceRecord } from "../support/factories/hours";

let env: ServiceEnv;

beforeAll(async () => {
  env = await startServiceDb();
});
afterAll(async () => {
  await env?.close();
});

async function rolledUpMinutes(districtCode: string) {
  const [row] = await env.prisma.$queryRaw<{ minutes: bigint | null }[]>`
    SELECT SUM(value) AS minutes FROM "StatDaily" WHERE metric = 'volunteer_minutes' AND "districtCode" = ${districtCode}`;
  return Number(row?.minutes ?? 0n);
}

describe("volunteer-hour statistics and the standing of hours", () => {
  it("drop a record rejected on review and take it back if the decision changes; flagged hours stay as activity", async () => {
    const owner = await createUser(env.prisma, { profile: true });
    const org = await createOrganization(env.prisma, { createdById: owner.id });
    const project = await createProject(env.prisma, { orgId: org.id, createdById: owner.id, title: "统计测试项目" });
    const p = await env.prisma.volunteerProject.findUniqueOrThrow({ where: { id: project.id }, select: { districtCode: true } });
    const coordinator = await addOrgMember(env.prisma, org.id, "COORDINATOR");
    const startsAt = new Date(dayFromToday(-3).getTime() + HOUR);
    const shift = await createShift(env.prisma, { projectId: project.id, startsAt, hours: 3 });
    const before = await rolledUpMinutes(p.districtCode);

    const a = await createAttendance(env.prisma, { shiftId: shift.id, userId: (await createUser(env.prisma, { profile: true })).id });
    const b = await createAttendance(env.prisma, { shiftId: shift.id, userId: (await createUser(env.prisma, { profile: true })).id });
    const ra = await createServiceRecord(env.prisma, { signupId: a.id, minutes: 120, confirmedById: coordinator.id });
    await createServiceRecord(env.prisma, { signupId: b.id, minutes: 90, confirmedById: coordinator.id });
    expect(await rolledUpMinutes(p.districtCode)).toBe(before + 210);

    await env.prisma.serviceRecord.update({ where: { id: ra.id }, data: { standing: "FLAGGED" } });
    expect(await rolledUpMinutes(p.districtCode)).toBe(before + 210);
    await env.prisma.serviceRecord.update({ where: { id: ra.id }, data: { standing: "REJECTED" } });
    expect(await rolledUpMinutes(p.districtCode)).toBe(before + 90);
    await env.prisma.serviceRecord.update({ where: { id: ra.id }, data: { standing: "COUNTED" } });
    expect(await rolledUpMinutes(p.districtCode)).toBe(before + 210);
  });
});
