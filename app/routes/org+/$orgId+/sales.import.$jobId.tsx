import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { confirmImport, getImportJob, importJobView } from "~/modules/spreadsheets/import.server";
import { orgImportKind } from "~/modules/spreadsheets/templates";
import { getT } from "~/modules/i18n/i18n.server";
import { invariantResponse, redirectWithFlash } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImportJobPanel, usePolledJob } from "~/components/import-job";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("sales.import.title");

/** A job is its uploader's, and belongs to the organization in the address (its kind says which). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  const job = await importJobView(params.jobId ?? "", access.user.id, await getT(request), orgImportKind("sales", access.orgId));
  invariantResponse(job, 404);
  return { orgId: access.orgId, job };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop", { requireApproved: true });
  const kind = orgImportKind("sales", access.orgId);
  const jobId = params.jobId ?? "";
  const confirmed = await confirmImport(jobId, access.user.id, kind);
  if (!confirmed) {
    // Confirming again (a double submit, a second tab) changes nothing: back to the job as it is.
    const job = await getImportJob(jobId, access.user.id, kind);
    invariantResponse(job && (job.status === "IMPORTING" || job.status === "DONE"), job ? 409 : 404);
  }
  return redirectWithFlash(request, `/org/${access.orgId}/sales/import/${jobId}`, "stats.import.status.IMPORTING");
}

export default function SalesImportJobPage() {
  const { orgId, job: initial } = useLoaderData<typeof loader>();
  const job = usePolledJob(initial, `/org/${orgId}/sales/import/${initial.id}/status`);
  const t = useT();
  return (
    <div>
      <div className="page-head">
        <h2>
          {t("sales.import.title")} · {job.fileName}
        </h2>
        <Link to={`/org/${orgId}/sales/import`}>{t("common.actions.back")}</Link>
      </div>
      <ImportJobPanel job={job} kindLabel={t("sales.import.kind")} />
      {job.status === "DONE" ? (
        <p>
          <Link to={`/org/${orgId}/sales`}>{t("sales.title")}</Link>
        </p>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
