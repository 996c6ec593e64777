import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { pageFrom } from "~/utils/pagination.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { getCampaignDetail } from "~/modules/campaigns/queries.server";
import { publicAccounts } from "~/modules/campaigns/accounts.server";
import { campaignHostAction } from "~/modules/campaigns/host-actions.server";
import { DOCUMENT_KINDS } from "~/modules/campaigns/schema";
import { hostDonations } from "~/modules/donations/donations.server";
import { invariantResponse } from "~/utils/responses.server";
import { formatDate, formatFen } from "~/utils/format";
import type { FormReply } from "~/utils/forms";
import { FormError, SelectField, TextField } from "~/components/form";
import { ProgressBar } from "~/components/campaign-card";
import { FundingSubnav } from "~/components/funding-subnav";
import { RaisedBySource } from "~/components/raised-by-source";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DonationsTable } from "~/components/host-donations";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { campaignSafeguards, overflowFundChoices } from "~/modules/safeguards/cap.server";
import { listTranches } from "~/modules/safeguards/tranches.server";
import { HostSafeguards } from "~/components/safeguards";

export const meta = pageTitle("funding.org.campaigns", (d) => d?.campaign?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const c = await getCampaignDetail(params.campaignId ?? "");
  invariantResponse(c && c.orgId === access.orgId, 404);
  const [accounts, { items: donations, pagination: donationPages }] = await Promise.all([publicAccounts({ campaignId: c.id }), hostDonations({ campaignId: c.id }, pageFrom(request, "donationsPage"))]);
  return {
    orgId: access.orgId,
    canAct: !access.viaStaff,
    campaign: { id: c.id, title: c.title, status: c.status, designatedPlatform: c.designatedPlatform, goalFen: c.goalFen.toString(), deadline: c.deadline.toISOString().slice(0, 10), filingNumber: c.filingNumber, reviewReason: c.reviewReason },
    documents: c.documents.map((d) => ({ id: d.id, kind: d.kind, fileId: d.fileId, fileName: d.file.fileName, createdAt: d.createdAt.toISOString() })),
    accounts,
    donations,
    donationPages,
    safeguards: { ...(await campaignSafeguards(c.id)), funds: await overflowFundChoices(access.orgId), tranches: await listTranches(c.id) },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  return campaignHostAction(request, access.orgId, params.campaignId ?? "", access.user.id);
}

export default function ManageCampaign() {
  const { orgId, canAct, campaign: c, documents, accounts, donations, donationPages, safeguards } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const editable = c.status === "DRAFT" || c.status === "RETURNED";
  return (
    <div>
      <FundingSubnav orgId={orgId} />
      <div className="page-head">
        <h2>{c.title}</h2>
        <span className={`status status-${c.status}`} data-testid="campaign-status">
          {t(`funding.statuses.${c.status}`)}
        </span>
      </div>
      <FormError reply={reply} />
      {c.reviewReason && c.status !== "APPROVED" ? <p className="form-error">{t("funding.org.reviewReason", { reason: c.reviewReason })}</p> : null}
      <section className="card">
        <ProgressBar raisedFen={accounts.totals.netRaisedFen} goalFen={c.goalFen} />
        <p className="muted">
          {t("funding.campaign.filingNumber")} {c.filingNumber} · {t("funding.campaign.deadline")} {c.deadline} · {t("funding.org.available", { amount: formatFen(accounts.totals.balanceFen) })}
        </p>
        <RaisedBySource rows={accounts.bySource} />
        {canAct ? (
          <div className="button-row">
            <Link to={`/campaigns/${c.id}`}>{t("funding.org.publicPage")}</Link>
            {editable ? <Link to="edit">{t("funding.org.edit")}</Link> : null}
            {c.designatedPlatform ? <Link to="platform-import">{t("platforms.import.title")}</Link> : null}
            {editable ? (
              <Form method="post" encType="multipart/form-data">
                <button type="submit" name="intent" value="SUBMIT" className="button">
                  {t("funding.org.submit")}
                </button>
              </Form>
            ) : null}
            {c.status === "APPROVED" || c.status === "FUNDED" ? (
              <Form method="post" encType="multipart/form-data">
                <button type="submit" name="intent" value="END" className="button button-secondary">
                  {t("funding.org.end")}
                </button>
              </Form>
            ) : null}
            {c.status === "FUNDED" || c.status === "ENDED" ? (
              <Form method="post" encType="multipart/form-data">
                <button type="submit" name="intent" value="CLOSE" className="button button-secondary">
                  {t("funding.org.close")}
                </button>
              </Form>
            ) : null}
          </div>
        ) : null}
        {editable ? <p className="muted small">{t("funding.org.submitHint")}</p> : null}
      </section>
      <section className="card">
        <h3>{t("funding.org.documents")}</h3>
        {documents.length ? (
          <ul data-testid="documents">
            {documents.map((d) => (
              <li key={d.id}>
                {t(`funding.documentKinds.${d.kind}`)}: <a href={`/files/${d.fileId}`}>{d.fileName}</a> <span className="muted small">{formatDate(d.createdAt, locale)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("funding.org.noDocuments")}</p>
        )}
        {canAct && c.status !== "REJECTED" && c.status !== "CLOSED" ? (
          <Form method="post" encType="multipart/form-data" className="form-card">
            <input type="hidden" name="intent" value="upload" />
            <SelectField name="kind" label={t("funding.org.documentKind")} reply={reply} options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`funding.documentKinds.${k}`) }))} />
            <div className={`field${reply?.fieldErrors?.file ? " field-invalid" : ""}`}>
              <label htmlFor="doc-file">{t("funding.org.documentFile")}</label>
              <input id="doc-file" type="file" name="file" accept="application/pdf,image/png,image/jpeg,image/webp" required />
              {reply?.fieldErrors?.file ? <p className="field-error">{t(reply.fieldErrors.file)}</p> : null}
            </div>
            <button type="submit" className="button button-secondary">
              {t("funding.org.upload")}
            </button>
          </Form>
        ) : null}
      </section>
      {canAct && !editable ? (
        <section className="card">
          <h3>{t("funding.org.postUpdate")}</h3>
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="update" />
            <TextField name="body" label={t("funding.org.updateBody")} reply={reply} multiline rows={3} maxLength={2000} required />
            <button type="submit" className="button button-secondary">
              {t("funding.org.postUpdate")}
            </button>
          </Form>
        </section>
      ) : null}
      <HostSafeguards cap={safeguards.cap} funds={safeguards.funds} overflowFundId={safeguards.overflowFundId} tranches={safeguards.tranches} canAct={canAct} reply={reply} raisedFen={accounts.totals.netRaisedFen} />
      <section className="card">
        <h3>{t("funding.org.donations")}</h3>
        <DonationsTable donations={donations} pagination={donationPages} canRefund={canAct} reply={reply} multipart />
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
