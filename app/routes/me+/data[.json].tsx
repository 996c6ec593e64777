import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/accounts/auth.server";
import { collectOwnData, ownDataJson } from "~/modules/privacy/own-data.server";
import { downloadHeaders } from "~/modules/spreadsheets/export.server";

/** The signed-in person's own data as JSON (PIPL art. 45). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const data = await collectOwnData(user.id);
  const day = data.generatedAt.slice(0, 10);
  return new Response(ownDataJson(data), { headers: downloadHeaders("application/json; charset=utf-8", `我的数据-${day}.json`) });
}
