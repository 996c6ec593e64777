/**
 * Server rendering (issue 17.5): the database round trips one page view costs, counted at the
 * driver's edge by a proxy between the app and PostgreSQL (test/support/pg-round-trips.ts: every
 * simple Query and every Sync of an extended-protocol batch is one round trip; BEGIN and COMMIT are
 * their own). A visitor's campaign list takes 1 and a project page 2 (issue 17.5 asks at most 3;
 * the campaign page is held to a looser bound, below) — with
 * the data they show present (cards, totals, donor wall, shifts with sign-ups), so no query is
 * skipped because a list was empty. The same pages signed in pay the session and the header's
 * memberships and unread count on top; that is counted too, and bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { startRoundTripProxy, type RoundTripProxy } from "../support/pg-round-trips";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { checkoutEvent, createCampaign, createPendingDonation, ensureLedgerSql, postWebhook, signPayload } from "../support/factories/funding";
import { createProject, createShift } from "../support/factories/volunteering";
import type { PrismaClient } from "~/generated/prisma/client";

const SECRET = "whsec_test_shanlian_round_trips";
/** Issue 17.5's bound per visitor view; the list and the project page are held to less below. */
const LIMIT = 3;
let app: TestApp;
let proxy: RoundTripProxy;
let prisma: PrismaClient;
let campaignId: string;
let projectId: string;
let member: { email: string; password: string };

/** GETs `path` once (warm: the first view may load things once per process), then counts a second view. */
async function roundTrips(client: TestClient, path: string) {
  const warm = await client.get(path);
  expect(warm.status).toBe(200);
  await warm.arrayBuffer();
  proxy.reset();
  const res = await client.get(path);
  const body = await res.text();
  expect(res.status).toBe(200);
  return { count: proxy.count(), statements: proxy.statements(), body };
}

beforeAll(async () => {
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  app = await startTestApp({
    databaseUrl: async (url) => {
      proxy = await startRoundTripProxy(url);
      return proxy.url;
    },
  });
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const owner = await createUser(prisma);
  const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
  for (let i = 0; i < 3; i++) await createCampaign(prisma, { orgId: org.id, createdById: owner.id, kind: i % 2 ? "EDUCATION" : "EMERGENCY" });
  const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, title: "洪灾受灾群众紧急救助" });
  campaignId = campaign.id;
  // Paid donations through the webhook: the totals, the donor wall and the ledger have rows.
  for (let i = 0; i < 3; i++) {
    const d = await createPendingDonation(prisma, { campaignId, orgId: org.id, amountFen: BigInt(5000 + i * 100), donorName: `爱心人士${i}` });
    const payload = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: d.amountFen });
    expect((await postWebhook(app.baseUrl, payload, signPayload(payload, SECRET))).status).toBe(200);
  }
  const project = await createProject(prisma, { orgId: org.id, createdById: owner.id, title: "李家溪安置区防汛志愿服务" });
  projectId = project.id;
  const { signUpForShift } = await import("~/modules/volunteering/signups.server");
  for (let s = 0; s < 2; s++) {
    const shift = await createShift(prisma, { projectId, capacity: 5 });
    const volunteer = await createUser(prisma, { profile: true });
    await signUpForShift(volunteer.id, shift.id);
  }
  member = await createUser(prisma, { profile: true });
});

afterAll(async () => {
  await app?.close();
  await proxy?.close();
  delete process.env.STRIPE_WEBHOOK_SECRET;
});

/**
 * The campaign page is not there yet (not in issue 17.5's target): its loader reads through the
 * cap, accounts, donor wall, payment options, disclosure and matching services, each with its own
 * queries (at the same time, so the page waits for the slowest, not the sum). The freeze, the
 * monthly link and the cap's rules use the campaign row the page read first (they read it again,
 * with its organization, until 2026-12-05: 21 round trips here, up to 24 when the monthly link
 * showed), and the page no longer reads the documents it did not show (13). Its accounts now read
 * totals, raised-by-source and donors in one statement, a list that fits its first page is not
 * counted, and the disbursements no longer load their campaign and fund (10). This bound keeps it
 * from growing while that work goes on; the target stays LIMIT.
 */
const CAMPAIGN_PAGE_NOW = 10;

describe("database round trips of a page view", () => {
  it.each([
    // One statement: the page of cards, each card's net raised and the count (2 until 2026-12-05).
    ["the campaign list", () => "/campaigns", "洪灾受灾群众紧急救助", 1],
    // The project, its organization and its shifts with their waitlists in one statement, the hours on notice in another (3 until 2026-12-05).
    ["a project page", () => `/projects/${projectId}`, "李家溪安置区防汛志愿服务", 2],
    ["a campaign page (not yet at the target)", () => `/campaigns/${campaignId}`, 'data-testid="donor-wall"', CAMPAIGN_PAGE_NOW],
  ])("%s costs a visitor at most its bound", async (name, path, shown, bound) => {
    if (!name.includes("not yet")) expect(bound).toBeLessThanOrEqual(LIMIT);
    const { count, statements, body } = await roundTrips(new TestClient(app.baseUrl), path());
    expect(body.includes(shown), `the page shows ${shown}`).toBe(true);
    expect(count, `${count} round trips:\n${statements.join("\n")}`).toBeGreaterThan(0);
    expect(count, `${count} round trips:\n${statements.join("\n")}`).toBeLessThanOrEqual(bound);
  });

  it("the list's cards carry what they show: net raised, and no beneficiary", async () => {
    const { body } = await roundTrips(new TestClient(app.baseUrl), "/campaigns");
    expect(body).toContain("¥153.00"); // three paid donations: 50 + 51 + 52 yuan
    // The masked beneficiary is for the campaign's own page; the list sends it neither in the HTML
    // nor in the page's data, and no other total than net raised.
    expect(body).not.toContain("王某");
    expect(body).not.toContain("balanceFen");
  });

  // Measured: +2 on the list (session, header), +3 on a campaign page, +5 on a project page (also
  // the viewer's own sign-ups and the organization role that unmasks the phone). Not yet tightened.
  it("signed in, the session, the header and the viewer's own data add at most 5", async () => {
    const client = new TestClient(app.baseUrl);
    await client.signIn(member.email, member.password);
    for (const path of ["/campaigns", `/campaigns/${campaignId}`, `/projects/${projectId}`]) {
      const visitor = (await roundTrips(new TestClient(app.baseUrl), path)).count;
      const { count, statements } = await roundTrips(client, path);
      expect(count, `${path}: ${count} round trips (a visitor: ${visitor}):\n${statements.join("\n")}`).toBeLessThanOrEqual(visitor + 5);
    }
  });
});
