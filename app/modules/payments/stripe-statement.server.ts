/**
 * Stripe's statement for a day: the balance transactions created in it (stripe.balanceTransactions
 * .list with a created range, the source expanded). A charge (or payment) is a payment line under
 * its PaymentIntent id — what we store as the payment id — with the donation or checkout named by
 * its metadata; a refund (or payment_refund) is a refund line under the refund id, with our refund
 * id from its metadata. Stripe's fee on the line is its `fee` (in the balance currency, fen for CNY).
 */
import type Stripe from "stripe";
import { payableFromMetadata, providerError, stripeClient } from "./stripe.server";
import { shanghaiDayRange, type StatementLine } from "./statement";

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));

export async function fetchStripeStatement(date: string, stripe: Stripe = stripeClient()): Promise<StatementLine[]> {
  const { from, to } = shanghaiDayRange(date);
  const out: StatementLine[] = [];
  try {
    for await (const bt of stripe.balanceTransactions.list({ created: { gte: Math.floor(from.getTime() / 1000), lt: Math.floor(to.getTime() / 1000) }, limit: 100, expand: ["data.source"] })) {
      const fee = bt.currency === "cny" ? BigInt(bt.fee) : 0n;
      const occurredAt = new Date(bt.created * 1000);
      const source = bt.source as Stripe.Charge | Stripe.Refund | string | null;
      if (!source || typeof source === "string") continue;
      if ((bt.type === "charge" || bt.type === "payment") && source.object === "charge") {
        const payable = payableFromMetadata(source.metadata);
        out.push({ kind: "payment", providerRef: idOf(source.payment_intent) ?? source.id, ourRef: payable?.id ?? null, ourKind: payable?.kind ?? null, amountFen: BigInt(source.amount), feeFen: fee, occurredAt });
      } else if ((bt.type === "refund" || bt.type === "payment_refund") && source.object === "refund") {
        out.push({ kind: "refund", providerRef: source.id, paymentRef: idOf(source.payment_intent), ourRef: source.metadata?.refundId ?? null, amountFen: BigInt(source.amount), feeFen: fee, occurredAt });
      }
    }
  } catch (e) {
    throw providerError("balance transactions", e);
  }
  return out;
}
