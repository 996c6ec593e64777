import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { decideOrderRefund, ORG_REFUND_STATUSES, orgRefunds, type OrgRefundStatus } from "~/modules/shop/refunds.server";
import { refundDecisionSchema } from "~/modules/shop/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatDate, formatFen } from "~/utils/format";
import { pageFrom } from "~/utils/pagination.server";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { StatusTabs } from "~/components/status-tabs";
import { SubmitButton } from "~/components/submit-button";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("shop.refunds.title");

/** /org/:orgId/shop-refunds — refund requests on orders of the producers this organization supports (org:finance). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const raw = new URL(request.url).searchParams.get("status");
  const status: OrgRefundStatus = (ORG_REFUND_STATUSES as readonly string[]).includes(raw ?? "") ? (raw as OrgRefundStatus) : "REQUESTED";
  const res = await orgRefunds(access.orgId, status, pageFrom(request));
  return { ...res, status, canAct: !access.viaStaff, orgId: access.orgId };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(refundDecisionSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const d = parsed.data;
  const res = await runAction(values, () => decideOrderRefund({ refundId: d.refundId, orgId: access.orgId, approve: d.intent === "approve", reason: d.intent === "reject" ? d.reason : undefined, actorId: access.user.id }));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/org/${access.orgId}/shop-refunds`, d.intent === "approve" ? "shop.refunds.flash.approved" : "shop.refunds.flash.rejected");
}

export default function ShopRefunds() {
  const { refunds, pagination, counts, status, canAct } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h2>{t("shop.refunds.title")}</h2>
      <p className="muted">{t("shop.refunds.intro")}</p>
      <StatusTabs statuses={ORG_REFUND_STATUSES} current={status} counts={counts} label={t("shop.refunds.title")} labelOf={(s) => t(`shop.refunds.statuses.${s}`)} />
      {refunds.length === 0 ? <p className="muted">{t("shop.refunds.empty")}</p> : null}
      {refunds.map((r) => {
        const mine = reply?.values?.refundId === r.id ? reply : undefined;
        return (
          <section key={r.id} className="card" data-testid="shop-refund">
            <dl className="dl">
              <dt>{t("shop.refunds.order")}</dt>
              <dd>
                {r.order.number} · {t(`shop.orders.statuses.${r.order.status}`)} · {formatFen(r.order.totalFen)}
              </dd>
              <dt>{t("shop.refunds.producer")}</dt>
              <dd>
                <Link to={`/producer/${r.order.producer.id}/orders/${r.order.id}`}>{r.order.producer.name}</Link>
              </dd>
              <dt>{t("shop.refunds.amount")}</dt>
              <dd>{formatFen(r.amountFen)}</dd>
              <dt>{t("shop.refunds.reason")}</dt>
              <dd>{r.reason}</dd>
              <dt>{t("shop.refunds.restock")}</dt>
              <dd>{r.restockQuantity}</dd>
              <dt>{t("shop.refunds.requestedAt")}</dt>
              <dd>{formatDate(r.createdAt, locale)}</dd>
              {r.decisionReason ? (
                <>
                  <dt>{t("shop.refunds.rejectReason")}</dt>
                  <dd>{r.decisionReason}</dd>
                </>
              ) : null}
            </dl>
            {canAct && r.status === "REQUESTED" ? (
              <>
                <FormError reply={mine} />
                <div className="button-row">
                  <Form method="post">
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="refundId" value={r.id} />
                    <SubmitButton className="button">{t("shop.refunds.approve")}</SubmitButton>
                  </Form>
                </div>
                <details>
                  <summary>{t("shop.refunds.reject")}</summary>
                  <Form method="post" className="form-card">
                    <input type="hidden" name="intent" value="reject" />
                    <input type="hidden" name="refundId" value={r.id} />
                    <TextField name="reason" label={t("shop.refunds.rejectReason")} reply={mine} required maxLength={300} />
                    <SubmitButton className="button button-danger">{t("shop.refunds.reject")}</SubmitButton>
                  </Form>
                </details>
              </>
            ) : null}
          </section>
        );
      })}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
