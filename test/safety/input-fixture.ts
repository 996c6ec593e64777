/**
 * One organization with a person in every role, another organization, staff and an admin, and one
 * record of each kind, so every route of the app can be called with real parameters (#11 "must
 * show": the role × route matrix and the fuzz test).
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import { TestClient } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createCampaign, createFund, createPendingDonation } from "../support/factories/funding";
import { createNeed } from "../support/factories/needs";
import { createOrganization } from "../support/factories/organizations";
// issue 18.1: cross-region
import { nextOrgCode } from "../support/factories/organizations";
// end issue 18.1: cross-region
import { createProject, createShift } from "../support/factories/volunteering";
// consumption: pledges
import { createBuyingUnit, createPledge } from "../support/factories/pledges";
import { createProducer, createProduct } from "../support/factories/consumption";
import { makeCreditCode } from "~/modules/organizations/credit-code";

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

  // consumption: pledges — a unit the organization registered, managed by the volunteer, with one pledge.
  const buyingUnit = await createBuyingUnit(prisma, { createdById: owner.id, orgId: org.id, managerUserId: volunteer.id });
  const pledge = await createPledge(prisma, { buyingUnitId: buyingUnit.id, createdById: owner.id });
  // end consumption: pledges
  // consumption: producers — an approved producer the organization supports (no account of its own).
  const producer = await createProducer(prisma, { supportOrgId: org.id, createdById: owner.id });
  // end consumption: producers
  // consumption: products — a listed product of that producer.
  const product = await createProduct(prisma, { producerId: producer.id, createdById: owner.id });
  // end consumption: products
  // consumption: sales — a producer the organization supports, one recorded sale at one of its fairs, and a sales import job of the owner.
  const salesProducer = await createProducer(prisma, { supportOrgId: org.id, createdById: owner.id });
  const salesProduct = await createProduct(prisma, { producerId: salesProducer.id, createdById: owner.id });
  const salesEvent = await prisma.salesEvent.create({
    data: { orgId: org.id, channel: "FAIR", title: "测试农产品展销会", startsOn: new Date("2026-03-01T00:00:00Z"), endsOn: new Date("2026-03-03T00:00:00Z"), districtCode: "500240", place: "县城广场", createdById: owner.id, producers: { create: [{ producerId: salesProducer.id }] } },
    select: { id: true },
  });
  const sale = await prisma.consumptionSale.create({
    data: { orgId: org.id, producerId: salesProducer.id, productId: salesProduct.id, productName: salesProduct.name, category: "DRIED_SPECIALTY", amountFen: 68_000n, soldOn: new Date("2026-03-02T00:00:00Z"), channel: "FAIR", buyerKind: "ENTERPRISE", districtCode: "500240", eventId: salesEvent.id, source: "RECORDED", createdById: owner.id },
    select: { id: true },
  });
  const salesImportJob = await prisma.importJob.create({
    data: { kind: `sales:${org.id}`, fileName: "sales.csv", fileData: Buffer.from("a,b\n"), createdById: owner.id, status: "FAILED" },
    select: { id: true },
  });
  // end consumption: sales
  // payments: designated platforms (#14.4) — the owner's failed statement import for the campaign.
  const platformImportJob = await prisma.importJob.create({
    data: { kind: `platform:${org.id}:${campaign.id}`, fileName: "statement.csv", fileData: Buffer.from("a,b\n"), createdById: owner.id, status: "FAILED" },
    select: { id: true },
  });
  // end payments: designated platforms
  // payments: official receipts (issue 14.7) — a second donation of the volunteer with an issued
  // receipt (its file downloads), and a guest's donation whose request waits in the org's queue.
  const paid = async (o: Parameters<typeof createPendingDonation>[1]) => {
    const p = await createPendingDonation(prisma, o);
    return prisma.donation.update({ where: { id: p.id }, data: { status: "PAID", paidAt: new Date(), receiptCode: `R${randomBytes(6).toString("hex").toUpperCase()}` }, select: { id: true, accessToken: true } });
  };
  const receiptDonation = await paid({ fundId: fund.id, orgId: org.id, amountFen: 20_000n, donorUserId: volunteer.id, email: volunteer.email });
  const receiptFile = await prisma.fileUpload.create({
    data: { orgId: org.id, uploadedById: finance.id, purpose: "donation-receipt", visibility: "PRIVATE", fileName: "捐赠票据.pdf", mimeType: "application/pdf", size: 9, sha256: "1".repeat(64), data: Buffer.from("%PDF-1.4\n") },
    select: { id: true },
  });
  await prisma.donationReceiptRequest.create({
    data: { donationId: receiptDonation.id, orgId: org.id, payerKind: "PERSON", payerName: "王小明", status: "ISSUED", receiptCode: "50060122", receiptNumber: "0000000001", issuedOn: new Date(), fileId: receiptFile.id, requestedById: volunteer.id, issuedById: finance.id },
  });
  const guestDonation = await paid({ campaignId: campaign.id, orgId: org.id, amountFen: 30_000n, email: "guest-receipt@example.cn" });
  const receiptRequest = await prisma.donationReceiptRequest.create({
    data: { donationId: guestDonation.id, orgId: org.id, payerKind: "COMPANY", payerName: "重庆善联测试有限公司", taxId: makeCreditCode("SOCIAL_SERVICE_AGENCY", "500114", "MA5U7XK3J"), email: "guest-receipt@example.cn" },
    select: { id: true },
  });
  // end payments: official receipts
  // merchants: per-organization merchant accounts (#14.3) — one WeChat Pay and one Alipay account of the organization.
  const merchantAccounts = await createMerchantAccounts(prisma, org.id, owner.id);
  // payments: payway — a WeChat Pay donation through the organization's account whose order was closed (its QR page answers without calling WeChat Pay).
  const wechatDonation = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 5_000n });
  await prisma.donation.update({ where: { id: wechatDonation.id }, data: { provider: "WECHAT_PAY", merchantAccountId: merchantAccounts.wechat, providerSessionId: wechatDonation.id, status: "CANCELLED" } });
  // end payments: payway
  // payments: shop checkout by device — a WeChat Pay shop checkout whose order was closed (its QR page answers without calling WeChat Pay).
  const wechatShopCheckout = await prisma.shopCheckout.create({
    data: { buyerEmail: "buyer@example.cn", amountFen: 6800n, provider: "WECHAT_PAY", merchantAccountId: merchantAccounts.wechat, accessToken: randomBytes(24).toString("base64url"), reservedUntil: new Date(), status: "CANCELLED", cancelledAt: new Date() },
    select: { accessToken: true },
  });
  // end payments: shop checkout by device
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
  // payments: monthly giving (issue 14.5) — the volunteer's reminder gift to the campaign with an open month.
  const monthlyPeriod = new Date().toISOString().slice(0, 7);
  const monthlyGift = await prisma.monthlyGift.create({
    data: { donorUserId: volunteer.id, orgId: org.id, campaignId: campaign.id, amountFen: 5_000n, method: "REMINDER", dayOfMonth: 1, nextChargeOn: new Date(`${monthlyPeriod}-01T00:00:00Z`), donorName: "志愿者", charges: { create: [{ period: monthlyPeriod, amountFen: 5_000n, status: "DUE" }] } },
    select: { id: true },
  });
  // end payments: monthly giving
  // payments: recurring wiring — the other organization's accounts with recurring deduction, and a
  // WeChat Pay monthly gift of the volunteer, already signed (its QR sign page moves on).
  const recurringAccounts = await createRecurringMerchantAccounts(prisma, otherOrg.id, otherOwner.id);
  const otherFund = await createFund(prisma, { orgId: otherOrg.id, createdById: otherOwner.id });
  const signedWechatGift = await prisma.monthlyGift.create({
    data: { donorUserId: volunteer.id, orgId: otherOrg.id, fundId: otherFund.id, amountFen: 3_000n, method: "WECHAT_CONTRACT", provider: "WECHAT_PAY", merchantAccountId: recurringAccounts.wechat, providerAgreementId: `2024${Date.now()}`, dayOfMonth: 1, nextChargeOn: new Date(`${monthlyPeriod}-01T00:00:00Z`), donorName: "志愿者" },
    select: { id: true },
  });
  // end payments: recurring wiring
  // issue 15: help — a new help request the volunteer filed (no medical or child details).
  const helpRequest = await prisma.helpRequest.create({
    data: { codeHash: randomBytes(32).toString("hex"), category: "ELDERLY_CARE", districtCode: "500114", needText: "独居老人行动不便，需要志愿者每周上门帮忙买菜和打扫。", forWhom: "OTHER", contactName: "邻居张女士", contactPhone: "023-12345678", submittedById: volunteer.id },
    select: { id: true },
  });
  // end issue 15: help
  // issue 15: safeguards — an open abuse report from a visitor on the campaign.
  const abuseReport = await prisma.abuseReport.create({ data: { targetType: "CAMPAIGN", targetId: campaign.id, orgId: org.id, category: "FALSE_INFO", details: "病情描述与医院证明不符，请核实。" }, select: { id: true } });
  // end issue 15: safeguards
  // issue 18.1: cross-region — a Shandong organization (of a user in no role), an agreement and an active pairing with a district.
  const shandongOwner = await createUser(prisma);
  const shandongOrg = await createOrganization(prisma, { createdById: shandongOwner.id, name: "济南市善行社会工作服务中心", creditCode: makeCreditCode("SOCIAL_SERVICE_AGENCY", "370102", nextOrgCode()) });
  const agreement = await prisma.cooperationAgreement.create({
    data: { title: "鲁渝民政协作协议", partnerName: "山东省民政厅", partnerProvince: "37", localName: "重庆市民政局", startsOn: new Date("2020-01-01T00:00:00Z"), partnerLiaisonName: "王建国", partnerLiaisonPhone: "13905310001", createdById: staff.id },
    select: { id: true },
  });
  const pairing = await prisma.supportPairing.create({
    data: { supportOrgId: shandongOrg.id, target: "DISTRICT", districtCode: "500114", agreementId: agreement.id, status: "ACTIVE", requestedById: staff.id, decidedById: staff.id, decidedAt: new Date() },
    select: { id: true },
  });
  // end issue 18.1: cross-region

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
    // consumption: pledges
    unitId: buyingUnit.id,
    pledgeId: pledge.id,
    // consumption: producers
    producerId: producer.id,
    // consumption: products
    productId: product.id,
    // consumption: sales
    saleId: sale.id,
    eventId: salesEvent.id,
    salesJobId: salesImportJob.id,
    // payments: official receipts (issue 14.7)
    receiptDonationId: receiptDonation.id,
    receiptToken: receiptDonation.accessToken,
    receiptRequestId: receiptRequest.id,
    // merchants
    wechatAccountId: merchantAccounts.wechat,
    alipayAccountId: merchantAccounts.alipay,
    // payments: payway
    wechatToken: wechatDonation.accessToken,
    // payments: shop checkout by device
    shopWechatToken: wechatShopCheckout.accessToken,
    // end payments: shop checkout by device
    // consumption: shop
    shopProducerId: shopProducer.id,
    orderId: shopOrder.id,
    shopToken: shopCheckout.accessToken,
    // end consumption: shop
    // payments: designated platforms (#14.4)
    platformJobId: platformImportJob.id,
    // end payments: designated platforms
    // payments: monthly giving
    giftId: monthlyGift.id,
    period: monthlyPeriod,
    // payments: recurring wiring
    signGiftId: signedWechatGift.id,
    wechatRecurringAccountId: recurringAccounts.wechat,
    alipayRecurringAccountId: recurringAccounts.alipay,
    // end payments: recurring wiring
    // issue 15: help
    helpRequestId: helpRequest.id,
    // end issue 15: help
    // issue 15: safeguards
    reportId: abuseReport.id,
    // end issue 15: safeguards
    // issue 18.1: cross-region
    agreementId: agreement.id,
    pairingId: pairing.id,
    // end issue 18.1: cross-region
  };

  return { users, clients, params, org, otherOrg, pendingOrg, campaign, fund, project, shift, need, proposedNeed, file, donation, certificate, importJob, buyingUnit, pledge, producer, product };
}

// merchants: stored the way the settings page stores them (encrypted with the test MERCHANT_SECRETS_KEY).
// payments: recurring wiring
/** WeChat Pay and Alipay accounts with what recurring deduction needs (API v2 key + template id; sign scene). */
async function createRecurringMerchantAccounts(prisma: PrismaClient, orgId: string, actorId: string) {
  const { saveMerchantAccount } = await import("~/modules/payments/merchant-accounts.server");
  const { AlipayCredentialsSchema, WechatPayCredentialsSchema } = await import("~/modules/payments/merchant-schema.server");
  const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 });
  const wechat = await saveMerchantAccount(
    { orgId },
    actorId,
    {
      provider: "WECHAT_PAY",
      input: WechatPayCredentialsSchema.parse({
        appId: "wxd678efh567hg6788",
        mchId: "1900009192",
        merchantSerialNo: randomBytes(20).toString("hex"),
        merchantPrivateKey: rsa().privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        apiV3Key: randomBytes(16).toString("hex"),
        verificationMode: "publicKey",
        publicKeyId: `PUB_KEY_ID_0114${randomBytes(8).toString("hex").toUpperCase()}`,
        publicKey: rsa().publicKey.export({ type: "spki", format: "pem" }).toString(),
        apiV2Key: randomBytes(16).toString("hex"),
        planId: "12535",
      }),
    },
    prisma,
  );
  const alipay = await saveMerchantAccount(
    { orgId },
    actorId,
    { provider: "ALIPAY", input: AlipayCredentialsSchema.parse({ appId: "2021004100000079", privateKey: rsa().privateKey.export({ type: "pkcs8", format: "pem" }).toString(), alipayPublicKey: rsa().publicKey.export({ type: "spki", format: "pem" }).toString(), signScene: "INDUSTRY|SOCIALWELFARE" }) },
    prisma,
  );
  return { wechat: wechat.id, alipay: alipay.id };
}
// end payments: recurring wiring

async function createMerchantAccounts(prisma: PrismaClient, orgId: string, actorId: string) {
  const { saveMerchantAccount } = await import("~/modules/payments/merchant-accounts.server");
  const { AlipayCredentialsSchema, WechatPayCredentialsSchema } = await import("~/modules/payments/merchant-schema.server");
  const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 });
  const wechat = await saveMerchantAccount(
    { orgId },
    actorId,
    {
      provider: "WECHAT_PAY",
      input: WechatPayCredentialsSchema.parse({
        appId: "wxd678efh567hg6787",
        mchId: "1900009191",
        merchantSerialNo: randomBytes(20).toString("hex"),
        merchantPrivateKey: rsa().privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        apiV3Key: randomBytes(16).toString("hex"),
        verificationMode: "publicKey",
        publicKeyId: `PUB_KEY_ID_0114${randomBytes(8).toString("hex").toUpperCase()}`,
        publicKey: rsa().publicKey.export({ type: "spki", format: "pem" }).toString(),
      }),
    },
    prisma,
  );
  const alipay = await saveMerchantAccount(
    { orgId },
    actorId,
    {
      provider: "ALIPAY",
      input: AlipayCredentialsSchema.parse({
        appId: "2021004100000001",
        privateKey: rsa().privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
        alipayPublicKey: rsa().publicKey.export({ type: "spki", format: "pem" }).toString(),
      }),
    },
    prisma,
  );
  return { wechat: wechat.id, alipay: alipay.id };
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
  // consumption: pledges
  const [buyingUnits, pledges] = await Promise.all([prisma.buyingUnit.count(), prisma.purchasePledge.count()]);
  // consumption: producers
  const [producers, producerHouseholds] = await Promise.all([prisma.producer.count(), prisma.producerHousehold.count()]);
  // consumption: products
  const [products, stockMovements] = await Promise.all([prisma.product.count(), prisma.stockMovement.count()]);
  return { users, sessions, orgs, memberships, campaigns, funds, donations, refunds, projects, shifts, signups, needs, needResponses, files, certificates, notifications, importJobs, beneficiaries, activities, goods, disbursements, ledger, buyingUnits, pledges, producers, producerHouseholds, products, stockMovements, ...(await salesCounts(prisma)) };
}

// consumption: sales — sales and events written by a refused post would show here.
async function salesCounts(prisma: PrismaClient) {
  const [consumptionSales, salesEvents, salesEventProducers] = await Promise.all([prisma.consumptionSale.count(), prisma.salesEvent.count(), prisma.salesEventProducer.count()]);
  return { consumptionSales, salesEvents, salesEventProducers };
}
