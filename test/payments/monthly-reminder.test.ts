/**
 * Monthly giving by reminder (no recurring provider): the job sends the month's reminder once even
 * when run twice at once; the pay link opens an ordinary checkout whose payment becomes the month's
 * donation; an unpaid month is SKIPPED a month later; paused months are skipped until the pause ends;
 * the amount can be changed; only the donor reaches a gift and only the host's finance roles its page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createFund, ensureLedgerSql } from "../support/factories/funding";
import { currentPeriod, nextPeriod } from "./monthly-support";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let runMonthlyJob: (now?: Date) => Promise<Record<string, number>>;
let orgId: string;
let campaignId: string;
let fundId: string;
let alice: TestClient;
let bob: TestClient;
let aliceUser: { id: string };
let users: Record<"finance" | "member" | "otherOwner", { email: string; password: string }>;
let aliceGift: string;
let bobGift: string;

const DAY = 86_400_000;
const todayYmd = (now = new Date()) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
const dueToday = (id: string) => prisma.monthlyGift.update({ where: { id }, data: { nextChargeOn: new Date(`${todayYmd()}T00:00:00Z`) } });

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  ({ runMonthlyJob } = (await import("~/modules/monthly/job.server")) as unknown as { runMonthlyJob: typeof runMonthlyJob });
  await ensureLedgerSql(prisma);
  const owner = await createUser(prisma);
  const finance = await createUser(prisma);
  const member = await createUser(prisma);
  const otherOwner = await createUser(prisma);
  users = { finance, member, otherOwner };
  const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true, members: [{ userId: finance.id, role: "FINANCE" }, { userId: member.id, role: "MEMBER" }] });
  await createOrganization(prisma, { createdById: otherOwner.id });
  orgId = org.id;
  campaignId = (await createCampaign(prisma, { orgId, createdById: owner.id, deadlineInDays: 200 })).id;
  fundId = (await createFund(prisma, { orgId, createdById: owner.id, status: "ACTIVE" })).id;
  const a = await createUser(prisma, { displayName: "王爱心" });
  const b = await createUser(prisma, { displayName: "赵匿名" });
  aliceUser = a;
  alice = new TestClient(app.baseUrl);
  await alice.signIn(a.email, a.password);
  bob = new TestClient(app.baseUrl);
  await bob.signIn(b.email, b.password);
});

afterAll(async () => {
  await app?.close();
});

describe("a reminder gift", () => {
  it("starts without a provider and is listed on the donor's page; the campaign page links to it", async () => {
    const campaignPage = await (await alice.get(`/campaigns/${campaignId}`)).text();
    expect(campaignPage).toContain(`/monthly/new?campaignId=${campaignId}`);
    const short = await createCampaign(prisma, { orgId, createdById: aliceUser.id, deadlineInDays: 10 });
    expect(await (await alice.get(`/campaigns/${short.id}`)).text()).not.toContain("/monthly/new?");
    expect((await alice.post("/monthly/new", { campaignId: short.id, amount: "30", dayOfMonth: "5" })).status).toBe(409);

    const res = await alice.post("/monthly/new", { fundId, amount: "30", dayOfMonth: "5", donorName: "王女士" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/me\/monthly\/\w+$/);
    aliceGift = res.headers.get("Location")!.split("/").at(-1)!;
    expect(await prisma.monthlyGift.findUniqueOrThrow({ where: { id: aliceGift } })).toMatchObject({ method: "REMINDER", provider: null, amountFen: 3000n, status: "ACTIVE" });
    const list = await (await alice.get("/me/monthly")).text();
    expect(list).toContain(`/me/monthly/${aliceGift}`);
  });

  it("the job run twice at once sends one reminder for the month", async () => {
    await dueToday(aliceGift);
    await Promise.all([runMonthlyJob(), runMonthlyJob()]);
    const period = currentPeriod();
    const charges = await prisma.monthlyGiftCharge.findMany({ where: { giftId: aliceGift } });
    expect(charges.map((c) => [c.period, c.status])).toEqual([[period, "DUE"]]);
    const notes = await prisma.notification.findMany({ where: { userId: aliceUser.id, kind: "monthly.reminder" } });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.link).toBe(`/me/monthly/${aliceGift}/pay/${period}`);
    expect(await prisma.messageOutbox.count({ where: { recipient: aliceUser.id, template: "monthly.reminder" } })).toBe(1);
    const gift = await prisma.monthlyGift.findUniqueOrThrow({ where: { id: aliceGift } });
    expect(gift.nextChargeOn.toISOString().slice(0, 10)).toBe(`${nextPeriod(period)}-05`);
    // A third run changes nothing.
    await runMonthlyJob();
    expect(await prisma.monthlyGiftCharge.count({ where: { giftId: aliceGift } })).toBe(1);
  });

  it("changing the amount applies to the open month", async () => {
    expect((await alice.post(`/me/monthly/${aliceGift}`, { intent: "changeAmount", amount: "0" })).status).toBe(400);
    expect((await alice.post(`/me/monthly/${aliceGift}`, { intent: "changeAmount", amount: "35" })).status).toBe(302);
    expect((await prisma.monthlyGiftCharge.findFirstOrThrow({ where: { giftId: aliceGift } })).amountFen).toBe(3500n);
  });

  it("the pay link starts an ordinary checkout; its payment is the month's donation, once", async () => {
    const period = currentPeriod();
    const page = await alice.get(`/me/monthly/${aliceGift}/pay/${period}`);
    expect(page.status).toBe(200);
    const start = await alice.post(`/me/monthly/${aliceGift}/pay/${period}`, {});
    expect(start.status).toBe(302);
    const checkout = start.headers.get("Location")!;
    expect(checkout).toMatch(/^\/checkout\/test\/cs_test_local_/);
    // Opening the link again closes the first checkout and opens a new one.
    const again = await alice.post(`/me/monthly/${aliceGift}/pay/${period}`, {});
    expect(again.status).toBe(302);
    const checkout2 = again.headers.get("Location")!;
    expect(checkout2).not.toBe(checkout);
    const paid = await alice.post(checkout2, { outcome: "paid" });
    expect(paid.status).toBe(302);
    const charge = await prisma.monthlyGiftCharge.findUniqueOrThrow({ where: { giftId_period: { giftId: aliceGift, period } }, include: { donation: true } });
    expect(charge.status).toBe("PAID");
    expect(charge.donation).toMatchObject({ status: "PAID", frequency: "MONTHLY", monthlyGiftId: aliceGift, amountFen: 3500n, fundId, donorName: "王女士" });
    expect(charge.donation!.receiptCode).toMatch(/^SL-/);
    expect(await prisma.ledgerTransaction.count({ where: { donationId: charge.donationId!, kind: "DONATION" } })).toBe(1);
    expect(await prisma.donation.count({ where: { monthlyGiftId: aliceGift, status: "PAID" } })).toBe(1);
    expect((await alice.post(`/me/monthly/${aliceGift}/pay/${period}`, {})).status).toBe(409);
    expect(await (await alice.get(`/me/monthly/${aliceGift}`)).text()).toContain(`/me/donations/${charge.donationId}/receipt`);
  });

  it("an unpaid month is SKIPPED once the next month comes", async () => {
    const next = nextPeriod(currentPeriod());
    await runMonthlyJob(new Date(Date.now() + 40 * DAY));
    expect((await prisma.monthlyGiftCharge.findUniqueOrThrow({ where: { giftId_period: { giftId: aliceGift, period: next } } })).status).toBe("DUE");
    await runMonthlyJob(new Date(Date.now() + 75 * DAY));
    expect((await prisma.monthlyGiftCharge.findUniqueOrThrow({ where: { giftId_period: { giftId: aliceGift, period: next } } })).status).toBe("SKIPPED");
    expect((await prisma.monthlyGiftCharge.findUniqueOrThrow({ where: { giftId_period: { giftId: aliceGift, period: nextPeriod(next) } } })).status).toBe("DUE");
  });
});

describe("pause", () => {
  it("skips the paused months and resumes with the month it was paused until", async () => {
    const res = await bob.post("/monthly/new", { campaignId, amount: "20", dayOfMonth: "1", anonymous: "on" });
    expect(res.status).toBe(302);
    bobGift = res.headers.get("Location")!.split("/").at(-1)!;
    const until = nextPeriod(currentPeriod(), 2);
    expect((await bob.post(`/me/monthly/${bobGift}`, { intent: "pause", until: nextPeriod(currentPeriod(), 13) })).status).toBe(400);
    expect((await bob.post(`/me/monthly/${bobGift}`, { intent: "pause", until })).status).toBe(302);
    await prisma.monthlyGift.update({ where: { id: bobGift }, data: { nextChargeOn: new Date(`${currentPeriod()}-01T00:00:00Z`) } });
    await runMonthlyJob();
    await runMonthlyJob(new Date(Date.now() + 35 * DAY));
    const skipped = await prisma.monthlyGiftCharge.findMany({ where: { giftId: bobGift }, orderBy: { period: "asc" } });
    expect(skipped.map((c) => c.status)).toEqual(["SKIPPED", "SKIPPED"]);
    await runMonthlyJob(new Date(Date.now() + 65 * DAY));
    const gift = await prisma.monthlyGift.findUniqueOrThrow({ where: { id: bobGift } });
    expect(gift.status).toBe("ACTIVE");
    expect((await prisma.monthlyGiftCharge.findUniqueOrThrow({ where: { giftId_period: { giftId: bobGift, period: until } } })).status).toBe("DUE");
  });
});

describe("access", () => {
  it("another donor cannot see, change or pay someone's gift", async () => {
    expect((await bob.get(`/me/monthly/${aliceGift}`)).status).toBe(404);
    expect((await bob.post(`/me/monthly/${aliceGift}`, { intent: "cancel" })).status).toBe(404);
    expect((await bob.post(`/me/monthly/${aliceGift}`, {})).status).toBe(404);
    expect((await bob.get(`/me/monthly/${aliceGift}/pay/${currentPeriod()}`)).status).toBe(404);
    expect((await bob.post(`/me/monthly/${aliceGift}/pay/${currentPeriod()}`, {})).status).toBe(404);
    expect((await prisma.monthlyGift.findUniqueOrThrow({ where: { id: aliceGift } })).status).toBe("ACTIVE");
    expect(await (await bob.get("/me/monthly")).text()).not.toContain(aliceGift);
  });

  it("the host page is for the organization's finance roles; anonymous donors stay anonymous", async () => {
    const other = new TestClient(app.baseUrl);
    await other.signIn(users.otherOwner.email, users.otherOwner.password);
    expect((await other.get(`/org/${orgId}/monthly`)).status).toBe(403);
    const member = new TestClient(app.baseUrl);
    await member.signIn(users.member.email, users.member.password);
    expect((await member.get(`/org/${orgId}/monthly`)).status).toBe(403);
    const finance = new TestClient(app.baseUrl);
    await finance.signIn(users.finance.email, users.finance.password);
    const page = await finance.get(`/org/${orgId}/monthly`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("王女士");
    expect(html).not.toContain("赵匿名");
    expect(html).toContain("匿名");
    // Expected monthly income: 35 + 20 yuan.
    expect(html).toContain("¥55.00");
  });

  it("cancelling ends the gift with its reason, skips the open month, and counts as churn", async () => {
    expect((await alice.post(`/me/monthly/${aliceGift}`, { intent: "cancel", reason: "搬家了" })).status).toBe(302);
    const gift = await prisma.monthlyGift.findUniqueOrThrow({ where: { id: aliceGift } });
    expect(gift).toMatchObject({ status: "CANCELLED", cancelReason: "搬家了" });
    expect(await prisma.monthlyGiftCharge.count({ where: { giftId: aliceGift, status: "DUE" } })).toBe(0);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: aliceGift, action: "monthly.cancelled" } });
    expect(audit.actorId).toBe(aliceUser.id);
  });
});
