import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/auth.server";
import { replica } from "~/utils/db.server";
import { getT } from "~/modules/i18n/i18n.server";
import { pledgeOverview } from "~/modules/pledges/overview.server";
import { overviewFilterSchema } from "~/modules/pledges/schema";
import { bpToPercent } from "~/modules/pledges/rules";
import { districtName } from "~/modules/districts/districts";
import { downloadHeaders, tableXlsx, XLSX_TYPE } from "~/modules/spreadsheets/export.server";

/** The staff overview's pledges (one row per pledge, same filters) as .xlsx, filters written at the top. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const t = await getT(request);
  const filter = overviewFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const o = await pledgeOverview(filter, replica());
  const yuan = (fen: string | null) => (fen === null ? null : Number(BigInt(fen)) / 100);
  const filterLines = [
    `${t("pledges.pledge.year")}：${o.year}`,
    `${t("pledges.staff.district")}：${o.district ? districtName(o.district) : t("common.allDistricts")}`,
    `${t("pledges.staff.asOf")}：${o.asOf}`,
  ];
  const headers = [
    "pledges.unit.name",
    "pledges.unit.kind",
    "pledges.unit.isBudgetUnit",
    "pledges.unit.canteen",
    "pledges.unit.registeredBy",
    "pledges.staff.district",
    "pledges.pledge.targetProducer",
    "pledges.export.pledgedYuan",
    "pledges.export.fulfilledYuan",
    "pledges.export.remainingYuan",
    "pledges.figures.percent",
    "pledges.export.canteenBudgetYuan",
    "pledges.pledge.sharePercent",
    "pledges.export.requiredYuan",
    "pledges.staff.belowShare",
  ].map((k) => t(k));
  const rows = o.pledges.map((p) => [
    p.unitName,
    t(`pledges.kinds.${p.unitKind}`),
    p.isBudgetUnit ? t("pledges.export.yes") : t("pledges.export.no"),
    p.hasCanteen ? t("pledges.unit.canteenAnswers.HAS") : t("pledges.unit.canteenAnswers.NONE"),
    p.orgName ?? t("pledges.unit.registeredByStaff"),
    p.districtCode ? districtName(p.districtCode) : "",
    p.producerName ?? "",
    yuan(p.pledgedFen),
    yuan(p.fulfilledFen),
    yuan(p.remainingFen),
    `${bpToPercent(p.percentBp)}%`,
    yuan(p.canteenBudgetFen),
    p.requiredShareBp === null ? "" : `${bpToPercent(p.requiredShareBp)}%`,
    yuan(p.requiredFen),
    p.belowShareLate ? t("pledges.export.yes") : "",
  ]);
  const title = t("pledges.export.title", { year: o.year });
  const file = await tableXlsx(title, filterLines, headers, rows);
  return new Response(new Uint8Array(file), { headers: downloadHeaders(XLSX_TYPE, `${title}-${o.asOf}.xlsx`) });
}
