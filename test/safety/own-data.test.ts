/**
 * Issue 15.6 — people's own data: the download holds the person's records and nobody else's; the
 * account can be deleted (not by the sole owner of an organization, not with a wrong password), and
 * afterwards nothing in the database names, reaches or identifies them, while their donation's
 * ledger entries and their counted hours stay. Retention erases what is past its period only.
 */
import { createHash, randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createCampaign, createPendingDonation } from "../support/factories/funding";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import { createAttendance, createServiceRecord } from "../support/factories/hours";
import { createProducer, createProduct } from "../support/factories/consumption";
import { HELP_TEXT_MARKER, MEDICAL_TEXT_MARKER } from "../fixtures/privacy-markers";
import { makeIdNumber } from "~/modules/accounts/id-number";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;

const A = { realName: "欧阳明哲", phone: "13877772222", idNumber: makeIdNumber("500103", "19880512", "417") };
const B = { realName: "司马慧琳", phone: "13955553333", idNumber: makeIdNumber("500112", "19920304", "228") };

type World = Awaited<ReturnType<typeof world>>;
let w: World;

async function world() {
  const a = await createUser(prisma, { displayName: "明哲", profile: A });
  const b = await createUser(prisma, { displayName: "慧琳", profile: B });
  const owner = await createUser(prisma, { profile: true });
  // A consented to the national export: an encrypted copy exists (its text is not the number).
  await prisma.volunteerProfile.update({ where: { userId: a.id }, data: { idNumberCiphertext: "v1:ciphertext-stand-in", nationalExportConsentAt: new Date("2026-05-04T02:00:00Z") } });
  const org = await createOrganization(prisma, { createdById: owner.id, isCharity: true, publicFundraising: true, isVolunteerGroup: true, members: [{ userId: a.id, role: "MEMBER" }, { userId: b.id, role: "MEMBER" }] });
  const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id });

  // A's donation, paid through the real webhook path (so it has ledger entries), and B's.
  const pay = async (donorUserId: string, email: string, donorName: string, amountFen: bigint) => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen, donorUserId, email, donorName, sessionId: `cs_test_local_${randomBytes(8).toString("hex")}` });
    const { completeTestCheckout } = await import("~/modules/payments/test-checkout-complete.server");
    await completeTestCheckout(d.providerSessionId!, "paid");
    return d;
  };
  const aDonation = await pay(a.id, a.email, A.realName, 12_300n);
  await pay(b.id, b.email, B.realName, 45_600n);

  // A's counted hours on a past shift, and a certificate naming A.
  const project = await createProject(prisma, { orgId: org.id, createdById: owner.id });
  const past = await createShift(prisma, { projectId: project.id, startsAt: new Date(Date.now() - 10 * 86_400_000) });
  const attended = await createAttendance(prisma, { shiftId: past.id, userId: a.id });
  const record = await createServiceRecord(prisma, { signupId: attended.id, confirmedById: owner.id, minutes: 180 });
  await prisma.serviceCertificate.create({
    data: { code: `C${randomBytes(6).toString("hex").toUpperCase()}`, userId: a.id, periodStart: new Date("2026-01-01"), periodEnd: new Date("2026-06-30"), totalMinutes: 180, recordCount: 1, snapshot: { realName: A.realName, orgs: [{ name: org.name, minutes: 180, records: 1 }], records: [] } },
  });
  // A future shift of one place: A holds it, B waits.
  const future = await createShift(prisma, { projectId: project.id, capacity: 1 });
  await prisma.shiftSignup.create({ data: { shiftId: future.id, userId: a.id, status: "CONFIRMED" } });
  await prisma.shift.update({ where: { id: future.id }, data: { taken: 1 } });
  await prisma.shiftSignup.create({ data: { shiftId: future.id, userId: b.id, status: "WAITLISTED", waitlistPosition: 1 } });

  // A's shop order with an address (cancelled before payment, so the ledger owes nothing for it).
  const producer = await createProducer(prisma, { supportOrgId: org.id, createdById: owner.id });
  const product = await createProduct(prisma, { producerId: producer.id, createdById: owner.id });
  const checkout = await prisma.shopCheckout.create({ data: { buyerUserId: a.id, buyerEmail: a.email, amountFen: 6800n, provider: "STRIPE", accessToken: randomBytes(24).toString("base64url"), reservedUntil: new Date(), status: "PAID", paidAt: new Date() }, select: { id: true } });
  await prisma.shopOrder.create({
    data: {
      number: `SL-OWN-${randomBytes(3).toString("hex")}`,
      checkoutId: checkout.id,
      producerId: producer.id,
      supportOrgId: org.id,
      buyerUserId: a.id,
      status: "CANCELLED",
      cancelledAt: new Date(),
      totalFen: 6800n,
      recipientName: A.realName,
      recipientPhone: A.phone,
      address: "重庆市渝北区龙溪街道金山路 17 号",
      lines: { create: [{ productId: product.id, productName: product.name, unit: "瓶", category: "DRIED_SPECIALTY", quantity: 1, unitPriceFen: 6800n, totalFen: 6800n }] },
    },
  });
  // A notification whose parameters name B (a coordinator's kind of notice): B must not reach A's file.
  const { notify } = await import("~/modules/notifications/notifications.server");
  await notify(prisma, a.id, "volunteering.promoted", { project: project.title, volunteer: B.realName });
  // A help request A submitted, with medical details under consent.
  await prisma.helpRequest.create({
    data: {
      codeHash: createHash("sha256").update(randomBytes(8)).digest("hex"),
      category: "EMERGENCY_AID",
      districtCode: "500112",
      needText: `${HELP_TEXT_MARKER}：家中老人需要轮椅`,
      forWhom: "SELF",
      contactName: A.realName,
      contactPhone: A.phone,
      medicalDetails: `${MEDICAL_TEXT_MARKER}：股骨骨折术后`,
      medicalConsentAt: new Date(),
      status: "CLOSED",
      handledAt: new Date(),
      outcomeNote: "已转介至街道",
      submittedById: a.id,
    },
  });
  return { a, b, owner, org, campaign, aDonation, record, future };
}

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  w = await world();
}, 180_000);
afterAll(async () => app?.close());

async function signedIn(user: { email: string; password: string }) {
  const c = new TestClient(app.baseUrl);
  await c.signIn(user.email, user.password);
  return c;
}

describe("own data download", () => {
  it("gives the person's records as JSON, with the ID masked and no one else's data", async () => {
    const c = await signedIn(w.a);
    const res = await c.get("/me/data.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment/);
    const text = await res.text();
    const data = JSON.parse(text) as { sections: Record<string, Record<string, unknown>[]> };
    expect(data.sections.account![0]!.email).toBe(w.a.email);
    expect(data.sections.profile![0]).toMatchObject({ realName: A.realName, phone: A.phone, idNumber: expect.stringMatching(/^500\*+0?\w{4}$/) });
    expect(data.sections.profile![0]!.nationalExportCopy).toBe("stored with consent on 2026-05-04");
    expect(data.sections.donations!.map((d) => d.amountFen)).toEqual(["12300"]);
    expect(data.sections.serviceRecords!.map((r) => r.id)).toEqual([w.record.id]);
    expect(data.sections.certificates).toHaveLength(1);
    expect(data.sections.signups).toHaveLength(2);
    expect(data.sections.shopOrders![0]!.address).toBe("重庆市渝北区龙溪街道金山路 17 号");
    expect(data.sections.memberships![0]!.organization).toBe(w.org.name);
    expect(data.sections.helpRequests![0]!.needText).toContain(HELP_TEXT_MARKER);
    expect(data.sections.notifications!.map((n) => n.kind)).toContain("volunteering.promoted");
    expect(data.sections.sessions!.length).toBeGreaterThan(0);
    // Never the clear ID, the hash or the ciphertext; never B, the other member.
    for (const secret of [A.idNumber, "v1:ciphertext-stand-in", B.realName, B.phone, w.b.email, B.idNumber, "tokenHash"]) expect(text).not.toContain(secret);
  });

  it("gives the same as .xlsx, one sheet per kind", async () => {
    const c = await signedIn(w.a);
    const res = await c.get("/me/data.xlsx");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((s) => s.name)).toContain("志愿者资料");
    expect(wb.worksheets.length).toBe(16);
    const all: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => all.push((row.values as unknown[]).map((v) => String(v ?? "")).join("|"))));
    const text = all.join("\n");
    expect(text).toContain(A.phone);
    expect(text).toContain(A.realName);
    expect(text).toContain("12300");
    for (const secret of [A.idNumber, B.realName, B.phone, w.b.email]) expect(text).not.toContain(secret);
  });

  it("shows the page to the person, and sends a visitor to sign in", async () => {
    const page = await (await signedIn(w.a)).get("/me/data");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(A.phone);
    expect(html).not.toContain(B.realName);
    const visitor = await new TestClient(app.baseUrl).get("/me/data.json", { followRedirects: false });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toMatch(/^\/auth\/login/);
  });
});

describe("account deletion", () => {
  it("refuses a wrong password and a missing confirmation, keeping the account", async () => {
    const c = await signedIn(w.a);
    const wrong = await c.post("/me/delete", { password: "not-the-password-1", confirmation: "注销账号" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("密码不正确");
    const unconfirmed = await c.post("/me/delete", { password: w.a.password, confirmation: "好的" });
    expect(unconfirmed.status).toBe(400);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: w.a.id }, select: { deletedAt: true } })).deletedAt).toBeNull();
  });

  it("refuses the sole owner of an organization until it is handed over", async () => {
    const c = await signedIn(w.owner);
    const page = await c.get("/me/delete");
    expect(await page.text()).toContain(w.org.name);
    const res = await c.post("/me/delete", { password: w.owner.password, confirmation: "DELETE" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("唯一的负责人");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: w.owner.id }, select: { deletedAt: true } })).deletedAt).toBeNull();
  });

  it("erases the person, keeps the money and the counted hours, and the sign-in fails like a wrong password", async () => {
    const ledgerBefore = await prisma.ledgerEntry.findMany({ where: { transaction: { donationId: w.aDonation.id } }, select: { id: true, amountFen: true, accountId: true }, orderBy: { id: "asc" } });
    expect(ledgerBefore.length).toBeGreaterThan(0);
    const c = await signedIn(w.a);
    const res = await c.post("/me/delete", { password: w.a.password, confirmation: "注销账号" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    // The old session is gone.
    expect((await c.get("/me", { followRedirects: false })).status).toBe(302);


    const tomb = await prisma.user.findUniqueOrThrow({ where: { id: w.a.id }, select: { email: true, displayName: true, deletedAt: true, disabledAt: true } });
    expect(tomb).toMatchObject({ email: `deleted-${w.a.id}@deleted.invalid`, displayName: "已注销用户" });
    expect(tomb.deletedAt).not.toBeNull();
    expect(tomb.disabledAt).not.toBeNull();
    expect(await prisma.volunteerProfile.count({ where: { userId: w.a.id } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: w.a.id } })).toBe(0);
    expect(await prisma.orgMembership.count({ where: { userId: w.a.id } })).toBe(0);
    expect(await prisma.notification.count({ where: { userId: w.a.id } })).toBe(0);
    expect(await prisma.messageOutbox.count({ where: { recipient: w.a.id } })).toBe(0);

    // No table holds A's name, e-mail, phone or ID number — the ledger included (its trigger lets
    // the donor name, and nothing else, be set to 匿名).
    const tables = await prisma.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_prisma%'`;
    const found: string[] = [];
    for (const { tablename } of tables) {
      for (const needle of [A.realName, w.a.email, A.phone, A.idNumber]) {
        const [{ n }] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${tablename}" t WHERE t::text ILIKE $1`, `%${needle}%`);
        if (n > 0n) found.push(`${tablename}: ${needle === A.realName ? "name" : needle === A.phone ? "phone" : needle === A.idNumber ? "ID" : "e-mail"}`);
      }
    }
    expect(found).toEqual([]);
    // B's data stays.
    expect(await prisma.volunteerProfile.count({ where: { userId: w.b.id } })).toBe(1);

    // The donation keeps its amount and ledger entries; the ledger still balances.
    const donation = await prisma.donation.findUniqueOrThrow({ where: { id: w.aDonation.id }, select: { amountFen: true, status: true, donorUserId: true, donorName: true, donorEmail: true, anonymous: true } });
    expect(donation).toEqual({ amountFen: 12_300n, status: "PAID", donorUserId: null, donorName: "匿名", donorEmail: null, anonymous: true });
    const ledgerAfter = await prisma.ledgerEntry.findMany({ where: { transaction: { donationId: w.aDonation.id } }, select: { id: true, amountFen: true, accountId: true }, orderBy: { id: "asc" } });
    expect(ledgerAfter).toEqual(ledgerBefore);
    const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
    expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);

    // The counted service record stays on the tombstone; the certificate's name is masked.
    const record = await prisma.serviceRecord.findUniqueOrThrow({ where: { id: w.record.id }, select: { userId: true, minutes: true, status: true } });
    expect(record).toEqual({ userId: w.a.id, minutes: 180, status: "CONFIRMED" });
    const cert = await prisma.serviceCertificate.findFirstOrThrow({ where: { userId: w.a.id }, select: { snapshot: true } });
    expect((cert.snapshot as { realName: string }).realName).toBe("欧某某");

    // The future place went to the waitlist; the help request is kept without the link to A.
    const signups = await prisma.shiftSignup.findMany({ where: { shiftId: w.future.id }, select: { userId: true, status: true } });
    expect(signups).toEqual(expect.arrayContaining([{ userId: w.a.id, status: "CANCELLED" }, { userId: w.b.id, status: "CONFIRMED" }]));
    expect(await prisma.helpRequest.count({ where: { submittedById: w.a.id } })).toBe(0);
    // Signing in (after the scan: a failed attempt is recorded with the address typed, purged after 30 days): the same answer as a wrong password.
    const again = await new TestClient(app.baseUrl).post("/auth/login", { email: w.a.email, password: w.a.password });
    const wrongPw = await new TestClient(app.baseUrl).post("/auth/login", { email: w.b.email, password: "not-the-password-1" });
    expect(again.status).toBe(wrongPw.status);
    expect(again.status).toBe(400);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "user.deleted", entityId: w.a.id }, select: { after: true } });
    expect(JSON.stringify(audit.after)).not.toContain(A.realName);
  });
});

describe("retention", () => {
  it("erases what is past its period, keeps what is not, and a second run changes nothing", async () => {
    const { enforceRetention } = await import("~/modules/privacy/retention.server");
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const help = (status: "CLOSED" | "NEW" | "REFERRED", handledAt: Date | null) =>
      prisma.helpRequest.create({
        data: { codeHash: randomBytes(16).toString("hex"), category: "ELDERLY_CARE", districtCode: "500114", needText: `${HELP_TEXT_MARKER} 保留期测试`, forWhom: "OTHER", contactName: "保留期联系人", contactPhone: "13600001234", medicalDetails: `${MEDICAL_TEXT_MARKER}`, medicalConsentAt: daysAgo(500), status, handledAt },
        select: { id: true },
      });
    const oldClosed = await help("CLOSED", daysAgo(400));
    const recentClosed = await help("REFERRED", daysAgo(10));
    const oldOpen = await help("NEW", null);
    await prisma.helpRequest.update({ where: { id: oldOpen.id }, data: { createdAt: daysAgo(900) } });
    const file = await prisma.fileUpload.create({ data: { purpose: "help-request", visibility: "PRIVATE", fileName: "诊断书.pdf", mimeType: "application/pdf", size: 9, sha256: "2".repeat(64), data: Buffer.from("%PDF-1.4\n") }, select: { id: true } });
    await prisma.helpRequestDocument.create({ data: { requestId: oldClosed.id, fileId: file.id } });

    const order = async (completedAt: Date) => {
      const c = await prisma.shopCheckout.create({ data: { amountFen: 100n, provider: "STRIPE", accessToken: randomBytes(24).toString("base64url"), reservedUntil: completedAt, status: "PAID" }, select: { id: true } });
      const p = await prisma.shopOrder.findFirstOrThrow({ select: { producerId: true, supportOrgId: true } });
      return prisma.shopOrder.create({ data: { number: `SL-RET-${randomBytes(3).toString("hex")}`, checkoutId: c.id, producerId: p.producerId, supportOrgId: p.supportOrgId, status: "COMPLETED", completedAt, totalFen: 100n, recipientName: "保留期收货人", recipientPhone: "13600005678", address: "重庆市江北区保留期路 1 号" }, select: { id: true } });
    };
    const oldOrder = await order(daysAgo(200));
    const recentOrder = await order(daysAgo(20));

    const doc = async () => prisma.fileUpload.create({ data: { orgId: w.org.id, purpose: "qualification", visibility: "PRIVATE", fileName: "资格.pdf", mimeType: "application/pdf", size: 9, sha256: "3".repeat(64), data: Buffer.from("%PDF-1.4\n") }, select: { id: true } });
    const oldDoc = await doc();
    const recentDoc = await doc();
    await prisma.qualificationRequest.create({ data: { orgId: w.org.id, isCharity: true, publicFundraising: false, documentId: oldDoc.id, requestedById: w.owner.id, status: "REJECTED", reviewedAt: daysAgo(1200) } });
    await prisma.qualificationRequest.create({ data: { orgId: w.org.id, isCharity: true, publicFundraising: false, documentId: recentDoc.id, requestedById: w.owner.id, status: "APPROVED", reviewedAt: daysAgo(100) } });

    const first = await enforceRetention(now, { helpRequestDays: 365, deliveryAddressDays: 180, verificationDocumentDays: 1095 });
    expect(first).toEqual({ helpRequests: 1, helpRequestDocuments: 1, deliveryAddresses: 1, verificationDocuments: 1 });

    const erased = await prisma.helpRequest.findUniqueOrThrow({ where: { id: oldClosed.id }, select: { needText: true, contactName: true, contactPhone: true, medicalDetails: true, category: true, districtCode: true, status: true } });
    expect(erased).toEqual({ needText: "已清除", contactName: "已清除", contactPhone: "", medicalDetails: null, category: "ELDERLY_CARE", districtCode: "500114", status: "CLOSED" });
    expect(await prisma.fileUpload.count({ where: { id: file.id } })).toBe(0);
    for (const kept of [recentClosed.id, oldOpen.id]) {
      expect((await prisma.helpRequest.findUniqueOrThrow({ where: { id: kept }, select: { contactPhone: true } })).contactPhone).toBe("13600001234");
    }
    expect((await prisma.shopOrder.findUniqueOrThrow({ where: { id: oldOrder.id }, select: { address: true, anonymisedAt: true } })).anonymisedAt).not.toBeNull();
    expect((await prisma.shopOrder.findUniqueOrThrow({ where: { id: recentOrder.id }, select: { address: true } })).address).toBe("重庆市江北区保留期路 1 号");
    expect(await prisma.fileUpload.count({ where: { id: oldDoc.id } })).toBe(0);
    expect(await prisma.fileUpload.count({ where: { id: recentDoc.id } })).toBe(1);

    expect(await enforceRetention(now, { helpRequestDays: 365, deliveryAddressDays: 180, verificationDocumentDays: 1095 })).toEqual({ helpRequests: 0, helpRequestDocuments: 0, deliveryAddresses: 0, verificationDocuments: 0 });
  });
});
