import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/auth.server";
import { loadDashboard } from "~/modules/statistics/dashboard.server";
import { exportDashboardResponse } from "~/modules/spreadsheets/responses.server";

/** GET /staff/stats/export?…filters…&format=xlsx|csv */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const loaded = await loadDashboard(request);
  return exportDashboardResponse(request, loaded, "stats");
}
