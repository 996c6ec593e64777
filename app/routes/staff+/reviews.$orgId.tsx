import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { getAuditTrail, reviewOrganization, TRANSITIONS } from "~/modules/organizations/organizations.server";
import { ReviewSchema } from "~/modules/organizations/schema";
import { districtName } from "~/modules/districts/districts";
import { AuditTrail } from "~/components/audit-trail";
import { FormError, SelectField, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { formatDate, formatDateTime } from "~/utils/format";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";
import { ProvinceBadge } from "~/components/cross-region";
import { provinceOfCreditCode } from "~/modules/cross-region/provinces";

export const meta = pageTitle("orgs.review.detailTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const org = await prisma.organization.findUnique({
    where: { id: params.orgId ?? "" },
    select: { id: true, name: true, type: true, status: true, creditCode: true, districtCode: true, address: true, contactName: true, contactPhone: true, foundedOn: true, mission: true, serviceAreas: true, website: true, isCharity: true, publicFundraising: true, fundraisingCertificate: true, isVolunteerGroup: true, submittedAt: true, reviewReason: true, logoId: true },
  });
  invariantResponse(org, 404);
  const decisions = Object.entries(TRANSITIONS).filter(([, r]) => r.from.includes(org.status)).map(([d]) => d);
  return { org, decisions, trail: await getAuditTrail(org.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(ReviewSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => reviewOrganization(params.orgId ?? "", staff.id, parsed.data.decision, parsed.data.reason));
  if (!res.ok) return res.response;
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: params.orgId }, select: { name: true } });
  return redirectWithFlash(request, "/staff/reviews", `orgs.review.done.${res.value.to}`, { name: org.name });
}

export default function ReviewDetail() {
  const { org, decisions, trail } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("orgs.review.detailTitle", { name: org.name })}</h1>
        <span className={`status status-${org.status}`}>{t(`orgs.statuses.${org.status}`)}</span>
        <ProvinceBadge provinceCode={provinceOfCreditCode(org.creditCode)} />
      </div>
      <div className="cards">
        <section className="card">
          <dl className="dl">
            <dt>{t("orgs.form.type")}</dt>
            <dd>{t(`orgs.types.${org.type}`)}</dd>
            <dt>{t("orgs.form.creditCode")}</dt>
            <dd>{org.creditCode}</dd>
            <dt>{t("orgs.form.district")}</dt>
            <dd>{districtName(org.districtCode, locale)}</dd>
            <dt>{t("orgs.form.address")}</dt>
            <dd>{org.address}</dd>
            <dt>{t("orgs.form.contactName")}</dt>
            <dd>
              {org.contactName} · {org.contactPhone}
            </dd>
            <dt>{t("orgs.form.foundedOn")}</dt>
            <dd>{formatDate(org.foundedOn, locale)}</dd>
            <dt>{t("orgs.form.serviceAreas")}</dt>
            <dd>{org.serviceAreas.map((a) => t(`common.serviceAreas.${a}`)).join("、")}</dd>
            <dt>{t("orgs.form.isCharity")}</dt>
            <dd>{org.isCharity ? t("common.yes") : t("common.no")}</dd>
            <dt>{t("orgs.form.publicFundraising")}</dt>
            <dd>{org.publicFundraising ? `${t("common.yes")} · ${org.fundraisingCertificate}` : t("common.no")}</dd>
            <dt>{t("orgs.review.submittedAt")}</dt>
            <dd>{formatDateTime(org.submittedAt, locale)}</dd>
          </dl>
          <h3>{t("orgs.form.mission")}</h3>
          <p style={{ whiteSpace: "pre-line" }}>{org.mission}</p>
        </section>
        <section className="card">
          <h2>{t("orgs.review.decision")}</h2>
          {decisions.length === 0 ? (
            <p className="muted">{t("orgs.review.notAllowed", { status: t(`orgs.statuses.${org.status}`) })}</p>
          ) : (
            <Form method="post" noValidate>
              <FormError reply={reply} />
              <SelectField name="decision" label={t("orgs.review.decision")} reply={reply} options={decisions.map((d) => ({ value: d, label: t(`orgs.review.decisions.${d}`) }))} required />
              <TextField name="reason" multiline rows={4} label={t("orgs.review.reason")} hint={t("orgs.review.reasonHint")} reply={reply} maxLength={1000} />
              <button type="submit">{t("common.actions.confirm")}</button>
            </Form>
          )}
          <h2>{t("orgs.review.history")}</h2>
          <AuditTrail entries={trail} />
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
