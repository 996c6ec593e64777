/**
 * Must show (#12.2): a volunteer-service certificate and a donation receipt, downloaded as PDF and as
 * PNG, each carry a QR code whose address is the public check with the code filled in, and that
 * check reports the certificate (receipt) as valid. Only the holder (donor) gets the files; a
 * certificate that is no longer valid is not handed out as a clean document.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import { createCampaign, createPendingDonation } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";
import { decodeQrPng, pdfImages, pdfLinks } from "./qr-read";

let app: TestApp;
let prisma: PrismaClient;
let holder: TestClient;
let other: TestClient;
let anonymous: TestClient;
let certCode: string;
let donation: { id: string; accessToken: string; receiptCode: string };
let guestDonation: { accessToken: string; receiptCode: string };

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const owner = await createUser(prisma, { profile: true });
  const volunteer = await createUser(prisma, { profile: { realName: "何俊杰" } });
  const someone = await createUser(prisma, { profile: true });
  const org = await createOrganization(prisma, { createdById: owner.id });
  const project = await createProject(prisma, { orgId: org.id, createdById: owner.id, title: "留守儿童课业辅导" });
  const past = await createShift(prisma, { projectId: project.id, startsAt: new Date(Date.now() - 5 * 24 * 3600_000) });
  const s = await prisma.shiftSignup.create({ data: { shiftId: past.id, userId: volunteer.id, status: "ATTENDED", checkedInAt: past.startsAt } });
  await prisma.serviceRecord.create({
    data: { userId: volunteer.id, orgId: org.id, projectId: project.id, shiftId: past.id, signupId: s.id, districtCode: "500114", category: "COMMUNITY", serviceDate: new Date(past.startsAt.toISOString().slice(0, 10)), minutes: 150, role: "辅导员", confirmedById: owner.id },
  });
  const { issueCertificate } = await import("~/modules/volunteering/certificates.server");
  certCode = (await issueCertificate(volunteer.id, "2020-01-01", new Date().toISOString().slice(0, 10))).code;

  const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, status: "APPROVED", title: "山区孩子冬衣计划" });
  const { newReceiptCode } = await import("~/modules/donations/receipts.server");
  const pay = async (id: string) => (await prisma.donation.update({ where: { id }, data: { status: "PAID", paidAt: new Date(), receiptCode: newReceiptCode() }, select: { id: true, accessToken: true, receiptCode: true } })) as typeof donation;
  donation = await pay((await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 20000n, donorUserId: volunteer.id, donorName: "何俊杰" })).id);
  guestDonation = await pay((await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 5000n, anonymous: true })).id);

  holder = new TestClient(app.baseUrl);
  await holder.signIn(volunteer.email, volunteer.password);
  other = new TestClient(app.baseUrl);
  await other.signIn(someone.email, someone.password);
  anonymous = new TestClient(app.baseUrl);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

async function pngQr(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("image/png");
  return decodeQrPng(Buffer.from(await res.arrayBuffer()));
}

async function pdfQrAndLinks(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/pdf");
  expect(res.headers.get("Content-Disposition")).toMatch(/^attachment;/);
  const pdf = Buffer.from(await res.arrayBuffer());
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const qrs = pdfImages(pdf).map(decodeQrPng).filter(Boolean);
  return { qrs, links: pdfLinks(pdf) };
}

/** Follows the QR code's address as a phone would (no cookies) and returns the page. */
async function openVerify(url: string) {
  const u = new URL(url);
  expect(u.origin).toBe(app.baseUrl);
  const res = await anonymous.get(u.pathname + u.search);
  expect(res.status).toBe(200);
  return res.text();
}

describe("certificate files", () => {
  it("the PNG carries a QR code to the public check, which reports the certificate valid", async () => {
    const url = await pngQr(await holder.get(`/me/certificates/${certCode}/certificate.png`));
    expect(url).toBe(`${app.baseUrl}/verify/certificates?code=${certCode}`);
    const html = await openVerify(url!);
    expect(html).toContain('data-testid="verify-result"');
    expect(html).toContain("何某某");
    expect(html).not.toContain("何俊杰");
  }, 60_000);

  it("the PDF carries the same QR code (embedded image) and a link annotation to the same check", async () => {
    const { qrs, links } = await pdfQrAndLinks(await holder.get(`/me/certificates/${certCode}/certificate.pdf`));
    const url = `${app.baseUrl}/verify/certificates?code=${certCode}`;
    expect(qrs).toEqual([url]);
    expect(links).toContain(url);
    expect(await openVerify(url)).toContain('data-testid="verify-result"');
  }, 60_000);

  it("is only for its holder", async () => {
    for (const ext of ["pdf", "png"]) {
      expect((await other.get(`/me/certificates/${certCode}/certificate.${ext}`)).status).toBe(404);
      const res = await anonymous.get(`/me/certificates/${certCode}/certificate.${ext}`, { followRedirects: false });
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toContain("/auth/login");
    }
  });

  it("the certificate page links to both files", async () => {
    const html = await (await holder.get(`/me/certificates/${certCode}`)).text();
    expect(html).toContain(`href="/me/certificates/${certCode}/certificate.pdf"`);
    expect(html).toContain(`href="/me/certificates/${certCode}/certificate.png"`);
    expect(html).toContain("下载PDF");
    expect(html).toContain("保存图片");
  });

  it("a superseded certificate sends to its replacement; a revoked one is refused", async () => {
    const old = await prisma.serviceCertificate.findUniqueOrThrow({ where: { code: certCode } });
    const copy = await prisma.serviceCertificate.create({
      data: { code: "TEST-REPL-ACED", userId: old.userId, periodStart: old.periodStart, periodEnd: old.periodEnd, totalMinutes: old.totalMinutes, recordCount: old.recordCount, snapshot: old.snapshot as object },
    });
    await prisma.serviceCertificate.update({ where: { id: old.id }, data: { status: "SUPERSEDED", replacedById: copy.id } });
    const moved = await holder.get(`/me/certificates/${certCode}/certificate.pdf`, { followRedirects: false });
    expect(moved.status).toBe(303);
    expect(moved.headers.get("Location")).toBe(`/me/certificates/TEST-REPL-ACED/certificate.pdf`);
    await prisma.serviceCertificate.update({ where: { id: copy.id }, data: { status: "REVOKED", revokedAt: new Date(), revokeReason: "测试" } });
    for (const code of [certCode, "TEST-REPL-ACED"]) {
      for (const ext of ["pdf", "png"]) {
        const res = await holder.get(`/me/certificates/${code}/certificate.${ext}`, { followRedirects: false });
        expect(res.status).toBe(410);
        expect(res.headers.get("Content-Type")).toContain("text/plain");
      }
    }
    // Put things back for any test that runs after.
    await prisma.serviceCertificate.update({ where: { id: old.id }, data: { status: "VALID", replacedById: null } });
  });
});

describe("receipt files", () => {
  it("the donor's PNG and PDF carry a QR code to the public receipt check, which reports it valid", async () => {
    const url = `${app.baseUrl}/verify/receipts?code=${donation.receiptCode}`;
    expect(await pngQr(await holder.get(`/me/donations/${donation.id}/receipt.png`))).toBe(url);
    const { qrs, links } = await pdfQrAndLinks(await holder.get(`/me/donations/${donation.id}/receipt.pdf`));
    expect(qrs).toEqual([url]);
    expect(links).toContain(url);
    const html = await openVerify(url);
    expect(html).toContain('data-testid="verify-result"');
    expect(html).toContain(donation.receiptCode);
    expect(html).toContain("200.00");
  }, 60_000);

  it("a guest gets theirs through the thank-you token, and nobody else gets a donor's receipt", async () => {
    const url = `${app.baseUrl}/verify/receipts?code=${guestDonation.receiptCode}`;
    expect(await pngQr(await anonymous.get(`/donate/thanks/${guestDonation.accessToken}/receipt.png`))).toBe(url);
    const { qrs } = await pdfQrAndLinks(await anonymous.get(`/donate/thanks/${guestDonation.accessToken}/receipt.pdf`));
    expect(qrs).toEqual([url]);
    expect(await openVerify(url)).toContain('data-testid="verify-result"');
    expect((await anonymous.get(`/donate/thanks/not-a-real-token/receipt.pdf`)).status).toBe(404);
    expect((await other.get(`/me/donations/${donation.id}/receipt.pdf`)).status).toBe(404);
    expect((await other.get(`/me/donations/${donation.id}/receipt.png`)).status).toBe(404);
  }, 60_000);

  it("the receipt pages link to both files", async () => {
    const mine = await (await holder.get(`/me/donations/${donation.id}/receipt`)).text();
    expect(mine).toContain(`href="/me/donations/${donation.id}/receipt.pdf"`);
    expect(mine).toContain(`href="/me/donations/${donation.id}/receipt.png"`);
    const guest = await (await anonymous.get(`/donate/thanks/${guestDonation.accessToken}`)).text();
    expect(guest).toContain(`/donate/thanks/${guestDonation.accessToken}/receipt.pdf`);
    expect(guest).toContain("保存图片");
  });
});
