import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/auth.server";
import { getT } from "~/modules/i18n/i18n.server";
import { QueueFilterSchema } from "~/modules/organizations/schema";
import { listRegistry } from "~/modules/organizations/organizations.server";
import { districtName } from "~/modules/districts/districts";
import { downloadHeaders, tableXlsx, XLSX_TYPE } from "~/modules/spreadsheets/export.server";
import { isoDate } from "~/utils/format";

/** The registry (all registrations matching the queue's filters) as .xlsx, filters written at the top. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const t = await getT(request);
  const filters = QueueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listRegistry(filters);
  const filterLines = [
    `${t("common.status")}：${filters.status ? t(`orgs.statuses.${filters.status}`) : t("orgs.review.allStatuses")}`,
    `${t("common.district")}：${filters.district ? districtName(filters.district) : t("common.allDistricts")}`,
    `${t("orgs.form.type")}：${filters.type ? t(`orgs.types.${filters.type}`) : t("orgs.directory.allTypes")}`,
    ...(filters.q ? [`${t("common.actions.search")}：${filters.q}`] : []),
  ];
  const headers = ["orgs.form.name", "orgs.form.type", "orgs.form.creditCode", "common.district", "orgs.form.address", "orgs.form.contactName", "orgs.form.contactPhone", "orgs.form.foundedOn", "common.status", "orgs.review.submittedAt", "orgs.review.approvedAt"].map((k) => t(k));
  const body = rows.map((o) => [o.name, t(`orgs.types.${o.type}`), o.creditCode, districtName(o.districtCode), o.address, o.contactName, o.contactPhone, isoDate(o.foundedOn), t(`orgs.statuses.${o.status}`), isoDate(o.submittedAt), o.approvedAt ? isoDate(o.approvedAt) : ""]);
  const file = await tableXlsx(t("orgs.review.registryTitle"), filterLines, headers, body);
  return new Response(new Uint8Array(file), { headers: downloadHeaders(XLSX_TYPE, `${t("orgs.review.registryTitle")}-${isoDate(new Date())}.xlsx`) });
}
