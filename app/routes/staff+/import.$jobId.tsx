import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { confirmImport, getImportJob, type ImportError } from "~/modules/spreadsheets/import.server";
import { invariantResponse, redirectWithFlash } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";

const RUNNING = new Set(["UPLOADED", "VALIDATING", "IMPORTING"]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const job = await getImportJob(params.jobId ?? "", user.id);
  invariantResponse(job, 404);
  return { ...job, errors: job.errors as ImportError[], running: RUNNING.has(job.status) };
}

/** Without JavaScript the page refreshes itself while the job runs. */
export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data?.running ? [{ httpEquiv: "refresh", content: "2" }] : [];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const ok = await confirmImport(params.jobId ?? "", user.id);
  invariantResponse(ok, 409);
  return redirectWithFlash(request, `/staff/import/${params.jobId}`, "stats.import.status.IMPORTING");
}

export default function ImportJobPage() {
  const job = useLoaderData<typeof loader>();
  const t = useT();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!job.running) return;
    const id = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(id);
  }, [job.running, revalidator]);
  return (
    <div>
      <div className="page-head">
        <h1>
          {t("stats.import.title")} · {job.fileName}
        </h1>
        <Link to="/staff/import">{t("common.actions.back")}</Link>
      </div>
      <p data-testid="import-status" data-status={job.status}>
        {t(`stats.import.kinds.${job.kind}`)} · {t(`stats.import.status.${job.status}`)}
      </p>
      {job.totalRows ? (
        <p>
          <progress max={job.totalRows} value={job.status === "DONE" ? job.totalRows : job.doneRows} aria-label={t("stats.import.progress", { done: job.doneRows, total: job.totalRows })} />{" "}
          {t("stats.import.progress", { done: job.status === "DONE" ? job.totalRows : job.doneRows, total: job.totalRows })}
        </p>
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
