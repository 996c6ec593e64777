import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { loadDashboard } from "~/modules/statistics/dashboard.server";
import { StatsDashboard } from "~/components/charts/stats-dashboard";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "统计分析 · 善联" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { input, view, query } = await loadDashboard(request);
  return { input, view, query };
}

export default function StaffStats() {
  const { input, view, query } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <div className="page-head">
        <h1>{t("stats.title")}</h1>
        <Link to="/staff/import">{t("stats.nav.import")}</Link>
      </div>
      <StatsDashboard view={view} input={input} basePath="/staff/stats" query={query} showPlaceFilters />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
