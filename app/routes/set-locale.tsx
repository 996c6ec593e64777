import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLocale, localeCookie } from "~/modules/i18n/i18n.server";
import { safeRedirect } from "~/utils/redirect";
import { readFormData } from "~/utils/responses.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const locale = form.get("locale");
  const to = safeRedirect(form.get("redirectTo"), "/");
  if (!isLocale(locale)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export const loader = () => redirect("/");
