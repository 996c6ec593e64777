/**
 * #16.4 Several app processes: an import job claimed by one process but not yet locked by it can be
 * seen by another process polling the job, which takes it for interrupted and gives it back for
 * confirmation (app/modules/spreadsheets/import.server.ts). The claiming process must then stand
 * down, or the rows would be written once now and once more after the user confirms again.
 *
 * The built app (startTestApp) plays the polling process; the service module imported here has its
 * own module state, like another process, and plays the one that claimed the job.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";

let app: TestApp;
let prisma: PrismaClient;
let staff: TestClient;
let staffId: string;

type Job = { status: string; totalRows: number; doneRows: number; running: boolean };
const status = async (id: string) => (await (await staff.get(`/staff/import/${id}/status`)).json()) as Job;
const file = () => readFileSync(new URL("../fixtures/import/activities-corrected.csv", import.meta.url));

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const owner = await createUser(prisma);
  // The organizations the fixture's rows name.
  await createOrganization(prisma, { createdById: owner.id, districtCode: "500114", creditCode: "52500114MJ0000601D", type: "SOCIAL_SERVICE_AGENCY" });
  await createOrganization(prisma, { createdById: owner.id, districtCode: "500103", creditCode: "53500103MJ0000602F", type: "FOUNDATION" });
  const s = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  staffId = s.id;
  staff = new TestClient(app.baseUrl);
  await staff.signIn(s.email, s.password);
});

afterAll(async () => {
  await app?.close();
});

describe("an import claimed by one process and polled on another", () => {
  it("is written once: the claimer stands down when the poller gave the job back first", async () => {
    const { runImport } = await import("~/modules/spreadsheets/import.server");
    // The user's confirmation on process A claimed the job; A has not taken its lock yet.
    const job = await prisma.importJob.create({ data: { kind: "activities", fileName: "activities-corrected.csv", fileData: file(), status: "IMPORTING", totalRows: 10, createdById: staffId } });
    // Process B serves the page's poll: nobody holds the lock, so the job is given back.
    expect((await status(job.id)).status).toBe("VALID");
    // A now gets to its lock, sees the job is no longer IMPORTING, and writes nothing.
    await runImport(job.id);
    expect(await prisma.activity.count({ where: { importJobId: job.id } })).toBe(0);
    expect((await prisma.importJob.findUniqueOrThrow({ where: { id: job.id }, select: { status: true } })).status).toBe("VALID");

    // The user confirms again: the rows are written exactly once.
    expect((await staff.post(`/staff/import/${job.id}`, {})).status).toBe(302);
    await expect.poll(async () => (await status(job.id)).status).toBe("DONE");
    const done = await status(job.id);
    expect(await prisma.activity.count({ where: { importJobId: job.id } })).toBe(done.doneRows);
    expect(done.doneRows).toBeGreaterThan(0);
  });

  it("keeps a finished import finished when a late dry run from the other process gets its turn", async () => {
    const { runDryRun } = await import("~/modules/spreadsheets/import.server");
    // Uploaded on process A, whose dry run has not taken its lock yet; B's poll runs it meanwhile.
    const job = await prisma.importJob.create({ data: { kind: "activities", fileName: "activities-corrected.csv", fileData: file(), status: "VALIDATING", createdById: staffId } });
    await expect.poll(async () => (await status(job.id)).status).toBe("VALID");
    expect((await staff.post(`/staff/import/${job.id}`, {})).status).toBe(302);
    await expect.poll(async () => (await status(job.id)).status).toBe("DONE");
    const written = await prisma.activity.count({ where: { importJobId: job.id } });
    // A's dry run finally runs: the job is no longer being validated, so it leaves it alone
    // (it must not turn DONE back into something that can be confirmed again).
    await runDryRun(job.id);
    expect((await status(job.id)).status).toBe("DONE");
    expect(await prisma.activity.count({ where: { importJobId: job.id } })).toBe(written);
  });
});
