/**
 * Demo goods, activities, beneficiaries, reach and relief projects for the approved organizations,
 * drawn from the 2020 reports (走访慰问, 留守儿童, 消费扶贫, 社区阳光基金…), through the services so
 * stock rules and rollups apply. Ends with a rollup rebuild so the dashboard matches the records.
 */
import type { PrismaClient } from "~/generated/prisma/client";
import type { SeedContext } from "../seed";
import { makeIdNumber } from "~/modules/accounts/id-number";

const PEOPLE = [
  { name: "王秀英", birth: "19460312", groups: ["DIBAO", "ELDERLY"] },
  { name: "李德明", birth: "19580709", groups: ["DISABLED", "DIBAO_EDGE"] },
  { name: "张小雨", birth: "20120105", groups: ["LEFT_BEHIND_CHILD"] },
  { name: "陈建国", birth: "19390218", groups: ["TEKUN", "ELDERLY", "INCAPACITATED"] },
  { name: "刘思琪", birth: "20100822", groups: ["UNSUPPORTED_CHILD"] },
  { name: "杨桂芳", birth: "19520430", groups: ["DIBAO", "ELDERLY"] },
  { name: "赵子豪", birth: "20140611", groups: ["ORPHAN"] },
  { name: "周永福", birth: "19650915", groups: ["DISABLED"] },
];

const ACTIVITIES = [
  { title: "春节前入户走访慰问困难群众", kind: "VISIT", month: "01", participants: 46, volunteers: 30, staff: 6, headCount: 120, groups: ["DIBAO", "ELDERLY"] },
  { title: "留守儿童暑期“四点半课堂”", kind: "EDUCATION", month: "07", participants: 38, volunteers: 24, staff: 4, headCount: 85, groups: ["LEFT_BEHIND_CHILD"] },
  { title: "脐橙消费扶贫直播助销", kind: "CONSUMPTION_AID", month: "11", participants: 25, volunteers: 15, staff: 5, headCount: 60, groups: ["DIBAO_EDGE"] },
  { title: "重阳节敬老义诊", kind: "HEALTH", month: "10", participants: 32, volunteers: 20, staff: 6, headCount: 150, groups: ["ELDERLY"] },
  { title: "残疾人就业技能培训", kind: "TRAINING", month: "05", participants: 28, volunteers: 8, staff: 4, headCount: 40, groups: ["DISABLED"] },
] as const;

export async function seed(prisma: PrismaClient, ctx: SeedContext) {
  const { createBeneficiary } = await import("~/modules/beneficiaries/beneficiaries.server");
  const { createActivity, createReliefProject } = await import("~/modules/activities/activities.server");
  const { receiveGoods, distributeGoods } = await import("~/modules/goods/goods.server");
  const { ensureStatistics, rebuildRollups } = await import("~/modules/statistics/install.server");
  await ensureStatistics();
  // The latest year whose seeded dates (up to 20 November) are all in the past: the current year
  // late in the year, so the dashboard's default period shows the demo activity.
  const now = new Date();
  const year = now >= new Date(Date.UTC(now.getUTCFullYear(), 10, 21)) ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const approved = await prisma.organization.findMany({ where: { status: "APPROVED" }, orderBy: { createdAt: "asc" }, take: 6, select: { id: true, name: true, districtCode: true } });
  for (const [i, org] of approved.entries()) {
    const people = [];
    for (const p of PEOPLE.slice(i % 3, (i % 3) + 5)) {
      // The same people are registered by two organizations: unique persons are counted once.
      const idNumber = makeIdNumber("500114", p.birth, String(100 + PEOPLE.indexOf(p)));
      try {
        people.push(await createBeneficiary(org.id, null, { name: p.name, idNumber, districtCode: org.districtCode, groups: p.groups as never, note: undefined }, prisma));
      } catch {
        // already registered by this organization
      }
    }
    const project = await createReliefProject(
      org.id,
      null,
      { name: `${org.name.slice(0, 6)}精准扶贫帮扶项目`, category: "POVERTY_RELIEF", districtCode: org.districtCode, startsOn: `${year}-01-06`, endsOn: `${year}-12-31`, description: "结对帮扶建档立卡贫困户，开展走访慰问、助学和消费扶贫。" },
      prisma,
    );
    for (const a of ACTIVITIES) {
      await createActivity(
        org.id,
        null,
        {
          title: a.title,
          kind: a.kind,
          heldOn: `${year}-${a.month}-${String(8 + i).padStart(2, "0")}`,
          districtCode: org.districtCode,
          place: "村（社区）便民服务中心",
          reliefProjectId: project.id,
          needId: undefined,
          participants: a.participants + i * 3,
          volunteers: a.volunteers,
          staff: a.staff,
          beneficiaryIds: people.slice(0, 2).map((p) => p.id),
          headCount: a.headCount + i * 10,
          groups: [...a.groups],
          note: undefined,
        },
        prisma,
      );
    }
    const rice = await receiveGoods(
      org.id,
      null,
      { itemName: "大米（10公斤装）", category: "FOOD", unit: "袋", donorName: "重庆某某粮油有限公司", quantity: 300, value: BigInt(300 * 6500), receivedOn: `${year}-01-03`, districtCode: org.districtCode, needId: undefined, campaignId: undefined, fundId: undefined, projectId: undefined, note: undefined },
      prisma,
    );
    await receiveGoods(
      org.id,
      null,
      { itemName: "棉被", category: "CLOTHING", unit: "床", donorName: "爱心企业联合会", quantity: 80, value: BigInt(80 * 15000), receivedOn: `${year}-11-20`, districtCode: org.districtCode, needId: undefined, campaignId: undefined, fundId: undefined, projectId: undefined, note: undefined },
      prisma,
    );
    await distributeGoods(
      org.id,
      null,
      { itemId: rice.itemId, quantity: 120, distributedOn: `${year}-01-20`, districtCode: org.districtCode, place: "街道社会救助服务站", beneficiaryId: people[0]?.id, recipientLabel: "低保户、特困人员", headCount: 119, groups: ["DIBAO", "TEKUN"] },
      prisma,
    );
  }
  await rebuildRollups();
  ctx.log(`    goods, activities and reach for ${approved.length} organizations (${year})`);
}
