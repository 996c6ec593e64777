/**
 * #11.1: a newcomer's `npm start` (no environment at all: only a temporary data dir and ports so
 * nothing clashes) runs in demo mode on the embedded database: demo data with a password generated
 * for this install — never the one the README used to publish — and a guest's donation completes
 * end to end through the local test checkout over HTTP.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { verify } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/postgres";
import { TestClient } from "../support/app";
import { checkoutEvent, postWebhook, signPayload } from "../support/factories/funding";
import { DEV_WEBHOOK_SECRET } from "~/modules/payments/stripe.server";
import { embeddedAppUrl, query, startScript, tempInstall, type Running } from "../db/script-runner";

const PUBLISHED_PASSWORD = "Shanlian2020";

let install: Awaited<ReturnType<typeof tempInstall>>;
let app: Running;
let baseUrl: string;
let dbUrl: string;
let demoPassword: string;

beforeAll(async () => {
  install = await tempInstall();
  const pgPort = await freePort();
  const httpPort = await freePort();
  app = startScript("start", [], { EMBEDDED_PG_DATA_DIR: install.dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(httpPort) });
  await app.waitFor(/Serving on http:\/\/localhost:\d+/, 420_000);
  baseUrl = `http://127.0.0.1:${httpPort}`;
  dbUrl = embeddedAppUrl(install.dataDir, pgPort);
  demoPassword = app.output().match(/\*@shanlian\.demo\s+(\S+)/)![1]!;
}, 480_000);

afterAll(async () => {
  const code = await app?.stop();
  expect(code).toBe(130); // SIGINT: stopped its embedded server and exited
  await install?.remove();
}, 60_000);

describe("npm start on a fresh clone", () => {
  it("runs in demo mode with demo data whose password was generated for this install", async () => {
    const out = app.output();
    expect(out).toMatch(/Demo mode: demo data and the local test checkout/);
    expect(out).toMatch(/Demo sign-ins/);
    expect(demoPassword).not.toBe(PUBLISHED_PASSWORD);
    expect(out).not.toContain(PUBLISHED_PASSWORD);
    const secrets = JSON.parse(readFileSync(path.join(install.dir, "secrets.json"), "utf8")) as Record<string, string>;
    expect(secrets.DEMO_PASSWORD).toBe(demoPassword);
    expect(secrets.STRIPE_WEBHOOK_SECRET).toMatch(/^\S{32,}$/);

    // No account accepts the published password; the demo ones accept the generated one.
    const users = await query<{ email: string; passwordHash: string }>(dbUrl, `SELECT email, "passwordHash" FROM "User"`);
    expect(users.length).toBeGreaterThan(5);
    for (const u of users) expect(await verify(u.passwordHash, PUBLISHED_PASSWORD), u.email).toBe(false);
    const volunteer = users.find((u) => u.email === "volunteer@shanlian.demo")!;
    expect(await verify(volunteer.passwordHash, demoPassword)).toBe(true);

    const donor = new TestClient(baseUrl);
    expect((await donor.post("/auth/login", { email: "donor@shanlian.demo", password: PUBLISHED_PASSWORD })).status).not.toBe(302);
    await donor.signIn("donor@shanlian.demo", demoPassword);
  });

  it("completes a guest's donation through the test checkout over HTTP", async () => {
    const guest = new TestClient(baseUrl);
    const candidates = await query<{ id: string }>(dbUrl, `SELECT id FROM "Campaign" WHERE status = 'APPROVED' AND deadline > now() ORDER BY "createdAt"`);
    let campaignId: string | undefined;
    for (const c of candidates) {
      const page = await (await guest.get(`/campaigns/${c.id}`)).text();
      if (page.includes('data-testid="donate-form"')) {
        campaignId = c.id;
        // The page says no money is charged, and offers no "not configured" notice.
        expect(page).toContain('data-testid="donate-demo"');
        expect(page).not.toContain('data-testid="donate-unavailable"');
        break;
      }
    }
    expect(campaignId, "a demo campaign accepting donations").toBeDefined();

    const give = await guest.post(`/campaigns/${campaignId}`, { intent: "donate", preset: "other", amount: "66", email: "newcomer@example.cn", donorName: "新人" });
    expect(give.status).toBe(302);
    const checkout = give.headers.get("Location")!;
    expect(checkout).toMatch(/^\/checkout\/test\/cs_test_local_[0-9a-f]+$/);

    const page = await guest.get(checkout);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("66.00");

    const paid = await guest.post(checkout, { outcome: "paid" });
    expect(paid.status).toBe(302);
    const thanks = paid.headers.get("Location")!;
    expect(thanks).toMatch(/^\/donate\/thanks\/\S+$/);
    expect((await guest.get(thanks)).status).toBe(200);

    const [donation] = await query<{ status: string; amountFen: string; id: string }>(dbUrl, `SELECT id, status, "amountFen" FROM "Donation" WHERE "donorEmail" = 'newcomer@example.cn'`);
    expect(donation).toMatchObject({ status: "PAID", amountFen: "6600" });
    const [tx] = await query<{ n: string }>(dbUrl, `SELECT count(*) AS n FROM "LedgerTransaction" WHERE "donationId" = $1 AND kind = 'DONATION'`, [donation!.id]);
    expect(Number(tx!.n)).toBe(1);

  });

  it("signs the demo's payment events with this install's secret, not the public development one", async () => {
    const guest = new TestClient(baseUrl);
    const [campaign] = await query<{ campaignId: string }>(dbUrl, `SELECT "campaignId" FROM "Donation" WHERE "donorEmail" = 'newcomer@example.cn'`);
    const give = await guest.post(`/campaigns/${campaign!.campaignId}`, { intent: "donate", preset: "other", amount: "77", email: "forger@example.cn" });
    const sessionId = give.headers.get("Location")!.split("/").at(-1)!;
    const [pending] = await query<{ id: string }>(dbUrl, `SELECT id FROM "Donation" WHERE "providerSessionId" = $1`, [sessionId]);
    const payload = checkoutEvent({ sessionId, donationId: pending!.id, amountFen: 7700n });
    const forged = await postWebhook(baseUrl, payload, signPayload(payload, DEV_WEBHOOK_SECRET));
    expect(forged.status).toBe(400);
    const [after] = await query<{ status: string }>(dbUrl, `SELECT status FROM "Donation" WHERE id = $1`, [pending!.id]);
    expect(after!.status).toBe("PENDING");
  });
});
