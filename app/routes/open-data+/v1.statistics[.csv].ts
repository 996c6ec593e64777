import { openStatistics } from "~/modules/open-data/statistics.server";
import { CSV_TYPE, openCsv, openDataHeaders } from "~/modules/open-data/publish";
import { STAT_COLUMNS } from "~/modules/open-data/dictionary";

/** Public, no sign-in: aggregates only, small counts withheld (see /open-data). */
export async function loader() {
  const rows = await openStatistics();
  return new Response(openCsv(STAT_COLUMNS, rows), { headers: openDataHeaders(CSV_TYPE, "shanlian-statistics-v1.csv") });
}
