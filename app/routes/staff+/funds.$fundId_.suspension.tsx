import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { pageFrom } from "~/utils/pagination.server";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { fundSuspensionView, setFundSuspension } from "~/modules/funds/suspension.server";
import { fundSuspensionSchema } from "~/modules/funds/suspension-schema";
import { refundFromForm, releaseFromForm } from "~/modules/campaigns/host-actions.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { formatFen } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { DonationsTable } from "~/components/host-donations";
import { HeldDonations } from "~/components/held-donations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("freeze.staff.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const view = await fundSuspensionView(params.fundId ?? "", pageFrom(request, "donationsPage"));
  invariantResponse(view, 404);
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const id = params.fundId ?? "";
  const back = `/staff/funds/${id}/suspension`;
  const values = formToObject(await readFormData(request));
  if (values.intent === "refund") return refundFromForm(request, values, staff.id, back);
  if (values.intent === "release") return releaseFromForm(request, values, staff.id, back, { fundId: id });
  const parsed = parseWithSchema(fundSuspensionSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => setFundSuspension(id, staff.id, parsed.data.decision, parsed.data.reason));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, back, parsed.data.decision === "SUSPEND" ? "freeze.flash.suspended" : "freeze.flash.reinstated");
}

export default function StaffFundSuspension() {
  const { fund, totals, held, donations, donationPages, decisions } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <p>
        <Link to={`/staff/funds/${fund.id}`}>← {fund.name}</Link>
      </p>
      <div className="page-head">
        <h1>{t("freeze.staff.title")}</h1>
        <span className={`status status-${fund.status}`} data-testid="fund-status">
          {t(`freeze.staff.fundStatuses.${fund.status}`)}
        </span>
      </div>
      <section className="card">
        <dl className="dl">
          <dt>{t("freeze.staff.fund")}</dt>
          <dd>
            <Link to={`/funds/${fund.id}`}>{fund.name}</Link>
          </dd>
          <dt>{t("freeze.staff.org")}</dt>
          <dd>
            <Link to={`/staff/reviews/${fund.org.id}`}>{fund.org.name}</Link>
          </dd>
          <dt>{t("freeze.staff.balance")}</dt>
          <dd>{formatFen(totals.balanceFen)}</dd>
        </dl>
      </section>
      {decisions.length ? (
        <Form method="post" className="card form-card" aria-label={t("freeze.staff.decision")}>
          <h2>{t("freeze.staff.decision")}</h2>
          <FormError reply={reply} />
          <SelectField name="decision" label={t("freeze.staff.decision")} reply={reply} required options={decisions.map((d) => ({ value: d, label: t(`freeze.staff.decisions.${d}`) }))} />
          <TextField name="reason" label={t("freeze.staff.reason")} reply={reply} multiline rows={3} maxLength={500} required />
          <button type="submit" className="button">
            {t("freeze.staff.apply")}
          </button>
        </Form>
      ) : (
        <p className="muted">{t("freeze.staff.noDecision")}</p>
      )}
      <HeldDonations held={held} reply={reply} />
      <section className="card">
        <h2>{t("freeze.staff.refunds")}</h2>
        <DonationsTable donations={donations} pagination={donationPages} canRefund reply={reply} />
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
