import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireBureauAdmin } from "~/modules/accounts/auth.server";
import { jobsDashboard, retryJob } from "~/modules/jobs/dashboard.server";
import { retryJobSchema } from "~/modules/jobs/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatDateTime } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("jobs.title");

/** /staff/jobs — queues, failures, schedules and retry of the background jobs (bureau admins). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireBureauAdmin(request);
  return jobsDashboard();
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireBureauAdmin(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(retryJobSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => retryJob({ queue: parsed.data.queue, jobId: parsed.data.jobId, actorId: admin.id }));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, "/staff/jobs", "jobs.flash.retried", { queue: res.value.queue });
}

export default function StaffJobs() {
  const { installed, workersHere, queues, failures, schedules } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const state = (s: string | null) => (s ? t(`jobs.states.${s}`) : t("jobs.schedules.never"));
  return (
    <div>
      <h1>{t("jobs.title")}</h1>
      <p className="muted">{t("jobs.intro")}</p>
      {installed ? (
        <p>
          <a href="/staff/jobs/export" className="button button-secondary" download>
            {t("jobs.export.link")}
          </a>
        </p>
      ) : null}
      {!installed ? <p className="muted">{t("jobs.notInstalled")}</p> : <p className="muted">{t(workersHere ? "jobs.workersHere" : "jobs.workersElsewhere")}</p>}
      {reply?.formError ? (
        <p className="form-error" role="alert">
          {t(reply.formError)}
        </p>
      ) : null}
      {reply?.fieldErrors ? (
        <p className="form-error" role="alert">
          {Object.values(reply.fieldErrors).map((k) => t(k)).join(" ")}
        </p>
      ) : null}

      <section>
        <h2>{t("jobs.queues.title")}</h2>
        {queues.length ? (
          <div className="table-wrap">
            <table className="nowrap-table" data-testid="job-queues">
              <thead>
                <tr>
                  <th>{t("jobs.queues.name")}</th>
                  <th className="num">{t("jobs.queues.queued")}</th>
                  <th className="num">{t("jobs.queues.active")}</th>
                  <th className="num">{t("jobs.queues.failed")}</th>
                </tr>
              </thead>
              <tbody>
                {queues.map((q) => (
                  <tr key={q.name} data-queue={q.name}>
                    <td>{q.name}</td>
                    <td className="num">{q.queued}</td>
                    <td className="num">{q.active}</td>
                    <td className="num">{q.failed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("jobs.queues.none")}</p>
        )}
      </section>

      <section>
        <h2>{t("jobs.failures.title")}</h2>
        {failures.length ? (
          <div className="table-wrap">
            <table data-testid="job-failures">
              <thead>
                <tr>
                  <th>{t("jobs.failures.queue")}</th>
                  <th>{t("jobs.failures.message")}</th>
                  <th className="num">{t("jobs.failures.retries")}</th>
                  <th>{t("jobs.failures.at")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {failures.map((f) => (
                  <tr key={f.id} data-job={f.id}>
                    <td>{f.deadLetter ? t("jobs.failures.deadLetter", { queue: f.origin ?? "?" }) : f.queue}</td>
                    <td>{f.message}</td>
                    <td className="num">{f.retries}</td>
                    <td>{formatDateTime(f.at, locale)}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="queue" value={f.queue} />
                        <input type="hidden" name="jobId" value={f.id} />
                        <button type="submit" className="button button-secondary">
                          {t("jobs.failures.retry")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("jobs.failures.none")}</p>
        )}
      </section>

      <section>
        <h2>{t("jobs.schedules.title")}</h2>
        {schedules.length ? (
          <div className="table-wrap">
            <table className="nowrap-table" data-testid="job-schedules">
              <thead>
                <tr>
                  <th>{t("jobs.schedules.name")}</th>
                  <th>{t("jobs.schedules.cron")}</th>
                  <th>{t("jobs.schedules.lastRun")}</th>
                  <th>{t("jobs.schedules.state")}</th>
                </tr>
              </thead>
              <tbody>
                {schedules.map((s) => (
                  <tr key={s.name} data-schedule={s.name}>
                    <td>{s.name}</td>
                    <td>
                      <code>{s.cron}</code>
                    </td>
                    <td>{s.lastRunAt ? formatDateTime(s.lastRunAt, locale) : t("jobs.schedules.never")}</td>
                    <td>{state(s.lastState)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("jobs.schedules.none")}</p>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
