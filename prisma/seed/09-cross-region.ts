/**
 * 东西部协作 demo (issue 18.1): three organizations registered in Shandong (credit codes 37…),
 * approved as supporting organizations with a liaison district, the 鲁渝协作 agreement between the
 * provincial bureaus, and pairings with Qianjiang's relief project and with Youyang county. Their
 * money goes through the ledger (offline donations) and their goods through goods receipts, so the
 * dashboard's sentence for the demo year says 「山东省3家社会组织对口支援我市项目…」.
 */
import type { PrismaClient } from "~/generated/prisma/client";
import type { SeedContext } from "../seed";
import { createOrganization } from "../../test/support/factories/organizations";
import { makeCreditCode } from "~/modules/organizations/credit-code";

const SHANDONG_ORGS = [
  { key: "jinanShanxing", name: "济南市历下区善行社会工作服务中心", type: "SOCIAL_SERVICE_AGENCY", division: "370102", code: "MJ0370001", district: "500114", mission: "开展鲁渝协作对口支援，资助黔江区易地扶贫搬迁安置点儿童关爱和社区融入项目。" },
  { key: "qingdaoEducation", name: "青岛市慈善助学基金会", type: "FOUNDATION", division: "370202", code: "MJ0370002", district: "500114", mission: "资助重庆贫困地区学生完成学业，对口支援黔江区、酉阳县助学项目。" },
  { key: "yantaiVolunteers", name: "烟台市志愿服务联合会", type: "SOCIAL_GROUP", division: "370602", code: "MJ0370003", district: "500242", mission: "组织烟台志愿者和爱心企业对口支援酉阳县乡村振兴和消费扶贫。" },
] as const;

export async function seed(prisma: PrismaClient, ctx: SeedContext) {
  const { createAgreement } = await import("~/modules/cross-region/agreements.server");
  const { createPairing, recordPairingGoods, recordPairingMoney } = await import("~/modules/cross-region/pairings.server");
  const { rebuildRollups } = await import("~/modules/statistics/install.server");
  const staff = ctx.users.staffZhou!.id;
  // The same demo year as 05-reach: its dates must all be in the past.
  const now = new Date();
  const year = now >= new Date(Date.UTC(now.getUTCFullYear(), 10, 21)) ? now.getUTCFullYear() : now.getUTCFullYear() - 1;

  const orgs: Record<string, string> = {};
  for (const o of SHANDONG_ORGS) {
    const owner = ctx.users.sunLi!.id;
    const org = await createOrganization(prisma, { name: o.name, type: o.type, districtCode: o.district, mission: o.mission, serviceAreas: ["POVERTY_RELIEF", "EDUCATION"], createdById: owner, creditCode: makeCreditCode(o.type, o.division, o.code) });
    await prisma.organization.update({ where: { id: org.id }, data: { address: "山东省济南市历下区泉城路 1 号", contactName: "孙丽" } });
    await prisma.searchOutbox.create({ data: { kind: "organization", entityId: org.id } });
    orgs[o.key] = org.id;
    ctx.orgs[o.key] = { id: org.id, name: org.name, districtCode: o.district };
  }

  const agreement = await createAgreement(
    staff,
    {
      title: `鲁渝民政领域东西部协作协议（${year}）`,
      partnerName: "山东省民政厅",
      partnerProvince: "37",
      localName: "重庆市民政局",
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      partnerLiaisonName: "王建国",
      partnerLiaisonPhone: "0531-86012345",
      localLiaisonName: "周科长",
      localLiaisonPhone: "023-63812345",
      summary: "组织山东省社会组织对口支援我市14个国家级贫困区县，重点支持易地扶贫搬迁安置点、留守儿童关爱和消费扶贫。",
    },
    prisma,
  );

  const qianjiangProject = await prisma.reliefProject.findFirst({ where: { districtCode: "500114" }, orderBy: { createdAt: "asc" }, select: { id: true, orgId: true } });
  const youyang = ctx.orgs.youyangRevival;
  if (!qianjiangProject || !youyang) {
    ctx.log("  cross-region pairings skipped: no Qianjiang relief project or Youyang organization");
    return;
  }
  const p1 = await createPairing(staff, { supportOrgId: orgs.jinanShanxing!, target: "PROJECT", targetId: qianjiangProject.id, agreementId: agreement.id, note: "鲁渝协作·安置点儿童关爱" }, prisma);
  const p2 = await createPairing(staff, { supportOrgId: orgs.qingdaoEducation!, target: "PROJECT", targetId: qianjiangProject.id, agreementId: agreement.id, note: "鲁渝协作·助学" }, prisma);
  const p3 = await createPairing(staff, { supportOrgId: orgs.yantaiVolunteers!, target: "DISTRICT", districtCode: "500242", agreementId: agreement.id, note: "鲁渝协作·酉阳消费扶贫" }, prisma);
  await recordPairingMoney(staff, p1.id, { amount: 60_000_000n, occurredOn: `${year}-04-15`, externalRef: "SEED-LY-001" }, prisma);
  await recordPairingGoods(staff, p1.id, { itemName: "儿童冬季棉衣", category: "CLOTHING", unit: "件", quantity: 800, value: 12_000_000n, receivedOn: `${year}-10-20` }, prisma);
  await recordPairingMoney(staff, p2.id, { amount: 35_000_000n, occurredOn: `${year}-08-30`, externalRef: "SEED-LY-002" }, prisma);
  await recordPairingMoney(staff, p3.id, { amount: 20_000_000n, occurredOn: `${year}-06-01`, externalRef: "SEED-LY-003", recipientOrgId: youyang.id }, prisma);
  await recordPairingGoods(staff, p3.id, { itemName: "学习用品套装", category: "EDUCATION", unit: "套", quantity: 500, value: 4_500_000n, receivedOn: `${year}-09-01`, recipientOrgId: youyang.id }, prisma);
  // A request from the Jinan centre waiting for staff.
  const { requestPairing } = await import("~/modules/cross-region/pairings.server");
  await requestPairing(ctx.users.sunLi!.id, orgs.jinanShanxing!, { target: "DISTRICT", districtCode: "500242", note: "希望支援酉阳县留守儿童关爱" }, prisma);
  await rebuildRollups();
}
