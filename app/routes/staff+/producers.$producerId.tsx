import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { getProducerAuditTrail, getProducerProfile } from "~/modules/producers/producers.server";
import { allowedDecisions, currentSuspension, loadReviewer, reviewProducer } from "~/modules/producers/review.server";
import { ReviewSchema, SUSPEND_CATEGORIES } from "~/modules/producers/schema";
import { districtName } from "~/modules/districts/districts";
import { AuditTrail } from "~/components/audit-trail";
import { FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { formatDateTime } from "~/utils/format";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("producers.review.queueTitle", (d) => d?.producer?.name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const reviewer = await loadReviewer(staff.id);
  const producer = await getProducerProfile(params.producerId ?? "");
  invariantResponse(producer, 404);
  const [membership, suspension, trail] = await Promise.all([
    prisma.orgMembership.findUnique({
      where: {
        orgId_userId: { orgId: producer.supportOrg.id, userId: staff.id },
      },
      select: { id: true },
    }),
    producer.status === "SUSPENDED" ? currentSuspension(producer.id) : Promise.resolve(null),
    getProducerAuditTrail(producer.id),
  ]);
  const decisions = allowedDecisions(
    reviewer,
    {
      status: producer.status,
      districtCode: producer.districtCode,
      recommendedById: producer.recommendedById,
      accountUserId: producer.accountUser?.id ?? null,
    },
    Boolean(membership)
  );
  return { producer, decisions, suspension, trail };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(ReviewSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => reviewProducer(params.producerId ?? "", staff.id, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, "/staff/producers", `producers.review.done.${res.value.to}`, { name: res.value.name });
}

export default function ProducerReview() {
  const { producer: p, decisions, suspension, trail } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("producers.review.detailTitle", { name: p.name })}</h1>
        <span className={`status status-${p.status}`}>{t(`producers.statuses.${p.status}`)}</span>
      </div>
      {suspension ? (
        <div className="form-error">
          {t("producers.overview.suspended", {
            category: suspension.category ? t(`producers.review.categories.${suspension.category}`) : "—",
            reason: suspension.reason ?? "",
          })}
        </div>
      ) : null}
      <div className="cards">
        <section className="card">
          <dl className="dl">
            <dt>{t("producers.form.kind")}</dt>
            <dd>{t(`producers.kinds.${p.kind}`)}</dd>
            <dt>{t("producers.form.creditCode")}</dt>
            <dd>{p.creditCode ?? "—"}</dd>
            <dt>{t("producers.overview.location")}</dt>
            <dd>{[districtName(p.districtCode, locale), p.town, p.village].filter(Boolean).join(" ")}</dd>
            <dt>{t("producers.form.originStatement")}</dt>
            <dd>{p.originStatement ?? "—"}</dd>
            <dt>{t("producers.review.supportOrg")}</dt>
            <dd>
              <Link to={`/staff/reviews/${p.supportOrg.id}`}>{p.supportOrg.name}</Link>
            </dd>
            <dt>{t("producers.form.contactName")}</dt>
            <dd>
              {p.contactName} · {p.contactPhone}
            </dd>
            <dt>{t("producers.list.households")}</dt>
            <dd>
              {t("producers.review.households", {
                declared: p.householdCount,
                named: p.namedHouseholds,
              })}
            </dd>
            <dt>{t("producers.review.submittedAt")}</dt>
            <dd>{formatDateTime(p.createdAt, locale)}</dd>
            {p.recommendedAt ? (
              <>
                <dt>{t("producers.overview.recommendedAt")}</dt>
                <dd>{formatDateTime(p.recommendedAt, locale)}</dd>
              </>
            ) : null}
          </dl>
          {p.description ? <p style={{ whiteSpace: "pre-line" }}>{p.description}</p> : null}
        </section>
        <section className="card">
          <h2>{t("producers.review.decision")}</h2>
          {decisions.length === 0 ? (
            <>
              <FormError reply={reply} />
              <p className="muted">{t("producers.review.noDecision")}</p>
            </>
          ) : (
            <Form method="post" noValidate>
              <FormError reply={reply} />
              <SelectField
                name="decision"
                label={t("producers.review.decision")}
                reply={reply}
                options={decisions.map((d) => ({
                  value: d,
                  label: t(`producers.review.decisions.${d}`),
                }))}
                required
              />
              {decisions.includes("SUSPEND") ? (
                <SelectField
                  name="category"
                  label={t("producers.review.category")}
                  reply={reply}
                  emptyLabel="—"
                  options={SUSPEND_CATEGORIES.map((c) => ({
                    value: c,
                    label: t(`producers.review.categories.${c}`),
                  }))}
                />
              ) : null}
              <TextField name="reason" multiline rows={4} label={t("producers.review.reason")} hint={t("producers.review.reasonHint")} reply={reply} maxLength={1000} />
              <SubmitButton>{t("common.actions.confirm")}</SubmitButton>
            </Form>
          )}
          <h2>{t("producers.overview.history")}</h2>
          <AuditTrail entries={trail} ns="producers" />
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
