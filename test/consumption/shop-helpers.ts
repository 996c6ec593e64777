/** Shared set-up for the shop tests: an organization supporting producers with listed products, and checkouts through the real services. */
import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import type { PrismaClient } from "~/generated/prisma/client";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProducer, createProduct } from "../support/factories/consumption";

export const DELIVERY = { recipientName: "刘德芳", recipientPhone: "13912345678", address: "重庆市渝中区解放碑街道民权路 88 号 5 楼", buyerKind: "INDIVIDUAL" as const };

export async function shopWorld(prisma: PrismaClient, o: { products?: { stock?: number; priceFen?: bigint; name?: string }[]; producers?: number } = {}) {
  const owner = await createUser(prisma);
  const finance = await createUser(prisma);
  const member = await createUser(prisma);
  const org = await createOrganization(prisma, { createdById: owner.id, members: [{ userId: finance.id, role: "FINANCE" }, { userId: member.id, role: "MEMBER" }] });
  const producers = [];
  for (let i = 0; i < (o.producers ?? 1); i++) producers.push(await createProducer(prisma, { supportOrgId: org.id, createdById: owner.id }));
  const products = [];
  for (const [i, p] of (o.products ?? [{}]).entries()) {
    products.push(await createProduct(prisma, { producerId: producers[i % producers.length]!.id, createdById: owner.id, stock: p.stock ?? 100, priceFen: p.priceFen ?? 6800n, name: p.name }));
  }
  return { owner, finance, member, org, producers, products };
}

/** A checkout through the real service (as the route calls it), for a guest unless `buyer` is given. */
export async function checkout(lines: { productId: string; quantity: number }[], buyer: { id: string; email: string; displayName: string } | null = null, extra: Partial<{ pledgeId: string; buyerKind: "INDIVIDUAL" | "ENTERPRISE" }> = {}) {
  const { startCheckout } = await import("~/modules/shop/checkout.server");
  const user = buyer ? { ...buyer, globalRole: "USER" as const, locale: "zh-CN", hasProfile: false, emailVerified: true } : null;
  return startCheckout({ buyer: user, lines, data: { ...DELIVERY, pledgeId: undefined, email: buyer ? undefined : `guest${randomBytes(4).toString("hex")}@example.cn`, ...extra }, origin: "http://localhost" });
}

/** Pays a checkout as its provider would: the signed test event through the webhook handler. */
export async function pay(prisma: PrismaClient, checkoutId: string) {
  const c = await prisma.shopCheckout.findUniqueOrThrow({ where: { id: checkoutId }, select: { providerSessionId: true } });
  const { completeTestCheckout } = await import("~/modules/payments/test-checkout-complete.server");
  return completeTestCheckout(c.providerSessionId!, "paid");
}

/** A Stripe-format checkout event for a shop checkout. */
export function shopCheckoutEvent(o: { type?: string; sessionId: string; checkoutId: string; amountFen: bigint; paymentIntent?: string | null; paid?: boolean }) {
  const paid = o.paid ?? true;
  return JSON.stringify({
    id: `evt_shop_${randomBytes(10).toString("hex")}`,
    object: "event",
    api_version: "2025-01-27.acacia",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: o.type ?? "checkout.session.completed",
    data: {
      object: {
        id: o.sessionId,
        object: "checkout.session",
        mode: "payment",
        amount_total: Number(o.amountFen),
        currency: "cny",
        client_reference_id: o.checkoutId,
        metadata: { payableKind: "shop_checkout", checkoutId: o.checkoutId },
        payment_intent: o.paymentIntent === undefined ? `pi_shop_${randomBytes(8).toString("hex")}` : o.paymentIntent,
        payment_status: paid ? "paid" : "unpaid",
        status: paid ? "complete" : "open",
      },
    },
  });
}

/** A Stripe refund event for an order refund. */
export function orderRefundEvent(o: { refundId: string; checkoutId: string; providerRefundId: string; amountFen: bigint; status: "succeeded" | "failed" }) {
  return JSON.stringify({
    id: `evt_shop_${randomBytes(10).toString("hex")}`,
    object: "event",
    api_version: "2025-01-27.acacia",
    created: Math.floor(Date.now() / 1000),
    type: "refund.updated",
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: o.providerRefundId, object: "refund", amount: Number(o.amountFen), currency: "cny", status: o.status, metadata: { payableKind: "shop_checkout", checkoutId: o.checkoutId, refundId: o.refundId } } },
  });
}

const signer = new Stripe("sk_test_signer_only");
export const sign = (payload: string, secret: string) => signer.webhooks.generateTestHeaderString({ payload, secret });

export async function ledgerProblems(prisma: PrismaClient) {
  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  return (await runLedgerChecks(prisma)).filter((r) => !r.ok);
}
