import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchFromParams } from "../__search.server";

/**
 * Instant results as JSON (the search box's suggestions). Same parameters and the same
 * validation as /search; no facets, small pages. Public listings only, so no session needed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  if (!params.has("size")) params.set("size", "6");
  const result = await searchFromParams(params, { facets: false });
  return Response.json(
    {
      q: params.get("q") ?? "",
      total: result.total,
      estimated: result.estimated,
      strategy: result.strategy,
      notices: result.notices,
      hits: result.hits.map((h) => ({ kind: h.kind, id: h.id, url: h.url, titleHtml: h.titleHtml, snippetHtml: h.snippetHtml, districtCode: h.districtCode, status: h.status })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
