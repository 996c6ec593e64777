/**
 * One namespace of the texts in one locale, as JSON: what the browser loads instead of carrying the
 * whole catalogue of both languages in its bundle (#17.4). Public (the texts are the site's own);
 * a URL carrying the current catalogue version (`?v=`) may be cached for good.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { LOCALES } from "~/modules/i18n/locale";
import { catalogVersion, namespaceTexts } from "~/modules/i18n/catalog.server";

const Params = z.object({ lng: z.enum(LOCALES), ns: z.string().regex(/^[a-zA-Z]{1,40}$/) });

export function loader({ params, request }: LoaderFunctionArgs) {
  const parsed = Params.safeParse(params);
  const texts = parsed.success ? namespaceTexts(parsed.data.lng, parsed.data.ns) : undefined;
  if (!texts) return new Response("Not found / 未找到", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const current = new URL(request.url).searchParams.get("v") === catalogVersion();
  return new Response(JSON.stringify(texts), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate",
    },
  });
}
