import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/auth.server";
import { getT } from "~/modules/i18n/i18n.server";
import { allReports } from "~/modules/safeguards/reports.server";
import { reportFilterSchema } from "~/modules/safeguards/schema";
import { downloadHeaders, tableXlsx, XLSX_TYPE } from "~/modules/spreadsheets/export.server";
import { formatDateTime, isoDate } from "~/utils/format";

/** The report queue (the status filter of the page) as .xlsx, for staff only; contacts included, as on the staff page. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const t = await getT(request);
  const { status } = reportFilterSchema.parse({ status: new URL(request.url).searchParams.get("status") ?? undefined });
  const rows = await allReports(status);
  const title = t("safeguards.staff.title");
  const headers = ["safeguards.staff.target", "safeguards.staff.targetTitle", "safeguards.report.category", "safeguards.report.details", "safeguards.staff.status", "safeguards.staff.signedIn", "safeguards.report.contact", "safeguards.staff.filedAt", "safeguards.staff.handledAt", "safeguards.staff.outcome"].map((k) => t(k));
  const body = rows.map((r) => [t(`safeguards.targets.${r.targetType}`), r.targetTitle, t(`safeguards.categories.${r.category}`), r.details, t(`safeguards.statuses.${r.status}`), r.signedIn ? t("safeguards.staff.yes") : t("safeguards.staff.no"), r.contact ?? "", formatDateTime(r.createdAt), r.handledAt ? formatDateTime(r.handledAt) : "", r.outcome ?? ""]);
  const file = await tableXlsx(title, [`${t("safeguards.staff.status")}：${status ? t(`safeguards.statuses.${status}`) : t("safeguards.staff.all")}`], headers, body);
  return new Response(new Uint8Array(file), { headers: downloadHeaders(XLSX_TYPE, `${title}-${isoDate(new Date())}.xlsx`) });
}
