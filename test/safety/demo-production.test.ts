/**
 * #11.1: a deployment (DATABASE_URL, NODE_ENV=production) never gets demo data or the test
 * checkout by default; with no payment provider configured the donate form is replaced by a plain
 * notice. Started exactly as `npm start` with the deployment's environment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/postgres";
import { decideDemoMode } from "../../scripts/lib/bootstrap";
import { TestClient } from "../support/app";
import { createEmptyTestDatabase, type TestDatabase } from "../support/db";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign } from "../support/factories/funding";
import { runScript, startScript, type Running } from "../db/script-runner";
import type { PrismaClient } from "~/generated/prisma/client";
import { localeCookie } from "~/modules/i18n/i18n.server";

let db: TestDatabase;
let app: Running;
let baseUrl: string;
let prisma: PrismaClient;
let deployment: Record<string, string>;

beforeAll(async () => {
  db = await createEmptyTestDatabase();
  const port = await freePort();
  deployment = {
    DATABASE_URL: db.url,
    NODE_ENV: "production",
    SESSION_SECRET: "deployment-session-secret-0123456789",
    ID_HASH_KEY: "deployment-id-hash-key-0123456789",
    ID_ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    SEARCH_WORKER: "off",
  };
  app = startScript("start", [], { ...deployment, PORT: String(port) });
  await app.waitFor(/Serving on http:\/\/localhost:\d+/, 300_000);
  baseUrl = `http://127.0.0.1:${port}`;
  process.env.DATABASE_URL = db.url;
  ({ prisma } = await import("~/utils/db.server"));
}, 360_000);

afterAll(async () => {
  await app?.stop();
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  await db?.drop();
}, 60_000);

describe("a DATABASE_URL deployment", () => {
  it("gets no demo data and no demo mode from npm start", async () => {
    expect(app.output()).toMatch(/no demo data is loaded/);
    expect(app.output()).not.toMatch(/Demo sign-ins|Demo mode/);
    expect(await prisma.user.count()).toBe(0);
    expect(await prisma.organization.count()).toBe(0);
  });

  it("gets no demo data from db:seed unless SEED_DEMO=1 asks for it", { timeout: 120_000 }, async () => {
    const r = await runScript("db:seed", [], deployment);
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/never loaded into it by default.*SEED_DEMO=1/s);
    expect(await prisma.user.count()).toBe(0);
  });

  it("shows a notice instead of the donate form without a payment provider, and refuses donations", async () => {
    const owner = await createUser(prisma, { profile: true });
    const org = await createOrganization(prisma, { createdById: owner.id, isCharity: true, publicFundraising: true });
    const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id });
    const guest = new TestClient(baseUrl);
    for (const locale of ["zh-CN", "en"]) {
      const cookie = await localeCookie.serialize(locale);
      const res = await fetch(`${baseUrl}/campaigns/${campaign.id}`, { headers: { Cookie: cookie.split(";")[0]! } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('data-testid="donate-unavailable"');
      expect(html).toContain(locale === "en" ? "Online donations are not available on this site yet" : "本站尚未开通在线捐款");
      expect(html).not.toContain('data-testid="donate-form"');
      expect(html).not.toContain('name="intent" value="donate"');
    }
    // A hand-made post is refused too, and nothing is recorded.
    const post = await guest.post(`/campaigns/${campaign.id}`, { intent: "donate", preset: "50", email: "guest@example.cn" });
    expect(post.status).toBe(503);
    expect(await prisma.donation.count()).toBe(0);
    expect((await guest.get("/checkout/test/cs_test_local_0123")).status).toBe(404);
  });
});

describe("demo mode", () => {
  it("is on for the embedded database or SEED_DEMO=1, off for DATABASE_URL, and DEMO_MODE decides when set", () => {
    const saved = { DEMO_MODE: process.env.DEMO_MODE, SEED_DEMO: process.env.SEED_DEMO };
    try {
      delete process.env.DEMO_MODE;
      delete process.env.SEED_DEMO;
      expect(decideDemoMode(true)).toBe(true);
      expect(decideDemoMode(false)).toBe(false);
      process.env.SEED_DEMO = "1";
      expect(decideDemoMode(false)).toBe(true);
      process.env.DEMO_MODE = "0";
      expect(decideDemoMode(true)).toBe(false);
      process.env.DEMO_MODE = "1";
      delete process.env.SEED_DEMO;
      expect(decideDemoMode(false)).toBe(true);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
