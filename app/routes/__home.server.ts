// The home page's loader data, in one server module so the browser build carries a single empty stub
// in its place rather than one per service (issue 17.4: page weight).
import { prisma } from "~/utils/db.server";
import { districtName } from "~/modules/districts/districts";
import { getLocale } from "~/modules/i18n/i18n.server";
import { listLiveCampaigns } from "~/modules/campaigns/queries.server";
import { listUrgentNeeds } from "~/modules/needs/queries.server";

export async function homeData(request: Request) {
  const locale = await getLocale(request);
  const [orgCount, districts, latest] = await Promise.all([
    prisma.organization.count({ where: { status: "APPROVED" } }),
    prisma.organization.groupBy({ by: ["districtCode"], where: { status: "APPROVED" } }),
    prisma.organization.findMany({
      where: { status: "APPROVED" },
      select: { id: true, name: true, type: true, districtCode: true, serviceAreas: true },
      orderBy: [{ approvedAt: "desc" }, { id: "asc" }],
      take: 6,
    }),
  ]);
  // Open needs, most urgent first: the home page leads to where help is wanted.
  const urgentNeeds = await listUrgentNeeds(4);
  // District names resolved here, in the reader's language: the district table stays out of the page's JS.
  const withDistrict = <T extends { districtCode: string }>(rows: T[]) => rows.map((r) => ({ ...r, districtLabel: districtName(r.districtCode, locale) }));
  return {
    orgCount,
    districtCount: districts.length,
    latest: withDistrict(latest),
    liveCampaigns: withDistrict(await listLiveCampaigns(6)),
    urgentNeeds: withDistrict(urgentNeeds),
  };
}
