import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { loadDashboard } from "~/modules/statistics/dashboard.server";
import { StatsDashboard } from "~/components/charts/stats-dashboard";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { prisma } from "~/utils/db.server";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("stats.orgTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:view");
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { id: true, name: true } });
  const { input, view, query } = await loadDashboard(request, org);
  return { input, view, query, orgId: org.id };
}

export default function OrgStats() {
  const { input, view, query, orgId } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <h2>{t("stats.orgTitle")}</h2>
      <StatsDashboard view={view} input={input} basePath={`/org/${orgId}/stats`} query={query} showPlaceFilters={false} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
