import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission, roleHas } from "~/modules/organizations/permissions.server";
import { getReceiptRequest, receiptRequestAction } from "~/modules/donations/official-receipt-issue.server";
import { linkBase } from "~/modules/accounts/email-tokens.server";
import { invariantResponse } from "~/utils/responses.server";
import { formatDate, formatDateTime, formatFen, isoDate } from "~/utils/format";
import type { FormReply } from "~/utils/forms";
import { FormError, TextField } from "~/components/form";
import { PayerFields } from "~/components/official-receipt";
import { SubmitButton } from "~/components/submit-button";
import { FundingSubnav } from "~/components/funding-subnav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("receipts.org.detailTitle", (d) => d?.request?.payerName);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const r = await getReceiptRequest(access.orgId, params.requestId ?? "");
  invariantResponse(r, 404);
  return {
    orgId: access.orgId,
    canAct: !access.viaStaff,
    // The file is served by /files/:id, to org:documents (owner, finance) and staff only.
    canReadFile: access.viaStaff || roleHas(access.role, "org:documents"),
    today: isoDate(new Date()),
    request: r,
  };
}

/** Record the issued receipt (code, number, date, file or link), void it with a reason, or reissue. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  return receiptRequestAction(request, { orgId: access.orgId, requestId: params.requestId ?? "", actor: { id: access.user.id, email: access.user.email }, linkBase: linkBase(request) });
}

export default function ReceiptRequestPage() {
  const { orgId, canAct, canReadFile, today, request: r } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const intent = reply?.values?.intent;
  const replyFor = (name: string) => (intent === name ? reply : undefined);
  return (
    <div>
      <FundingSubnav orgId={orgId} />
      <p>
        <Link to={`/org/${orgId}/receipts?status=${r.status}`}>← {t("receipts.org.title")}</Link>
      </p>
      <div className="page-head">
        <h2>{t("receipts.org.detailTitle")}</h2>
        <span className={`status status-${r.status}`} data-testid="receipt-status">
          {t(`receipts.statuses.${r.status}`)}
        </span>
      </div>
      {intent === undefined || !["issue", "void", "reissue"].includes(String(intent)) ? <FormError reply={reply} /> : null}
      <section className="card">
        <h3>{t("receipts.org.payer")}</h3>
        <dl className="dl">
          <dt>{t("receipts.fields.payerKind")}</dt>
          <dd>{t(`receipts.payerKinds.${r.payerKind}`)}</dd>
          <dt>{t("receipts.fields.payerName")}</dt>
          <dd>{r.payerName}</dd>
          <dt>{t("receipts.fields.taxId")}</dt>
          <dd>{r.taxId ?? "—"}</dd>
          <dt>{t("receipts.fields.email")}</dt>
          <dd>{r.email ?? "—"}</dd>
        </dl>
        <h3>{t("receipts.org.donation")}</h3>
        <dl className="dl">
          <dt>{t("receipts.fields.amount")}</dt>
          <dd>
            {formatFen(r.donation.receiptableFen)}
            {r.donation.receiptableFen !== r.donation.amountFen ? ` （${t("receipts.org.ofAmount", { amount: formatFen(r.donation.amountFen) })}）` : ""}
          </dd>
          <dt>{t("receipts.fields.paidAt")}</dt>
          <dd>{formatDateTime(r.donation.paidAt, locale)}</dd>
          <dt>{t("receipts.fields.target")}</dt>
          <dd>{r.donation.target}</dd>
          <dt>{t("receipts.fields.platformCode")}</dt>
          <dd>
            <code>{r.donation.platformCode ?? "—"}</code>
          </dd>
          <dt>{t("receipts.fields.donor")}</dt>
          <dd>{r.donation.guest ? t("receipts.org.guest") : t("receipts.org.account")}</dd>
        </dl>
        {!r.donation.eligible && r.status !== "VOIDED" ? <p className="form-error">{t("receipts.org.noLongerEligible")}</p> : null}
      </section>
      {r.status !== "REQUESTED" && r.receiptNumber ? (
        <section className="card" data-testid="receipt-issued">
          <h3>{t("receipts.org.issued")}</h3>
          <dl className="dl">
            <dt>{t("receipts.fields.receiptCode")}</dt>
            <dd>
              <code>{r.receiptCode}</code>
            </dd>
            <dt>{t("receipts.fields.receiptNumber")}</dt>
            <dd>
              <code>{r.receiptNumber}</code>
            </dd>
            <dt>{t("receipts.fields.issuedOn")}</dt>
            <dd>{r.issuedOn}</dd>
            <dt>{t("receipts.fields.file")}</dt>
            <dd>
              {r.fileId && r.file ? (
                canReadFile ? (
                  <a href={`/files/${r.fileId}`} data-testid="receipt-file">
                    {r.file.fileName}
                  </a>
                ) : (
                  r.file.fileName
                )
              ) : r.link ? (
                <a href={r.link} target="_blank" rel="noopener noreferrer nofollow">
                  {r.link}
                </a>
              ) : (
                t("receipts.org.paper")
              )}
            </dd>
          </dl>
        </section>
      ) : null}
      {r.status === "VOIDED" ? (
        <section className="card">
          <p>{t("receipts.org.voidedBecause", { reason: r.voidReason ?? "" })}</p>
          {r.replacedBy ? (
            <p>
              <Link to={`/org/${orgId}/receipts/${r.replacedBy.id}`}>{t("receipts.org.replacedBy")}</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {canAct && r.status === "REQUESTED" ? (
        <Form method="post" encType="multipart/form-data" className="card form-card" aria-label={t("receipts.org.issue")}>
          <h3>{t("receipts.org.issue")}</h3>
          <p className="muted small">{t("receipts.org.issueHint")}</p>
          <input type="hidden" name="intent" value="issue" />
          <FormError reply={replyFor("issue")} />
          <TextField name="receiptCode" label={t("receipts.fields.receiptCode")} reply={replyFor("issue")} required maxLength={20} autoComplete="off" />
          <TextField name="receiptNumber" label={t("receipts.fields.receiptNumber")} reply={replyFor("issue")} required maxLength={20} autoComplete="off" />
          <TextField name="issuedOn" type="date" label={t("receipts.fields.issuedOn")} reply={replyFor("issue")} required defaultValue={today} min={r.donation.paidOn || undefined} max={today} />
          <div className={`field${replyFor("issue")?.fieldErrors?.file ? " field-invalid" : ""}`}>
            <label htmlFor="receipt-file">{t("receipts.fields.file")}</label>
            <input id="receipt-file" type="file" name="file" accept="application/pdf,.pdf,.ofd,application/ofd,image/png,image/jpeg,image/webp" />
            <p className="field-hint">{t("receipts.fields.fileHint")}</p>
            {replyFor("issue")?.fieldErrors?.file ? (
              <p className="field-error" role="alert">
                {t(replyFor("issue")!.fieldErrors!.file!)}
              </p>
            ) : null}
          </div>
          <TextField name="link" type="url" label={t("receipts.fields.link")} hint={t("receipts.fields.linkHint")} reply={replyFor("issue")} maxLength={500} placeholder="https://" />
          <label className="checkbox">
            <input type="checkbox" name="paper" value="on" defaultChecked={replyFor("issue")?.values?.paper === "on"} /> {t("receipts.fields.paper")}
          </label>
          <SubmitButton className="button">{t("receipts.org.issue")}</SubmitButton>
        </Form>
      ) : null}

      {canAct && r.status !== "VOIDED" ? (
        <Form method="post" className="card form-card" aria-label={r.status === "ISSUED" ? t("receipts.org.void") : t("receipts.org.decline")}>
          <h3>{r.status === "ISSUED" ? t("receipts.org.void") : t("receipts.org.decline")}</h3>
          <input type="hidden" name="intent" value="void" />
          <FormError reply={replyFor("void")} />
          <TextField name="reason" label={t("receipts.fields.voidReason")} hint={t("receipts.fields.voidReasonHint")} reply={replyFor("void")} required multiline rows={2} maxLength={500} />
          <SubmitButton className="button button-danger">{r.status === "ISSUED" ? t("receipts.org.void") : t("receipts.org.decline")}</SubmitButton>
        </Form>
      ) : null}

      {canAct && r.status === "VOIDED" && !r.replacedBy && r.donation.eligible ? (
        <Form method="post" className="card form-card" aria-label={t("receipts.org.reissueTitle")}>
          <h3>{t("receipts.org.reissueTitle")}</h3>
          <p className="muted small">{t("receipts.org.reissueHint")}</p>
          <input type="hidden" name="intent" value="reissue" />
          <FormError reply={replyFor("reissue")} />
          <PayerFields reply={replyFor("reissue")} defaults={{ payerKind: r.payerKind, payerName: r.payerName, taxId: r.taxId, email: r.email }} emailRequired={false} />
          <SubmitButton className="button">{t("receipts.org.reissueTitle")}</SubmitButton>
        </Form>
      ) : null}

      <section className="card">
        <h3>{t("receipts.org.trail")}</h3>
        {r.chain.length > 1 ? (
          <ol className="small">
            {r.chain.map((c) => (
              <li key={c.id}>
                {c.id === r.id ? <strong>{t(`receipts.statuses.${c.status}`)}</strong> : <Link to={`/org/${orgId}/receipts/${c.id}`}>{t(`receipts.statuses.${c.status}`)}</Link>}
                {c.receiptNumber ? ` · ${c.receiptNumber}` : ""} · {formatDate(c.createdAt, locale)}
              </li>
            ))}
          </ol>
        ) : null}
        <ol className="timeline" data-testid="receipt-trail">
          {r.trail.map((e) => (
            <li key={e.id}>
              <strong>{t(`receipts.actions.${e.action.replace("receipt.", "")}`)}</strong>
              <span className="muted">
                {" · "}
                {formatDateTime(e.createdAt, locale)}
                {e.actor ? ` · ${e.actor}` : ""}
              </span>
              {e.reason ? <div>{e.reason}</div> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
