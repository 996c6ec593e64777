import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroySession } from "~/modules/accounts/session.server";
import { setFlash } from "~/utils/flash.server";

export async function action({ request }: ActionFunctionArgs) {
  const headers = new Headers();
  headers.append("Set-Cookie", await destroySession(request));
  headers.append("Set-Cookie", await setFlash(request, { messageKey: "common.flash.signedOut" }));
  return redirect("/", { headers });
}

export const loader = () => redirect("/");
