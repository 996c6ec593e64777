import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { completeTestCheckout, getTestSession } from "~/modules/payments/test-checkout-complete.server";
import { invariantResponse, readFormData } from "~/utils/responses.server";
import { AppError } from "~/utils/errors";
import { formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { SubmitButton } from "~/components/submit-button";

/** The keyless local checkout page (refused in production by the service). */
export async function loader({ params }: LoaderFunctionArgs) {
  try {
    const d = await getTestSession(params.sessionId ?? "");
    return { sessionId: params.sessionId!, amountFen: d.amountFen.toString(), status: d.status, title: d.title, email: d.email, kind: d.payable.kind, standsInFor: d.standsInFor };
  } catch (e) {
    if (e instanceof AppError) invariantResponse(false, 404);
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const outcome = form.get("outcome");
  invariantResponse(outcome === "paid" || outcome === "expired", 400);
  try {
    return redirect(await completeTestCheckout(params.sessionId ?? "", outcome));
  } catch (e) {
    if (e instanceof AppError) invariantResponse(false, e.status === 409 ? 409 : 404);
    throw e;
  }
}

export default function TestCheckout() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="form-narrow">
      <h1>{d.standsInFor ? t(`payway.standIn.title.${d.standsInFor}`) : t("funding.checkout.title")}</h1>
      <p className="muted" data-testid="checkout-intro">
        {d.standsInFor ? t("payway.standIn.intro", { provider: t(`payway.provider.${d.standsInFor}`) }) : t("funding.checkout.intro")}
      </p>
      <section className="card">
        <dl className="dl">
          <dt>{d.kind === "shop_checkout" ? t("shop.checkout.testFor") : t("funding.checkout.for")}</dt>
          <dd>{d.title}</dd>
          <dt>{t("funding.checkout.amount")}</dt>
          <dd data-testid="checkout-amount">{formatFen(d.amountFen)} CNY</dd>
        </dl>
        {d.status === "PENDING" ? (
          <div className="button-row">
            <Form method="post">
              <input type="hidden" name="outcome" value="paid" />
              <SubmitButton className="button">{t("funding.checkout.pay")}</SubmitButton>
            </Form>
            <Form method="post">
              <input type="hidden" name="outcome" value="expired" />
              <SubmitButton className="button button-secondary">{t("funding.checkout.cancel")}</SubmitButton>
            </Form>
          </div>
        ) : (
          <p>{t("funding.checkout.done")}</p>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
