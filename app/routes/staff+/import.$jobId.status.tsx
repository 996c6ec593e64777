import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/auth.server";
import { getImportJob } from "~/modules/spreadsheets/import.server";
import { invariantResponse } from "~/utils/responses.server";

/** GET /staff/import/:jobId/status — the job's progress as JSON, for pollers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const job = await getImportJob(params.jobId ?? "", user.id);
  invariantResponse(job, 404);
  return Response.json({ ...job, running: ["UPLOADED", "VALIDATING", "IMPORTING"].includes(job.status) });
}
