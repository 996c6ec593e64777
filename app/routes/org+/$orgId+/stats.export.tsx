import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { loadDashboard } from "~/modules/statistics/dashboard.server";
import { exportDashboardResponse } from "~/modules/spreadsheets/responses.server";
import { prisma } from "~/utils/db.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:view");
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { id: true, name: true } });
  const loaded = await loadDashboard(request, org);
  return exportDashboardResponse(request, loaded, "org-stats", `${org.name} · ${loaded.t("stats.orgTitle")}`);
}
