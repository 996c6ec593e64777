import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/auth.server";
import { invariantResponse } from "~/utils/responses.server";
import { isImportKind } from "~/modules/spreadsheets/templates";
import { templateCsv, templateXlsx } from "~/modules/spreadsheets/template-files.server";
import { CSV_TYPE, XLSX_TYPE, downloadHeaders } from "~/modules/spreadsheets/export.server";

/** GET /staff/import/template/:kind?format=xlsx|csv — the documented template with an example row. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  invariantResponse(isImportKind(params.kind), 404);
  if (new URL(request.url).searchParams.get("format") === "csv") {
    return new Response(templateCsv(params.kind), { headers: downloadHeaders(CSV_TYPE, `template-${params.kind}.csv`) });
  }
  return new Response(new Uint8Array(await templateXlsx(params.kind)), { headers: downloadHeaders(XLSX_TYPE, `template-${params.kind}.xlsx`) });
}
