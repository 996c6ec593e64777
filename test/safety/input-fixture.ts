/**
 * One organization with a person in every role, another organization, staff and an admin, and one
 * record of each kind, so every route of the app can be called with real parameters (#11 "must
 * show": the role × route matrix and the fuzz test).
 */
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import { TestClient } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createCampaign, createFund, createPendingDonation } from "../support/factories/funding";
import { createNeed } from "../support/factories/needs";
import { createOrganization } from "../support/factories/organizations";
import { createProject, createShift } from "../support/factories/volunteering";
import { createProducer, createProduct } from "../support/factories/consumption";

/** The columns of the matrix, in order. */
export const ROLES = ["visitor", "volunteer", "member", "coordinator", "finance", "owner", "otherOwner", "staff", "admin"] as const;
export type Role = (typeof ROLES)[number];

export type InputFixture = Awaited<ReturnType<typeof createInputFixture>>;

export async function createInputFixture(prisma: PrismaClient, baseUrl: string) {
  const volunteer = await createUser(prisma, { profile: true, displayName: "志愿者小王" });
  const member = await createUser(prisma, { profile: true });
  const coordinator = await createUser(prisma, { profile: true });
  const finance = await createUser(prisma, { profile: true });
  const owner = await createUser(prisma, { profile: true });
  const otherOwner = await createUser(prisma, { profile: true });
  const staff = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  const admin = await createUser(prisma, { globalRole: "BUREAU_ADMIN" });

  const org = await createOrganization(prisma, {
    createdById: owner.id,
    isCharity: true,
    publicFundraising: true,
    isVolunteerGroup: true,
    members: [
      { userId: member.id, role: "MEMBER" },
      { userId: coordinator.id, role: "COORDINATOR" },
      { userId: finance.id, role: "FINANCE" },
    ],
  });
  const otherOrg = await createOrganization(prisma, { createdById: otherOwner.id, isCharity: true, publicFundraising: true });
  // An organization waiting for review, for the staff's review pages.
  const pendingOrg = await createOrganization(prisma, { createdById: otherOwner.id, status: "SUBMITTED" });

  const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id });
  const fund = await createFund(prisma, { orgId: org.id, createdById: owner.id });
  const project = await createProject(prisma, { orgId: org.id, createdById: owner.id });
  const shift = await createShift(prisma, { projectId: project.id });
  await prisma.shiftSignup.create({ data: { shiftId: shift.id, userId: volunteer.id, status: "CONFIRMED" } });
  const need = await createNeed(prisma, { createdById: staff.id, wantMoneyFen: 100_000n });
  // A need the organization proposed itself: its page of offers belongs to the organization.
  const proposedNeed = await createNeed(prisma, { createdById: owner.id, proposedByOrgId: org.id, wantMoneyFen: 100_000n });
  const file = await prisma.fileUpload.create({
    data: { orgId: org.id, uploadedById: owner.id, purpose: "document", visibility: "PRIVATE", fileName: "receipt.pdf", mimeType: "application/pdf", size: 9, sha256: "0".repeat(64), data: Buffer.from("%PDF-1.4\n") },
    select: { id: true },
  });
  const pending = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 10_000n, donorUserId: volunteer.id, email: volunteer.email });
  const donation = await prisma.donation.update({
    where: { id: pending.id },
    data: { status: "PAID", paidAt: new Date(), receiptCode: `R${randomBytes(6).toString("hex").toUpperCase()}` },
    select: { id: true, accessToken: true, providerSessionId: true, receiptCode: true },
  });
  // A checkout still open on the keyless test provider (the page exists only while it is pending).
  const openCheckout = await createPendingDonation(prisma, { fundId: fund.id, orgId: org.id, amountFen: 5_000n, sessionId: `cs_test_local_${randomBytes(8).toString("hex")}` });
  const certificate = await prisma.serviceCertificate.create({
    data: {
      code: `C${randomBytes(6).toString("hex").toUpperCase()}`,
      userId: volunteer.id,
      periodStart: new Date("2026-01-01T00:00:00Z"),
      periodEnd: new Date("2026-06-30T00:00:00Z"),
      totalMinutes: 180,
      recordCount: 1,
      snapshot: { realName: "王小明", orgs: [{ name: org.name, minutes: 180, records: 1 }], records: [] },
    },
    select: { id: true, code: true },
  });
  // A qualification request waiting for staff (its document is the private file above).
  const qualificationRequest = await prisma.qualificationRequest.create({
    data: { orgId: org.id, isCharity: true, publicFundraising: true, fundraisingCertificate: "渝民慈募〔2026〕001号", requestedById: owner.id },
    select: { id: true },
  });
  const importJob = await prisma.importJob.create({
    data: { kind: "activities", fileName: "activities.csv", fileData: Buffer.from("a,b\n"), createdById: staff.id, status: "FAILED" },
    select: { id: true },
  });

  // consumption: shop — a producer the organization supports, and a paid order the volunteer bought.
  const shopProducer = await createProducer(prisma, { supportOrgId: org.id, createdById: owner.id });
  const shopProduct = await createProduct(prisma, { producerId: shopProducer.id, createdById: owner.id, stock: 50 });
  const shopCheckout = await prisma.shopCheckout.create({
    data: { buyerUserId: volunteer.id, buyerEmail: volunteer.email, amountFen: 6800n, provider: "STRIPE", accessToken: randomBytes(24).toString("base64url"), reservedUntil: new Date(), status: "PAID", paidAt: new Date() },
    select: { id: true, accessToken: true },
  });
  const shopOrder = await prisma.shopOrder.create({
    data: {
      number: `SL20261202-${randomBytes(3).toString("hex").toUpperCase()}`,
      checkoutId: shopCheckout.id,
      producerId: shopProducer.id,
      supportOrgId: org.id,
      buyerUserId: volunteer.id,
      status: "PAID",
      totalFen: 6800n,
      recipientName: "刘德芳",
      recipientPhone: "13912345678",
      address: "重庆市渝中区民权路 88 号",
      paidAt: new Date(),
      lines: { create: [{ productId: shopProduct.id, productName: shopProduct.name, unit: "瓶", category: "DRIED_SPECIALTY", quantity: 1, unitPriceFen: 6800n, totalFen: 6800n }] },
    },
    select: { id: true },
  });
  // end consumption: shop

  const users = { volunteer, member, coordinator, finance, owner, otherOwner, staff, admin };
  const clients = {} as Record<Role, TestClient>;
  clients.visitor = new TestClient(baseUrl);
  for (const role of ROLES) {
    if (role === "visitor") continue;
    const c = new TestClient(baseUrl);
    await c.signIn(users[role].email, users[role].password);
    clients[role] = c;
  }

  /** Values for the `:param`s of route paths. */
  const params: Record<string, string> = {
    orgId: org.id,
    campaignId: campaign.id,
    fundId: fund.id,
    projectId: project.id,
    shiftId: shift.id,
    needId: need.id,
    fileId: file.id,
    donationId: donation.id,
    code: certificate.code,
    token: donation.accessToken,
    sessionId: donation.providerSessionId ?? "none",
    jobId: importJob.id,
    kind: "projects",
    proposedNeedId: proposedNeed.id,
    openSessionId: openCheckout.providerSessionId ?? "none",
    requestId: qualificationRequest.id,
    // consumption: shop
    shopProducerId: shopProducer.id,
    orderId: shopOrder.id,
    shopToken: shopCheckout.accessToken,
    // end consumption: shop
  };

  return { users, clients, params, org, otherOrg, pendingOrg, campaign, fund, project, shift, need, proposedNeed, file, donation, certificate, importJob };
}

/** Row counts of the tables a form could write to: equal before and after a refused request. */
export async function countRows(prisma: PrismaClient) {
  const [users, sessions, orgs, memberships, campaigns, funds, donations, refunds, projects, shifts, signups, needs, needResponses, files, certificates, notifications, importJobs, beneficiaries, activities, goods, disbursements, ledger] = await Promise.all([
    prisma.user.count(),
    prisma.session.count(),
    prisma.organization.count(),
    prisma.orgMembership.count(),
    prisma.campaign.count(),
    prisma.fund.count(),
    prisma.donation.count(),
    prisma.refund.count(),
    prisma.volunteerProject.count(),
    prisma.shift.count(),
    prisma.shiftSignup.count(),
    prisma.need.count(),
    prisma.needResponse.count(),
    prisma.fileUpload.count(),
    prisma.serviceCertificate.count(),
    prisma.notification.count(),
    prisma.importJob.count(),
    prisma.beneficiary.count(),
    prisma.activity.count(),
    prisma.goodsDistribution.count(),
    prisma.disbursement.count(),
    prisma.ledgerEntry.count(),
  ]);
  return { users, sessions, orgs, memberships, campaigns, funds, donations, refunds, projects, shifts, signups, needs, needResponses, files, certificates, notifications, importJobs, beneficiaries, activities, goods, disbursements, ledger };
}
