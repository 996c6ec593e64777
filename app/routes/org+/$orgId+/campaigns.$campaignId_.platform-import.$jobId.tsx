import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { confirmImport, getImportJob, importJobView } from "~/modules/spreadsheets/import.server";
import { platformImportKind, platformJobDetails } from "~/modules/platforms/import.server";
import { getT } from "~/modules/i18n/i18n.server";
import { invariantResponse, redirectWithFlash } from "~/utils/responses.server";
import { formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImportJobPanel, usePolledJob } from "~/components/import-job";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("platforms.import.title");

/** A job is its uploader's, and belongs to the organization and campaign in the address (its kind says which). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const campaignId = params.campaignId ?? "";
  const job = await importJobView(params.jobId ?? "", access.user.id, await getT(request), platformImportKind(access.orgId, campaignId));
  invariantResponse(job, 404);
  return { orgId: access.orgId, campaignId, job, details: job.running ? null : await platformJobDetails(job.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance", { requireApproved: true });
  const campaignId = params.campaignId ?? "";
  const kind = platformImportKind(access.orgId, campaignId);
  const jobId = params.jobId ?? "";
  const confirmed = await confirmImport(jobId, access.user.id, kind);
  if (!confirmed) {
    // Confirming again (a double submit, a second tab) changes nothing: back to the job as it is.
    const job = await getImportJob(jobId, access.user.id, kind);
    invariantResponse(job && (job.status === "IMPORTING" || job.status === "DONE"), job ? 409 : 404);
  }
  return redirectWithFlash(request, `/org/${access.orgId}/campaigns/${campaignId}/platform-import/${jobId}`, "stats.import.status.IMPORTING");
}

export default function PlatformImportJobPage() {
  const { orgId, campaignId, job: initial, details: initialDetails } = useLoaderData<typeof loader>();
  const base = `/org/${orgId}/campaigns/${campaignId}/platform-import`;
  const job = usePolledJob(initial, `${base}/${initial.id}/status`);
  const t = useT();
  // The breakdown is read once the job has stopped; a job that finished while polled reloads it.
  const [details, setDetails] = useState(initialDetails);
  useEffect(() => setDetails(initialDetails), [initialDetails]);
  useEffect(() => {
    if (job.running || details) return;
    window.location.reload();
  }, [job.running, details]);
  return (
    <div>
      <div className="page-head">
        <h2>
          {t("platforms.import.title")} · {job.fileName}
        </h2>
        <Link to={base}>{t("common.actions.back")}</Link>
      </div>
      <ImportJobPanel job={job} kindLabel={t("platforms.import.kind")} />
      {details && job.status === "VALID" && details.newFen !== null ? (
        <p data-testid="platform-new">{t("platforms.import.newRows", { n: details.newRows ?? 0, amount: formatFen(details.newFen) })}</p>
      ) : null}
      {details && job.status === "DONE" && details.totalFen !== null ? <p data-testid="platform-done">{t("platforms.import.doneTotal", { amount: formatFen(details.totalFen) })}</p> : null}
      {details && details.skippedRows.length && (job.status === "VALID" || job.status === "DONE") ? (
        <>
          <h3>{t("platforms.import.skippedTitle", { n: details.skippedRows.length })}</h3>
          <div className="table-wrap">
            <table data-testid="platform-skipped">
              <thead>
                <tr>
                  <th scope="col">{t("stats.import.row")}</th>
                  <th scope="col">{t("platforms.import.orderId")}</th>
                  <th scope="col">{t("platforms.import.amount")}</th>
                  <th scope="col">{t("platforms.import.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {details.skippedRows.map((r) => (
                  <tr key={r.row}>
                    <td className="num">{r.row}</td>
                    <td>{r.orderId}</td>
                    <td className="num">{r.amountFen !== null ? formatFen(r.amountFen) : "—"}</td>
                    <td>{t(`platforms.import.skipped.${r.reason}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {job.status === "DONE" ? (
        <p>
          <Link to={`/campaigns/${campaignId}/accounts`}>{t("platforms.import.seeAccounts")}</Link>
        </p>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
