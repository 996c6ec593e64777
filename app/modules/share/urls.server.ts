import { getEnv } from "~/utils/env.server";

/** The site's public origin: APP_URL when configured (behind a proxy), else the request's own. */
export function publicOrigin(request: Request) {
  return (getEnv().APP_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
}

export const certificateVerifyUrl = (origin: string, code: string) => `${origin}/verify/certificates?code=${encodeURIComponent(code)}`;
export const receiptVerifyUrl = (origin: string, code: string) => `${origin}/verify/receipts?code=${encodeURIComponent(code)}`;
