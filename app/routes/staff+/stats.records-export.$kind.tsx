import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/auth.server";
import { loadDrill } from "~/modules/statistics/drill-page.server";

/** GET /staff/stats/records-export/:kind?…filters…&format=xlsx|csv — every record behind a figure. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  return (await loadDrill(request, params.kind, undefined, { export: true })).response!;
}
