/** The root route's loader (app/root.tsx): who is signed in, the locale, a flash message, the public settings. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { getOptionalUser, isStaff } from "~/modules/accounts/auth.server";
import { getLocale } from "~/modules/i18n/i18n.server";
import { popFlash } from "~/utils/flash.server";
import { getPublicEnv } from "~/utils/env.server";
import { publicOrigin } from "~/modules/share/urls.server";
import { headerData } from "~/modules/accounts/header.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale, { flash, setCookie }] = await Promise.all([getOptionalUser(request), getLocale(request), popFlash(request)]);
  // One round trip for the header's organizations and unread count (issue 17.5).
  const { orgs, unread } = user ? await headerData(user.id) : { orgs: [], unread: 0 };
  return data(
    {
      locale,
      flash,
      ENV: getPublicEnv(),
      shareOrigin: publicOrigin(request),
      user: user && { id: user.id, displayName: user.displayName, globalRole: user.globalRole, isStaff: isStaff(user), hasProfile: user.hasProfile },
      orgs,
      unread,
    },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}
