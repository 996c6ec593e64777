import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, type Locale } from "./locales";
import { translator, type Messages } from "./translate";

type RootI18n = { locale?: Locale; messages?: Messages };

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootI18n | undefined;
  return data?.locale ?? DEFAULT_LOCALE;
}

// In the browser, the namespaces of the pages seen so far stay at hand (a page still on screen while
// the next one loads keeps its texts). The server translates each request from its own messages only.
let seen: { locale: Locale; messages: Messages } | null = null;
export function messagesInBrowser(locale: Locale, messages: Messages | undefined): Messages {
  if (typeof document === "undefined") return messages ?? {};
  if (!seen || seen.locale !== locale) seen = { locale, messages: {} };
  if (messages) seen.messages = { ...seen.messages, ...messages };
  return seen.messages;
}

export function useT() {
  const data = useRouteLoaderData("root") as RootI18n | undefined;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const messages = data?.messages;
  return useMemo(() => translator(messagesInBrowser(locale, messages)), [locale, messages]);
}
