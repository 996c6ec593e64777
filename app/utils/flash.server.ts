import { createCookie } from "@remix-run/node";
import { getEnv, isProduction } from "./env.server";

export type Flash = { messageKey: string; params?: Record<string, string | number>; kind?: "success" | "error" };

function flashCookie() {
  return createCookie("sl_flash", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: isProduction(),
    secrets: [getEnv().SESSION_SECRET],
    maxAge: 60,
  });
}

export async function setFlash(_request: Request, flash: Flash) {
  return flashCookie().serialize(flash);
}

/** Reads and clears the flash message; returns the Set-Cookie header to send when one was read. */
export async function popFlash(request: Request): Promise<{ flash: Flash | null; setCookie: string | null }> {
  const cookie = flashCookie();
  const value = (await cookie.parse(request.headers.get("Cookie"))) as Flash | null;
  if (!value || typeof value.messageKey !== "string") return { flash: null, setCookie: null };
  return { flash: value, setCookie: await cookie.serialize("", { maxAge: 0 }) };
}
