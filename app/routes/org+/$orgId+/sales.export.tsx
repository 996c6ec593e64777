import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { salesForExport } from "~/modules/sales/sales.server";
import { SalesFilterSchema } from "~/modules/sales/schema";
import { exportTableResponse } from "~/modules/spreadsheets/responses.server";
import { districtName } from "~/modules/districts/districts";
import { getT } from "~/modules/i18n/i18n.server";

/** GET /org/:orgId/sales/export?channel=&from=&to=&format=xlsx|csv — the filtered sales as a spreadsheet. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  const filter = SalesFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [rows, t] = await Promise.all([salesForExport(access.orgId, filter), getT(request)]);
  const title = t("sales.list.exportTitle");
  const filterLine = t("sales.list.filterLine", {
    from: filter.from ?? t("sales.list.anyDate"),
    to: filter.to ?? t("sales.list.anyDate"),
    channel: filter.channel ? t(`sales.channels.${filter.channel}`) : t("sales.list.allChannels"),
  });
  const headers = ["soldOn", "producer", "productName", "category", "quantity", "unit", "amount", "channel", "buyerKind", "buyerName", "event", "district", "source"].map((k) =>
    k === "district" ? t("sales.fields.district") : k === "event" ? t("sales.fields.event") : t(`sales.fields.${k}`),
  );
  const body = rows.map((r) => [
    r.soldOn,
    r.producer?.name ?? "",
    r.productName ?? "",
    t(`sales.categories.${r.category}`),
    r.quantity === null ? null : Number(r.quantity),
    r.unit ?? "",
    Number(BigInt(r.amountFen)) / 100,
    t(`sales.channels.${r.channel}`),
    t(`sales.buyerKinds.${r.buyerKind}`),
    r.buyerName ?? "",
    r.event?.title ?? "",
    districtName(r.districtCode),
    t(`sales.sources.${r.source}`),
  ]);
  const base = ["sales", filter.from, filter.to].filter(Boolean).join("-");
  return exportTableResponse(request, title, base, [filterLine], headers, body);
}
