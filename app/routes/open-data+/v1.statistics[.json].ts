import { openStatistics } from "~/modules/open-data/statistics.server";
import { JSON_TYPE, openDataHeaders, openJson } from "~/modules/open-data/publish";
import { STAT_COLUMNS } from "~/modules/open-data/dictionary";

/** Public, no sign-in: the same rows as statistics.csv, with metadata and dictionary. */
export async function loader() {
  const rows = await openStatistics();
  return new Response(JSON.stringify(openJson("statistics", STAT_COLUMNS, rows, new Date())), { headers: openDataHeaders(JSON_TYPE, "shanlian-statistics-v1.json") });
}
