import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { nationalExportSummary, recentNationalExports } from "~/modules/volunteering/national-export.server";
import { NationalPeriodSchema, toNationalPeriod } from "~/modules/volunteering/national-export-schema";
import { ORG_STATUSES_WITHOUT_HOURS, minutesToHours } from "~/modules/volunteering/types";
import { beijingToday } from "~/modules/volunteering/time";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { parseWithSchema } from "~/utils/forms";
import { getEnv } from "~/utils/env.server";
import { formatDateTime } from "~/utils/format";

export const meta = pageTitle("national.title");

/**
 * The national volunteer-system export (issue 15.2): counts for a period, who is left out (masked),
 * the download (a POST to national-export.xlsx) and the last exports. No ID number on this page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:volunteering");
  const q = new URL(request.url).searchParams;
  const today = beijingToday();
  const values = { from: q.get("from") ?? `${today.slice(0, 4)}-01-01`, to: q.get("to") ?? today };
  const parsed = parseWithSchema(NationalPeriodSchema, values);
  const [summary, exports] = await Promise.all([parsed.ok ? nationalExportSummary(access.orgId, toNationalPeriod(parsed.data)) : null, recentNationalExports(access.orgId)]);
  const body = {
    orgId: access.orgId,
    values,
    fieldErrors: parsed.ok ? {} : (parsed.reply.fieldErrors ?? {}),
    summary,
    exports,
    // Bureau staff may look (they supervise) but the file with ID numbers is the organization's to make.
    canExport: !access.viaStaff,
    keyMissing: !getEnv().ID_ENCRYPTION_KEY,
    orgWithoutHours: (ORG_STATUSES_WITHOUT_HOURS as readonly string[]).includes(access.orgStatus),
  };
  return data(body, { status: parsed.ok ? 200 : 400 });
}

export default function NationalExport() {
  const { orgId, values, fieldErrors, summary, exports, canExport, keyMissing, orgWithoutHours } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" data-testid="national-export">
      <div className="page-head">
        <h2>{t("national.title")}</h2>
      </div>
      <p className="muted">{t("national.intro")}</p>
      <Form method="get" className="filters" noValidate>
        <label>
          {t("national.period.from")} <input type="date" name="from" defaultValue={values.from} required aria-invalid={fieldErrors.from ? true : undefined} />
        </label>
        <label>
          {t("national.period.to")} <input type="date" name="to" defaultValue={values.to} required aria-invalid={fieldErrors.to ? true : undefined} />
        </label>
        <button type="submit">{t("national.period.show")}</button>
      </Form>
      {Object.values(fieldErrors).map((key) => (
        <p key={key} className="field-error" role="alert">
          {t(key)}
        </p>
      ))}
      {orgWithoutHours ? <p className="price-warning">{t("national.orgWithoutHours")}</p> : null}
      {keyMissing ? <p className="price-warning">{t("national.errors.keyMissing")}</p> : null}
      {summary ? (
        <>
          <dl className="stats-cards" data-testid="national-counts">
            <div className="stat-card">
              <dt>{t("national.counts.volunteers")}</dt>
              <dd>{summary.included.volunteers}</dd>
            </div>
            <div className="stat-card">
              <dt>{t("national.counts.projects")}</dt>
              <dd>{summary.included.projects}</dd>
            </div>
            <div className="stat-card">
              <dt>{t("national.counts.records")}</dt>
              <dd>{summary.included.records}</dd>
            </div>
            <div className="stat-card">
              <dt>{t("national.counts.hours")}</dt>
              <dd>{minutesToHours(summary.included.minutes)}</dd>
            </div>
          </dl>
          {summary.excluded.volunteers > 0 ? (
            <div className="price-warning" data-testid="national-excluded" style={{ marginTop: "1rem" }}>
              <p>{t("national.excluded.line", { people: summary.excluded.volunteers, records: summary.excluded.records, hours: minutesToHours(summary.excluded.minutes) })}</p>
              <p className="muted">{t("national.excluded.why")}</p>
              <p>
                {summary.excluded.names.join("、")}
                {summary.excluded.volunteers > summary.excluded.names.length ? t("national.excluded.more", { count: summary.excluded.volunteers - summary.excluded.names.length }) : null}
              </p>
            </div>
          ) : null}
          {canExport ? (
            // A plain form: the answer is a file the browser downloads.
            <form method="post" action={`/org/${orgId}/national-export.xlsx`} style={{ marginTop: "1rem" }}>
              <input type="hidden" name="from" value={values.from} />
              <input type="hidden" name="to" value={values.to} />
              <button type="submit" disabled={keyMissing || summary.included.records === 0}>
                {t("national.download")}
              </button>
              <p className="field-hint">{t("national.downloadHint")}</p>
            </form>
          ) : (
            <p className="muted">{t("national.staffReadOnly")}</p>
          )}
        </>
      ) : null}
      <h3 style={{ marginTop: "1.5rem" }}>{t("national.history.title")}</h3>
      {exports.length === 0 ? (
        <p className="muted">{t("national.history.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="national-history">
            <thead>
              <tr>
                <th>{t("national.history.at")}</th>
                <th>{t("national.history.by")}</th>
                <th>{t("national.history.period")}</th>
                <th>{t("national.history.rows")}</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((e, i) => (
                <tr key={i}>
                  <td>{formatDateTime(e.at, locale)}</td>
                  <td>{e.actor}</td>
                  <td>
                    {e.from} – {e.to}
                  </td>
                  <td>{t("national.history.counts", { volunteers: e.volunteers, projects: e.projects, records: e.records, hours: minutesToHours(e.minutes), excluded: e.excludedVolunteers })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
