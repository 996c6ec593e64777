import type { PrismaClient } from "~/generated/prisma/client";
import type { SearchDocument } from "../../../search/types";
import type { SearchAdapter } from "../../../search/adapter";
import { districtWords, iso, label } from "../../../search/labels.server";
import { PUBLIC_NEED_STATUSES } from "./types";

/**
 * Relief needs: public once staff opened them (proposed and rejected ones are not). Needs never
 * hold beneficiary personal data (the needs module refuses it), and only descriptive fields are
 * indexed.
 */
export const needAdapter: SearchAdapter = {
  kind: "need",
  async load(db: PrismaClient, ids: string[]) {
    const rows = await db.need.findMany({
      where: { id: { in: ids }, status: { in: [...PUBLIC_NEED_STATUSES] } },
      select: {
        id: true, title: true, description: true, category: true, status: true, urgency: true, districtCode: true, town: true, village: true,
        beneficiaryGroups: true, produceName: true, wantVolunteers: true, wantMoneyFen: true, deadline: true, openedAt: true, createdAt: true, proposedByOrgId: true,
        goods: { select: { name: true } },
      },
    });
    const out = new Map<string, SearchDocument>();
    for (const n of rows) {
      const wants = [
        n.wantVolunteers ? "招募志愿者" : "",
        n.wantMoneyFen ? "资金" : "",
        n.goods.length ? "物资" : "",
        n.produceName ? "采购 买家 农产品销售" : "",
      ];
      out.set(n.id, {
        kind: "need",
        id: n.id,
        title: n.title,
        body: n.description,
        url: `/needs/${n.id}`,
        districtCode: n.districtCode,
        categories: [n.category],
        status: n.status,
        orgId: n.proposedByOrgId,
        tags: [
          label(`needs.categories.${n.category}`),
          n.town ?? "",
          n.village ?? "",
          n.produceName ?? "",
          ...n.goods.map((g) => g.name),
          ...n.beneficiaryGroups.map((g) => label(`common.beneficiaryGroups.${g}`)),
          n.urgency === "CRITICAL" || n.urgency === "HIGH" ? "紧急" : "",
          ...wants,
          ...districtWords(n.districtCode),
        ].filter(Boolean),
        sortDate: iso(n.deadline),
        publishedAt: iso(n.openedAt ?? n.createdAt)!,
      });
    }
    return out;
  },
  async publicIds(db, after, take) {
    const rows = await db.need.findMany({ where: { status: { in: [...PUBLIC_NEED_STATUSES] }, ...(after ? { id: { gt: after } } : {}) }, select: { id: true }, orderBy: { id: "asc" }, take });
    return rows.map((r) => r.id);
  },
};
