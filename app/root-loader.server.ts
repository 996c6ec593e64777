/** The root route's loader (app/root.tsx): who is signed in, the locale, a flash message, the public settings. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { getOptionalUser, isStaff } from "~/modules/accounts/auth.server";
import { getLocale } from "~/modules/i18n/i18n.server";
import { popFlash } from "~/utils/flash.server";
import { getPublicEnv } from "~/utils/env.server";
import { publicOrigin } from "~/modules/share/urls.server";
import { prisma } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale, { flash, setCookie }] = await Promise.all([getOptionalUser(request), getLocale(request), popFlash(request)]);
  const [orgs, unread] = user
    ? await Promise.all([
        prisma.orgMembership.findMany({
          where: { userId: user.id },
          select: { role: true, org: { select: { id: true, name: true, status: true } } },
          orderBy: { createdAt: "asc" },
          take: 20,
        }),
        prisma.notification.count({ where: { userId: user.id, readAt: null } }),
      ])
    : [[], 0];
  return data(
    {
      locale,
      flash,
      ENV: getPublicEnv(),
      shareOrigin: publicOrigin(request),
      user: user && { id: user.id, displayName: user.displayName, globalRole: user.globalRole, isStaff: isStaff(user), hasProfile: user.hasProfile },
      orgs: orgs.map((m) => ({ id: m.org.id, name: m.org.name, status: m.org.status, role: m.role })),
      unread,
    },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}
