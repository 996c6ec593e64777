import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { myGift, payReminder } from "~/modules/monthly/gifts.server";
import { isPeriod } from "~/modules/monthly/periods";
import { publicOrigin } from "~/modules/share/urls.server";
import { FormError } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatFen } from "~/utils/format";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import type { FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, runAction } from "~/utils/responses.server";
import { isAppError } from "~/utils/errors";

export const meta = pageTitle("monthly.pay.title");

/** The reminder's pay link: the month of the donor's own gift, paid by an ordinary checkout. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const period = params.period ?? "";
  invariantResponse(isPeriod(period), 404);
  let gift;
  try {
    gift = await myGift(user.id, params.giftId ?? "");
  } catch (e) {
    if (isAppError(e)) invariantResponse(false, 404);
    throw e;
  }
  const charge = gift.charges.find((c) => c.period === period);
  invariantResponse(charge, 404);
  return { giftId: gift.id, target: gift.target, period, amountFen: charge.amountFen, payable: charge.payable, status: charge.status };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await readFormData(request);
  const period = params.period ?? "";
  invariantResponse(isPeriod(period), 404);
  const res = await runAction({}, () => payReminder({ id: user.id, displayName: user.displayName, email: user.email }, params.giftId ?? "", period, publicOrigin(request)));
  if (!res.ok) return res.response;
  return redirect(res.value.redirectUrl);
}

export default function PayMonth() {
  const { giftId, target, period, amountFen, payable, status } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div className="form-card">
      <h1>{t("monthly.pay.title")}</h1>
      <p>{t("monthly.pay.intro", { period, amount: formatFen(amountFen), target: target?.title ?? "" })}</p>
      <FormError reply={reply} />
      {payable ? (
        <Form method="post">
          <SubmitButton>{t("monthly.pay.submit", { amount: formatFen(amountFen) })}</SubmitButton>
        </Form>
      ) : (
        <p className="muted">{t("monthly.pay.notPayable", { status: t(`monthly.chargeStatuses.${status}`) })}</p>
      )}
      <p>
        <Link to={`/me/monthly/${giftId}`}>{t("monthly.gift.title")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
