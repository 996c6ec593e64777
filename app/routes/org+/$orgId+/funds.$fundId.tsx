import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { pageFrom } from "~/utils/pagination.server";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { setFundStatus, submitFund } from "~/modules/funds/funds.server";
import { FUND_STATUSES, fundStatusSchema } from "~/modules/funds/schema";
import { postUpdate } from "~/modules/campaigns/campaigns.server";
import { updateSchema } from "~/modules/campaigns/schema";
import { publicAccounts } from "~/modules/campaigns/accounts.server";
import { refundFromForm } from "~/modules/campaigns/host-actions.server";
import { hostDonations } from "~/modules/donations/donations.server";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { formatFen } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { FundingSubnav } from "~/components/funding-subnav";
import { DonationsTable } from "~/components/host-donations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.org.funds", (d) => d?.fund?.name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const f = await prisma.fund.findFirst({ where: { id: params.fundId ?? "", orgId: access.orgId }, select: { id: true, name: true, status: true, filingNumber: true, reviewReason: true } });
  invariantResponse(f, 404);
  const [accounts, { items: donations, pagination: donationPages }] = await Promise.all([publicAccounts({ fundId: f.id }), hostDonations({ fundId: f.id }, pageFrom(request, "donationsPage"))]);
  return { orgId: access.orgId, canAct: !access.viaStaff, fund: f, accounts, donations, donationPages };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const fundId = params.fundId ?? "";
  const back = `/org/${access.orgId}/funds/${fundId}`;
  const values = formToObject(await readFormData(request));
  if (values.intent === "status") {
    const parsed = parseWithSchema(fundStatusSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const res = await runAction(values, () => setFundStatus(access.orgId, fundId, access.user.id, parsed.data.status));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, back, "funding.flash.fundUpdated");
  }
  if (values.intent === "submit") {
    const res = await runAction(values, () => submitFund(access.orgId, fundId, access.user.id));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, back, "qualification.flash.fundSubmitted");
  }
  if (values.intent === "update") {
    const parsed = parseWithSchema(updateSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const res = await runAction(values, () => postUpdate(access.orgId, { fundId }, access.user.id, parsed.data.body));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, back, "funding.flash.updatePosted");
  }
  if (values.intent === "refund") return refundFromForm(request, values, access.user.id, back, access.orgId);
  return data({ values, formError: "validation.choice" }, { status: 400 });
}

export default function ManageFund() {
  const { orgId, canAct, fund, accounts, donations, donationPages } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <FundingSubnav orgId={orgId} />
      <div className="page-head">
        <h2>{fund.name}</h2>
        <Link to={`/funds/${fund.id}`}>{t("funding.org.publicPage")}</Link>
      </div>
      <FormError reply={reply} />
      <section className="card" data-testid="fund-review">
        <p>
          {t("common.status")}: <strong data-testid="fund-status">{t(`qualification.fundStatuses.${fund.status}`)}</strong> · {t("qualification.funds.filingNumber")}: {fund.filingNumber ?? "—"}
        </p>
        {fund.reviewReason && (fund.status === "RETURNED" || fund.status === "REJECTED") ? (
          <p className="flash flash-error">
            {t("qualification.fields.reviewReason")}: {fund.reviewReason}
          </p>
        ) : null}
        {fund.status === "SUBMITTED" ? <p className="muted">{t("qualification.funds.waiting")}</p> : null}
        {canAct && (fund.status === "DRAFT" || fund.status === "RETURNED") ? (
          <div className="button-row">
            <Link to="edit" className="button button-secondary">
              {t("qualification.funds.edit")}
            </Link>
            <Form method="post">
              <input type="hidden" name="intent" value="submit" />
              <button type="submit" className="button">
                {t("qualification.funds.submit")}
              </button>
            </Form>
          </div>
        ) : null}
      </section>
      <section className="card">
        <p>
          {t("funding.accounts.raised")} {formatFen(accounts.totals.netRaisedFen)} · {t("funding.org.available", { amount: formatFen(accounts.totals.balanceFen) })}
        </p>
        {canAct && (fund.status === "ACTIVE" || fund.status === "PAUSED") ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="status" />
            <SelectField name="status" label={t("funding.org.fundStatus")} defaultValue={fund.status} options={FUND_STATUSES.map((s) => ({ value: s, label: t(`qualification.fundStatuses.${s}`) }))} />
            <button type="submit" className="button button-secondary">
              {t("funding.org.setStatus")}
            </button>
          </Form>
        ) : null}
      </section>
      {canAct ? (
        <section className="card">
          <h3>{t("funding.org.postUpdate")}</h3>
          <Form method="post">
            <input type="hidden" name="intent" value="update" />
            <TextField name="body" label={t("funding.org.updateBody")} reply={reply} multiline rows={3} maxLength={2000} required />
            <button type="submit" className="button button-secondary">
              {t("funding.org.postUpdate")}
            </button>
          </Form>
        </section>
      ) : null}
      <section className="card">
        <h3>{t("funding.org.donations")}</h3>
        <DonationsTable donations={donations} pagination={donationPages} canRefund={canAct} reply={reply} />
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
