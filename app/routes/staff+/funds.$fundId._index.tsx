import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { fundDecisionsFor, getFundForStaff, reviewFund } from "~/modules/funds/fund-review.server";
import { fundReviewSchema } from "~/modules/funds/schema";
import { publicAccounts } from "~/modules/campaigns/accounts.server";
import { districtName } from "~/modules/districts/districts";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { formatDate, formatFen } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("qualification.funds.staffTitle", (d) => d?.fund?.name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const f = await getFundForStaff(params.fundId ?? "");
  invariantResponse(f, 404);
  const accounts = await publicAccounts({ fundId: f.id });
  return {
    fund: { ...f, startDate: f.startDate.toISOString().slice(0, 10), submittedAt: f.submittedAt?.toISOString() ?? null, approvedAt: f.approvedAt?.toISOString() ?? null },
    decisions: fundDecisionsFor(f.status),
    accounts,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const id = params.fundId ?? "";
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(fundReviewSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => reviewFund(id, staff.id, parsed.data.decision, parsed.data.reason));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/staff/funds/${id}`, "qualification.flash.fundReviewed");
}

export default function StaffFund() {
  const { fund: f, decisions, accounts } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <p>
        <Link to="/staff/funds">← {t("qualification.funds.staffTitle")}</Link>
      </p>
      <div className="page-head">
        <h1>{f.name}</h1>
        <span className={`status status-${f.status}`} data-testid="fund-status">
          {t(`qualification.fundStatuses.${f.status}`)}
        </span>
      </div>
      <section className="card">
        <dl className="dl">
          <dt>{t("funding.funds.manager")}</dt>
          <dd>
            <Link to={`/staff/reviews/${f.org.id}`}>{f.org.name}</Link> · {f.org.isCharity ? t("qualification.fields.isCharity") : t("funding.errors.notCharity")}
            {f.org.publicFundraising ? ` · ${t("qualification.fields.publicFundraising")} ${f.org.fundraisingCertificate ?? ""}` : ""}
          </dd>
          <dt>{t("qualification.funds.filingNumber")}</dt>
          <dd data-testid="fund-filing">{f.filingNumber ?? "—"}</dd>
          <dt>{t("funding.funds.startDate")}</dt>
          <dd>{f.startDate}</dd>
          <dt>{t("funding.funds.groups")}</dt>
          <dd>{f.beneficiaryGroups.map((g) => t(`common.beneficiaryGroups.${g}`)).join("、")}</dd>
          <dt>{t("funding.funds.districts")}</dt>
          <dd>{f.districtCodes.map((d) => districtName(d, locale)).join("、")}</dd>
          <dt>{t("qualification.funds.submittedAt")}</dt>
          <dd>{formatDate(f.submittedAt, locale) || "—"}</dd>
          {f.reviewReason ? (
            <>
              <dt>{t("qualification.fields.reviewReason")}</dt>
              <dd>{f.reviewReason}</dd>
            </>
          ) : null}
          <dt>{t("funding.accounts.raised")}</dt>
          <dd>{formatFen(accounts.totals.netRaisedFen)}</dd>
        </dl>
        <h3>{t("funding.funds.purpose")}</h3>
        {f.purpose.split(/\n+/).map((p, i) => (
          <p key={i}>{p}</p>
        ))}
        {f.status === "ACTIVE" || f.status === "SUSPENDED" ? (
          <p>
            <Link to={`/staff/funds/${f.id}/suspension`} data-testid="fund-suspension">
              {t("qualification.funds.suspension")}
            </Link>
          </p>
        ) : null}
      </section>
      {decisions.length ? (
        <Form method="post" className="card form-card" aria-label={t("qualification.staff.decision")}>
          <h2>{t("qualification.staff.decision")}</h2>
          <FormError reply={reply} />
          <SelectField name="decision" label={t("qualification.staff.decision")} reply={reply} required options={decisions.map((d) => ({ value: d, label: t(`qualification.funds.decisions.${d}`) }))} />
          <TextField name="reason" label={t("qualification.staff.reason")} reply={reply} multiline rows={3} maxLength={500} />
          <button type="submit" className="button">
            {t("qualification.staff.apply")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
