/**
 * #16.4 Several app processes: two real `npm start` processes on the same fresh database, behind a
 * round-robin proxy (test/support/round-robin-proxy.ts), share nothing but PostgreSQL. The main
 * journeys run through the proxy, so consecutive requests land on different processes, and the
 * proxy's record proves which one served each request:
 * - a sign-in on one process holds on the other, and a sign-out on one ends it on both;
 * - a flash message set by an action on one process shows on the next page, served by the other;
 * - the sign-in throttle counts attempts made on both;
 * - concurrent sign-ups for a shift through both respect its capacity (the rest wait in line);
 * - a donation through the test checkout and its webhook, delivered several times at once to both,
 *   is recorded once;
 * - an organization's registration, reviewed by staff, is found by search once approved.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/postgres";
import { buildIsStale } from "../../scripts/lib/build";
import { TestClient } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startRoundRobinProxy, type RoundRobinProxy, type Served } from "../support/round-robin-proxy";
import { startScript, type Running } from "../db/script-runner";
import { createUser } from "../support/factories/accounts";
import { createOrganization, nextOrgCode } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import { checkoutEvent, createCampaign, ensureLedgerSql, signPayload } from "../support/factories/funding";
import { makeCreditCode } from "~/modules/organizations/credit-code";
import type { PrismaClient } from "~/generated/prisma/client";

/** What every process of one deployment must share (README "Several app processes"). */
const SHARED = {
  SESSION_SECRET: "two-processes-session-secret-0123456789",
  ID_HASH_KEY: "two-processes-id-hash-key-0123456789",
  ID_ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  STRIPE_WEBHOOK_SECRET: "whsec_two_processes_0123456789",
};

let db: TestDatabase;
let prisma: PrismaClient;
let proxy: RoundRobinProxy;
const apps: Running[] = [];

beforeAll(async () => {
  // Two `npm start`s finding a stale build would both rebuild into the same folder at once.
  if (buildIsStale()) throw new Error("The app is not built or is older than app/: run `npm run build` (npm test does it for you).");
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.ID_HASH_KEY = SHARED.ID_HASH_KEY;
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const ports = [await freePort(), await freePort()];
  const logDir = process.env.SHANLIAN_LOG_FILE ? path.dirname(process.env.SHANLIAN_LOG_FILE) : undefined;
  for (const [i, port] of ports.entries()) {
    apps.push(
      startScript("start", [], {
        ...SHARED,
        DATABASE_URL: db.url,
        // "test": the keyless test checkout, and cookies without Secure over the proxy's plain HTTP.
        NODE_ENV: "test",
        PORT: String(port),
        DATABASE_POOL_SIZE: "8",
        // The delivery loop would start a local mail catcher per process; messages are not under test here.
        MESSAGES_WORKER: "off",
        // The privacy scan of `npm test` reads what these processes log too.
        ...(logDir ? { SHANLIAN_LOG_FILE: path.join(logDir, `two-processes-${process.pid}-${i}.log`) } : {}),
      }),
    );
  }
  await Promise.all(apps.map((a) => a.waitFor(/Serving on http:\/\/localhost:\d+/, 300_000)));
  proxy = await startRoundRobinProxy(ports.map((p) => `http://127.0.0.1:${p}`));
}, 360_000);

afterAll(async () => {
  await proxy?.close();
  for (const a of apps) await a.stop();
  await prisma?.$disconnect();
  await db?.drop();
}, 120_000);

/** The proxy's record of the requests made while `run` ran. */
async function served<T>(run: () => Promise<T>): Promise<{ value: T; log: Served[] }> {
  const from = proxy.served.length;
  const value = await run();
  return { value, log: proxy.served.slice(from) };
}
const upstreams = (log: Served[]) => new Set(log.map((s) => s.upstream));

describe("two app processes behind one address", () => {
  it("keeps a sign-in on both processes, and a sign-out on one ends it on both", async () => {
    const user = await createUser(prisma, { displayName: "两进程用户" });
    const client = new TestClient(proxy.url);
    const { log } = await served(async () => {
      await client.signIn(user.email, user.password);
      for (let i = 0; i < 4; i++) {
        const page = await client.get("/me/volunteering", { followRedirects: false });
        expect(page.status, `request ${i}`).toBe(200);
        expect(await page.text()).toContain("两进程用户");
      }
    });
    expect(log.map((s) => s.upstream)).toEqual([0, 1, 0, 1, 0].map((u) => (u + log[0]!.upstream) % 2));

    const { log: out } = await served(async () => {
      expect((await client.post("/auth/logout", {})).status).toBe(302);
      for (let i = 0; i < 2; i++) expect((await client.get("/me/volunteering", { followRedirects: false })).status).toBe(302);
    });
    expect(upstreams(out).size).toBe(2);
  });

  it("counts sign-in attempts made on both processes against one limit", async () => {
    const user = await createUser(prisma);
    const client = new TestClient(proxy.url);
    const { value: statuses, log } = await served(async () => {
      const s: number[] = [];
      for (let i = 0; i < 6; i++) s.push((await client.post("/auth/login", { email: user.email, password: "wrong-password1" })).status);
      return s;
    });
    expect(upstreams(log).size).toBe(2);
    // Five checked (three on one process, two on the other), the sixth refused: one count, not two.
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const right = await client.post("/auth/login", { email: user.email, password: user.password });
    expect(right.status).toBe(429);
    expect(await right.text()).toContain("登录尝试过于频繁");
  });

  it("shows a flash message set on one process on the next page, served by the other, and fills a shift no further than its capacity", async () => {
    const owner = await createUser(prisma);
    const org = await createOrganization(prisma, { createdById: owner.id, isVolunteerGroup: true });
    const project = await createProject(prisma, { orgId: org.id, createdById: owner.id });
    const shift = await createShift(prisma, { projectId: project.id, capacity: 3 });

    const first = new TestClient(proxy.url);
    const volunteer = await createUser(prisma, { profile: true });
    await first.signIn(volunteer.email, volunteer.password);
    const { value: page, log } = await served(async () => {
      const res = await first.request(`/projects/${project.id}`, { method: "POST", body: new URLSearchParams({ intent: "signup", shiftId: shift.id }), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
      return res.text();
    });
    // The action (302 with the flash cookie) and the page after it came from different processes.
    expect(log.map((s) => [s.method, s.status])).toEqual([
      ["POST", 302],
      ["GET", 200],
    ]);
    expect(log[0]!.upstream).not.toBe(log[1]!.upstream);
    // The flash banner itself (the page's texts, sent with it, hold the same words).
    const flashOf = (html: string) => /<div class="flash flash-\w+" role="status">([^<]*)<\/div>/.exec(html)?.[1] ?? null;
    expect(flashOf(page)).toContain("报名成功");
    // Read once: the next page, from the first process again, no longer shows it.
    expect(flashOf(await (await first.get(`/projects/${project.id}`)).text())).toBeNull();

    // Eight more volunteers at once, through both processes, for the two places left.
    const others: TestClient[] = [];
    for (let i = 0; i < 8; i++) {
      // One at a time: the factory derives each ID number from its call count.
      const u = await createUser(prisma, { profile: true });
      const c = new TestClient(proxy.url);
      await c.signIn(u.email, u.password);
      others.push(c);
    }
    const { value: answers, log: rush } = await served(() =>
      Promise.all(others.map((c) => c.post(`/projects/${project.id}`, { intent: "signup", shiftId: shift.id }))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(302));
    expect(upstreams(rush).size).toBe(2);
    const signups = await prisma.shiftSignup.findMany({ where: { shiftId: shift.id }, select: { status: true, waitlistPosition: true } });
    expect(signups.filter((s) => s.status === "CONFIRMED")).toHaveLength(3);
    const waiting = signups.filter((s) => s.status === "WAITLISTED").map((s) => s.waitlistPosition);
    expect(waiting.sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("records a donation once when its webhook reaches both processes at the same time", async () => {
    const owner = await createUser(prisma);
    const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
    const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id });
    const guest = new TestClient(proxy.url);

    const give = await guest.post(`/campaigns/${campaign.id}`, { intent: "donate", preset: "other", amount: "88", email: "two-processes@example.cn" });
    expect(give.status).toBe(302);
    const checkout = give.headers.get("Location")!;
    expect(checkout).toMatch(/^\/checkout\/test\/cs_test_local_[0-9a-f]+$/);
    expect(await (await guest.get(checkout)).text()).toContain("88.00");

    // The provider delivers the same event four times at once (retries): two per process.
    const sessionId = checkout.split("/").at(-1)!;
    const pending = await prisma.donation.findUniqueOrThrow({ where: { providerSessionId: sessionId }, select: { id: true, amountFen: true } });
    const event = checkoutEvent({ sessionId, donationId: pending.id, amountFen: pending.amountFen });
    const signature = signPayload(event, SHARED.STRIPE_WEBHOOK_SECRET);
    const { value: deliveries, log } = await served(() =>
      Promise.all(
        Array.from({ length: 4 }, async () => {
          const res = await fetch(`${proxy.url}/api/webhooks/stripe`, { method: "POST", body: event, headers: { "Content-Type": "application/json", "Stripe-Signature": signature } });
          return { status: res.status, body: (await res.json()) as { result?: string } };
        }),
      ),
    );
    expect(upstreams(log).size).toBe(2);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    expect(deliveries.filter((d) => d.body.result === "recorded")).toHaveLength(1);

    const donation = await prisma.donation.findUniqueOrThrow({ where: { id: pending.id }, select: { status: true, accessToken: true } });
    expect(donation.status).toBe("PAID");
    expect(await prisma.ledgerTransaction.count({ where: { donationId: pending.id, kind: "DONATION" } })).toBe(1);
    // The test checkout, on either process, now knows it is paid and refuses to pay again.
    expect((await guest.post(checkout, { outcome: "paid" })).status).toBe(409);
    expect((await guest.get(`/donate/thanks/${donation.accessToken}`)).status).toBe(200);

    // A second donation paid through the test checkout's own button: recorded once as well.
    const again = await guest.post(`/campaigns/${campaign.id}`, { intent: "donate", preset: "other", amount: "12", email: "two-processes@example.cn" });
    const paid = await guest.post(again.headers.get("Location")!, { outcome: "paid" });
    expect(paid.status).toBe(302);
    expect((await guest.get(paid.headers.get("Location")!)).status).toBe(200);
    const second = await prisma.donation.findUniqueOrThrow({ where: { providerSessionId: again.headers.get("Location")!.split("/").at(-1)! }, select: { id: true, status: true } });
    expect(second.status).toBe("PAID");
    expect(await prisma.ledgerTransaction.count({ where: { donationId: second.id, kind: "DONATION" } })).toBe(1);
  });

  it("takes a registration on one process, its review by staff on the other, and finds the approved organization in search", async () => {
    const applicant = new TestClient(proxy.url);
    const founder = await createUser(prisma);
    await applicant.signIn(founder.email, founder.password);
    const name = "两进程测试区助老服务中心";
    const { value: submitted, log } = await served(() =>
      applicant.request("/orgs/new", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams([
          ["name", name],
          ["type", "SOCIAL_SERVICE_AGENCY"],
          ["creditCode", makeCreditCode("SOCIAL_SERVICE_AGENCY", "500114", nextOrgCode())],
          ["districtCode", "500114"],
          ["foundedOn", "2018-03-15"],
          ["address", "重庆市黔江区城东街道 8 号"],
          ["contactName", "刘老师"],
          ["contactPhone", "023-79225678"],
          ["mission", "为高龄、空巢老人提供上门探访、助餐和陪诊服务。"],
          ["serviceAreas", "ELDERLY"],
        ]),
      }),
    );
    expect(log.map((s) => s.status)).toEqual([302, 200]);
    expect(log[0]!.upstream).not.toBe(log[1]!.upstream);
    expect(await submitted.text()).toContain("登记已提交，请等待民政部门审核");
    const org = await prisma.organization.findFirstOrThrow({ where: { name }, select: { id: true, status: true } });
    expect(org.status).toBe("SUBMITTED");

    const staffUser = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
    const staff = new TestClient(proxy.url);
    await staff.signIn(staffUser.email, staffUser.password);
    expect(await (await staff.get(`/staff/reviews/${org.id}`)).text()).toContain(name);
    const { value: reviewed, log: review } = await served(() =>
      staff.request(`/staff/reviews/${org.id}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ decision: "APPROVE" }) }),
    );
    expect(upstreams(review).size).toBe(2);
    expect(await reviewed.text()).toContain(`已通过「${name}」的登记`);
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: org.id }, select: { status: true } })).status).toBe("APPROVED");

    // Whichever process's search worker takes the outbox row, both processes' searches find it.
    const anonymous = new TestClient(proxy.url);
    const { log: searches } = await served(async () => {
      await expect.poll(async () => (await (await anonymous.get(`/search?q=${encodeURIComponent(name)}`)).text()).includes(`/orgs/${org.id}`), { timeout: 30_000, interval: 250 }).toBe(true);
      for (let i = 0; i < 2; i++) expect(await (await anonymous.get(`/search?q=${encodeURIComponent(name)}`)).text()).toContain(`/orgs/${org.id}`);
    });
    expect(upstreams(searches).size).toBe(2);
  });

  it("used both processes all along", () => {
    const counts = [0, 1].map((u) => proxy.served.filter((s) => s.upstream === u).length);
    expect(Math.min(...counts)).toBeGreaterThan(20);
    expect(proxy.served.some((s) => s.status >= 500)).toBe(false);
  });
});
