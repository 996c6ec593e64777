import type { PrismaClient } from "~/generated/prisma/client";
import type { SearchDocument } from "../../../search/types";
import type { SearchAdapter } from "../../../search/adapter";
import { districtWords, iso, label } from "../../../search/labels.server";
import { isCertified, priceBandOf } from "./rules";

/**
 * Products: public while LISTED by an APPROVED producer. Documents hold the product's own text
 * only: no contact person or phone, and a farming household's name (a person's name) is left out.
 *
 * Facets: `districtCode` is the district of origin; `categories` holds the product category AND
 * its price band (the catalogue filters them as two groups, SearchFilters.categoryGroups); `status`
 * is CERTIFIED or UNCERTIFIED.
 *
 * Certification expiry: documents are re-indexed rather than derived at query time. Deriving would
 * need a date-range filter and a date facet in both engines (the port has neither, and
 * SearchMatch has no column for it); instead `status` is computed with isCertified() at indexing
 * time and products whose certificate expired recently are re-enqueued once a day
 * (certification-refresh.server.ts), before the catalogue's first search of the day. Cards and the
 * product page read the badge from the database (isCertified at render time), so they are right
 * even in the hours before that refresh.
 */
export type ProductDocInput = {
  id: string;
  name: string;
  category: string;
  unit: string;
  spec: string | null;
  description: string | null;
  priceFen: bigint;
  originDistrictCode: string;
  originPlace: string | null;
  season: string | null;
  certNumber: string | null;
  certExpiresOn: Date | null;
  certVerifiedAt: Date | null;
  createdAt: Date;
  producer: { name: string; kind: string; supportOrgId: string };
};

export function productDocument(p: ProductDocInput, now: Date = new Date()): SearchDocument {
  const certified = isCertified(p, now);
  return {
    kind: "product",
    id: p.id,
    title: p.name,
    body: [p.description ?? "", p.spec ?? "", p.season ? `${p.season}` : ""].filter(Boolean).join(" "),
    url: `/shop/products/${p.id}`,
    districtCode: p.originDistrictCode,
    categories: [p.category, priceBandOf(p.priceFen)],
    status: certified ? "CERTIFIED" : "UNCERTIFIED",
    orgId: p.producer.supportOrgId,
    tags: [
      label(`shop.products.categories.${p.category}`),
      p.originPlace ?? "",
      p.unit,
      p.producer.kind === "HOUSEHOLD" ? "" : p.producer.name,
      certified ? "扶贫产品 认定" : "",
      "消费帮扶 农产品",
      ...districtWords(p.originDistrictCode),
    ].filter(Boolean),
    sortDate: null,
    publishedAt: iso(p.createdAt)!,
  };
}

export const PUBLIC_PRODUCT_WHERE = { status: "LISTED", producer: { status: "APPROVED" } } as const;

export const productAdapter: SearchAdapter = {
  kind: "product",
  async load(db: PrismaClient, ids: string[]) {
    const rows = await db.product.findMany({
      where: { id: { in: ids }, ...PUBLIC_PRODUCT_WHERE },
      select: {
        id: true, name: true, category: true, unit: true, spec: true, description: true, priceFen: true, originDistrictCode: true, originPlace: true, season: true,
        certNumber: true, certExpiresOn: true, certVerifiedAt: true, createdAt: true, producer: { select: { name: true, kind: true, supportOrgId: true } },
      },
    });
    const now = new Date();
    return new Map(rows.map((p) => [p.id, productDocument(p, now)]));
  },
  async publicIds(db, after, take) {
    const rows = await db.product.findMany({ where: { ...PUBLIC_PRODUCT_WHERE, ...(after ? { id: { gt: after } } : {}) }, select: { id: true }, orderBy: { id: "asc" }, take });
    return rows.map((r) => r.id);
  },
};
