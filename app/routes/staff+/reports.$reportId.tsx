import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { decideReport, getReport } from "~/modules/safeguards/reports.server";
import { decideReportSchema } from "~/modules/safeguards/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatDateTime } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("safeguards.staff.reportTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const report = await getReport(params.reportId ?? "");
  invariantResponse(report, 404);
  return { report };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const id = params.reportId ?? "";
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(decideReportSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => decideReport(id, staff.id, parsed.data.decision, parsed.data.outcome));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/staff/reports/${id}`, "safeguards.flash.decided");
}

export default function StaffReport() {
  const { report: r } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <p>
        <Link to="/staff/reports">← {t("safeguards.staff.title")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("safeguards.staff.reportTitle")}</h1>
        <span className="status" data-testid="report-status">
          {t(`safeguards.statuses.${r.status}`)}
        </span>
      </div>
      <section className="card">
        <dl className="dl">
          <dt>{t("safeguards.staff.target")}</dt>
          <dd>
            {t(`safeguards.targets.${r.targetType}`)} · <Link to={r.targetHref}>{r.targetTitle}</Link>
          </dd>
          <dt>{t("safeguards.report.category")}</dt>
          <dd>{t(`safeguards.categories.${r.category}`)}</dd>
          <dt>{t("safeguards.staff.filedAt")}</dt>
          <dd>{formatDateTime(r.createdAt, locale)}</dd>
          <dt>{t("safeguards.staff.reporter")}</dt>
          <dd data-testid="reporter">{r.reporter ? `${r.reporter.displayName} <${r.reporter.email}>` : t("safeguards.staff.visitor")}</dd>
          <dt>{t("safeguards.report.contact")}</dt>
          <dd data-testid="contact">{r.contact ?? "—"}</dd>
          <dt>{t("safeguards.staff.sameAddress")}</dt>
          <dd>{r.reportsFromSameAddress}</dd>
        </dl>
        <h3>{t("safeguards.report.details")}</h3>
        <p data-testid="details">{r.details}</p>
        {r.outcome ? (
          <>
            <h3>{t("safeguards.staff.outcome")}</h3>
            <p data-testid="outcome">{r.outcome}</p>
            <p className="muted small">
              {r.handledBy ?? ""} {r.handledAt ? formatDateTime(r.handledAt, locale) : ""}
            </p>
          </>
        ) : null}
      </section>
      {r.status === "OPEN" ? (
        <Form method="post" className="card form-card" aria-label={t("safeguards.staff.decide")}>
          <h2>{t("safeguards.staff.decide")}</h2>
          <FormError reply={reply} />
          <SelectField name="decision" label={t("safeguards.staff.decision")} reply={reply} required options={(["UPHELD", "DISMISSED"] as const).map((d) => ({ value: d, label: t(`safeguards.statuses.${d}`) }))} />
          <TextField name="outcome" label={t("safeguards.staff.outcome")} hint={t("safeguards.staff.outcomeHint")} reply={reply} multiline rows={3} maxLength={1000} required />
          <SubmitButton className="button">{t("safeguards.staff.apply")}</SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
