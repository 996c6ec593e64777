import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/auth.server";
import { replica } from "~/utils/db.server";
import { getT } from "~/modules/i18n/i18n.server";
import { overdueDisclosures } from "~/modules/disclosure/status.server";
import { chinaDay, daysBetween } from "~/modules/disclosure/schedule";
import { downloadHeaders, tableXlsx, XLSX_TYPE } from "~/modules/spreadsheets/export.server";
import { isoDate } from "~/utils/format";

/** The staff list of overdue disclosures (and holds) as .xlsx. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const t = await getT(request);
  const now = new Date();
  const today = chinaDay(now);
  const rows = await overdueDisclosures(now, replica());
  const headers = ["disclosure.staff.org", "disclosure.staff.target", "disclosure.staff.type", "disclosure.org.kind", "disclosure.staff.dueOn", "disclosure.staff.daysOverdue", "disclosure.staff.hold"].map((k) => t(k));
  const body = rows.map((s) => {
    const o = s.schedule.obligations.find((x) => x.state === "overdue") ?? s.schedule.nextDue;
    return [s.orgName, s.name, t(`disclosure.org.${s.type}`), o ? t(`disclosure.kinds.${o.kind}`) : "", o?.dueOn ?? "", o && o.state === "overdue" ? daysBetween(o.dueOn, today) : 0, s.hold ? `${isoDate(s.hold.at)} ${s.hold.reason ?? ""}` : ""];
  });
  const title = t("disclosure.staff.title");
  const file = await tableXlsx(title, [`${t("disclosure.staff.dueOn")} ≤ ${today}`], headers, body);
  return new Response(new Uint8Array(file), { headers: downloadHeaders(XLSX_TYPE, `${title}-${today}.xlsx`) });
}
