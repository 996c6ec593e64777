/**
 * Official donation receipts (公益事业捐赠票据, issue 14.7) over real HTTP: the donor's request
 * (validation with the typed values kept, one open request per donation, only for paid and not
 * fully refunded donations), the organization's queue (finance only), recording an issued receipt
 * with its file, the donor's download (by session or guest token, nobody else), void and reissue
 * with the trail in the audit log, and nobody issuing a receipt for their own donation.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";
import type { DonationStatus } from "~/generated/prisma/enums";
import { makeCreditCode } from "~/modules/organizations/credit-code";
import { isoDate } from "~/utils/format";
import { makeIdNumber, maskIdNumber } from "~/modules/accounts/id-number";

let app: TestApp;
let prisma: PrismaClient;
type Who = "anonymous" | "donor" | "stranger" | "owner" | "finance" | "financeDonor" | "member" | "otherOwner" | "staff";
const c = {} as Record<Who, TestClient>;
const ids = {} as Record<Exclude<Who, "anonymous">, string>;
let org: { id: string };
let otherOrg: { id: string };
let campaign: { id: string };

const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const COMPANY_CODE = makeCreditCode("SOCIAL_SERVICE_AGENCY", "500114", "MA6CR1T00");
const today = () => isoDate(new Date());

async function paidDonation(o: { donorUserId?: string; email?: string; status?: DonationStatus; refundedFen?: bigint; amountFen?: bigint }) {
  const p = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: o.amountFen ?? 10_000n, donorUserId: o.donorUserId, email: o.email });
  const status = o.status ?? "PAID";
  return prisma.donation.update({
    where: { id: p.id },
    data: status === "PENDING" ? {} : { status, paidAt: new Date(Date.now() - 86_400_000), refundedFen: o.refundedFen ?? 0n, receiptCode: `SL-${randomBytes(6).toString("hex").toUpperCase()}` },
    select: { id: true, accessToken: true },
  });
}

function issueForm(fields: Record<string, string>, file?: { data: Buffer; name: string; type: string }) {
  const fd = new FormData();
  fd.set("intent", "issue");
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  if (file) fd.set("file", new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  return fd;
}

const requestsOf = (donationId: string) => prisma.donationReceiptRequest.findMany({ where: { donationId }, orderBy: { createdAt: "asc" } });

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const users = {
    donor: await createUser(prisma),
    stranger: await createUser(prisma),
    owner: await createUser(prisma),
    finance: await createUser(prisma),
    financeDonor: await createUser(prisma),
    member: await createUser(prisma),
    otherOwner: await createUser(prisma),
    staff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }),
  };
  org = await createOrganization(prisma, {
    createdById: users.owner.id,
    type: "FOUNDATION",
    isCharity: true,
    publicFundraising: true,
    members: [
      { userId: users.finance.id, role: "FINANCE" },
      { userId: users.financeDonor.id, role: "FINANCE" },
      { userId: users.member.id, role: "MEMBER" },
    ],
  });
  otherOrg = await createOrganization(prisma, { createdById: users.otherOwner.id, isCharity: true, publicFundraising: true });
  campaign = await createCampaign(prisma, { orgId: org.id, createdById: users.owner.id });
  c.anonymous = new TestClient(app.baseUrl);
  for (const [k, u] of Object.entries(users)) {
    ids[k as keyof typeof ids] = u.id;
    c[k as Who] = new TestClient(app.baseUrl);
    await c[k as Who].signIn(u.email, u.password);
  }
});
afterAll(async () => app?.close());

describe("the donor's request", () => {
  it("refuses a company without a valid credit code with 400, keeping what was typed", async () => {
    const d = await paidDonation({ donorUserId: ids.donor });
    const res = await c.donor.post(`/me/donations/${d.id}/receipt`, { payerKind: "COMPANY", payerName: "重庆渝善科技有限公司", taxId: "91500000ABCDEFGH12" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("重庆渝善科技有限公司");
    expect(html).toContain("91500000ABCDEFGH12");
    expect(html).toContain("统一社会信用代码不正确");
    // A company without any tax id is refused too; a person may leave it out.
    expect((await c.donor.post(`/me/donations/${d.id}/receipt`, { payerKind: "COMPANY", payerName: "重庆渝善科技有限公司", taxId: "" })).status).toBe(400);
    expect(await requestsOf(d.id)).toHaveLength(0);
  });

  it("records a valid request once, tells the finance people, and refuses a second open one", async () => {
    const d = await paidDonation({ donorUserId: ids.donor });
    const ok = await c.donor.post(`/me/donations/${d.id}/receipt`, { payerKind: "COMPANY", payerName: "重庆渝善科技有限公司", taxId: COMPANY_CODE.toLowerCase() });
    expect(ok.status).toBe(302);
    const [r] = await requestsOf(d.id);
    expect(r).toMatchObject({ status: "REQUESTED", payerKind: "COMPANY", taxId: COMPANY_CODE, orgId: org.id, requestedById: ids.donor });
    expect(await prisma.auditLog.count({ where: { entityType: "DonationReceiptRequest", entityId: r!.id, action: "receipt.requested" } })).toBe(1);
    expect(await prisma.notification.count({ where: { userId: ids.finance, kind: "receipts.requested", link: `/org/${org.id}/receipts/${r!.id}` } })).toBe(1);
    expect(await prisma.notification.count({ where: { userId: ids.member, kind: "receipts.requested" } })).toBe(0);

    const again = await c.donor.post(`/me/donations/${d.id}/receipt`, { payerKind: "PERSON", payerName: "李四" });
    expect(again.status).toBe(409);
    expect(await requestsOf(d.id)).toHaveLength(1);
    // The page shows the request and no form any more.
    const page = await (await c.donor.get(`/me/donations/${d.id}/receipt`)).text();
    expect(page).toContain("等待受赠组织开具");
    expect(page).not.toContain('name="payerKind"');
  });

  it("is only for the donor's own donation", async () => {
    const d = await paidDonation({ donorUserId: ids.donor });
    expect((await c.stranger.post(`/me/donations/${d.id}/receipt`, { payerKind: "PERSON", payerName: "王五" })).status).toBe(404);
    expect((await c.anonymous.post(`/me/donations/${d.id}/receipt`, { payerKind: "PERSON", payerName: "王五" }, { followRedirects: false })).status).toBe(302);
    expect(await requestsOf(d.id)).toHaveLength(0);
  });

  it("lets a guest ask by the thank-you token, with an e-mail", async () => {
    const d = await paidDonation({ email: "guest-a@example.cn" });
    const page = await (await c.anonymous.get(`/donate/thanks/${d.accessToken}`)).text();
    expect(page).toContain('name="payerName"');
    const noEmail = await c.anonymous.post(`/donate/thanks/${d.accessToken}`, { payerKind: "PERSON", payerName: "赵六", email: "" });
    expect(noEmail.status).toBe(400);
    expect(await noEmail.text()).toContain("赵六");
    const ok = await c.anonymous.post(`/donate/thanks/${d.accessToken}`, { payerKind: "PERSON", payerName: "赵六", email: "zhao6@example.cn" });
    expect(ok.status).toBe(302);
    expect(await requestsOf(d.id)).toMatchObject([{ status: "REQUESTED", email: "zhao6@example.cn", requestedById: null }]);
    expect((await c.anonymous.post(`/donate/thanks/not-a-token`, { payerKind: "PERSON", payerName: "赵六", email: "zhao6@example.cn" })).status).toBe(404);
  });

  it("is refused for unpaid, fully refunded and held donations, and accepted for partly refunded ones", async () => {
    const form = { payerKind: "PERSON", payerName: "钱七", email: "qian7@example.cn" };
    const pending = await paidDonation({ status: "PENDING" });
    expect((await c.anonymous.post(`/donate/thanks/${pending.accessToken}`, form)).status).toBe(409);
    const failed = await paidDonation({ status: "FAILED" });
    expect((await c.anonymous.post(`/donate/thanks/${failed.accessToken}`, form)).status).toBe(409);
    const refunded = await paidDonation({ status: "REFUNDED", refundedFen: 10_000n });
    expect((await c.anonymous.post(`/donate/thanks/${refunded.accessToken}`, form)).status).toBe(409);
    const held = await paidDonation({});
    await prisma.donation.update({ where: { id: held.id }, data: { heldAt: new Date() } });
    expect((await c.anonymous.post(`/donate/thanks/${held.accessToken}`, form)).status).toBe(409);
    expect(await prisma.donationReceiptRequest.count({ where: { donationId: { in: [pending.id, failed.id, refunded.id, held.id] } } })).toBe(0);
    const partly = await paidDonation({ status: "PARTLY_REFUNDED", refundedFen: 4_000n });
    expect((await c.anonymous.post(`/donate/thanks/${partly.accessToken}`, form)).status).toBe(302);
  });
});

describe("the organization's queue", () => {
  it("is for finance (staff read only); other organizations and plain members are refused", async () => {
    const d = await paidDonation({ donorUserId: ids.donor });
    await c.donor.post(`/me/donations/${d.id}/receipt`, { payerKind: "PERSON", payerName: "孙八", taxId: "" });
    const [r] = await requestsOf(d.id);
    for (const who of ["finance", "owner", "staff"] as const) {
      const res = await c[who].get(`/org/${org.id}/receipts`);
      expect(res.status, who).toBe(200);
      expect(await res.text()).toContain("孙八");
      expect((await c[who].get(`/org/${org.id}/receipts/${r!.id}`)).status, who).toBe(200);
    }
    for (const who of ["member", "otherOwner", "donor"] as const) {
      expect((await c[who].get(`/org/${org.id}/receipts`)).status, who).toBe(403);
      expect((await c[who].get(`/org/${org.id}/receipts/${r!.id}`)).status, who).toBe(403);
      expect((await c[who].post(`/org/${org.id}/receipts/${r!.id}`, issueForm({ receiptCode: "50060122", receiptNumber: "0000000099", issuedOn: today(), paper: "on" }))).status, who).toBe(403);
    }
    // Staff look, but do not act inside an organization.
    expect((await c.staff.post(`/org/${org.id}/receipts/${r!.id}`, issueForm({ receiptCode: "50060122", receiptNumber: "0000000099", issuedOn: today(), paper: "on" }))).status).toBe(403);
    // Another organization's owner, through their own organization's address: not found.
    expect((await c.otherOwner.get(`/org/${otherOrg.id}/receipts/${r!.id}`)).status).toBe(404);
    expect((await c.otherOwner.post(`/org/${otherOrg.id}/receipts/${r!.id}`, issueForm({ receiptCode: "50060122", receiptNumber: "0000000099", issuedOn: today(), paper: "on" }))).status).toBe(404);
    expect((await requestsOf(d.id))[0]!.status).toBe("REQUESTED");
    // The status tabs: the request waits under REQUESTED, not under ISSUED.
    expect(await (await c.finance.get(`/org/${org.id}/receipts?status=ISSUED`)).text()).not.toContain("孙八");
    // A person's tax id (their ID number) is masked in the list, in full only on the request itself.
    const idDonation = await paidDonation({ donorUserId: ids.donor });
    const idNumber = makeIdNumber("500114", "19800101", "123");
    expect((await c.donor.post(`/me/donations/${idDonation.id}/receipt`, { payerKind: "PERSON", payerName: "陈十四", taxId: idNumber })).status).toBe(302);
    const [withId] = await requestsOf(idDonation.id);
    const list = await (await c.finance.get(`/org/${org.id}/receipts`)).text();
    expect(list).toContain("陈十四");
    expect(list).not.toContain(idNumber);
    expect(list).toContain(maskIdNumber(idNumber));
    expect(await (await c.finance.get(`/org/${org.id}/receipts/${withId!.id}`)).text()).toContain(idNumber);
    // Linked from the organization's funding pages.
    expect(await (await c.finance.get(`/org/${org.id}/campaigns`)).text()).toContain(`/org/${org.id}/receipts`);
  });
});

describe("issuing, downloading, voiding and reissuing", () => {
  it("records code, number, date and the uploaded receipt; the donor downloads it, nobody else", async () => {
    const d = await paidDonation({ donorUserId: ids.donor });
    await c.donor.post(`/me/donations/${d.id}/receipt`, { payerKind: "PERSON", payerName: "周九" });
    const [r] = await requestsOf(d.id);
    const url = `/org/${org.id}/receipts/${r!.id}`;

    // Mistakes answer 400 with the values kept and change nothing.
    const http = await c.finance.post(url, issueForm({ receiptCode: "50060122", receiptNumber: "0000012345", issuedOn: today(), link: "http://fp.example.cn/r/1" }));
    expect(http.status).toBe(400);
    expect(await http.text()).toContain("0000012345");
    expect((await c.finance.post(url, issueForm({ receiptCode: "50060122", receiptNumber: "0000012345", issuedOn: today() }))).status).toBe(400);
    expect((await c.finance.post(url, issueForm({ receiptCode: "50060122", receiptNumber: "0000012345", issuedOn: today() }, { data: Buffer.from("not a receipt"), name: "r.pdf", type: "application/pdf" }))).status).toBe(400);
    expect((await c.finance.post(url, issueForm({ receiptCode: "5006", receiptNumber: "", issuedOn: today(), paper: "on" }))).status).toBe(400);
    expect((await requestsOf(d.id))[0]!.status).toBe("REQUESTED");

    const ok = await c.finance.post(url, issueForm({ receiptCode: "50060122", receiptNumber: "0000012345", issuedOn: today() }, { data: PDF, name: "捐赠票据.pdf", type: "application/pdf" }));
    expect(ok.status).toBe(302);
    const issued = (await requestsOf(d.id))[0]!;
    expect(issued).toMatchObject({ status: "ISSUED", receiptCode: "50060122", receiptNumber: "0000012345", issuedById: ids.finance });
    expect(isoDate(issued.issuedOn)).toBe(today());
    const file = await prisma.fileUpload.findUniqueOrThrow({ where: { id: issued.fileId! } });
    expect(file).toMatchObject({ visibility: "PRIVATE", orgId: org.id, mimeType: "application/pdf" });
    expect(await prisma.notification.count({ where: { userId: ids.donor, kind: "receipts.issued", link: `/me/donations/${d.id}/receipt` } })).toBe(1);
    // Issuing twice is refused.
    expect((await c.finance.post(url, issueForm({ receiptCode: "50060122", receiptNumber: "0000012346", issuedOn: today(), paper: "on" }))).status).toBe(409);

    // The donor, by session and by the thank-you token.
    const page = await (await c.donor.get(`/me/donations/${d.id}/receipt`)).text();
    expect(page).toContain("0000012345");
    expect(page).toContain(`/me/donations/${d.id}/official-receipt`);
    for (const path of [`/me/donations/${d.id}/official-receipt`, `/donate/thanks/${d.accessToken}/official-receipt`]) {
      const res = await c.donor.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("Cache-Control")).toContain("no-store");
      expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
    }
    expect((await c.anonymous.get(`/donate/thanks/${d.accessToken}/official-receipt`)).status).toBe(200);
    // Nobody else: another user, the wrong token, signed out.
    expect((await c.stranger.get(`/me/donations/${d.id}/official-receipt`)).status).toBe(404);
    expect((await c.finance.get(`/me/donations/${d.id}/official-receipt`)).status).toBe(404);
    expect((await c.anonymous.get(`/donate/thanks/x${d.accessToken}/official-receipt`)).status).toBe(404);
    expect((await c.anonymous.get(`/me/donations/${d.id}/official-receipt`, { followRedirects: false })).status).toBe(302);
    // The organization's finance role and staff read it through /files; a plain member does not.
    expect((await c.finance.get(`/files/${file.id}`)).status).toBe(200);
    expect((await c.staff.get(`/files/${file.id}`)).status).toBe(200);
    expect((await c.member.get(`/files/${file.id}`)).status).toBe(403);
    expect((await c.stranger.get(`/files/${file.id}`)).status).toBe(404);
    expect((await c.donor.get(`/files/${file.id}`)).status).toBe(404);
  });

  it("tells a guest by an outbox e-mail, and accepts an OFD file or an https link", async () => {
    const d = await paidDonation({ email: "guest-b@example.cn" });
    await c.anonymous.post(`/donate/thanks/${d.accessToken}`, { payerKind: "COMPANY", payerName: "重庆渝善科技有限公司", taxId: COMPANY_CODE, email: "finance@yushan.example.cn" });
    const [r] = await requestsOf(d.id);
    // A minimal OFD package: a ZIP whose first entry is OFD.xml.
    const name = Buffer.from("OFD.xml");
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(name.length, 26);
    const ofd = Buffer.concat([header, name, Buffer.from("<ofd:OFD/>"), Buffer.from("PK\u0001\u0002")]);
    const res = await c.finance.post(`/org/${org.id}/receipts/${r!.id}`, issueForm({ receiptCode: "50060122", receiptNumber: "0000020001", issuedOn: today(), link: "https://pjcy.example.gov.cn/check?id=1" }, { data: ofd, name: "票据.ofd", type: "application/octet-stream" }));
    expect(res.status).toBe(302);
    const issued = (await requestsOf(d.id))[0]!;
    expect(issued.link).toBe("https://pjcy.example.gov.cn/check?id=1");
    expect((await prisma.fileUpload.findUniqueOrThrow({ where: { id: issued.fileId! } })).mimeType).toBe("application/ofd");
    const mail = await prisma.messageOutbox.findFirstOrThrow({ where: { recipient: "finance@yushan.example.cn", template: "receipts.mail.issued" } });
    expect(JSON.stringify(mail.payload)).toContain(`/donate/thanks/${d.accessToken}`);
    const dl = await c.anonymous.get(`/donate/thanks/${d.accessToken}/official-receipt`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("Content-Type")).toBe("application/ofd");
  });

  it("voids with a reason and reissues as a new request replacing it, the trail kept in the audit log", async () => {
    const d = await paidDonation({ donorUserId: ids.donor });
    await c.donor.post(`/me/donations/${d.id}/receipt`, { payerKind: "PERSON", payerName: "吴十" });
    const [first] = await requestsOf(d.id);
    const url = `/org/${org.id}/receipts/${first!.id}`;
    expect((await c.finance.post(url, issueForm({ receiptCode: "50060122", receiptNumber: "0000030001", issuedOn: today() }, { data: PDF, name: "r.pdf", type: "application/pdf" }))).status).toBe(302);
    // A reason is required; reissue needs a voided receipt.
    expect((await c.finance.post(url, { intent: "void", reason: "" })).status).toBe(400);
    expect((await c.finance.post(url, { intent: "reissue", payerKind: "PERSON", payerName: "吴拾" })).status).toBe(409);
    expect((await c.finance.post(url, { intent: "void", reason: "抬头写错，应为吴拾" })).status).toBe(302);
    expect((await requestsOf(d.id))[0]).toMatchObject({ status: "VOIDED", voidReason: "抬头写错，应为吴拾" });
    expect(await prisma.notification.count({ where: { userId: ids.donor, kind: "receipts.voided" } })).toBe(1);
    // The voided receipt is no longer downloadable.
    expect((await c.donor.get(`/me/donations/${d.id}/official-receipt`)).status).toBe(404);

    const reissue = await c.finance.post(url, { intent: "reissue", payerKind: "PERSON", payerName: "吴拾" });
    expect(reissue.status).toBe(302);
    const [, second] = await requestsOf(d.id);
    expect(second).toMatchObject({ status: "REQUESTED", payerName: "吴拾", replacesId: first!.id });
    expect(reissue.headers.get("Location")).toBe(`/org/${org.id}/receipts/${second!.id}`);
    // Only once, and the donor cannot open a second request beside it.
    expect((await c.finance.post(url, { intent: "reissue", payerKind: "PERSON", payerName: "吴拾" })).status).toBe(409);
    expect((await c.donor.post(`/me/donations/${d.id}/receipt`, { payerKind: "PERSON", payerName: "吴拾" })).status).toBe(409);
    expect((await c.finance.post(`/org/${org.id}/receipts/${second!.id}`, issueForm({ receiptCode: "50060122", receiptNumber: "0000030002", issuedOn: today() }, { data: PDF, name: "r2.pdf", type: "application/pdf" }))).status).toBe(302);

    const trail = await prisma.auditLog.findMany({ where: { entityType: "DonationReceiptRequest", entityId: { in: [first!.id, second!.id] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(trail.map((e) => [e.action, e.entityId])).toEqual([
      ["receipt.requested", first!.id],
      ["receipt.issued", first!.id],
      ["receipt.voided", first!.id],
      ["receipt.reissued", second!.id],
      ["receipt.issued", second!.id],
    ]);
    expect(trail[2]!.reason).toBe("抬头写错，应为吴拾");
    expect(trail.every((e) => e.orgId === org.id)).toBe(true);
    // The page shows the chain and the history; the donor sees the new receipt and the voided one.
    const page = await (await c.finance.get(`/org/${org.id}/receipts/${second!.id}`)).text();
    expect(page).toContain("重开（替代已作废的票据）");
    expect(page).toContain("抬头写错，应为吴拾");
    const mine = await (await c.donor.get(`/me/donations/${d.id}/receipt`)).text();
    expect(mine).toContain("0000030002");
    expect(mine).toContain("票据 0000030001 已作废");
  });

  it("refuses a finance member who is the donor, and lets a colleague issue it", async () => {
    const d = await paidDonation({ donorUserId: ids.financeDonor });
    expect((await c.financeDonor.post(`/me/donations/${d.id}/receipt`, { payerKind: "PERSON", payerName: "郑十一" })).status).toBe(302);
    const [r] = await requestsOf(d.id);
    const url = `/org/${org.id}/receipts/${r!.id}`;
    const own = await c.financeDonor.post(url, issueForm({ receiptCode: "50060122", receiptNumber: "0000040001", issuedOn: today(), paper: "on" }));
    expect(own.status).toBe(403);
    expect(await own.text()).toContain("不能为自己的捐款开具");
    expect((await c.financeDonor.post(url, { intent: "void", reason: "自己作废自己的" })).status).toBe(403);
    expect((await requestsOf(d.id))[0]!.status).toBe("REQUESTED");
    // A guest donation given with a finance member's own address is theirs too.
    const guest = await paidDonation({ email: (await prisma.user.findUniqueOrThrow({ where: { id: ids.finance } })).email });
    await c.anonymous.post(`/donate/thanks/${guest.accessToken}`, { payerKind: "PERSON", payerName: "王十二", email: "wang12@example.cn" });
    const [g] = await requestsOf(guest.id);
    expect((await c.finance.post(`/org/${org.id}/receipts/${g!.id}`, issueForm({ receiptCode: "50060122", receiptNumber: "0000040002", issuedOn: today(), paper: "on" }))).status).toBe(403);
    // A colleague issues it (a paper receipt: no file, no link).
    expect((await c.finance.post(url, issueForm({ receiptCode: "50060122", receiptNumber: "0000040001", issuedOn: today(), paper: "on" }))).status).toBe(302);
    expect((await requestsOf(d.id))[0]).toMatchObject({ status: "ISSUED", fileId: null, link: null });
    expect(await (await c.financeDonor.get(`/me/donations/${d.id}/receipt`)).text()).toContain("纸质票据");
  });

  it("refuses to issue once the donation was fully refunded, a date before the payment, and a number already used", async () => {
    const d = await paidDonation({ donorUserId: ids.donor });
    await c.donor.post(`/me/donations/${d.id}/receipt`, { payerKind: "PERSON", payerName: "冯十三" });
    const [r] = await requestsOf(d.id);
    const url = `/org/${org.id}/receipts/${r!.id}`;
    expect((await c.finance.post(url, issueForm({ receiptCode: "50060122", receiptNumber: "0000050001", issuedOn: "2020-01-01", paper: "on" }))).status).toBe(400);
    // 0000012345 was issued above for another donation of this organization.
    expect((await c.finance.post(url, issueForm({ receiptCode: "50060122", receiptNumber: "0000012345", issuedOn: today(), paper: "on" }))).status).toBe(409);
    await prisma.donation.update({ where: { id: d.id }, data: { status: "REFUNDED", refundedFen: 10_000n } });
    expect((await c.finance.post(url, issueForm({ receiptCode: "50060122", receiptNumber: "0000050001", issuedOn: today(), paper: "on" }))).status).toBe(409);
    expect((await requestsOf(d.id))[0]!.status).toBe("REQUESTED");
    // It can still be declined, with the reason.
    expect((await c.finance.post(url, { intent: "void", reason: "捐款已全额退款" })).status).toBe(302);
  });
});
