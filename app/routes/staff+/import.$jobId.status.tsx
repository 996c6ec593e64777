import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/auth.server";
import { importJobView } from "~/modules/spreadsheets/import.server";
import { getT } from "~/modules/i18n/i18n.server";
import { invariantResponse } from "~/utils/responses.server";

/** GET /staff/import/:jobId/status — the job as its page shows it, as JSON, for the page's poller. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const job = await importJobView(params.jobId ?? "", user.id, await getT(request));
  invariantResponse(job, 404);
  return Response.json(job, { headers: { "Cache-Control": "no-store" } });
}
