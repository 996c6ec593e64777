import { openRegistry } from "~/modules/open-data/registry.server";
import { JSON_TYPE, openDataHeaders, openJson } from "~/modules/open-data/publish";
import { ORG_COLUMNS } from "~/modules/open-data/dictionary";

/** Public, no sign-in: the same rows as organizations.csv, with metadata and dictionary. */
export async function loader() {
  const rows = await openRegistry();
  return new Response(JSON.stringify(openJson("organizations", ORG_COLUMNS, rows, new Date())), { headers: openDataHeaders(JSON_TYPE, "shanlian-organizations-v1.json") });
}
