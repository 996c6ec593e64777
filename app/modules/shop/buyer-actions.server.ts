import { data } from "@remix-run/node";
import { formToObject, parseWithSchema } from "~/utils/forms";
import { redirectWithFlash, runAction } from "~/utils/responses.server";
import { AppError } from "~/utils/errors";
import { z } from "zod";
import { fields } from "~/utils/fields";
import { cancelOrder, requestOrderRefund } from "./refunds.server";
import { confirmReceipt } from "./orders.server";
import { refundRequestSchema } from "./schema";

const buyerSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("receive"), orderId: z.string().trim().min(1).max(40) }),
    z.object({ intent: z.literal("cancel"), orderId: z.string().trim().min(1).max(40), reason: fields.text(200, 2) }),
    refundRequestSchema,
  ],
  { error: "validation.invalid" },
);

/**
 * The buyer's forms on an order page (the guest's, by token, and "my orders"): confirm receipt,
 * cancel before shipping, ask for a refund. `ownOrder` answers the order id only when the order is
 * this buyer's (else it throws 404), so no other order can be touched.
 */
export async function buyerOrderAction(request: Request, formData: FormData, opts: { ownOrder: (orderId: string) => Promise<string>; actorId: string | null; backTo: string }) {
  const values = formToObject(formData);
  const parsed = parseWithSchema(buyerSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  let orderId: string;
  try {
    orderId = await opts.ownOrder(parsed.data.orderId);
  } catch (e) {
    if (e instanceof AppError) throw new Response(JSON.stringify({ messageKey: "errors.http.404" }), { status: 404, headers: { "Content-Type": "application/json" } });
    throw e;
  }
  const d = parsed.data;
  const res = await runAction(values, async () => {
    if (d.intent === "receive") return confirmReceipt(orderId, opts.actorId);
    if (d.intent === "cancel") return cancelOrder({ orderId, reason: d.reason, actorId: opts.actorId, by: "buyer" });
    return requestOrderRefund({ orderId, amountFen: d.amount, reason: d.reason, restockQuantity: d.restockQuantity, actorId: opts.actorId });
  });
  if (!res.ok) return res.response;
  const flash = d.intent === "receive" ? "shop.orders.flash.received" : d.intent === "cancel" ? "shop.orders.flash.cancelled" : "shop.orders.flash.refundRequested";
  return redirectWithFlash(request, opts.backTo, flash);
}
