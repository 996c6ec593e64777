import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { templateCsv, templateXlsx } from "~/modules/spreadsheets/template-files.server";
import { CSV_TYPE, XLSX_TYPE, downloadHeaders } from "~/modules/spreadsheets/export.server";

/** GET /org/:orgId/sales/import/template?format=xlsx|csv — the sales template with an example row. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrgPermission(request, params.orgId, "org:shop");
  if (new URL(request.url).searchParams.get("format") === "csv") {
    return new Response(templateCsv("sales"), { headers: downloadHeaders(CSV_TYPE, "template-sales.csv") });
  }
  return new Response(new Uint8Array(await templateXlsx("sales")), { headers: downloadHeaders(XLSX_TYPE, "template-sales.xlsx") });
}
