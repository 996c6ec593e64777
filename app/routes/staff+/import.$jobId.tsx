import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { confirmImport, importJobView, type ImportJobView } from "~/modules/spreadsheets/import.server";
import { importKindKey } from "~/modules/spreadsheets/templates";
import { getT } from "~/modules/i18n/i18n.server";
import { invariantResponse, redirectWithFlash } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("stats.import.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const job = await importJobView(params.jobId ?? "", user.id, await getT(request));
  invariantResponse(job, 404);
  return job;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const ok = await confirmImport(params.jobId ?? "", user.id);
  invariantResponse(ok, 409);
  return redirectWithFlash(request, `/staff/import/${params.jobId}`, "stats.import.status.IMPORTING");
}

/**
 * While the job runs, the page asks the status route for the job every second and shows what it
 * answers (the same shape as the loader's). Without JavaScript, a refresh inside <noscript>
 * reloads the page instead.
 */
function usePolledJob(initial: ImportJobView) {
  const [job, setJob] = useState(initial);
  useEffect(() => setJob(initial), [initial]);
  useEffect(() => {
    if (!job.running) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const res = await fetch(`/staff/import/${job.id}/status`, { headers: { Accept: "application/json" } });
        if (res.ok && !stopped) setJob((await res.json()) as ImportJobView);
      } catch {
        // A lost connection: try again on the next tick.
      }
      if (!stopped) timer = setTimeout(tick, 1000);
    };
    timer = setTimeout(tick, 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [job.id, job.running]);
  return job;
}

export default function ImportJobPage() {
  const job = usePolledJob(useLoaderData<typeof loader>());
  const t = useT();
  const done = job.status === "DONE" ? job.totalRows : Math.min(job.doneRows, job.totalRows);
  const checking = job.status === "VALIDATING" || job.status === "UPLOADED";
  const progressText = t(checking ? "stats.importer.checked" : "stats.import.progress", { done, total: job.totalRows });
  return (
    <div>
      {job.running ? (
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}
      <div className="page-head">
        <h1>
          {t("stats.import.title")} · {job.fileName}
        </h1>
        <Link to="/staff/import">{t("common.actions.back")}</Link>
      </div>
      <p data-testid="import-status" data-status={job.status} aria-live="polite">
        {t(importKindKey(job.kind))} · {t(`stats.import.status.${job.status}`)}
      </p>
      {job.encoding === "gb18030" ? <p data-testid="import-encoding">{t("stats.importer.encodingGb18030")}</p> : null}
      {job.totalRows ? (
        <div className="field">
          <div
            className="progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={job.totalRows}
            aria-valuenow={done}
            aria-valuetext={progressText}
            aria-label={t(checking ? "stats.importer.checking" : "stats.importer.writing")}
          >
            <span style={{ width: `${Math.round((done / job.totalRows) * 100)}%` }} />
          </div>
          <p>{progressText}</p>
        </div>
      ) : null}
      {job.status === "INVALID" || job.status === "FAILED" ? (
        <>
          <p role="alert">{t("stats.import.errorsTitle", { n: job.errors.length })}</p>
          <table className="data-table" data-testid="import-errors">
            <thead>
              <tr>
                <th scope="col">{t("stats.import.row")}</th>
                <th scope="col">{t("stats.import.column")}</th>
                <th scope="col">{t("stats.import.message")}</th>
              </tr>
            </thead>
            <tbody>
              {job.errors.map((e, i) => (
                <tr key={i}>
                  <td className="num">{e.row}</td>
                  <td>{e.column}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {job.status === "VALID" ? (
        <Form method="post">
          <p>{t("stats.import.validTitle", { n: job.totalRows })}</p>
          <button type="submit" className="button">
            {t("stats.import.confirm", { n: job.totalRows })}
          </button>
        </Form>
      ) : null}
      {job.status === "DONE" ? <p>{t("stats.import.doneTitle", { n: job.totalRows })}</p> : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
