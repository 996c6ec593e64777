/**
 * The root loader's data (app/root.tsx): the user and their organizations, the locale and this
 * page's texts (issue 17.4), the flash message, public settings. Kept in one server module so the
 * browser build replaces a single import with an empty stub (page weight).
 */
import { getOptionalUser, isStaff } from "~/modules/accounts/auth.server";
import { getLocale } from "~/modules/i18n/i18n.server";
import { messagesFor, routeIdsFor, serverRoutesFrom } from "~/modules/i18n/messages.server";
import { publicOrigin } from "~/modules/share/urls.server";
import { prisma } from "~/utils/db.server";
import { getPublicEnv } from "~/utils/env.server";
import { popFlash } from "~/utils/flash.server";

export async function rootData(request: Request, context: unknown) {
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
  const body = {
    locale,
    // Only this language's texts, only the namespaces of the routes of this URL (issue 17.4).
    messages: messagesFor(locale, routeIdsFor(serverRoutesFrom(context), new URL(request.url).pathname)),
    flash,
    ENV: getPublicEnv(),
    shareOrigin: publicOrigin(request),
    user: user && { id: user.id, displayName: user.displayName, globalRole: user.globalRole, isStaff: isStaff(user), hasProfile: user.hasProfile },
    orgs: orgs.map((m) => ({ id: m.org.id, name: m.org.name, status: m.org.status, role: m.role })),
    unread,
  };
  return { body, setCookie };
}
