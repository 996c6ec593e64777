import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { pairingPageAction } from "~/modules/cross-region/forms.server";
import { getPairing } from "~/modules/cross-region/pairings.server";
import { GOODS_CATEGORIES } from "~/modules/goods/schema";
import { districtName } from "~/modules/districts/districts";
import { isAppError } from "~/utils/errors";
import { formatFen } from "~/utils/format";
import { invariantResponse } from "~/utils/responses.server";
import type { FormReply } from "~/utils/forms";
import { FormError, SelectField, TextField } from "~/components/form";
import { ProvinceBadge } from "~/components/cross-region";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("crossRegion.pairings.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const p = await getPairing(params.pairingId ?? "").catch((e) => {
    if (isAppError(e)) return null;
    throw e;
  });
  invariantResponse(p, 404);
  // Nobody approves their own request: the buttons are not offered (the service refuses anyway).
  return { pairing: p, canDecide: p.status === "REQUESTED" && p.requestedById !== user.id };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  return pairingPageAction(request, user.id, params.pairingId ?? "");
}

export default function StaffPairing() {
  const { pairing: p, canDecide } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const f = (k: string) => t(`crossRegion.pairings.fields.${k}`);
  const intent = reply?.values?.intent;
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div>
      <p>
        <Link to="/staff/cooperation/pairings">← {t("crossRegion.pairings.title")}</Link>
      </p>
      <h1>
        {p.supportOrg.name} <ProvinceBadge provinceCode={p.supportOrg.provinceCode} />
      </h1>
      <dl className="facts">
        <dt>{f("target")}</dt>
        <dd>
          {t(`crossRegion.pairings.targets.${p.target}`)} {p.projectId ?? p.fundId ?? p.needId ?? ""} · {districtName(p.districtCode, locale)}
        </dd>
        <dt>{f("status")}</dt>
        <dd data-testid="pairing-status">{t(`crossRegion.pairings.statuses.${p.status}`)}</dd>
        {p.agreement ? (
          <>
            <dt>{f("agreementId")}</dt>
            <dd>
              <Link to={`/staff/cooperation/${p.agreement.id}`}>{p.agreement.title}</Link>
            </dd>
          </>
        ) : null}
        <dt>{f("money")}</dt>
        <dd className="num">{formatFen(p.moneyFen, locale)}</dd>
        <dt>{f("goods")}</dt>
        <dd className="num">{formatFen(p.goodsFen, locale)}</dd>
      </dl>
      {intent === "decide" ? <FormError reply={reply} /> : null}
      {canDecide || p.status === "ACTIVE" ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="decide" />
          {canDecide ? (
            <>
              <SubmitButton name="decision" value="APPROVE">
                {t("crossRegion.pairings.decisions.APPROVE")}
              </SubmitButton>
              <SubmitButton name="decision" value="REJECT">
                {t("crossRegion.pairings.decisions.REJECT")}
              </SubmitButton>
            </>
          ) : (
            <SubmitButton name="decision" value="END">
              {t("crossRegion.pairings.decisions.END")}
            </SubmitButton>
          )}
        </Form>
      ) : null}
      {p.status === "ACTIVE" ? (
        <>
          <h2>{t("crossRegion.pairings.money.title")}</h2>
          <Form method="post" className="stack-form" noValidate>
            <input type="hidden" name="intent" value="money" />
            {intent === "money" ? <FormError reply={reply} /> : null}
            <TextField name="amount" label={t("crossRegion.pairings.money.amount")} reply={intent === "money" ? reply : undefined} required />
            <TextField name="occurredOn" type="date" label={t("crossRegion.pairings.money.occurredOn")} reply={intent === "money" ? reply : undefined} defaultValue={today} required />
            <TextField name="externalRef" label={t("crossRegion.pairings.money.externalRef")} reply={intent === "money" ? reply : undefined} required />
            {p.target === "NEED" || p.target === "DISTRICT" ? <TextField name="recipientOrgId" label={f("recipientOrgId")} reply={intent === "money" ? reply : undefined} /> : null}
            <SubmitButton>{t("crossRegion.pairings.money.submit")}</SubmitButton>
          </Form>
          <h2>{t("crossRegion.pairings.goods.title")}</h2>
          <Form method="post" className="stack-form" noValidate>
            <input type="hidden" name="intent" value="goods" />
            {intent === "goods" ? <FormError reply={reply} /> : null}
            <TextField name="itemName" label={t("crossRegion.pairings.goods.itemName")} reply={intent === "goods" ? reply : undefined} required />
            <SelectField name="category" label={t("crossRegion.pairings.goods.category")} reply={intent === "goods" ? reply : undefined} options={GOODS_CATEGORIES.map((c) => ({ value: c, label: t(`stats.goodsCategories.${c}`) }))} required />
            <TextField name="unit" label={t("crossRegion.pairings.goods.unit")} reply={intent === "goods" ? reply : undefined} required />
            <TextField name="quantity" type="number" label={t("crossRegion.pairings.goods.quantity")} reply={intent === "goods" ? reply : undefined} required min={1} />
            <TextField name="value" label={t("crossRegion.pairings.goods.value")} reply={intent === "goods" ? reply : undefined} required />
            <TextField name="receivedOn" type="date" label={t("crossRegion.pairings.goods.receivedOn")} reply={intent === "goods" ? reply : undefined} defaultValue={today} required />
            {p.target === "NEED" || p.target === "DISTRICT" ? <TextField name="recipientOrgId" label={f("recipientOrgId")} reply={intent === "goods" ? reply : undefined} /> : null}
            <SubmitButton>{t("crossRegion.pairings.goods.submit")}</SubmitButton>
          </Form>
        </>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
