/**
 * #11.6: a sign-in link that carries an off-site `redirectTo` (`//evil.example`, `/\t/evil.example`,
 * `/%09/evil.example`, …) lands on a page of ours, never on the other site.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
});
afterAll(async () => app?.close());

const OFF_SITE = ["//evil.example", "/\t/evil.example", "/\\evil.example", "/%09/evil.example", "https:evil.example", "javascript:alert(1)", "/.//evil.example"];

function expectLocal(location: string | null, baseUrl: string) {
  expect(location).toBeTruthy();
  expect(location!.startsWith("/")).toBe(true);
  expect(location!.startsWith("//")).toBe(false);
  expect(location).not.toMatch(/evil|javascript|[\t\n\r\\]/i);
  // What a browser would follow, resolved against our address, stays on our origin.
  expect(new URL(location!, baseUrl).origin).toBe(new URL(baseUrl).origin);
}

describe("redirectTo after sign-in", () => {
  it.each(OFF_SITE)("sign-in with redirectTo=%j lands on a local page", async (to) => {
    const u = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    const res = await c.post("/auth/login", { email: u.email, password: u.password, redirectTo: to });
    expect(res.status).toBe(302);
    expectLocal(res.headers.get("Location"), app.baseUrl);
    // Already signed in, the sign-in page forwards at once: the same check applies.
    const again = await c.get(`/auth/login?redirectTo=${encodeURIComponent(to)}`, { followRedirects: false });
    expect(again.status).toBe(302);
    expectLocal(again.headers.get("Location"), app.baseUrl);
  });

  it("still follows a local redirectTo", async () => {
    const u = await createUser(prisma);
    const c = new TestClient(app.baseUrl);
    const res = await c.post("/auth/login", { email: u.email, password: u.password, redirectTo: "/orgs?q=%E5%96%84" });
    expect(res.headers.get("Location")).toBe("/orgs?q=%E5%96%84");
  });

  it("the language switch does not follow an off-site redirectTo either", async () => {
    const c = new TestClient(app.baseUrl);
    for (const to of OFF_SITE) {
      const res = await c.post("/set-locale", { locale: "en", redirectTo: to });
      expect(res.status).toBe(302);
      expectLocal(res.headers.get("Location"), app.baseUrl);
    }
  });
});
