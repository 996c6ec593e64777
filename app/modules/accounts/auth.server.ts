import { redirect } from "@remix-run/node";
import { prisma } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";
import { getSession } from "./session.server";
import type { GlobalRole } from "~/generated/prisma/enums";

export type SessionUser = { id: string; email: string; displayName: string; globalRole: GlobalRole; locale: string; hasProfile: boolean; emailVerified: boolean };

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const session = await getSession(request);
  if (!session) return null;
  const user = await prisma.user.findUnique({
    where: { id: session.userId },
    select: { id: true, email: true, displayName: true, globalRole: true, locale: true, emailVerifiedAt: true, deletedAt: true, profile: { select: { userId: true } } },
  });
  if (!user || user.deletedAt) return null;
  const { profile, emailVerifiedAt, deletedAt: _deleted, ...rest } = user;
  return { ...rest, hasProfile: Boolean(profile), emailVerified: Boolean(emailVerifiedAt) };
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
