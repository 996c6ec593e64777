import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "~/modules/i18n/use-t";

/** A spreadsheet import job as its page and its status route show it (spreadsheets/import.server.ts importJobView). */
export type ImportJobShown = {
  id: string;
  kind: string;
  fileName: string;
  status: string;
  totalRows: number;
  doneRows: number;
  errors: { row: number; column: string; message: string }[];
  encoding: string | null;
  alreadyImported?: number;
  written?: number | null;
  skipped?: number;
  running: boolean;
};

/**
 * While the job runs, the page asks its status route for the job every second and shows what it
 * answers (the same shape as the loader's). Without JavaScript, a refresh inside <noscript>
 * reloads the page instead.
 */
export function usePolledJob<J extends ImportJobShown>(initial: J, statusUrl: string) {
  const [job, setJob] = useState(initial);
  useEffect(() => setJob(initial), [initial]);
  useEffect(() => {
    if (!job.running) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const res = await fetch(statusUrl, { headers: { Accept: "application/json" } });
        if (res.ok && !stopped) setJob((await res.json()) as J);
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
  }, [job.id, job.running, statusUrl]);
  return job;
}

/** Status, progress bar, the dry run's errors by row and column, and the confirm button of a VALID job. */
export function ImportJobPanel({ job, kindLabel }: { job: ImportJobShown; kindLabel: string }) {
  const t = useT();
  const done = job.status === "DONE" ? job.totalRows : Math.min(job.doneRows, job.totalRows);
  const checking = job.status === "VALIDATING" || job.status === "UPLOADED";
  const progressText = t(checking ? "stats.importer.checked" : "stats.import.progress", { done, total: job.totalRows });
  return (
    <>
      {job.running ? (
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}
      <p data-testid="import-status" data-status={job.status} aria-live="polite">
        {kindLabel} · {t(`stats.import.status.${job.status}`)}
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
          <div className="table-wrap">
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
          </div>
        </>
      ) : null}
      {job.status === "VALID" ? (
        <Form method="post">
          <p>{t("stats.import.validTitle", { n: job.totalRows })}</p>
          {job.alreadyImported ? <p data-testid="import-already">{t("sales.import.alreadyImported", { n: job.alreadyImported })}</p> : null}
          <button type="submit" className="button">
            {t("stats.import.confirm", { n: job.totalRows })}
          </button>
        </Form>
      ) : null}
      {job.status === "DONE" ? <p>{t("stats.import.doneTitle", { n: job.totalRows })}</p> : null}
      {job.status === "DONE" && job.written != null ? <p data-testid="import-written">{t("sales.import.doneSkipped", { written: job.written, skipped: job.skipped ?? 0 })}</p> : null}
    </>
  );
}
