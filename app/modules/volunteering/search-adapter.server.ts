import type { PrismaClient } from "~/generated/prisma/client";
import type { SearchDocument } from "../../../search/types";
import type { SearchAdapter } from "../../../search/adapter";
import { districtWords, iso, label } from "../../../search/labels.server";

/**
 * Volunteer projects (app/modules/volunteering): PUBLISHED and CLOSED ones are public; drafts and
 * cancelled projects are not. The contact line and address are left out.
 */
const PUBLIC = ["PUBLISHED", "CLOSED"] as const;

export const projectAdapter: SearchAdapter = {
  kind: "project",
  async load(db: PrismaClient, ids: string[]) {
    const rows = await db.volunteerProject.findMany({
      where: { id: { in: ids }, status: { in: [...PUBLIC] }, org: { status: "APPROVED" } },
      select: { id: true, title: true, description: true, category: true, districtCode: true, status: true, orgId: true, startDate: true, skills: true, publishedAt: true, createdAt: true, org: { select: { name: true } } },
    });
    const out = new Map<string, SearchDocument>();
    for (const p of rows) {
      out.set(p.id, {
        kind: "project",
        id: p.id,
        title: p.title,
        body: p.description,
        url: `/projects/${p.id}`,
        districtCode: p.districtCode,
        categories: [p.category],
        status: p.status,
        orgId: p.orgId,
        tags: [p.org.name, label(`common.serviceAreas.${p.category}`), "志愿服务", ...p.skills, ...districtWords(p.districtCode)].filter(Boolean),
        sortDate: iso(p.startDate),
        publishedAt: iso(p.publishedAt ?? p.createdAt)!,
      });
    }
    return out;
  },
  async publicIds(db, after, take) {
    const rows = await db.volunteerProject.findMany({
      where: { status: { in: [...PUBLIC] }, org: { status: "APPROVED" }, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true },
      orderBy: { id: "asc" },
      take,
    });
    return rows.map((r) => r.id);
  },
};
