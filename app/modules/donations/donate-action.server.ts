import { data, redirect } from "@remix-run/node";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { payerDevice } from "~/modules/payments/payway.server";
import { formToObject, parseWithSchema } from "~/utils/forms";
import { runAction } from "~/utils/responses.server";
import { getEnv } from "~/utils/env.server";
import { donateSchema } from "./schema";
import { startDonation } from "./donations.server";
import { redirectConsentSchema } from "~/modules/safeguards/schema";

/** The donate form's action, shared by campaign and fund pages. */
export async function donateAction(request: Request, formData: FormData, target: { campaignId?: string; fundId?: string }) {
  const values = formToObject(formData);
  const parsed = parseWithSchema(donateSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const consent = redirectConsentSchema.safeParse(values);
  const user = await getOptionalUser(request);
  const origin = getEnv().APP_URL?.replace(/\/$/, "") ?? new URL(request.url).origin;
  const res = await runAction(values, () => startDonation({ ...target, donor: user ? { id: user.id, displayName: user.displayName, email: user.email } : null, data: parsed.data, origin, device: payerDevice(request), redirectConsent: consent.success && consent.data.redirectConsent }));
  if (!res.ok) return res.response;
  return redirect(res.value.redirectUrl);
}
