import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, LOCALES, makeT, type Locale } from "./i18n";

export const localeCookie = createCookie("sl_locale", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

export const isLocale = (v: unknown): v is Locale => typeof v === "string" && (LOCALES as readonly string[]).includes(v);

/** Chinese first: the cookie set by the language switch decides, otherwise zh-CN. */
export async function getLocale(request: Request): Promise<Locale> {
  const fromCookie = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(fromCookie) ? fromCookie : DEFAULT_LOCALE;
}

export async function getT(request: Request) {
  return makeT(await getLocale(request));
}
