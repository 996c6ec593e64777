/**
 * The `?page=` parameter, parsed with Zod on the server (kept out of pagination.ts, which route
 * components import, so that Zod stays out of the browser bundle: #17.4).
 */
import { PageSchema } from "./page-schema";

/** The requested page from a request, URL or search params (`?page=abc`, `-1`, `1.5` → 1). */
export function pageFrom(input: Request | URL | URLSearchParams, key = "page"): number {
  const sp = input instanceof URLSearchParams ? input : input instanceof URL ? input.searchParams : new URL(input.url).searchParams;
  return PageSchema.parse(sp.get(key) ?? 1);
}
