/** Valid defaults with overrides for consumption aid (producers, products); used by tests and the demo seed. */
import type { PrismaClient } from "~/generated/prisma/client";
import type { ProducerKind, ProducerStatus, ProductCategory, ProductStatus } from "~/generated/prisma/enums";
import { creditCodeCheckChar } from "~/modules/organizations/credit-code";

let seq = 0;

/** Registration-authority + kind prefix of the unified social credit code (GB 32100): 93 cooperative, 91 enterprise, N2 village collective. */
const PREFIX: Partial<Record<ProducerKind, string>> = { COOPERATIVE: "93", ENTERPRISE: "91", VILLAGE_COLLECTIVE: "N2", AGENT: "91" };

export function makeProducerCreditCode(kind: ProducerKind, districtCode: string): string | null {
  const prefix = PREFIX[kind];
  if (!prefix) return null;
  for (let i = 0; i < 50; i++) {
    seq++;
    const orgCode = `MA${String((Date.now() + seq * 7919) % 1e7).padStart(7, "0")}`;
    const first17 = `${prefix}${districtCode}${orgCode}`;
    const check = creditCodeCheckChar(first17);
    if (check) return first17 + check;
  }
  throw new Error("cannot build a producer credit code");
}

export type ProducerOverrides = {
  name?: string;
  kind?: ProducerKind;
  status?: ProducerStatus;
  districtCode?: string;
  supportOrgId: string;
  createdById: string;
  accountUserId?: string | null;
  householdCount?: number;
  contactPhone?: string;
};

export async function createProducer(prisma: PrismaClient, o: ProducerOverrides) {
  seq++;
  const kind = o.kind ?? "COOPERATIVE";
  const districtCode = o.districtCode ?? "500240"; // 石柱土家族自治县
  const status = o.status ?? "APPROVED";
  return prisma.producer.create({
    data: {
      name: o.name ?? `测试蜂蜜专业合作社${seq}`,
      kind,
      status,
      districtCode,
      town: "中益乡",
      village: "华溪村",
      creditCode: makeProducerCreditCode(kind, districtCode),
      contactName: "谭大姐",
      contactPhone: o.contactPhone ?? `138${String(20000000 + seq).slice(-8)}`,
      description: "林下养蜂，带动本村脱贫户发展产业。",
      householdCount: o.householdCount ?? 12,
      supportOrgId: o.supportOrgId,
      accountUserId: o.accountUserId ?? null,
      createdById: o.createdById,
      approvedAt: status === "APPROVED" ? new Date() : null,
      recommendedAt: status === "APPROVED" || status === "RECOMMENDED" ? new Date() : null,
    },
    select: { id: true, name: true, supportOrgId: true, districtCode: true, status: true, accountUserId: true },
  });
}

export type ProductOverrides = {
  producerId: string;
  createdById: string;
  name?: string;
  category?: ProductCategory;
  priceFen?: bigint;
  referencePriceFen?: bigint | null;
  stock?: number;
  status?: ProductStatus;
  originDistrictCode?: string;
  certified?: boolean;
};

/** A listed product; its stock arrives as one RECEIVED movement, so the cache and the record agree. */
export async function createProduct(prisma: PrismaClient, o: ProductOverrides) {
  seq++;
  const stock = o.stock ?? 100;
  const certified = o.certified ?? true;
  const product = await prisma.product.create({
    data: {
      producerId: o.producerId,
      name: o.name ?? `石柱中华蜂土蜂蜜 500克 ${seq}`,
      category: o.category ?? "DRIED_SPECIALTY",
      unit: "瓶",
      spec: "500克/瓶",
      description: "高山林下中华蜂百花蜜，一年一取。",
      priceFen: o.priceFen ?? 6800n,
      referencePriceFen: o.referencePriceFen === undefined ? 6500n : o.referencePriceFen,
      stockOnHand: stock,
      originDistrictCode: o.originDistrictCode ?? "500240",
      originPlace: "中益乡华溪村",
      season: "全年",
      certNumber: certified ? `CQFP2026-${String(seq).padStart(5, "0")}` : null,
      certExpiresOn: certified ? new Date(Date.now() + 365 * 86400_000) : null,
      certVerifiedAt: certified ? new Date() : null,
      status: o.status ?? "LISTED",
      createdById: o.createdById,
    },
    select: { id: true, name: true, priceFen: true, producerId: true },
  });
  if (stock > 0) await prisma.stockMovement.create({ data: { productId: product.id, kind: "RECEIVED", quantity: stock, createdById: o.createdById, note: "factory" } });
  return product;
}
