import type { PrismaClient } from "~/generated/prisma/client";
import type { SearchDocument } from "../../../search/types";
import type { SearchAdapter } from "../../../search/adapter";
import { districtWords, iso, label } from "../../../search/labels.server";

/** Organizations: only APPROVED ones are public. No contact person, phone or address is indexed. */
export const organizationAdapter: SearchAdapter = {
  kind: "organization",
  async load(db: PrismaClient, ids: string[]) {
    const rows = await db.organization.findMany({
      where: { id: { in: ids }, status: "APPROVED" },
      select: { id: true, name: true, mission: true, type: true, serviceAreas: true, districtCode: true, isCharity: true, isVolunteerGroup: true, status: true, approvedAt: true, createdAt: true },
    });
    const out = new Map<string, SearchDocument>();
    for (const o of rows) {
      out.set(o.id, {
        kind: "organization",
        id: o.id,
        title: o.name,
        body: o.mission,
        url: `/orgs/${o.id}`,
        districtCode: o.districtCode,
        categories: o.serviceAreas,
        status: o.status,
        orgId: o.id,
        tags: [
          label(`orgs.types.${o.type}`),
          ...o.serviceAreas.map((a) => label(`common.serviceAreas.${a}`)),
          ...districtWords(o.districtCode),
          o.isCharity ? "慈善组织" : "",
          o.isVolunteerGroup ? "志愿服务团体" : "",
        ].filter(Boolean),
        sortDate: null,
        publishedAt: iso(o.approvedAt ?? o.createdAt)!,
      });
    }
    return out;
  },
  async publicIds(db, after, take) {
    const rows = await db.organization.findMany({ where: { status: "APPROVED", ...(after ? { id: { gt: after } } : {}) }, select: { id: true }, orderBy: { id: "asc" }, take });
    return rows.map((r) => r.id);
  },
};
