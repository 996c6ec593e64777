import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { getEnv, isProduction } from "~/utils/env.server";
import { prisma } from "~/utils/db.server";

const SESSION_DAYS = 30;

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

export async function createSession(userId: string, request: Request) {
  const token = randomBytes(32).toString("base64url");
  await prisma.session.create({
    data: {
      userId,
      tokenHash: sha256(token),
      userAgent: request.headers.get("User-Agent")?.slice(0, 200) ?? null,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000),
    },
  });
  return sessionCookie().serialize(token);
}

async function readToken(request: Request): Promise<string | null> {
  const token = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof token === "string" && token.length > 20 ? token : null;
}

/** The session row for this request, or null. Expired sessions count as none. */
export async function getSession(request: Request) {
  const token = await readToken(request);
  if (!token) return null;
  const session = await prisma.session.findUnique({
    where: { tokenHash: sha256(token) },
    select: { id: true, userId: true, expiresAt: true, lastSeenAt: true, user: { select: { disabledAt: true } } },
  });
  if (!session || session.expiresAt < new Date() || session.user.disabledAt) return null;
  // Touch at most once an hour: cheap, and enough for "last seen" on the devices list.
  if (Date.now() - session.lastSeenAt.getTime() > 3600_000) {
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } }).catch(() => undefined);
  }
  return session;
}

export async function destroySession(request: Request) {
  const token = await readToken(request);
  if (token) await prisma.session.deleteMany({ where: { tokenHash: sha256(token) } });
  return sessionCookie().serialize("", { maxAge: 0 });
}

export async function signOutRedirect(request: Request, to = "/") {
  return redirect(to, { headers: { "Set-Cookie": await destroySession(request) } });
}
