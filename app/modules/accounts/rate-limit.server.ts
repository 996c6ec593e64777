import { prisma } from "~/utils/db.server";

/** Sign-in throttling: failures in a sliding window, per account and per IP. */
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

export async function isLoginThrottled(email: string, ip: string) {
  const since = new Date(Date.now() - LOGIN_WINDOW_MINUTES * 60_000);
  const [byAccount, byIp] = await Promise.all([
    prisma.loginAttempt.count({ where: { email, success: false, createdAt: { gte: since } } }),
    prisma.loginAttempt.count({ where: { ip, success: false, createdAt: { gte: since } } }),
  ]);
  return byAccount >= MAX_FAILURES_PER_ACCOUNT || byIp >= MAX_FAILURES_PER_IP;
}

export async function recordLoginAttempt(email: string, ip: string, success: boolean) {
  await prisma.loginAttempt.create({ data: { email, ip, success } });
  // A success clears the account's failure streak.
  if (success) await prisma.loginAttempt.deleteMany({ where: { email, success: false } });
}

/** The client address as seen by our own HTTP server (it sets X-Shanlian-Client-Ip; see server). */
export function clientIp(request: Request) {
  return request.headers.get("X-Shanlian-Client-Ip") ?? "unknown";
}
