import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { getQualificationRequest, qualificationReviewSchema, reviewQualificationRequest } from "~/modules/organizations/qualification.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { formatDateTime } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("qualification.staff.detailTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const r = await getQualificationRequest(params.requestId ?? "");
  invariantResponse(r, 404);
  return { request: { ...r, createdAt: r.createdAt.toISOString(), reviewedAt: r.reviewedAt?.toISOString() ?? null } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const id = params.requestId ?? "";
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(qualificationReviewSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => reviewQualificationRequest(id, staff.id, parsed.data.decision, parsed.data.reason));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/staff/qualifications/${id}`, "qualification.flash.reviewed");
}

export default function QualificationReview() {
  const { request: r } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const yesNo = (b: boolean) => (b ? t("common.yes") : t("common.no"));
  return (
    <div>
      <p>
        <Link to="/staff/qualifications">← {t("qualification.staff.title")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("qualification.staff.detailTitle", { name: r.org.name })}</h1>
        <span className={`status status-${r.status}`} data-testid="request-status">
          {t(`qualification.statuses.${r.status}`)}
        </span>
      </div>
      <section className="card">
        <p>
          <Link to={`/staff/reviews/${r.org.id}`}>{r.org.name}</Link> · {r.org.creditCode}
        </p>
        <p className="muted">
          {t("qualification.staff.requestedBy", { name: r.requestedBy })} · {formatDateTime(r.createdAt, locale)}
        </p>
        <table>
          <thead>
            <tr>
              <th />
              <th>{t("qualification.staff.current")}</th>
              <th>{t("qualification.staff.requested")}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th>{t("qualification.fields.isCharity")}</th>
              <td>{yesNo(r.org.isCharity)}</td>
              <td>{yesNo(r.isCharity)}</td>
            </tr>
            <tr>
              <th>{t("qualification.fields.publicFundraising")}</th>
              <td>{yesNo(r.org.publicFundraising)}</td>
              <td>{yesNo(r.publicFundraising)}</td>
            </tr>
            <tr>
              <th>{t("qualification.fields.certificate")}</th>
              <td>{r.org.fundraisingCertificate ?? "—"}</td>
              <td>{r.fundraisingCertificate ?? "—"}</td>
            </tr>
          </tbody>
        </table>
        {r.note ? (
          <p>
            {t("qualification.fields.note")}: {r.note}
          </p>
        ) : null}
        <p data-testid="qualification-document">
          {t("qualification.fields.document")}: {r.documentId ? <a href={`/files/${r.documentId}`}>{r.document?.fileName}</a> : "—"}
        </p>
        {r.reviewReason ? (
          <p>
            {t("qualification.fields.reviewReason")}: {r.reviewReason}
          </p>
        ) : null}
      </section>
      {r.status === "PENDING" ? (
        <Form method="post" className="card form-card" aria-label={t("qualification.staff.decision")}>
          <h2>{t("qualification.staff.decision")}</h2>
          <FormError reply={reply} />
          <SelectField name="decision" label={t("qualification.staff.decision")} reply={reply} required options={(["APPROVE", "REJECT"] as const).map((d) => ({ value: d, label: t(`qualification.staff.decisions.${d}`) }))} />
          <TextField name="reason" label={t("qualification.staff.reason")} reply={reply} multiline rows={3} maxLength={1000} />
          <button type="submit" className="button">
            {t("qualification.staff.apply")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
