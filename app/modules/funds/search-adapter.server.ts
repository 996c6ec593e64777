import type { PrismaClient } from "~/generated/prisma/client";
import type { SearchDocument } from "../../../search/types";
import type { SearchAdapter } from "../../../search/adapter";
import { districtWords, iso, label } from "../../../search/labels.server";

/** Special funds (专项基金, app/modules/funds): active and paused funds are listed. */
const PUBLIC = ["ACTIVE", "PAUSED"] as const;

export const fundAdapter: SearchAdapter = {
  kind: "fund",
  async load(db: PrismaClient, ids: string[]) {
    const rows = await db.fund.findMany({
      where: { id: { in: ids }, status: { in: [...PUBLIC] } },
      select: { id: true, name: true, purpose: true, status: true, districtCodes: true, beneficiaryGroups: true, orgId: true, createdAt: true, org: { select: { name: true } } },
    });
    const out = new Map<string, SearchDocument>();
    for (const f of rows) {
      out.set(f.id, {
        kind: "fund",
        id: f.id,
        title: f.name,
        body: f.purpose,
        url: `/funds/${f.id}`,
        districtCode: f.districtCodes.length === 1 ? f.districtCodes[0]! : null,
        categories: f.beneficiaryGroups,
        status: f.status,
        orgId: f.orgId,
        tags: [f.org.name, "专项基金", ...f.beneficiaryGroups.map((g) => label(`common.beneficiaryGroups.${g}`)), ...f.districtCodes.flatMap(districtWords)].filter(Boolean),
        sortDate: null,
        publishedAt: iso(f.createdAt)!,
      });
    }
    return out;
  },
  async publicIds(db, after, take) {
    const rows = await db.fund.findMany({ where: { status: { in: [...PUBLIC] }, ...(after ? { id: { gt: after } } : {}) }, select: { id: true }, orderBy: { id: "asc" }, take });
    return rows.map((r) => r.id);
  },
};
