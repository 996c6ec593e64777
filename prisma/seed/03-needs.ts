/**
 * Demo relief needs drawn from the 2020 Chongqing reports: produce from 石柱/酉阳 villages needing
 * buyers, the 李家溪 resettlement community needing volunteers, left-behind children in 城口 needing
 * tutoring, a family in sudden hardship needing emergency aid, flood relief in 云阳 — with responses
 * in every state. Statuses are computed from the accepted responses by the same rules as the app.
 * Every public listing is queued for the search index (the worker indexes it on first search, or
 * run `npm run search:reindex`).
 */
import type { PrismaClient } from "~/generated/prisma/client";
import type { NeedResponseKind, NeedResponseStatus } from "~/generated/prisma/enums";
import { createNeed, createNeedResponse, type NeedOverrides } from "../../test/support/factories/needs";
import { computeProgress, statusFromProgress } from "~/modules/needs/progress";
import { searchAdapters } from "~/modules/search-outbox/worker.server";
import type { SeedContext } from "../seed";

type ResponseSeed = { org: string; by: string; kind: NeedResponseKind; status: NeedResponseStatus; volunteerCount?: number; amountYuan?: number; goods?: string; quantity?: number; unitPriceYuan?: number; message?: string; reason?: string };
type NeedSeed = Omit<NeedOverrides, "createdById" | "proposedByOrgId"> & { by: string; proposedBy?: string; responses?: ResponseSeed[]; invite?: string[]; daysAgo: number };

const yuan = (n: number) => BigInt(Math.round(n * 100));
const inDays = (n: number) => new Date(Date.UTC(2020, 11, 31) + n * 86_400_000);

const NEEDS: NeedSeed[] = [
  {
    title: "石柱县中益乡华溪村黄连滞销，寻找采购买家",
    description: "华溪村今年种植的黄连约 5000 斤因疫情影响滞销。希望通过消费扶贫对接机关食堂、企业和爱心买家，按保底价收购，帮助 37 户脱贫户稳定增收。",
    category: "CONSUMPTION_AID", urgency: "HIGH", districtCode: "500240", town: "中益乡", village: "华溪村", peopleAffected: 37, beneficiaryGroups: ["DIBAO", "DIBAO_EDGE"],
    wantVolunteers: null, produce: { name: "黄连", quantity: 5000, unit: "斤", priceFen: yuan(35) }, deadline: inDays(60), by: "liuYang", proposedBy: "shizhuProduce", daysAgo: 40,
    responses: [
      { org: "charityFederation", by: "liMing", kind: "PURCHASE", status: "ACCEPTED", quantity: 2000, unitPriceYuan: 35, message: "组织市级机关食堂和爱心企业认购" },
      { org: "volunteerFederation", by: "liMing", kind: "PURCHASE", status: "PENDING", quantity: 500, unitPriceYuan: 35, message: "志愿者团购" },
    ],
  },
  {
    title: "酉阳县花田乡油茶、贡米结对助销",
    description: "花田乡村集体经济合作社有油茶 3000 斤待售，希望城区单位开展结对助销，或由社会组织组织线上直播带货，打开销路。",
    category: "CONSUMPTION_AID", districtCode: "500242", town: "花田乡", peopleAffected: 120, beneficiaryGroups: ["DIBAO"],
    wantVolunteers: null, produce: { name: "油茶", quantity: 3000, unit: "斤", priceFen: yuan(12) }, by: "staffZhou", daysAgo: 35,
    responses: [{ org: "wanzhouVolunteers", by: "sunLi", kind: "PURCHASE", status: "ACCEPTED", quantity: 3000, unitPriceYuan: 12, message: "协会会员单位全部认购" }],
  },
  {
    title: "李家溪安置区社区融入志愿服务",
    description: "黔江区城南街道李家溪易地扶贫搬迁安置区入住 400 多户搬迁群众，需要志愿者协助开展社区融入活动、就业信息宣传和儿童课后托管，并募集儿童图书。",
    category: "RESETTLEMENT_COMMUNITY", districtCode: "500114", town: "城南街道", village: "李家溪社区", peopleAffected: 1300, beneficiaryGroups: ["DIBAO", "LEFT_BEHIND_CHILD"],
    wantVolunteers: 12, goods: [{ name: "儿童图书", quantity: 200, unit: "本" }], by: "chenJing", proposedBy: "lijiaxi", daysAgo: 30,
    responses: [
      { org: "volunteerFederation", by: "liMing", kind: "VOLUNTEERS", status: "ACCEPTED", volunteerCount: 8, message: "每周六派出 8 名志愿者" },
      { org: "childrenFoundation", by: "zhaoLei", kind: "GOODS", status: "PENDING", goods: "儿童图书", quantity: 200 },
    ],
  },
  {
    title: "城口县修齐镇留守儿童周末课业辅导",
    description: "修齐镇有 32 名留守儿童，父母常年在外务工。需要志愿者周末开展课业辅导和亲情陪伴，并筹集辅导教材和学习用品费用。",
    category: "LEFT_BEHIND_CHILDREN", urgency: "HIGH", districtCode: "500229", town: "修齐镇", peopleAffected: 32, beneficiaryGroups: ["LEFT_BEHIND_CHILD"],
    wantVolunteers: 10, wantMoneyFen: yuan(20_000), deadline: inDays(45), by: "staffZhou", daysAgo: 20, invite: ["chengkouChildren", "childrenFoundation"],
    responses: [
      { org: "chengkouChildren", by: "zhaoLei", kind: "VOLUNTEERS", status: "PENDING", volunteerCount: 6, message: "本中心志愿者可承担每周六课业辅导" },
      { org: "childrenFoundation", by: "zhaoLei", kind: "MONEY", status: "DECLINED", amountYuan: 20_000, reason: "已由儿童助学扶贫众筹覆盖，请改为提供志愿者" },
    ],
  },
  {
    title: "彭水县低保家庭成员突发重病急难救助",
    description: "彭水县一户低保家庭的主要劳动力突发重病住院，医保报销后自付费用缺口较大，家庭生活陷入困境，需要急难救助资金。受助人信息已由乡镇民政办核实，不在此公开。",
    category: "EMERGENCY_AID", urgency: "CRITICAL", districtCode: "500243", peopleAffected: 4, beneficiaryGroups: ["DIBAO"],
    wantVolunteers: null, wantMoneyFen: yuan(50_000), deadline: inDays(20), by: "staffZhou", daysAgo: 12,
    responses: [{ org: "assistanceFoundation", by: "wangFang", kind: "MONEY", status: "ACCEPTED", amountYuan: 30_000, message: "纳入困难群众急难众筹" }],
  },
  {
    title: "黔江区金溪镇空巢老人上门探访",
    description: "金溪镇有特困供养和空巢老人 60 余人，希望志愿者每月上门探访，协助助餐、理发和安全检查。",
    category: "ELDERLY_CARE", status: "PROPOSED", districtCode: "500114", town: "金溪镇", peopleAffected: 60, beneficiaryGroups: ["ELDERLY", "TEKUN"],
    wantVolunteers: 6, by: "chenJing", proposedBy: "qianjiangElderly", daysAgo: 3,
  },
  {
    title: "云阳县暴雨洪涝受灾群众生活物资",
    description: "云阳县暴雨引发洪涝，部分村组受灾群众临时安置，急需棉被和饮用水等生活物资。",
    category: "DISASTER_RELIEF", urgency: "CRITICAL", districtCode: "500235", peopleAffected: 800,
    wantVolunteers: null, goods: [{ name: "棉被", quantity: 300, unit: "床" }, { name: "饮用水", quantity: 500, unit: "箱" }], by: "staffZhou", daysAgo: 90,
    responses: [
      { org: "wanzhouVolunteers", by: "sunLi", kind: "GOODS", status: "ACCEPTED", goods: "棉被", quantity: 300 },
      { org: "charityFederation", by: "liMing", kind: "GOODS", status: "ACCEPTED", goods: "饮用水", quantity: 500 },
    ],
  },
  {
    title: "巫溪县山区困难学生助学金",
    description: "巫溪县山区学校有一批家庭困难学生，需要助学资金帮助完成本学年学业。",
    category: "EDUCATION_AID", districtCode: "500238", peopleAffected: 40, beneficiaryGroups: ["DIBAO", "ORPHAN"],
    wantVolunteers: null, wantMoneyFen: yuan(80_000), deadline: inDays(75), by: "staffZhou", daysAgo: 8, invite: ["childrenFoundation", "youyangRevival"],
  },
];

export async function seed(prisma: PrismaClient, ctx: SeedContext) {
  const staffId = ctx.users.staffZhou!.id;
  let responses = 0;
  for (const n of NEEDS) {
    const { by, proposedBy, responses: rs = [], invite = [], daysAgo, ...fields } = n;
    const created = await createNeed(prisma, { ...fields, status: n.status ?? "OPEN", createdById: ctx.users[by]!.id, proposedByOrgId: proposedBy ? ctx.orgs[proposedBy]!.id : undefined });
    const when = new Date(Date.now() - daysAgo * 86_400_000);
    await prisma.need.update({ where: { id: created.id }, data: { createdAt: when, openedAt: n.status === "PROPOSED" ? null : when, reviewedById: n.status === "PROPOSED" ? null : staffId } });
    await prisma.auditLog.create({ data: { actorId: ctx.users[by]!.id, action: proposedBy ? "need.proposed" : "need.posted", entityType: "Need", entityId: created.id, orgId: proposedBy ? ctx.orgs[proposedBy]!.id : null, createdAt: when } });
    for (const r of rs) {
      const goodsItemId = r.goods ? created.goods.find((g) => g.name === r.goods)!.id : undefined;
      const row = await createNeedResponse(prisma, {
        needId: created.id, orgId: ctx.orgs[r.org]!.id, createdById: ctx.users[r.by]!.id, kind: r.kind, status: r.status, volunteerCount: r.volunteerCount,
        amountFen: r.amountYuan ? yuan(r.amountYuan) : undefined, goodsItemId, quantity: r.quantity, unitPriceFen: r.unitPriceYuan ? yuan(r.unitPriceYuan) : undefined, message: r.message,
      });
      if (r.status !== "PENDING") await prisma.needResponse.update({ where: { id: row.id }, data: { decidedById: staffId, decisionReason: r.reason ?? null } });
      responses++;
    }
    for (const key of invite) await prisma.needInvitation.create({ data: { needId: created.id, orgId: ctx.orgs[key]!.id, sentById: staffId } });
    // The status the app would have reached after these acceptances.
    const need = await prisma.need.findUniqueOrThrow({ where: { id: created.id }, select: { status: true, wantVolunteers: true, wantMoneyFen: true, produceQuantity: true, goods: { select: { id: true, quantity: true } }, responses: { where: { status: "ACCEPTED" }, select: { kind: true, volunteerCount: true, amountFen: true, goodsItemId: true, quantity: true } } } });
    const status = statusFromProgress(need.status, computeProgress(need, need.responses), need.responses.length);
    if (status !== need.status) await prisma.need.update({ where: { id: created.id }, data: { status, metAt: status === "MET" ? new Date() : null } });
  }
  // Queue every public listing that exists so far for the search index.
  let queued = 0;
  for (const adapter of searchAdapters()) {
    let after: string | null = null;
    for (;;) {
      const ids = await adapter.publicIds(prisma, after, 500);
      if (!ids.length) break;
      await prisma.searchOutbox.createMany({ data: ids.map((entityId) => ({ kind: adapter.kind, entityId })) });
      queued += ids.length;
      after = ids.at(-1)!;
    }
  }
  ctx.log(`  needs: ${NEEDS.length} needs, ${responses} responses, ${queued} listings queued for search`);
}
