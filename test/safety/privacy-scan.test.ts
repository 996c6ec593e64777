/**
 * Issue 15 "must show": a scan over every public page and the search index finds no ID number,
 * phone number or help-request text. The fixture is the role × route matrix's (one record of each
 * kind, every route's parameters) plus people with known ID numbers and phones, a help request with
 * medical text, a donation with the donor's e-mail, and a shop order with an address and phone.
 * Every route whose matrix row lets a visitor in is fetched as a visitor, with the fixture's
 * parameters; so are the search pages for the people's names and numbers. (The logs are scanned
 * after the whole suite by scripts/privacy-scan-logs.ts.)
 */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createPendingDonation } from "../support/factories/funding";
import { createInputFixture, type InputFixture } from "./input-fixture";
import { appRoutes, fillPath } from "./input-routes";
import { EXPECTED } from "./access-matrix.expected";
import { CHILD_TEXT_MARKER, HELP_TEXT_MARKER, MEDICAL_TEXT_MARKER, PRIVATE_TEXT_MARKERS } from "../fixtures/privacy-markers";
import { isValidIdNumber, makeIdNumber } from "~/modules/accounts/id-number";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
let fx: InputFixture;

const PEOPLE = [
  { realName: "诸葛春燕", phone: "13711112222", idNumber: makeIdNumber("500101", "19760823", "531") },
  { realName: "上官立新", phone: "15822223333", idNumber: makeIdNumber("500228", "20010117", "062") },
];
const HELP = { contactName: "东方玉兰", contactPhone: "18633334444", needText: `${HELP_TEXT_MARKER}：独居老人屋顶漏雨` };
const DONOR = { name: "慕容捐赠人", email: "murong-donor@example.cn" };
const ORDER = { recipientName: "令狐收货人", recipientPhone: "17744445555", address: "重庆市沙坪坝区隐私扫描路 9 号" };

/** The strings that must never be public. */
const SECRETS = [...PEOPLE.flatMap((p) => [p.idNumber, p.phone]), HELP.contactPhone, HELP.contactName, ORDER.recipientPhone, ORDER.address, DONOR.email, ...PRIVATE_TEXT_MARKERS];
const ID_RE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

function findings(where: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ID_RE)) if (isValidIdNumber(m[0])) out.push(`${where}: an ID number`);
  for (const s of SECRETS) if (text.includes(s)) out.push(`${where}: ${s.slice(0, 3)}…`);
  return out;
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  fx = await createInputFixture(prisma, app.baseUrl);
  // Volunteers with known ID numbers and phones, signed up for the fixture's public project.
  for (const p of PEOPLE) {
    const u = await createUser(prisma, { profile: p });
    await prisma.shiftSignup.create({ data: { shiftId: fx.shift.id, userId: u.id, status: "CONFIRMED" } });
  }
  // A help request with medical and child details under consent (inserted as the form would store it).
  await prisma.helpRequest.create({
    data: {
      codeHash: createHash("sha256").update(randomBytes(8)).digest("hex"),
      category: "EMERGENCY_AID",
      districtCode: "500114",
      needText: HELP.needText,
      forWhom: "OTHER",
      contactName: HELP.contactName,
      contactPhone: HELP.contactPhone,
      medicalDetails: `${MEDICAL_TEXT_MARKER}：糖尿病`,
      medicalConsentAt: new Date(),
      involvesChild: true,
      childDetails: `${CHILD_TEXT_MARKER}：孙女 9 岁`,
      guardianName: HELP.contactName,
      guardianConsentAt: new Date(),
    },
  });
  // A paid donation with the donor's name and e-mail (named on the wall, e-mail never shown).
  const d = await createPendingDonation(prisma, { campaignId: fx.campaign.id, orgId: fx.org.id, amountFen: 8_800n, email: DONOR.email, donorName: DONOR.name, sessionId: `cs_test_local_${randomBytes(8).toString("hex")}` });
  const { completeTestCheckout } = await import("~/modules/payments/test-checkout-complete.server");
  await completeTestCheckout(d.providerSessionId!, "paid");
  // A shop order with a delivery address and phone (cancelled before payment: no ledger owed).
  const checkout = await prisma.shopCheckout.create({ data: { buyerEmail: "scan-buyer@example.cn", amountFen: 100n, provider: "STRIPE", accessToken: randomBytes(24).toString("base64url"), reservedUntil: new Date(), status: "CANCELLED", cancelledAt: new Date() }, select: { id: true } });
  await prisma.shopOrder.create({ data: { number: `SL-SCAN-${randomBytes(3).toString("hex")}`, checkoutId: checkout.id, producerId: fx.producer.id, supportOrgId: fx.org.id, status: "CANCELLED", cancelledAt: new Date(), totalFen: 100n, ...ORDER } });

  // Index everything public, as the worker would after the services' writes.
  const { enqueueSearch } = await import("~/modules/search-outbox/outbox.server");
  const kinds: [string, { id: string }[]][] = [
    ["organization", await prisma.organization.findMany({ select: { id: true } })],
    ["project", await prisma.volunteerProject.findMany({ select: { id: true } })],
    ["need", await prisma.need.findMany({ select: { id: true } })],
    ["campaign", await prisma.campaign.findMany({ select: { id: true } })],
    ["fund", await prisma.fund.findMany({ select: { id: true } })],
    ["product", await prisma.product.findMany({ select: { id: true } })],
  ];
  for (const [kind, rows] of kinds) for (const r of rows) await enqueueSearch(prisma, kind, r.id);
  const { drainSearchOutbox } = await import("~/modules/search-outbox/worker.server");
  await drainSearchOutbox();
}, 240_000);
afterAll(async () => app?.close());

describe("privacy scan", () => {
  it("finds no ID number, phone or help-request text on any public page", async () => {
    const routes = (await appRoutes()).filter((r) => r.hasLoader && EXPECTED[r.id]?.loader?.includes("visitor"));
    expect(routes.length).toBeGreaterThan(20);
    const visitor = new TestClient(app.baseUrl);
    const extra = [...PEOPLE.flatMap((p) => [p.realName, p.phone]), HELP.contactName, HELP_TEXT_MARKER].flatMap((q) => [`/search?q=${encodeURIComponent(q)}`, `/api/search?q=${encodeURIComponent(q)}`]);
    const urls = [...new Set([...routes.map((r) => fillPath(EXPECTED[r.id]!.url ?? r.path, fx.params)), ...extra])];
    const found: string[] = [];
    let pages = 0;
    for (const url of urls) {
      const res = await visitor.get(url, { followRedirects: true });
      expect(res.status, url).toBeLessThan(500);
      const type = res.headers.get("content-type") ?? "";
      if (!/text|json|xml|csv/.test(type)) {
        await res.arrayBuffer();
        continue;
      }
      pages++;
      // A search page echoes what the visitor typed: that echo is theirs, not a leak.
      const typed = new URL(url, app.baseUrl).searchParams.get("q");
      const body = await res.text();
      found.push(...findings(url, typed ? body.split(typed).join("") : body));
    }
    expect(pages).toBeGreaterThan(20);
    expect(found).toEqual([]);
  });

  it("finds none in the search index's stored documents", async () => {
    const docs = await prisma.searchDocument.findMany({ select: { kind: true, entityId: true, title: true, body: true, url: true, tags: true, trgmText: true } });
    expect(docs.length).toBeGreaterThan(5);
    const found = docs.flatMap((d) => findings(`${d.kind}/${d.entityId}`, [d.title, d.body, d.url, d.tags.join(" "), d.trgmText].join("\n")));
    expect(found).toEqual([]);
  });
});
