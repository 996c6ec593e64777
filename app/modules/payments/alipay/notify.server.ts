import type { AlipaySdk } from "alipay-sdk";
import { WebhookVerificationError } from "../provider";

/** The form fields of a notification; a field sent twice is refused (which one was signed?). */
export function parseAlipayForm(rawBody: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawBody)) {
    if (Object.hasOwn(out, k)) throw new WebhookVerificationError("notification repeats a field");
    out[k] = v;
  }
  return out;
}

/**
 * An asynchronous notification, verified: application/x-www-form-urlencoded, signed RSA2 by Alipay
 * over every field but sign and sign_type, sorted, as k=v joined by &, with the form-decoded values.
 * Verified with the SDK's checkNotifySignV2, which signs the values as given: checkNotifySign
 * would URL-decode them once more and break on passback_params, which Alipay returns URL-encoded
 * (alipay-sdk issue #45). Empty fields are left out first, as Alipay's reference SDKs do. sign_type
 * must be RSA2 when present (no RSA/SHA-1 downgrade), app_id ours, notify_id present.
 */
export function verifyAlipayNotification(sdk: AlipaySdk, appId: string, rawBody: string, headers: Headers): Record<string, string> {
  const contentType = headers.get("content-type");
  if (contentType && !/^application\/x-www-form-urlencoded\b/i.test(contentType)) throw new WebhookVerificationError("not a form-encoded Alipay notification");
  const params = parseAlipayForm(rawBody);
  if (!params.sign) throw new WebhookVerificationError("notification without sign");
  if (params.sign_type && params.sign_type !== "RSA2") throw new WebhookVerificationError("notification not signed RSA2");
  const signed = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== ""));
  let verified = false;
  try {
    verified = sdk.checkNotifySignV2(signed);
  } catch {
    verified = false;
  }
  if (!verified) throw new WebhookVerificationError("Alipay notification signature does not verify");
  if (params.app_id !== appId) throw new WebhookVerificationError("notification for another app_id");
  if (!params.notify_id) throw new WebhookVerificationError("notification without notify_id");
  return params;
}
