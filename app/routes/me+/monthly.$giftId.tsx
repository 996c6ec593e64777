import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { cancelGift, changeAmount, isOwnGift, myGift, pauseGift, paymentMethodUpdate, resumeGift } from "~/modules/monthly/gifts.server";
import { giftIntentSchema } from "~/modules/monthly/schema";
import { publicOrigin } from "~/modules/share/urls.server";
import { deviceKind } from "~/modules/payments/device.server";
import { FormError, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDate, formatDateTime, formatFen } from "~/utils/format";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { isAppError } from "~/utils/errors";
import { invariantResponse } from "~/utils/responses.server";

export const meta = pageTitle("monthly.gift.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  try {
    return { gift: await myGift(user.id, params.giftId ?? "") };
  } catch (e) {
    if (isAppError(e)) invariantResponse(false, 404);
    throw e;
  }
}

/** The donor's own gift only: change the amount, pause/resume, cancel, update the payment method. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const giftId = params.giftId ?? "";
  // Someone else's gift is not found, whatever the form says.
  invariantResponse(await isOwnGift(user.id, giftId), 404);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(giftIntentSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const here = `/me/monthly/${giftId}`;
  const input = parsed.data;
  if (input.intent === "updatePayment") {
    const res = await runAction(values, () => paymentMethodUpdate(user.id, giftId, publicOrigin(request), deviceKind(request.headers.get("User-Agent"))));
    if (!res.ok) return res.response;
    return redirect(res.value);
  }
  const res = await runAction(values, async () => {
    if (input.intent === "changeAmount") return changeAmount(user.id, giftId, input.amount);
    if (input.intent === "pause") return pauseGift(user.id, giftId, input.until);
    if (input.intent === "resume") return resumeGift(user.id, giftId);
    return cancelGift(user.id, giftId, input.reason);
  });
  if (!res.ok) return res.response;
  return redirectWithFlash(request, here, `monthly.flash.${input.intent}`);
}

export default function MyMonthlyGift() {
  const { gift } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const open = gift.state !== "CANCELLED";
  const intent = reply?.values?.intent;
  return (
    <div>
      <p>
        <Link to="/me/monthly">← {t("monthly.me.title")}</Link>
      </p>
      <h1>{t("monthly.gift.title")}</h1>
      <section className="card">
        <dl className="facts">
          <dt>{t("monthly.me.target")}</dt>
          <dd>{gift.target ? <Link to={gift.target.href}>{gift.target.title}</Link> : "—"}</dd>
          <dt>{t("monthly.me.amount")}</dt>
          <dd data-testid="gift-amount">{formatFen(gift.amountFen)}</dd>
          <dt>{t("monthly.me.day")}</dt>
          <dd>{t("monthly.new.dayOption", { day: gift.dayOfMonth })}</dd>
          <dt>{t("monthly.gift.method")}</dt>
          <dd>{t(`monthly.methods.${gift.method}`)}</dd>
          <dt>{t("monthly.me.status")}</dt>
          <dd data-testid="gift-state">
            {t(`monthly.states.${gift.state}`)}
            {gift.pausedUntil ? ` · ${t("monthly.me.pausedUntil", { month: gift.pausedUntil })}` : null}
          </dd>
          {gift.state === "ACTIVE" || gift.state === "PAST_DUE" ? (
            <>
              <dt>{t("monthly.me.next")}</dt>
              <dd>{formatDate(gift.nextChargeOn, locale)}</dd>
            </>
          ) : null}
          {gift.cancelledAt ? (
            <>
              <dt>{t("monthly.gift.cancelledAt")}</dt>
              <dd>{formatDateTime(gift.cancelledAt, locale)}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {reply?.formError && !intent ? <FormError reply={reply} /> : null}
      {gift.state === "PAST_DUE" || gift.state === "UNSIGNED" ? (
        <section className="card form-error" aria-labelledby="failure-title">
          <h2 id="failure-title">{gift.state === "UNSIGNED" ? t("monthly.gift.unsignedTitle") : t("monthly.gift.failedTitle")}</h2>
          {gift.lastFailureReason ? <p>{t("monthly.gift.failedReason", { reason: gift.lastFailureReason })}</p> : null}
          <Form method="post">
            <input type="hidden" name="intent" value="updatePayment" />
            {intent === "updatePayment" ? <FormError reply={reply} /> : null}
            <SubmitButton>{gift.state === "UNSIGNED" ? t("monthly.gift.sign") : t("monthly.gift.updatePayment")}</SubmitButton>
          </Form>
        </section>
      ) : null}
      {open ? (
        <div className="grid-2">
          <section className="card">
            <h2>{t("monthly.gift.changeAmount")}</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="changeAmount" />
              {intent === "changeAmount" ? <FormError reply={reply} /> : null}
              <TextField name="amount" label={t("monthly.new.amount")} reply={intent === "changeAmount" ? reply : undefined} required maxLength={12} />
              <SubmitButton>{t("monthly.gift.changeAmountSubmit")}</SubmitButton>
            </Form>
          </section>
          <section className="card">
            <h2>{gift.state === "PAUSED" ? t("monthly.gift.resume") : t("monthly.gift.pause")}</h2>
            {gift.state === "PAUSED" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="resume" />
                {intent === "resume" ? <FormError reply={reply} /> : null}
                <SubmitButton>{t("monthly.gift.resumeSubmit")}</SubmitButton>
              </Form>
            ) : (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="pause" />
                {intent === "pause" ? <FormError reply={reply} /> : null}
                <TextField name="until" type="month" label={t("monthly.gift.pauseUntil")} hint={t("monthly.gift.pauseHint")} reply={intent === "pause" ? reply : undefined} defaultValue={gift.pauseRange.min} min={gift.pauseRange.min} max={gift.pauseRange.max} required />
                <SubmitButton>{t("monthly.gift.pauseSubmit")}</SubmitButton>
              </Form>
            )}
          </section>
          <section className="card">
            <h2>{t("monthly.gift.cancel")}</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="cancel" />
              {intent === "cancel" ? <FormError reply={reply} /> : null}
              <TextField name="reason" label={t("monthly.gift.cancelReason")} reply={intent === "cancel" ? reply : undefined} maxLength={200} />
              <SubmitButton className="danger">{t("monthly.gift.cancelSubmit")}</SubmitButton>
            </Form>
          </section>
        </div>
      ) : null}
      <section className="card">
        <h2>{t("monthly.gift.history")}</h2>
        {gift.charges.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("monthly.gift.period")}</th>
                  <th>{t("monthly.me.amount")}</th>
                  <th>{t("monthly.me.status")}</th>
                  <th>{t("monthly.gift.receipt")}</th>
                </tr>
              </thead>
              <tbody>
                {gift.charges.map((c) => (
                  <tr key={c.id}>
                    <td>{c.period}</td>
                    <td>{formatFen(c.amountFen)}</td>
                    <td>
                      {t(`monthly.chargeStatuses.${c.status}`)}
                      {c.failureReason ? ` · ${c.failureReason}` : null}
                      {c.nextAttemptAt ? ` · ${t("monthly.gift.nextAttempt", { at: formatDateTime(c.nextAttemptAt, locale) })}` : null}
                    </td>
                    <td>
                      {c.receipt ? <Link to={`/me/donations/${c.receipt.donationId}/receipt`}>{c.receipt.code}</Link> : c.payable ? <Link to={`/me/monthly/${gift.id}/pay/${c.period}`}>{t("monthly.gift.payNow")}</Link> : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("monthly.gift.noCharges")}</p>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
