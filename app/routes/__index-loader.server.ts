/** The home page's loader (routes/_index.tsx): counts, the latest organizations, live campaigns and urgent needs. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { districtName } from "~/modules/districts/names.server";
import { getLocale } from "~/modules/i18n/i18n.server";
import { prisma } from "~/utils/db.server";
import { listLiveCampaigns } from "~/modules/campaigns/queries.server";
import { listUrgentNeeds } from "~/modules/needs/queries.server";
import { todayInChina } from "~/modules/campaigns/rules";

export async function loader({ request }: LoaderFunctionArgs) {
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
  const liveCampaigns = await listLiveCampaigns(6);
  // District names in the reader's locale, so the page needs no district table in the browser.
  return {
    orgCount,
    districtCount: districts.length,
    latest: latest.map((o) => ({ ...o, district: districtName(o.districtCode, locale) })),
    liveCampaigns: liveCampaigns.map(({ districtCode, ...c }) => ({ ...c, district: districtName(districtCode, locale) })),
    urgentNeeds: urgentNeeds.map((n) => ({ ...n, district: districtName(n.districtCode, locale) })),
    // The day the campaign cards count down from: the page is then a function of its data (ADR 026).
    today: todayInChina(),
  };
}
