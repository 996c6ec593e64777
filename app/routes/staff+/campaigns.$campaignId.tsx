import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { pageFrom } from "~/utils/pagination.server";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { getCampaignDetail } from "~/modules/campaigns/queries.server";
import { reviewCampaign } from "~/modules/campaigns/campaigns.server";
import { staffReviewSchema } from "~/modules/campaigns/schema";
import { publicAccounts } from "~/modules/campaigns/accounts.server";
import { refundFromForm, releaseFromForm } from "~/modules/campaigns/host-actions.server";
import { hostDonations } from "~/modules/donations/donations.server";
import { heldDonations } from "~/modules/donations/freeze.server";
import { HeldDonations } from "~/components/held-donations";
import { campaignSafeguards } from "~/modules/safeguards/cap.server";
import { capFromForm } from "~/modules/safeguards/actions.server";
import { StaffCapForm } from "~/components/safeguards";
import { districtName } from "~/modules/districts/districts";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { formatFen } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { ProgressBar } from "~/components/campaign-card";
import { DonationsTable } from "~/components/host-donations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.staff.title", (d) => d?.campaign?.title);

const DECISIONS_BY_STATUS: Record<string, string[]> = {
  SUBMITTED: ["APPROVE", "RETURN", "REJECT"],
  APPROVED: ["SUSPEND"],
  FUNDED: ["SUSPEND"],
  SUSPENDED: ["REINSTATE"],
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const c = await getCampaignDetail(params.campaignId ?? "");
  invariantResponse(c, 404);
  const [accounts, { items: donations, pagination: donationPages }, held] = await Promise.all([publicAccounts({ campaignId: c.id }), hostDonations({ campaignId: c.id }, pageFrom(request, "donationsPage")), heldDonations({ campaignId: c.id })]);
  return {
    campaign: {
      id: c.id,
      title: c.title,
      kind: c.kind,
      status: c.status,
      story: c.story,
      beneficiaryMasked: c.beneficiaryMasked,
      districtCode: c.districtCode,
      goalFen: c.goalFen.toString(),
      deadline: c.deadline.toISOString().slice(0, 10),
      filingNumber: c.filingNumber,
      budget: (c.budget as { item: string; amountFen: number }[]) ?? [],
      reviewReason: c.reviewReason,
      org: { id: c.org.id, name: c.org.name, publicFundraising: c.org.publicFundraising, status: c.org.status, certificate: c.org.fundraisingCertificate },
    },
    documents: c.documents.map((d) => ({ id: d.id, kind: d.kind, fileId: d.fileId, fileName: d.file.fileName })),
    decisions: DECISIONS_BY_STATUS[c.status] ?? [],
    accounts,
    donations,
    donationPages,
    held,
    safeguards: await campaignSafeguards(c.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const id = params.campaignId ?? "";
  const values = formToObject(await readFormData(request));
  if (values.intent === "refund") return refundFromForm(request, values, staff.id, `/staff/campaigns/${id}`);
  if (values.intent === "cap") return capFromForm(request, values, staff.id, id, `/staff/campaigns/${id}`);
  if (values.intent === "release") return releaseFromForm(request, values, staff.id, `/staff/campaigns/${id}`, { campaignId: id });
  const parsed = parseWithSchema(staffReviewSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => reviewCampaign(id, staff.id, parsed.data.decision, parsed.data.reason));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/staff/campaigns/${id}`, "funding.flash.reviewed");
}

export default function StaffCampaign() {
  const { campaign: c, documents, decisions, accounts, donations, donationPages, held, safeguards } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <p>
        <Link to="/staff/campaigns">← {t("funding.staff.queue")}</Link>
      </p>
      <div className="page-head">
        <h1>{c.title}</h1>
        <span className={`status status-${c.status}`} data-testid="campaign-status">
          {t(`funding.statuses.${c.status}`)}
        </span>
      </div>
      <section className="card">
        <ProgressBar raisedFen={accounts.totals.netRaisedFen} goalFen={c.goalFen} />
        <dl className="dl">
          <dt>{t("funding.campaign.host")}</dt>
          <dd>
            <Link to={`/staff/reviews/${c.org.id}`}>{c.org.name}</Link> {c.org.publicFundraising ? `· ${t("funding.campaign.certificate")} ${c.org.certificate ?? ""}` : `· ${t("funding.errors.notQualified")}`}
          </dd>
          <dt>{t("funding.form.kind")}</dt>
          <dd>{t(`funding.kinds.${c.kind}`)}</dd>
          <dt>{t("funding.campaign.filingNumber")}</dt>
          <dd>{c.filingNumber}</dd>
          <dt>{t("funding.campaign.beneficiary")}</dt>
          <dd>
            {c.beneficiaryMasked} · {districtName(c.districtCode, locale)}
          </dd>
          <dt>{t("funding.campaign.goal")}</dt>
          <dd>{formatFen(c.goalFen)}</dd>
          <dt>{t("funding.campaign.deadline")}</dt>
          <dd>{c.deadline}</dd>
        </dl>
        <h3>{t("funding.campaign.story")}</h3>
        {c.story.split(/\n+/).map((p, i) => (
          <p key={i}>{p}</p>
        ))}
        <h3>{t("funding.campaign.budget")}</h3>
        <ul>
          {c.budget.map((b, i) => (
            <li key={i}>
              {b.item}: {formatFen(b.amountFen)}
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>{t("funding.staff.documents")}</h2>
        {documents.length ? (
          <ul data-testid="documents">
            {documents.map((d) => (
              <li key={d.id}>
                {t(`funding.documentKinds.${d.kind}`)}: <a href={`/files/${d.fileId}`}>{d.fileName}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("funding.org.noDocuments")}</p>
        )}
      </section>
      {decisions.length ? (
        <Form method="post" className="card form-card" aria-label={t("funding.staff.decision")}>
          <h2>{t("funding.staff.decision")}</h2>
          <FormError reply={reply} />
          <SelectField name="decision" label={t("funding.staff.decision")} reply={reply} required options={decisions.map((d) => ({ value: d, label: t(`funding.staff.decisions.${d}`) }))} />
          <TextField name="reason" label={t("funding.staff.reason")} reply={reply} multiline rows={3} maxLength={500} />
          <button type="submit" className="button">
            {t("funding.staff.apply")}
          </button>
        </Form>
      ) : null}
      <StaffCapForm cap={safeguards.cap} capSetFen={safeguards.capSetFen} kind={c.kind} reply={reply?.values?.intent === "cap" ? reply : undefined} />
      {held.length || c.status === "SUSPENDED" ? <HeldDonations held={held} reply={reply} /> : null}
      <section className="card">
        <h2>{t("funding.staff.refunds")}</h2>
        <DonationsTable donations={donations} pagination={donationPages} canRefund reply={reply} />
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
