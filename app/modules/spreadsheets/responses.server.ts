import type { TFunction } from "~/modules/i18n/i18n";
import { districtName } from "~/modules/districts/districts";
import type { DashboardView } from "~/modules/statistics/view";
import { CSV_TYPE, XLSX_TYPE, dashboardCsv, dashboardXlsx, downloadHeaders, tableCsv, tableXlsx } from "./export.server";

type Loaded = { view: DashboardView; t: TFunction; filter?: { districtCode?: string } };

const format = (request: Request) => (new URL(request.url).searchParams.get("format") === "csv" ? "csv" : "xlsx");

export async function exportDashboardResponse(request: Request, { view, t, filter }: Loaded, baseName: string, title = t("stats.title")) {
  const labels = { overview: t("stats.sections.headline"), figure: t("stats.sections.figure"), value: t("stats.sections.value"), summary: t("stats.sentence.title") };
  // The district is part of what was exported: name it, so two districts' files do not collide (#12.7l).
  const name = [baseName, filter?.districtCode ? districtName(filter.districtCode) : null, view.range.from, view.range.to].filter(Boolean).join("-");
  if (format(request) === "csv") return new Response(dashboardCsv(view, title, labels), { headers: downloadHeaders(CSV_TYPE, `${name}.csv`) });
  const buf = await dashboardXlsx(view, title, labels);
  return new Response(new Uint8Array(buf), { headers: downloadHeaders(XLSX_TYPE, `${name}.xlsx`) });
}

export async function exportTableResponse(request: Request, title: string, fileBase: string, filterLines: string[], headers: string[], rows: (string | number | null)[][]) {
  if (format(request) === "csv") return new Response(tableCsv(title, filterLines, headers, rows), { headers: downloadHeaders(CSV_TYPE, `${fileBase}.csv`) });
  const buf = await tableXlsx(title, filterLines, headers, rows);
  return new Response(new Uint8Array(buf), { headers: downloadHeaders(XLSX_TYPE, `${fileBase}.xlsx`) });
}
