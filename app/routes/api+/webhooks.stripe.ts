import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "~/modules/payments/webhook.server";

/** POST /api/webhooks/stripe — exempt from the cross-site check; authenticity is the Stripe signature. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "method not allowed" }, { status: 405 });
  // The signature covers the exact bytes: read the raw text, never a parsed body.
  const rawBody = await request.text();
  const reply = await handleWebhook("STRIPE", rawBody, request.headers);
  return Response.json(reply.body, { status: reply.status });
}

export function loader() {
  return Response.json({ error: "method not allowed" }, { status: 405 });
}
