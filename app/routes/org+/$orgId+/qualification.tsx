import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import {
  getQualificationOverview,
  QUALIFICATION_DOCUMENT_MAX_BYTES,
  qualificationRequestSchema,
  submitQualificationRequest,
  withdrawQualificationRequest,
} from "~/modules/organizations/qualification.server";
import { checkUpload, DOCUMENT_TYPES, parseMultipart } from "~/modules/files/files.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatDate } from "~/utils/format";
import { Checkbox, FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("qualification.org.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:edit");
  const { org, pending, requests } = await getQualificationOverview(access.orgId);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    org,
    pending: pending ? { ...pending, createdAt: iso(pending.createdAt), reviewedAt: iso(pending.reviewedAt) } : null,
    requests: requests.map((r) => ({ ...r, createdAt: iso(r.createdAt), reviewedAt: iso(r.reviewedAt) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:edit");
  const back = `/org/${access.orgId}/qualification`;
  const { formData, files } = await parseMultipart(request, QUALIFICATION_DOCUMENT_MAX_BYTES);
  const values = formToObject(formData);
  if (values.intent === "withdraw") {
    const res = await runAction(values, () => withdrawQualificationRequest(access.orgId, String(values.requestId ?? ""), access.user.id));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, back, "qualification.flash.withdrawn");
  }
  const parsed = parseWithSchema(qualificationRequestSchema, values);
  const document = files.find((f) => f.fieldName === "document");
  const documentError = document ? checkUpload(document, DOCUMENT_TYPES) : "qualification.validation.documentRequired";
  if (!parsed.ok || documentError) {
    const reply = parsed.ok ? { values, fieldErrors: {} } : parsed.reply;
    if (documentError) reply.fieldErrors = { ...reply.fieldErrors, document: documentError };
    return data(reply, { status: 400 });
  }
  const res = await runAction(values, () => submitQualificationRequest(access.orgId, access.user.id, parsed.data, document!));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, back, "qualification.flash.requested");
}

function Flags({ isCharity, publicFundraising, certificate }: { isCharity: boolean; publicFundraising: boolean; certificate: string | null }) {
  const t = useT();
  return (
    <dl className="dl">
      <dt>{t("qualification.fields.isCharity")}</dt>
      <dd>{isCharity ? t("common.yes") : t("common.no")}</dd>
      <dt>{t("qualification.fields.publicFundraising")}</dt>
      <dd>{publicFundraising ? t("common.yes") : t("common.no")}</dd>
      <dt>{t("qualification.fields.certificate")}</dt>
      <dd>{certificate ?? "—"}</dd>
    </dl>
  );
}

export default function Qualification() {
  const { org, pending, requests } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const documentError = reply?.fieldErrors?.document;
  return (
    <div>
      <h2>{t("qualification.org.title")}</h2>
      <p className="muted">{t("qualification.org.intro")}</p>
      <FormError reply={reply} />
      <section className="card" data-testid="current-qualification">
        <h3>{t("qualification.org.current")}</h3>
        <Flags isCharity={org.isCharity} publicFundraising={org.publicFundraising} certificate={org.fundraisingCertificate} />
      </section>
      {pending ? (
        <section className="card" data-testid="pending-request">
          <h3>{t("qualification.org.pendingTitle")}</h3>
          <p className="muted">{t("qualification.org.pendingNote", { date: formatDate(pending.createdAt, locale) })}</p>
          <Flags isCharity={pending.isCharity} publicFundraising={pending.publicFundraising} certificate={pending.fundraisingCertificate} />
          {pending.documentId ? (
            <p>
              {t("qualification.fields.document")}: <a href={`/files/${pending.documentId}`}>{pending.document?.fileName}</a>
            </p>
          ) : null}
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="requestId" value={pending.id} />
            <button type="submit" className="button button-secondary">
              {t("qualification.org.withdraw")}
            </button>
          </Form>
        </section>
      ) : org.status === "APPROVED" ? (
        <Form method="post" encType="multipart/form-data" className="card form-card" noValidate>
          <h3>{t("qualification.org.submitTitle")}</h3>
          <p className="field-hint">{t("qualification.org.submitIntro")}</p>
          <Checkbox name="isCharity" label={t("qualification.fields.isCharity")} reply={reply} defaultValue={org.isCharity} />
          <Checkbox name="publicFundraising" label={t("qualification.fields.publicFundraising")} reply={reply} defaultValue={org.publicFundraising} />
          <TextField name="fundraisingCertificate" label={t("qualification.fields.certificate")} hint={t("qualification.fields.certificateHint")} reply={reply} defaultValue={org.fundraisingCertificate ?? ""} maxLength={60} />
          <TextField name="note" label={t("qualification.fields.note")} reply={reply} multiline rows={3} maxLength={1000} />
          <div className={`field${documentError ? " field-invalid" : ""}`}>
            <label htmlFor="qualification-document">
              {t("qualification.fields.document")}
              <span className="required" aria-hidden>
                {" "}
                *
              </span>
            </label>
            <input id="qualification-document" type="file" name="document" accept="application/pdf,image/png,image/jpeg,image/webp" required aria-describedby={documentError ? "qualification-document-error" : "qualification-document-hint"} />
            <p id="qualification-document-hint" className="field-hint">
              {t("qualification.fields.documentHint")}
            </p>
            {documentError ? (
              <p id="qualification-document-error" className="field-error" role="alert">
                {t(documentError)}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button">
            {t("qualification.org.submit")}
          </button>
        </Form>
      ) : (
        <p className="card muted">{t("qualification.org.notApproved")}</p>
      )}
      <section className="card">
        <h3>{t("qualification.org.history")}</h3>
        {requests.length ? (
          <table>
            <thead>
              <tr>
                <th>{t("common.date")}</th>
                <th>{t("qualification.org.requested")}</th>
                <th>{t("common.status")}</th>
                <th>{t("qualification.fields.reviewReason")}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id}>
                  <td>{formatDate(r.createdAt, locale)}</td>
                  <td>
                    {[r.isCharity ? t("qualification.fields.isCharity") : null, r.publicFundraising ? `${t("qualification.fields.publicFundraising")} ${r.fundraisingCertificate ?? ""}` : null].filter(Boolean).join(" · ") || t("qualification.org.none")}
                  </td>
                  <td>{t(`qualification.statuses.${r.status}`)}</td>
                  <td>{r.reviewReason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t("qualification.org.noRequests")}</p>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
