import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/auth.server";
import { getT } from "~/modules/i18n/i18n.server";
import { exportQueue, staffScope } from "~/modules/help/triage.server";
import { QueueFilterSchema } from "~/modules/help/schema";
import { districtName } from "~/modules/districts/districts";
import { downloadHeaders, tableXlsx, XLSX_TYPE } from "~/modules/spreadsheets/export.server";
import { formatDateTime, isoDate } from "~/utils/format";

/** The queue as .xlsx: category, district, dates and counts — no request text, no name, no phone. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const scope = await staffScope(staff.id);
  const t = await getT(request);
  const f = QueueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await exportQueue(scope, f);
  const district = scope.districtCode ?? f.district;
  const filterLines = [`${t("common.status")}：${t(`help.statuses.${f.status}`)}`, `${t("help.fields.district")}：${district ? districtName(district) : t("help.staff.allDistricts")}`];
  const headers = [t("help.staff.received"), t("help.fields.category"), t("help.fields.district"), t("help.staff.forWhom"), t("help.staff.documentCount"), t("common.status"), t("help.staff.handledAt")];
  const body = rows.map((r) => [formatDateTime(r.createdAt), t(`needs.categories.${r.category}`), districtName(r.districtCode), t(`help.forWhom.${r.forWhom}`), r.documents.length, t(`help.statuses.${r.status}`), r.handledAt ? formatDateTime(r.handledAt) : ""]);
  const file = await tableXlsx(t("help.staff.exportTitle"), filterLines, headers, body);
  return new Response(new Uint8Array(file), { headers: downloadHeaders(XLSX_TYPE, `${t("help.staff.exportTitle")}-${isoDate(new Date())}.xlsx`) });
}
