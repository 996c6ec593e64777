import { openRegistry } from "~/modules/open-data/registry.server";
import { CSV_TYPE, openCsv, openDataHeaders } from "~/modules/open-data/publish";
import { ORG_COLUMNS } from "~/modules/open-data/dictionary";

/** Public, no sign-in: approved organizations only, no personal data. */
export async function loader() {
  const rows = await openRegistry();
  return new Response(openCsv(ORG_COLUMNS, rows), { headers: openDataHeaders(CSV_TYPE, "shanlian-organizations-v1.csv") });
}
