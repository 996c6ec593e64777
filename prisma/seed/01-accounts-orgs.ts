import { randomBytes } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import type { OrgStatus, OrgType, ServiceArea } from "~/generated/prisma/enums";
import { createUser } from "../../test/support/factories/accounts";
import { createOrganization } from "../../test/support/factories/organizations";
import { makeCreditCode } from "~/modules/organizations/credit-code";
import type { SeedContext } from "../seed";

type OrgSeed = { key: string; name: string; type: OrgType; district: string; code: string; areas: ServiceArea[]; mission: string; status?: OrgStatus; charity?: boolean; fundraising?: boolean; volunteer?: boolean; owner: string; reason?: string };

// Organizations modelled on the 2020 Chongqing reports (shared/seeds): the city charity federation
// and its 社区阳光基金, the social-assistance foundation's 急难众筹, the children's foundation's
// 助学众筹, volunteer associations, the 李家溪 resettlement community in 黔江, produce sellers in
// 石柱/酉阳, and one of the Shandong organizations of 东西部协作.
const ORGS: OrgSeed[] = [
  { key: "charityFederation", name: "重庆市慈善总会", type: "SOCIAL_GROUP", district: "500103", code: "MJ0100011", areas: ["POVERTY_RELIEF", "DISABLED", "EMERGENCY"], mission: "弘扬慈善文化，募集慈善资金，设立社区阳光基金，帮扶低收入家庭和残疾人等困难群众。", charity: true, fundraising: true, owner: "liMing" },
  { key: "assistanceFoundation", name: "重庆市社会救助基金会", type: "FOUNDATION", district: "500103", code: "MJ0100022", areas: ["EMERGENCY", "HEALTH", "POVERTY_RELIEF"], mission: "开展困难群众急难众筹，为遭遇重大疾病、意外灾害的家庭提供临时救助。", charity: true, fundraising: true, owner: "wangFang" },
  { key: "childrenFoundation", name: "重庆市儿童少年基金会", type: "FOUNDATION", district: "500106", code: "MJ0100033", areas: ["CHILDREN", "EDUCATION"], mission: "开展儿童助学扶贫众筹，资助贫困家庭儿童完成学业，关爱留守儿童和事实无人抚养儿童。", charity: true, fundraising: true, owner: "zhaoLei" },
  { key: "volunteerFederation", name: "重庆市志愿服务联合会", type: "SOCIAL_GROUP", district: "500105", code: "MJ0100044", areas: ["POVERTY_RELIEF", "COMMUNITY", "ELDERLY"], mission: "联合全市志愿服务组织，发布扶贫志愿服务项目，推动志愿服务制度化、规范化。", volunteer: true, owner: "liMing" },
  { key: "lijiaxi", name: "黔江区城南街道李家溪社区社会工作服务中心", type: "SOCIAL_SERVICE_AGENCY", district: "500114", code: "MJ0100055", areas: ["COMMUNITY", "POVERTY_RELIEF", "CHILDREN"], mission: "服务李家溪易地扶贫搬迁安置区400多户搬迁群众，开展社区融入、心理咨询、儿童托管和邻里互助。", owner: "chenJing" },
  { key: "qianjiangElderly", name: "黔江区夕阳红养老服务中心", type: "SOCIAL_SERVICE_AGENCY", district: "500114", code: "MJ0100066", areas: ["ELDERLY", "DISABLED"], mission: "为特困供养老人和失能老人提供居家养老、助餐助浴和敬老院探访服务。", owner: "chenJing" },
  { key: "shizhuProduce", name: "石柱土家族自治县农产品产销协会", type: "SOCIAL_GROUP", district: "500240", code: "MJ0100077", areas: ["CONSUMPTION_AID", "POVERTY_RELIEF"], mission: "组织贫困村黄连、莼菜、辣椒等农产品的线上销售、直销和结对助销。", owner: "liuYang" },
  { key: "youyangRevival", name: "酉阳土家族苗族自治县乡村振兴促进会", type: "SOCIAL_GROUP", district: "500242", code: "MJ0100088", areas: ["CONSUMPTION_AID", "POVERTY_RELIEF", "EDUCATION"], mission: "推动消费扶贫，对接城区单位采购酉阳茶叶、油茶和土鸡蛋，资助贫困学生。", owner: "liuYang" },
  { key: "chengkouChildren", name: "城口县留守儿童关爱服务中心", type: "SOCIAL_SERVICE_AGENCY", district: "500229", code: "MJ0100099", areas: ["CHILDREN", "EDUCATION"], mission: "为城口县留守儿童提供课业辅导、亲情陪伴和安全教育。", volunteer: true, owner: "zhaoLei" },
  { key: "wanzhouVolunteers", name: "万州区青年志愿者协会", type: "SOCIAL_GROUP", district: "500101", code: "MJ0100101", areas: ["ELDERLY", "COMMUNITY", "DISASTER"], mission: "组织青年志愿者开展助老助残、防汛救灾和疫情防控志愿服务。", volunteer: true, owner: "sunLi" },
  { key: "shandongPartner", name: "山东鲁渝协作爱心促进会", type: "SOCIAL_GROUP", district: "500154", code: "MJ0100112", areas: ["POVERTY_RELIEF", "EDUCATION"], mission: "东西部协作：组织山东社会组织支持重庆开州、巫溪等地扶贫项目。", status: "SUBMITTED", owner: "sunLi" },
  { key: "yubeiCommunity", name: "渝北区邻里互助社会工作服务社", type: "SOCIAL_SERVICE_AGENCY", district: "500112", code: "MJ0100123", areas: ["COMMUNITY", "ELDERLY"], mission: "在渝北区统景镇开展邻里帮扶和养老服务。", status: "SUBMITTED", owner: "wangFang" },
  { key: "fengjieSunshine", name: "奉节县阳光助残服务中心", type: "SOCIAL_SERVICE_AGENCY", district: "500236", code: "MJ0100134", areas: ["DISABLED"], mission: "为残疾人提供康复训练和就业帮扶", status: "RETURNED", reason: "宗旨表述过于简单，请补充业务范围和服务对象；联系地址缺少门牌号。", owner: "chenJing" },
];

const PEOPLE: { key: string; name: string; email: string; role?: "BUREAU_STAFF" | "BUREAU_ADMIN"; realName?: string; district?: string }[] = [
  { key: "staffZhou", name: "周科长", email: "staff@shanlian.demo", role: "BUREAU_STAFF" },
  { key: "liMing", name: "李明", email: "liming@shanlian.demo", realName: "李明", district: "500103" },
  { key: "wangFang", name: "王芳", email: "wangfang@shanlian.demo", realName: "王芳", district: "500103" },
  { key: "zhaoLei", name: "赵磊", email: "zhaolei@shanlian.demo", realName: "赵磊", district: "500106" },
  { key: "chenJing", name: "陈静", email: "chenjing@shanlian.demo", realName: "陈静", district: "500114" },
  { key: "liuYang", name: "刘洋", email: "liuyang@shanlian.demo", realName: "刘洋", district: "500240" },
  { key: "sunLi", name: "孙丽", email: "sunli@shanlian.demo", realName: "孙丽", district: "500101" },
  { key: "volunteerXu", name: "许志愿", email: "volunteer@shanlian.demo", realName: "许晓燕", district: "500114" },
  { key: "volunteerHe", name: "何同学", email: "volunteer2@shanlian.demo", realName: "何俊杰", district: "500114" },
  { key: "donorTang", name: "唐先生", email: "donor@shanlian.demo" },
];

/**
 * The demo accounts share one password generated per install (scripts/lib/demo.ts keeps it in the
 * local secrets file and passes it as DEMO_PASSWORD); no demo account has a published password.
 */
export async function seed(prisma: PrismaClient, ctx: SeedContext) {
  const demoPassword = process.env.DEMO_PASSWORD || randomBytes(9).toString("base64url");
  ctx.demoPassword = demoPassword;
  const adminPassword = process.env.ADMIN_PASSWORD || randomBytes(9).toString("base64url");
  const admin = await createUser(prisma, { email: "admin@shanlian.demo", displayName: "民政局管理员", password: adminPassword, globalRole: "BUREAU_ADMIN" });
  ctx.users.admin = admin;
  ctx.credentials.push({ role: "BUREAU_ADMIN", email: admin.email, password: adminPassword });
  for (const p of PEOPLE) {
    ctx.users[p.key] = await createUser(prisma, {
      email: p.email,
      displayName: p.name,
      password: demoPassword,
      globalRole: p.role ?? "USER",
      profile: p.realName ? { realName: p.realName, districtCode: p.district } : false,
    });
  }
  ctx.credentials.push({ role: "demo accounts (staff@…, liming@…, volunteer@…)", email: "*@shanlian.demo", password: demoPassword });

  const base = new Date("2020-03-01T02:00:00Z").getTime();
  for (const [i, o] of ORGS.entries()) {
    const org = await createOrganization(prisma, {
      name: o.name,
      type: o.type,
      status: o.status ?? "APPROVED",
      districtCode: o.district,
      serviceAreas: o.areas,
      isCharity: o.charity ?? false,
      publicFundraising: o.fundraising ?? false,
      isVolunteerGroup: o.volunteer ?? false,
      mission: o.mission,
      createdById: ctx.users[o.owner]!.id,
      creditCode: makeCreditCode(o.type, o.district, o.code),
    });
    const when = new Date(base + i * 9 * 24 * 3600 * 1000);
    await prisma.organization.update({ where: { id: org.id }, data: { submittedAt: when, approvedAt: org.status === "APPROVED" ? new Date(when.getTime() + 5 * 24 * 3600 * 1000) : null, reviewReason: o.reason ?? null } });
    await prisma.auditLog.create({ data: { actorId: ctx.users[o.owner]!.id, action: "org.submitted", entityType: "Organization", entityId: org.id, orgId: org.id, createdAt: when, after: { status: "SUBMITTED" } } });
    if (org.status === "APPROVED" || org.status === "RETURNED") {
      await prisma.auditLog.create({
        data: { actorId: ctx.users.staffZhou!.id, action: org.status === "APPROVED" ? "org.approve" : "org.return", entityType: "Organization", entityId: org.id, orgId: org.id, reason: o.reason ?? null, createdAt: new Date(when.getTime() + 5 * 24 * 3600 * 1000), before: { status: "SUBMITTED" }, after: { status: org.status } },
      });
    }
    await prisma.searchOutbox.create({ data: { kind: "organization", entityId: org.id } });
    ctx.orgs[o.key] = { id: org.id, name: org.name, districtCode: o.district };
  }
  // A volunteer invited into the Lijiaxi centre, waiting to accept.
  await prisma.orgInvitation.create({ data: { orgId: ctx.orgs.lijiaxi!.id, email: "volunteer@shanlian.demo", role: "MEMBER", invitedById: ctx.users.chenJing!.id } });
}
