import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { importJobView } from "~/modules/spreadsheets/import.server";
import { platformImportKind } from "~/modules/platforms/import.server";
import { getT } from "~/modules/i18n/i18n.server";
import { invariantResponse } from "~/utils/responses.server";

/** GET …/platform-import/:jobId/status — the job as its page shows it, as JSON, for the page's poller. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const job = await importJobView(params.jobId ?? "", access.user.id, await getT(request), platformImportKind(access.orgId, params.campaignId ?? ""));
  invariantResponse(job, 404);
  return Response.json(job, { headers: { "Cache-Control": "no-store" } });
}
