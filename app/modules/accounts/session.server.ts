import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { getEnv, isProduction } from "~/utils/env.server";
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import type { GlobalRole } from "~/generated/prisma/enums";

const SESSION_DAYS = 30;
/** A session unused for this long is over: 8 hours for bureau staff, 7 days for everyone else. */
export const STAFF_IDLE_MS = 8 * 3600_000;
export const USER_IDLE_MS = 7 * 24 * 3600_000;
/** How stale `lastSeenAt` may get before a request refreshes it (small next to the idle limits). */
const TOUCH_EVERY_MS = 5 * 60_000;

export const idleLimitMs = (role: GlobalRole) => (role === "USER" ? USER_IDLE_MS : STAFF_IDLE_MS);

function sessionCookie() {
  return createCookie("sl_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    path: "/",
    secrets: [getEnv().SESSION_SECRET],
    maxAge: SESSION_DAYS * 24 * 3600,
  });
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** A new session (a fresh random token; only its SHA-256 is stored) and its Set-Cookie value. */
export async function createSession(userId: string, request: Request, db: Db = prisma) {
  const token = randomBytes(32).toString("base64url");
  // Times come from the application clock, the same one that sets passwordChangedAt.
  const now = new Date();
  await db.session.create({
    data: {
      userId,
      tokenHash: sha256(token),
      userAgent: request.headers.get("User-Agent")?.slice(0, 200) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_DAYS * 24 * 3600 * 1000),
    },
  });
  return sessionCookie().serialize(token);
}

/** Signs the user out everywhere (password or privilege change; the caller may open a new session). */
export async function revokeUserSessions(userId: string, db: Db = prisma) {
  await db.session.deleteMany({ where: { userId } });
}

async function readToken(request: Request): Promise<string | null> {
  const token = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof token === "string" && token.length > 20 ? token : null;
}

/** The session with its user, as one statement reads them (the user's fields for `getOptionalUser`). */
export type SessionWithUser = {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  user: { disabledAt: Date | null; globalRole: GlobalRole; passwordChangedAt: Date | null };
  account: { email: string; displayName: string; locale: string; emailVerifiedAt: Date | null; deletedAt: Date | null; hasProfile: boolean };
};

/**
 * One lookup per request (issue 17.5): the root loader and the page's loader both ask who is
 * signed in, and get the same answer from one database round trip. Keyed by the Request object,
 * so it lives exactly as long as the request; Remix gives the loaders after an action a new one.
 */
const lookups = new WeakMap<Request, Promise<SessionWithUser | null>>();

/**
 * The session row for this request, or null. Expired, idle, pre-password-change sessions and
 * those of disabled users count as none.
 */
export function getSession(request: Request): Promise<SessionWithUser | null> {
  let lookup = lookups.get(request);
  if (!lookup) {
    lookup = lookUpSession(request);
    lookups.set(request, lookup);
  }
  return lookup;
}

type SessionSqlRow = Omit<SessionWithUser, "user" | "account"> & SessionWithUser["user"] & SessionWithUser["account"];

async function lookUpSession(request: Request): Promise<SessionWithUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  // Session, user and whether a volunteer profile exists: one statement, one round trip.
  const rows = await prisma.$queryRaw<SessionSqlRow[]>`
    SELECT s.id, s."userId", s."createdAt", s."expiresAt", s."lastSeenAt",
           u."disabledAt", u."globalRole"::text AS "globalRole", u."passwordChangedAt",
           u.email::text AS email, u."displayName", u.locale, u."emailVerifiedAt", u."deletedAt",
           EXISTS (SELECT 1 FROM "VolunteerProfile" p WHERE p."userId" = u.id) AS "hasProfile"
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s."tokenHash" = ${sha256(token)}`;
  const row = rows[0];
  if (!row) return null;
  const session: SessionWithUser = {
    id: row.id,
    userId: row.userId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastSeenAt: row.lastSeenAt,
    user: { disabledAt: row.disabledAt, globalRole: row.globalRole, passwordChangedAt: row.passwordChangedAt },
    account: { email: row.email, displayName: row.displayName, locale: row.locale, emailVerifiedAt: row.emailVerifiedAt, deletedAt: row.deletedAt, hasProfile: row.hasProfile },
  };
  const now = Date.now();
  const { user } = session;
  if (session.expiresAt.getTime() <= now || user.disabledAt) return null;
  if (user.passwordChangedAt && session.createdAt < user.passwordChangedAt) return null;
  if (now - session.lastSeenAt.getTime() > idleLimitMs(user.globalRole)) {
    await prisma.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } }).catch(() => undefined);
  }
  return session;
}

export async function destroySession(request: Request) {
  lookups.delete(request);
  const token = await readToken(request);
  if (token) await prisma.session.deleteMany({ where: { tokenHash: sha256(token) } });
  return sessionCookie().serialize("", { maxAge: 0 });
}

export async function signOutRedirect(request: Request, to = "/") {
  return redirect(to, { headers: { "Set-Cookie": await destroySession(request) } });
}
