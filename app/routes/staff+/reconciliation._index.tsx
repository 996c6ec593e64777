import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { listIssues, recentRuns, resolveIssue } from "~/modules/reconciliation/issues.server";
import { ISSUE_FILTERS, issueFilterFrom, resolveIssueSchema } from "~/modules/reconciliation/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatFen } from "~/utils/format";
import { pageFrom } from "~/utils/pagination.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { StatusTabs } from "~/components/status-tabs";
import { IssueCard } from "~/components/reconciliation";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("reconcile.title");

/** /staff/reconciliation — the daily runs and the issues they found (bureau staff). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const url = new URL(request.url);
  const status = issueFilterFrom(url.searchParams);
  const [runs, issues] = await Promise.all([recentRuns(), listIssues(status, pageFrom(request))]);
  return { runs, ...issues, status };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(resolveIssueSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => resolveIssue({ issueId: parsed.data.issueId, note: parsed.data.note, actorId: staff.id }));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, "/staff/reconciliation", "reconcile.flash.resolved");
}

export default function StaffReconciliation() {
  const { runs, issues, pagination, counts, status } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("reconcile.title")}</h1>
        <div className="button-row">
          <a href={`/staff/reconciliation/export?status=${status}`} className="button button-secondary" download>
            {t("reconcile.export")}
          </a>
        </div>
      </div>
      <p className="muted">{t("reconcile.intro")}</p>

      <section>
        <h2>{t("reconcile.runs.title")}</h2>
        {runs.length ? (
          <div className="table-wrap">
            <table className="nowrap-table" data-testid="recon-runs">
              <thead>
                <tr>
                  <th>{t("reconcile.runs.date")}</th>
                  <th>{t("reconcile.runs.account")}</th>
                  <th>{t("reconcile.runs.status")}</th>
                  <th className="num">{t("reconcile.runs.lines")}</th>
                  <th className="num">{t("reconcile.runs.matched")}</th>
                  <th className="num">{t("reconcile.runs.recovered")}</th>
                  <th className="num">{t("reconcile.runs.fees")}</th>
                  <th className="num">{t("reconcile.runs.issues")}</th>
                  <th>{t("reconcile.runs.error")}</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id} data-account={r.accountKey} data-status={r.status}>
                    <td>{r.statementDate}</td>
                    <td>
                      {t(`reconcile.providers.${r.provider}`)}
                      {r.accountLabel ? ` · ${r.accountLabel}` : ""}
                    </td>
                    <td>{t(`reconcile.runs.statuses.${r.status}`)}</td>
                    <td className="num">{r.lineCount}</td>
                    <td className="num">{r.matchedCount}</td>
                    <td className="num">{r.recoveredCount}</td>
                    <td className="num">{formatFen(r.feeFen, locale)}</td>
                    <td className="num">{r.issueCount}</td>
                    <td>{r.error ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("reconcile.runs.none")}</p>
        )}
      </section>

      <section>
        <h2>{t("reconcile.issues.title")}</h2>
        <StatusTabs statuses={ISSUE_FILTERS} current={status} counts={counts} label={t("reconcile.issues.title")} labelOf={(s) => t(`reconcile.issues.filters.${s}`)} />
        {issues.length === 0 ? <p className="muted">{t("reconcile.issues.empty")}</p> : null}
        {issues.map((i) => (
          <IssueCard key={i.id} issue={i} canResolve orgLinks reply={reply?.values?.issueId === i.id ? reply : undefined} />
        ))}
        <Pagination {...pagination} />
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
