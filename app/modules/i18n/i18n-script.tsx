import { i18nBootJson } from "./i18n";
import type { Locale } from "./locale";

/**
 * The texts the page read while rendering on the server, for the browser to hydrate with (#17.4):
 * rendered last in <body>, so that every text read is in. The browser renders what the server sent.
 */
export function I18nScript({ locale }: { locale: Locale }) {
  return <script id="__i18n" type="application/json" suppressHydrationWarning dangerouslySetInnerHTML={{ __html: i18nBootJson(locale) }} />;
}
