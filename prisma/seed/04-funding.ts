/**
 * Funding demo data modelled on the 2020 Chongqing reports: the charity federation's 社区阳光基金
 * in several districts, the social-assistance foundation's 困难群众急难众筹 and the children's
 * foundation's 儿童助学扶贫众筹 — with donations (online, recorded through the same event path as
 * the webhook, and offline from a designated platform), a refund and disbursements, all through
 * the ledger.
 */
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import type { CampaignKind, CampaignStatus } from "~/generated/prisma/enums";
import { ensureAccount } from "~/modules/ledger/accounts.server";
import { postOfflineDonation } from "~/modules/ledger/offline.server";
import { BANK_TRANSFER_SOURCE, platformSource } from "~/modules/platforms/platforms";
import { postRefund } from "~/modules/ledger/postings.server";
import { applyProviderEvent } from "~/modules/donations/events.server";
import { createDisbursement } from "~/modules/disbursements/disbursements.server";
import type { SeedContext } from "../seed";

const DAY = 86_400_000;
const dateOnly = (offsetDays: number) => {
  const d = new Date(Date.now() + offsetDays * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
};

// Deterministic amounts, so every seeded database looks the same.
let state = 2020;
const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

const DONOR_NAMES = ["张先生", "李女士", "重庆爱心车队", "刘老师", "陈阿姨", "黔江区某小学全体教师", "王同学", "一位老党员", "杨女士", "渝中区解放碑街道志愿者", "周先生", "何女士"];
const MESSAGES = ["早日康复！", "加油，会好起来的", "一点心意", "愿孩子顺利完成学业", null, null, "山城人民一家亲", null];
const AMOUNTS_YUAN = [20, 50, 50, 100, 100, 200, 200, 500, 1000, 88, 66, 300];

type CampaignSeed = {
  org: string;
  kind: CampaignKind;
  status: CampaignStatus;
  title: string;
  story: string;
  beneficiary: string;
  district: string;
  goalYuan: number;
  deadlineDays: number;
  budget: [string, number][];
  donations: number;
  offline?: { yuan: number; ref: string };
};

const CAMPAIGNS: CampaignSeed[] = [
  {
    org: "assistanceFoundation",
    kind: "EMERGENCY",
    status: "APPROVED",
    title: "困难群众急难众筹：黔江区王某白血病救治",
    story: "王某，黔江区城南街道低保户，2020年确诊急性髓系白血病，需要持续化疗和骨髓移植。\n医保报销和临时救助后，自付部分仍有约八万元缺口，妻子在家照顾两个上学的孩子，家庭已无力承担。",
    beneficiary: "王某",
    district: "500114",
    goalYuan: 80_000,
    deadlineDays: 40,
    budget: [["化疗及住院费用（自付部分）", 60_000], ["骨髓配型检查", 12_000], ["营养与护理", 8_000]],
    donations: 26,
    offline: { yuan: 18_600, ref: "TXGY-2020-0917" },
  },
  {
    org: "assistanceFoundation",
    kind: "EMERGENCY",
    status: "APPROVED",
    title: "困难群众急难众筹：石柱县谭某家庭火灾重建",
    story: "石柱县黄水镇谭某家中房屋于夜间失火，全家四口人幸无伤亡，但房屋和全部生活用品被烧毁。\n众筹款将用于临时租房、购置基本生活用品和房屋修缮。",
    beneficiary: "谭某",
    district: "500240",
    goalYuan: 30_000,
    deadlineDays: 20,
    budget: [["临时租房六个月", 6_000], ["生活用品与衣被", 4_000], ["房屋修缮材料", 20_000]],
    donations: 14,
  },
  {
    org: "assistanceFoundation",
    kind: "MEDICAL",
    status: "APPROVED",
    title: "困难群众急难众筹：酉阳县冉某尿毒症透析",
    story: "酉阳县冉某为特困供养人员，患尿毒症需每周三次血液透析，往返县城交通和自付药费负担沉重。",
    beneficiary: "冉某",
    district: "500242",
    goalYuan: 12_000,
    deadlineDays: 15,
    budget: [["透析自付费用", 9_000], ["往返交通", 3_000]],
    donations: 40,
  },
  {
    org: "childrenFoundation",
    kind: "EDUCATION",
    status: "APPROVED",
    title: "儿童助学扶贫众筹：城口县留守儿童新学期助学",
    story: "城口县山区学校的留守儿童多由祖辈照看，家庭收入微薄。本项目为50名建档立卡家庭儿童提供新学期的学习用品、校服和营养午餐补助。",
    beneficiary: "城口县某某小学50名学生",
    district: "500229",
    goalYuan: 50_000,
    deadlineDays: 60,
    budget: [["学习用品与书包", 10_000], ["冬季校服", 15_000], ["营养午餐补助", 25_000]],
    donations: 30,
    offline: { yuan: 12_000, ref: "TXGY-2020-1102" },
  },
  {
    org: "childrenFoundation",
    kind: "EDUCATION",
    status: "APPROVED",
    title: "儿童助学扶贫众筹：巫溪县事实无人抚养儿童助学",
    story: "为巫溪县事实无人抚养儿童提供一学年的助学金和课业辅导，帮助他们安心上学。",
    beneficiary: "巫溪县某某中学20名学生",
    district: "500238",
    goalYuan: 40_000,
    deadlineDays: 75,
    budget: [["助学金（每人每学年1500元）", 30_000], ["课业辅导与心理陪伴", 10_000]],
    donations: 12,
  },
  {
    org: "assistanceFoundation",
    kind: "EMERGENCY",
    status: "SUBMITTED",
    title: "困难群众急难众筹：万州区李某车祸救治",
    story: "万州区李某在务工途中遭遇车祸，多处骨折需手术治疗，肇事方无力赔偿。",
    beneficiary: "李某",
    district: "500101",
    goalYuan: 50_000,
    deadlineDays: 30,
    budget: [["手术及住院费用", 45_000], ["康复治疗", 5_000]],
    donations: 0,
  },
  {
    org: "childrenFoundation",
    kind: "EDUCATION",
    status: "DRAFT",
    title: "儿童助学扶贫众筹：彭水县高中新生助学（草稿）",
    story: "为彭水县考入高中的困难家庭新生提供入学费用资助，方案待完善后提交审核。",
    beneficiary: "彭水县某某中学新生",
    district: "500243",
    goalYuan: 60_000,
    deadlineDays: 90,
    budget: [["入学费用资助", 60_000]],
    donations: 0,
  },
];

const FUNDS = [
  { org: "charityFederation", name: "社区阳光基金·黔江区", districts: ["500114"], groups: ["DIBAO", "DISABLED"], donations: 10, offline: 56_000 },
  { org: "charityFederation", name: "社区阳光基金·万州区", districts: ["500101"], groups: ["DIBAO", "DISABLED", "ELDERLY"], donations: 6, offline: 42_000 },
  { org: "charityFederation", name: "社区阳光基金·渝东南片区", districts: ["500240", "500242", "500243", "500241"], groups: ["DIBAO", "DISABLED", "TEKUN"], donations: 8, offline: 88_000 },
  { org: "childrenFoundation", name: "留守儿童关爱专项基金", districts: ["500229", "500238", "500242"], groups: ["LEFT_BEHIND_CHILD", "ORPHAN", "UNSUPPORTED_CHILD", "STUDENT"], donations: 5, offline: 30_000 },
] as const;

/** A donation paid through the same provider-neutral event path the webhook uses. */
async function paidDonation(prisma: PrismaClient, t: { campaignId?: string; fundId?: string; orgId: string }, o: { amountFen: bigint; donorName: string; anonymous: boolean; message: string | null; donorUserId?: string; email: string; at: Date }) {
  const sessionId = `cs_seed_${randomBytes(8).toString("hex")}`;
  const d = await prisma.donation.create({
    data: { campaignId: t.campaignId ?? null, fundId: t.fundId ?? null, orgId: t.orgId, amountFen: o.amountFen, donorName: o.donorName, anonymous: o.anonymous, message: o.message, donorUserId: o.donorUserId ?? null, donorEmail: o.email, provider: "STRIPE", providerSessionId: sessionId, accessToken: randomBytes(24).toString("base64url"), createdAt: o.at },
    select: { id: true },
  });
  await applyProviderEvent({ provider: "STRIPE", eventId: `evt_seed_${randomBytes(8).toString("hex")}`, type: "checkout.session.completed", kind: "payment_succeeded", occurredAt: o.at, donationId: d.id, sessionId, paymentId: `pi_seed_${randomBytes(8).toString("hex")}`, amountFen: o.amountFen, currency: "CNY" }, prisma);
  return d.id;
}

async function donateMany(prisma: PrismaClient, ctx: SeedContext, t: { campaignId?: string; fundId?: string; orgId: string }, count: number, startDaysAgo: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const mine = i === 0; // the demo donor's own donation, for /me/donations
    const name = mine ? "唐先生" : pick(DONOR_NAMES);
    ids.push(
      await paidDonation(prisma, t, {
        amountFen: BigInt(pick(AMOUNTS_YUAN) * 100),
        donorName: name,
        anonymous: !mine && rand() < 0.25,
        message: pick(MESSAGES),
        donorUserId: mine ? ctx.users.donorTang?.id : undefined,
        email: mine ? (ctx.users.donorTang?.email ?? "donor@shanlian.demo") : `donor${Math.floor(rand() * 1e6)}@example.cn`,
        at: new Date(Date.now() - (startDaysAgo - (i * startDaysAgo) / Math.max(1, count)) * DAY),
      }),
    );
  }
  return ids;
}

export async function seed(prisma: PrismaClient, ctx: SeedContext) {
  const staff = ctx.users.staffZhou!;
  const ownerOf = async (orgId: string) => (await prisma.orgMembership.findFirstOrThrow({ where: { orgId, role: "OWNER" }, select: { userId: true } })).userId;

  for (const f of FUNDS) {
    const org = ctx.orgs[f.org]!;
    const owner = await ownerOf(org.id);
    const fund = await prisma.fund.create({
      data: { orgId: org.id, name: f.name, purpose: "市慈善总会在区县设立的社区阳光基金，资助低收入家庭和残疾人改善生活，开展社区帮扶和节日慰问，款物使用情况定期公开。", beneficiaryGroups: [...f.groups], districtCodes: [...f.districts], startDate: dateOnly(-400), createdById: owner, status: "ACTIVE", filingNumber: `渝民募备〔2024〕${String(FUNDS.indexOf(f) + 1).padStart(3, "0")}号`, approvedAt: new Date(Date.now() - 390 * DAY) },
      select: { id: true },
    });
    await ensureAccount(prisma, { kind: "FUND", fundId: fund.id, orgId: org.id });
    await postOfflineDonation(prisma, { orgId: org.id, fundId: fund.id, amountFen: BigInt(f.offline * 100), occurredAt: new Date(Date.now() - 200 * DAY), donorName: "市慈善总会定向捐赠", source: BANK_TRANSFER_SOURCE, externalRef: `SEED-FUND-${f.name}`, createdById: owner });
    await donateMany(prisma, ctx, { fundId: fund.id, orgId: org.id }, f.donations, 90);
    await createDisbursement({ orgId: org.id, fundId: fund.id, amountFen: BigInt(Math.round(f.offline * 0.6) * 100), date: dateOnly(-30), recipientMasked: "低保家庭及残疾人（共计若干户）", purpose: "春节慰问金及米面油等生活物资", actorId: owner });
    await prisma.fundingUpdate.create({ data: { fundId: fund.id, authorId: owner, body: "已向辖区低保家庭和残疾人发放春节慰问金和生活物资，名单已在社区公示栏公示。", createdAt: new Date(Date.now() - 28 * DAY) } });
    await prisma.searchOutbox.create({ data: { kind: "fund", entityId: fund.id } });
  }

  for (const [i, c] of CAMPAIGNS.entries()) {
    const org = ctx.orgs[c.org]!;
    const owner = await ownerOf(org.id);
    const live = c.status !== "DRAFT" && c.status !== "SUBMITTED";
    const campaign = await prisma.campaign.create({
      data: {
        orgId: org.id,
        kind: c.kind,
        status: c.status,
        title: c.title,
        story: c.story,
        beneficiaryMasked: c.beneficiary,
        districtCode: c.district,
        goalFen: BigInt(c.goalYuan * 100),
        deadline: dateOnly(c.deadlineDays),
        filingNumber: `渝民募备〔2020〕${String(40 + i).padStart(3, "0")}号`,
        budget: c.budget.map(([item, yuan]) => ({ item, amountFen: yuan * 100 })),
        createdById: owner,
        submittedAt: c.status === "DRAFT" ? null : new Date(Date.now() - 50 * DAY),
        approvedAt: live ? new Date(Date.now() - 45 * DAY) : null,
        // Campaigns that also raise on 腾讯公益 declare it (the Charity Law's designated platforms).
        ...(c.offline ? { designatedPlatform: "tencent", platformProjectId: c.offline.ref.replace(/\D/g, ""), platformUrl: `https://gongyi.qq.com/succor/detail.htm?id=${c.offline.ref.replace(/\D/g, "")}` } : {}),
      },
      select: { id: true },
    });
    await ensureAccount(prisma, { kind: "CAMPAIGN", campaignId: campaign.id, orgId: org.id });
    const doc = await prisma.fileUpload.create({
      data: { orgId: org.id, uploadedById: owner, purpose: "campaign-verification", visibility: "PRIVATE", fileName: c.kind === "EDUCATION" ? "学生家庭困难证明.pdf" : "诊断证明及费用清单.pdf", mimeType: "application/pdf", size: 40, sha256: "seed", data: new Uint8Array(Buffer.from("%PDF-1.4\n% 演示材料 demo document\n%%EOF\n")) },
      select: { id: true },
    });
    await prisma.campaignDocument.create({ data: { campaignId: campaign.id, fileId: doc.id, kind: c.kind === "EDUCATION" ? "HOUSEHOLD_STATUS" : "DIAGNOSIS" } });
    if (live) {
      await prisma.auditLog.create({ data: { actorId: staff.id, action: "campaign.approve", entityType: "Campaign", entityId: campaign.id, orgId: org.id, before: { status: "SUBMITTED" }, after: { status: "APPROVED" }, createdAt: new Date(Date.now() - 45 * DAY) } });
      if (c.offline) await postOfflineDonation(prisma, { orgId: org.id, campaignId: campaign.id, amountFen: BigInt(c.offline.yuan * 100), occurredAt: new Date(Date.now() - 40 * DAY), donorName: "腾讯公益平台筹款", source: platformSource("tencent"), externalRef: c.offline.ref, createdById: owner });
      const ids = await donateMany(prisma, ctx, { campaignId: campaign.id, orgId: org.id }, c.donations, 40);
      await prisma.fundingUpdate.create({ data: { campaignId: campaign.id, authorId: owner, body: "项目已通过民政部门审核并上线，感谢每一位爱心人士的关注。", createdAt: new Date(Date.now() - 44 * DAY) } });
      if (i === 0) {
        // A donor asked for half of a donation back: a reversing REFUND linked to the original.
        const d = await prisma.donation.findUniqueOrThrow({ where: { id: ids[3]! }, select: { id: true, amountFen: true } });
        const half = d.amountFen / 2n;
        await prisma.$transaction(async (tx) => {
          const refund = await tx.refund.create({ data: { donationId: d.id, amountFen: half, reason: "捐赠人误操作重复捐款，申请退回一半", status: "SUCCEEDED", providerRefundId: `re_seed_${randomBytes(6).toString("hex")}`, requestedById: owner }, select: { id: true } });
          await postRefund(tx, { donationId: d.id, refundId: refund.id, campaignId: campaign.id, amountFen: half, provider: "STRIPE", occurredAt: new Date(Date.now() - 10 * DAY), createdById: owner });
          await tx.donation.update({ where: { id: d.id }, data: { refundedFen: half, status: "PARTLY_REFUNDED" } });
        });
      }
      if (i === 0 || i === 3) {
        await createDisbursement({ orgId: org.id, campaignId: campaign.id, amountFen: BigInt(Math.round(c.goalYuan * 0.25) * 100), date: dateOnly(-7), recipientMasked: i === 0 ? "王某（经黔江区中心医院收费处）" : "城口县某某小学", purpose: i === 0 ? "支付第一、二疗程化疗自付费用" : "采购冬季校服50套", actorId: owner });
        await prisma.fundingUpdate.create({ data: { campaignId: campaign.id, authorId: owner, body: i === 0 ? "首笔善款已直接拨付医院，用于第一、二疗程化疗，王某目前病情稳定。" : "冬季校服已发放到50名学生手中。", createdAt: new Date(Date.now() - 6 * DAY) } });
      }
    }
    await prisma.searchOutbox.create({ data: { kind: "campaign", entityId: campaign.id } });
  }
  ctx.log(`    funding: ${FUNDS.length} funds, ${CAMPAIGNS.length} campaigns, ${await prisma.donation.count()} donations, ${await prisma.ledgerTransaction.count()} ledger transactions`);
}
