import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/accounts/auth.server";
import { collectOwnData, ownDataXlsx } from "~/modules/privacy/own-data.server";
import { downloadHeaders, XLSX_TYPE } from "~/modules/spreadsheets/export.server";
import { makeT } from "~/modules/i18n/i18n";
import { getLocale } from "~/modules/i18n/i18n.server";

/** The signed-in person's own data as a workbook, one sheet per kind. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = makeT(await getLocale(request));
  const data = await collectOwnData(user.id);
  const file = await ownDataXlsx(data, {
    cover: t("mydata.xlsx.cover"),
    generatedAt: t("mydata.xlsx.generatedAt"),
    truncated: t("mydata.xlsx.truncated"),
    empty: t("mydata.xlsx.empty"),
    kind: (k) => t(`mydata.kinds.${k}`),
  });
  return new Response(new Uint8Array(file), { headers: downloadHeaders(XLSX_TYPE, `${t("mydata.title")}-${data.generatedAt.slice(0, 10)}.xlsx`) });
}
