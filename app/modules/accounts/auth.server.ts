import { redirect } from "@remix-run/node";
import { invariantResponse } from "~/utils/responses.server";
import { getSession } from "./session.server";
import type { GlobalRole } from "~/generated/prisma/enums";

export type SessionUser = { id: string; email: string; displayName: string; globalRole: GlobalRole; locale: string; hasProfile: boolean; emailVerified: boolean };

/** The signed-in user of this request, or null: one database round trip, shared by all loaders of the request (session.server.ts). */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const session = await getSession(request);
  if (!session) return null;
  const { account } = session;
  if (account.deletedAt) return null;
  return {
    id: session.userId,
    email: account.email,
    displayName: account.displayName,
    globalRole: session.user.globalRole,
    locale: account.locale,
    hasProfile: account.hasProfile,
    emailVerified: Boolean(account.emailVerifiedAt),
  };
}

/** Signed-in user or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/auth/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export const isStaff = (user: Pick<SessionUser, "globalRole"> | null | undefined) =>
  user?.globalRole === "BUREAU_STAFF" || user?.globalRole === "BUREAU_ADMIN";

export async function requireStaff(request: Request) {
  const user = await requireUser(request);
  invariantResponse(isStaff(user), 403);
  return user;
}

export async function requireBureauAdmin(request: Request) {
  const user = await requireUser(request);
  invariantResponse(user.globalRole === "BUREAU_ADMIN", 403);
  return user;
}

/** Kept for callers written before app/utils/redirect.ts; import it from there. */
export { safeRedirect } from "~/utils/redirect";
