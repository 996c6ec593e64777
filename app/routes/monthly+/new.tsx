import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getOptionalUser, requireUser } from "~/modules/accounts/auth.server";
import { giftTarget, startGift } from "~/modules/monthly/gifts.server";
import { startGiftSchema } from "~/modules/monthly/schema";
import { defaultGiftDay, MAX_GIFT_DAY } from "~/modules/monthly/periods";
import { publicOrigin } from "~/modules/share/urls.server";
import { deviceKind } from "~/modules/payments/device.server";
import { Checkbox, FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { isAppError } from "~/utils/errors";

export const meta = pageTitle("monthly.new.title");

function targetParams(url: URL) {
  const campaignId = url.searchParams.get("campaignId")?.slice(0, 40) || undefined;
  const fundId = campaignId ? undefined : url.searchParams.get("fundId")?.slice(0, 40) || undefined;
  return { campaignId, fundId };
}

/** Start a monthly gift to a campaign or fund; guests are sent to sign in first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const t = targetParams(url);
  invariantResponse(t.campaignId || t.fundId, 404);
  const user = await getOptionalUser(request);
  if (!user) throw redirect(`/auth/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  let target;
  try {
    target = await giftTarget(t);
  } catch (e) {
    if (isAppError(e)) invariantResponse(false, 404);
    throw e;
  }
  return { target: { campaignId: target.campaignId, fundId: target.fundId, title: target.title, orgName: target.orgName, backUrl: target.backUrl, accepts: target.accepts }, displayName: user.displayName, defaultDay: defaultGiftDay() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(startGiftSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => startGift({ id: user.id, displayName: user.displayName, email: user.email }, parsed.data, publicOrigin(request), deviceKind(request.headers.get("User-Agent"))));
  if (!res.ok) return res.response;
  if (res.value.redirectUrl) return redirect(res.value.redirectUrl);
  return redirectWithFlash(request, `/me/monthly/${res.value.giftId}`, "monthly.flash.started");
}

export default function NewMonthlyGift() {
  const { target, displayName, defaultDay } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const days = Array.from({ length: MAX_GIFT_DAY }, (_, i) => ({ value: String(i + 1), label: t("monthly.new.dayOption", { day: i + 1 }) }));
  return (
    <div className="form-card">
      <h1>{t("monthly.new.title")}</h1>
      <p>
        <Link to={target.backUrl}>{target.title}</Link> · {target.orgName}
      </p>
      <p className="muted">{t("monthly.new.intro")}</p>
      {target.accepts ? (
        <Form method="post" noValidate>
          <FormError reply={reply} />
          {target.campaignId ? <input type="hidden" name="campaignId" value={target.campaignId} /> : null}
          {target.fundId ? <input type="hidden" name="fundId" value={target.fundId} /> : null}
          <div className="form-grid">
            <TextField name="amount" label={t("monthly.new.amount")} hint={t("monthly.new.amountHint")} reply={reply} required maxLength={12} />
            <SelectField name="dayOfMonth" label={t("monthly.new.day")} hint={t("monthly.new.dayHint")} reply={reply} defaultValue={String(defaultDay)} options={days} required />
          </div>
          <TextField name="donorName" label={t("monthly.new.donorName")} reply={reply} defaultValue={displayName} maxLength={40} />
          <Checkbox name="anonymous" label={t("monthly.new.anonymous")} reply={reply} />
          <SubmitButton>{t("monthly.new.submit")}</SubmitButton>
        </Form>
      ) : (
        <p className="card muted">{t("monthly.errors.notAccepting")}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
