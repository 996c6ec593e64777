import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireBureauAdmin } from "~/modules/accounts/auth.server";
import { getLocale } from "~/modules/i18n/i18n.server";
import { makeT } from "~/modules/i18n/i18n";
import { jobsDashboard } from "~/modules/jobs/dashboard.server";
import { jobsXlsx } from "~/modules/jobs/export.server";
import { downloadHeaders, XLSX_TYPE } from "~/modules/spreadsheets/export.server";

/** /staff/jobs/export — the queues and the recent failures of /staff/jobs as .xlsx (bureau admins). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireBureauAdmin(request);
  const locale = await getLocale(request);
  const t = makeT(locale);
  const { queues, failures } = await jobsDashboard();
  const file = await jobsXlsx({ queues, failures }, t, locale);
  return new Response(new Uint8Array(file), { headers: downloadHeaders(XLSX_TYPE, `${t("jobs.title")}.xlsx`) });
}
