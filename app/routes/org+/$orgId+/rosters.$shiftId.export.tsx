import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { rosterWorkbook, xlsxResponse } from "~/modules/volunteering/export.server";
import { loadOr4xx } from "~/modules/volunteering/http.server";

/** The roster as .xlsx. Phones in clear only when the organization exports its own roster. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:rosters");
  const file = await loadOr4xx(() => rosterWorkbook(access.orgId, params.shiftId ?? "", { clear: access.role !== null }));
  return xlsxResponse(file);
}
