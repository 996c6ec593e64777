import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { clientIp } from "~/modules/accounts/rate-limit.server";
import { fileReport, publicReportTarget } from "~/modules/safeguards/reports.server";
import { REPORT_CATEGORIES, reportSchema, reportTargetSchema } from "~/modules/safeguards/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("safeguards.report.title");

/** The report form for a campaign, fund, product or organization: anyone, signed in or not. */
export async function loader({ request }: LoaderFunctionArgs) {
  const sp = new URL(request.url).searchParams;
  const parsed = reportTargetSchema.safeParse({ type: sp.get("type") ?? "", id: sp.get("id") ?? "" });
  invariantResponse(parsed.success, 400);
  const target = await publicReportTarget(parsed.data.type, parsed.data.id);
  invariantResponse(target, 404);
  const user = await getOptionalUser(request);
  return { type: parsed.data.type, id: target.targetId, title: target.title, href: target.href, signedIn: Boolean(user) };
}

export async function action({ request }: ActionFunctionArgs) {
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(reportSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const user = await getOptionalUser(request);
  const res = await runAction(values, () => fileReport(parsed.data, user?.id ?? null, clientIp(request)));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, res.value.target.href, "safeguards.flash.reported");
}

export default function ReportPage() {
  const { type, id, title, href, signedIn } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <h1>{t("safeguards.report.title")}</h1>
      <p>
        {t("safeguards.report.about")} <Link to={href}>{title}</Link>
      </p>
      <p className="muted small">{t("safeguards.report.intro")}</p>
      <Form method="post" className="card form-card" aria-label={t("safeguards.report.title")} data-testid="report-form">
        <FormError reply={reply} />
        <input type="hidden" name="type" value={type} />
        <input type="hidden" name="id" value={id} />
        <SelectField name="category" label={t("safeguards.report.category")} reply={reply} required emptyLabel="" options={REPORT_CATEGORIES.map((c) => ({ value: c, label: t(`safeguards.categories.${c}`) }))} />
        <TextField name="details" label={t("safeguards.report.details")} hint={t("safeguards.report.detailsHint")} reply={reply} multiline rows={5} minLength={10} maxLength={1000} required />
        <TextField name="contact" label={t("safeguards.report.contact")} hint={signedIn ? t("safeguards.report.contactHintSignedIn") : t("safeguards.report.contactHint")} reply={reply} maxLength={100} />
        <SubmitButton className="button">{t("safeguards.report.submit")}</SubmitButton>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
