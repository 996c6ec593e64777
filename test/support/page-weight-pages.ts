/**
 * The pages #17.4 weighs: the home page and the public list and detail pages, with one record of
 * each kind so that detail pages render fully. Shared by the page-weight test and bench.
 */
import type { PrismaClient } from "~/generated/prisma/client";
import { createUser } from "./factories/accounts";
import { createOrganization } from "./factories/organizations";
import { createProject, createShift } from "./factories/volunteering";
import { createCampaign, createFund, ensureLedgerSql } from "./factories/funding";
import { createNeed } from "./factories/needs";
import { createProducer, createProduct } from "./factories/consumption";
import { PAGE_WEIGHT_TARGETS } from "./page-weight";

export type WeighedPage = { name: string; path: string; target: number };

export async function seedWeighedPages(prisma: PrismaClient): Promise<WeighedPage[]> {
  await ensureLedgerSql(prisma);
  const owner = await createUser(prisma, { profile: true });
  const org = await createOrganization(prisma, { createdById: owner.id, name: "重庆市蒲公英社会工作服务中心", isCharity: true, publicFundraising: true, type: "FOUNDATION" });
  const project = await createProject(prisma, { orgId: org.id, createdById: owner.id, title: "蒲公英课后陪伴计划", districtCode: "500103" });
  await createShift(prisma, { projectId: project.id, capacity: 5, place: "渝中区解放碑社区活动室" });
  const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, title: "渝中区张某烧伤急难救助", districtCode: "500103" });
  const fund = await createFund(prisma, { orgId: org.id, createdById: owner.id, name: "山区儿童助学专项基金", districtCodes: ["500103"] });
  const need = await createNeed(prisma, { createdById: owner.id, title: "中益乡华溪村留守老人冬衣", districtCode: "500240" });
  const producer = await createProducer(prisma, { supportOrgId: org.id, createdById: owner.id });
  const product = await createProduct(prisma, { producerId: producer.id, createdById: owner.id });
  const list = PAGE_WEIGHT_TARGETS.listOrDetail;
  return [
    { name: "home", path: "/", target: PAGE_WEIGHT_TARGETS.home },
    { name: "organizations", path: "/orgs", target: list },
    { name: "organization", path: `/orgs/${org.id}`, target: list },
    { name: "projects", path: "/projects", target: list },
    { name: "project", path: `/projects/${project.id}`, target: list },
    { name: "campaigns", path: "/campaigns", target: list },
    { name: "campaign", path: `/campaigns/${campaign.id}`, target: list },
    { name: "funds", path: "/funds", target: list },
    { name: "fund", path: `/funds/${fund.id}`, target: list },
    { name: "needs", path: "/needs", target: list },
    { name: "need", path: `/needs/${need.id}`, target: list },
    { name: "events", path: "/events", target: list },
    { name: "shop", path: "/shop", target: list },
    { name: "product", path: `/shop/products/${product.id}`, target: list },
    { name: "producer", path: `/producers/${producer.id}`, target: list },
    { name: "search", path: `/search?q=${encodeURIComponent("陪伴")}`, target: list },
  ];
}
