/**
 * The public campaign listing (/campaigns, issue 17.5): one statement per view, on the pg pool as a
 * named statement, with the number of matching campaigns counted with the page and then remembered
 * for a few seconds. What a visitor sees must stay right all the same: every live campaign appears
 * exactly once across the pages, filters and `?status=all` select what they say, a campaign past its
 * deadline leaves the live list, a new campaign shows on the first page at once, and a page that is
 * not full gives the exact total even while an older count is remembered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let orgId: string;
let ownerId: string;
const client = () => new TestClient(app.baseUrl);

/** The listing's HTML before the hydration data, and the campaign numbers (列表众筹N号) on it. */
async function view(path: string) {
  const res = await client().get(path);
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(200);
  const body = html.split("window.__remixContext")[0]!;
  return { body, numbers: [...body.matchAll(/列表众筹(\d+)号/g)].map((m) => Number(m[1])) };
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  ownerId = (await createUser(prisma)).id;
  orgId = (await createOrganization(prisma, { createdById: ownerId, type: "FOUNDATION", isCharity: true, publicFundraising: true })).id;
  // 24 live campaigns (two pages of 12), approved one after another: number 23 is the newest.
  for (let i = 0; i < 24; i++) {
    await createCampaign(prisma, { orgId, createdById: ownerId, title: `列表众筹${i}号`, kind: i % 2 ? "EDUCATION" : "EMERGENCY", districtCode: i % 3 ? "500114" : "500101" });
    await new Promise((r) => setTimeout(r, 2));
  }
  // Past its deadline (only with ?status=all), a draft and a suspended organization's campaign (never).
  await createCampaign(prisma, { orgId, createdById: ownerId, title: "列表众筹100号", deadlineInDays: -1 });
  await createCampaign(prisma, { orgId, createdById: ownerId, title: "列表众筹101号", status: "DRAFT" });
  const suspended = await createOrganization(prisma, { createdById: ownerId, type: "FOUNDATION", isCharity: true, publicFundraising: true });
  await createCampaign(prisma, { orgId: suspended.id, createdById: ownerId, title: "列表众筹102号" });
  await prisma.organization.update({ where: { id: suspended.id }, data: { status: "SUSPENDED" } });
});

afterAll(async () => {
  await app?.close();
});

describe("the public campaign listing", () => {
  it("shows every live campaign once, newest first, twelve a page, with the page count", async () => {
    const first = await view("/campaigns");
    expect(first.numbers).toEqual([23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12]);
    expect(first.body).toContain("第 1 / 2 页");
    const second = await view("/campaigns?page=2");
    expect(second.numbers).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(second.body).toContain("第 2 / 2 页");
    // Past the end: the last page, counted.
    const past = await view("/campaigns?page=99999");
    expect(past.numbers).toEqual(second.numbers);
    expect(past.body).toContain("第 2 / 2 页");
    // Progress and the organization's name come with each card.
    expect(first.body).toContain("¥0.00");
  });

  it("filters by kind and district, and shows ended campaigns only with status=all", async () => {
    const education = await view("/campaigns?kind=EDUCATION");
    expect(education.numbers).toEqual([23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1]);
    expect(education.body).toContain("第 1 / 1 页");
    const district = await view("/campaigns?district=500101&kind=EMERGENCY");
    expect(district.numbers).toEqual([18, 12, 6, 0]);
    const all = await view("/campaigns?status=all");
    expect(all.numbers.slice(0, 2)).toEqual([100, 23]);
    expect(all.body).toContain("第 1 / 3 页");
    expect((await view("/campaigns?status=all&page=3")).numbers).toEqual([0]);
    // A bad filter value is ignored, not an error.
    expect((await view("/campaigns?kind=NOPE&district=999999")).numbers).toHaveLength(12);
  });

  it("shows a new campaign at once, and a page that is not full gives the exact total while the count is remembered", async () => {
    await view("/campaigns"); // the count of 24 is remembered now
    await createCampaign(prisma, { orgId, createdById: ownerId, title: "列表众筹24号" });
    const first = await view("/campaigns");
    expect(first.numbers[0]).toBe(24);
    expect(first.numbers).toHaveLength(12);
    // The third page holds the oldest campaign alone: 25 in all, whatever was remembered.
    const third = await view("/campaigns?page=3");
    expect(third.numbers).toEqual([0]);
    expect(third.body).toContain("第 3 / 3 页");
  });

  it("answers views that arrive together from one statement, the same for each, and reads afresh after it", async () => {
    const { listPublicCampaigns } = await import("~/modules/campaigns/queries.server");
    const together = await Promise.all(Array.from({ length: 10 }, () => listPublicCampaigns({ page: 1 })));
    for (const r of together) expect(r).toEqual(together[0]);
    // Each caller gets its own cards: one view cannot change another's.
    expect(together[1]!.items).not.toBe(together[0]!.items);
    const newest = await createCampaign(prisma, { orgId, createdById: ownerId, title: "列表众筹99号", kind: "EMERGENCY", districtCode: "500101" });
    const after = await listPublicCampaigns({ page: 1 });
    expect(after.items[0]!.id).toBe(newest.id);
  });
});
