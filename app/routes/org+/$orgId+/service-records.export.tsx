import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { recordsWorkbook, xlsxResponse } from "~/modules/volunteering/export.server";
import { RecordFilterSchema } from "~/modules/volunteering/schema";

/** The organization's service records as .xlsx, with the filters of the page (no phones, no ID numbers). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:rosters");
  const filter = RecordFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return xlsxResponse(await recordsWorkbook(access.orgId, filter));
}
