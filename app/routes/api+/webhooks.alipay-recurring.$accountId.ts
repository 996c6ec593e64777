import type { ActionFunctionArgs } from "@remix-run/node";
import { handleMerchantRecurringWebhook } from "~/modules/payments/merchant-recurring-webhook.server";

/**
 * POST /api/webhooks/alipay-recurring/:accountId — Alipay 周期扣款 (form-encoded) notifications (signing, termination,
 * deduction results) for one merchant account's monthly gifts. Exempt from the cross-site check;
 * authenticity is the provider's signature, verified with that account's keys.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "method not allowed" }, { status: 405 });
  // The signature covers the exact bytes: read the raw text, never a parsed body.
  const rawBody = await request.text();
  const reply = await handleMerchantRecurringWebhook("ALIPAY", params.accountId ?? "", rawBody, request.headers, new URL(request.url).origin);
  return new Response(reply.body, { status: reply.status, headers: { "Content-Type": reply.contentType } });
}

export function loader() {
  return Response.json({ error: "method not allowed" }, { status: 405 });
}
