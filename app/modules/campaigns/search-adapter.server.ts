import type { PrismaClient } from "~/generated/prisma/client";
import type { SearchDocument } from "../../../search/types";
import type { SearchAdapter } from "../../../search/adapter";
import { districtWords, iso } from "../../../search/labels.server";

/**
 * Crowdfunding campaigns (app/modules/campaigns): public once approved. Only the title, kind and
 * place are indexed — the story of an emergency or medical campaign describes a person's
 * hardship and health, which must not be searchable text; the masked name is left out too.
 */
const PUBLIC = ["APPROVED", "FUNDED", "ENDED"] as const;
const KIND_WORDS: Record<string, string> = { EMERGENCY: "急难众筹 急难救助", EDUCATION: "助学众筹 助学", MEDICAL: "医疗救助 大病", DISASTER: "救灾 灾害", OTHER: "众筹" };

export const campaignAdapter: SearchAdapter = {
  kind: "campaign",
  async load(db: PrismaClient, ids: string[]) {
    const rows = await db.campaign.findMany({
      where: { id: { in: ids }, status: { in: [...PUBLIC] } },
      select: { id: true, title: true, kind: true, status: true, districtCode: true, orgId: true, deadline: true, approvedAt: true, createdAt: true, org: { select: { name: true } } },
    });
    const out = new Map<string, SearchDocument>();
    for (const c of rows) {
      out.set(c.id, {
        kind: "campaign",
        id: c.id,
        title: c.title,
        body: `${c.org.name} ${KIND_WORDS[c.kind] ?? ""}`,
        url: `/campaigns/${c.id}`,
        districtCode: c.districtCode,
        categories: [c.kind],
        status: c.status,
        orgId: c.orgId,
        tags: ["众筹", ...districtWords(c.districtCode)],
        sortDate: iso(c.deadline),
        publishedAt: iso(c.approvedAt ?? c.createdAt)!,
      });
    }
    return out;
  },
  async publicIds(db, after, take) {
    const rows = await db.campaign.findMany({ where: { status: { in: [...PUBLIC] }, ...(after ? { id: { gt: after } } : {}) }, select: { id: true }, orderBy: { id: "asc" }, take });
    return rows.map((r) => r.id);
  },
};
