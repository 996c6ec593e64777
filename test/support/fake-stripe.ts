/**
 * A narrow local fake of the Stripe endpoints the app calls (Checkout Sessions create/retrieve/
 * expire, Refunds create/retrieve/list), for the official SDK pointed at it with STRIPE_API_BASE.
 * It records each request (decoded form parameters and headers) so tests can assert what was sent.
 * Like Stripe, a refund request replayed with the same Idempotency-Key returns the same refund.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = { method: string; path: string; params: Record<string, unknown>; headers: http.IncomingHttpHeaders };

/** Decodes Stripe's bracketed form encoding (line_items[0][price_data][currency]=cny) into objects. */
export function decodeStripeForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, "").split("[");
    let node = out as Record<string, unknown>;
    parts.forEach((p, i) => {
      if (i === parts.length - 1) node[p] = value;
      else node = (node[p] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

export type FakeStripe = {
  url: string;
  requests: RecordedRequest[];
  sessions: Map<string, Record<string, unknown>>;
  /** Refunds made, by id (tests may change a status, as Stripe settling it later). */
  refunds: Map<string, Record<string, unknown>>;
  /** Makes the next refund calls fail with a Stripe API error (400: a definite refusal). */
  failRefunds: boolean;
  /** Makes refund creation answer with this server error (5xx: outcome unknown), after making the refund. */
  refundServerError: number | null;
  /** Makes refund creation answer only after this many ms (the refund is made at once): a timeout. */
  refundDelayMs: number;
  /** The status new refunds are created with ("pending" settles later, by webhook). */
  refundStatus: "succeeded" | "pending";
  // reconciliation: balance transactions (begin)
  /** Balance transactions GET /v1/balance_transactions lists (source: a charge or refund object, expanded on request). */
  balanceTransactions: Record<string, unknown>[];
  // reconciliation: balance transactions (end)
  close(): Promise<void>;
};

export async function startFakeStripe(): Promise<FakeStripe & FakeStripeSubscriptions> {
  let seq = 0;
  const state: Omit<FakeStripe, "url" | "close"> = { requests: [], sessions: new Map(), refunds: new Map(), failRefunds: false, refundServerError: null, refundDelayMs: 0, refundStatus: "succeeded", balanceTransactions: [] };
  const refundsByKey = new Map<string, string>();
  const subs = subscriptionState(state.sessions); // monthly giving: see the block below
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://fake");
      const params = decodeStripeForm(body);
      state.requests.push({ method: req.method ?? "GET", path: url.pathname, params, headers: req.headers });
      const send = (status: number, json: unknown, extra: Record<string, string> = {}) => {
        if (res.destroyed || res.writableEnded) return;
        res.writeHead(status, { "Content-Type": "application/json", "Request-Id": `req_fake_${++seq}`, ...extra });
        res.end(JSON.stringify(json));
      };
      if (!String(req.headers.authorization ?? "").startsWith("Bearer sk_test_")) return send(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
      if (handleSubscriptionRequest(subs, req.method ?? "GET", url, params, send)) return; // monthly giving: see the block below
      if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
        const id = `cs_test_fake_${++seq}`;
        const lineItem = ((params.line_items as Record<string, Record<string, unknown>>)?.["0"] ?? {}) as { price_data?: { unit_amount?: string; currency?: string }; quantity?: string };
        const session = {
          id,
          object: "checkout.session",
          mode: params.mode,
          amount_total: Number(lineItem.price_data?.unit_amount ?? 0) * Number(lineItem.quantity ?? 1),
          currency: lineItem.price_data?.currency,
          client_reference_id: params.client_reference_id ?? null,
          customer_email: params.customer_email ?? null,
          metadata: params.metadata ?? {},
          payment_intent: null,
          payment_status: "unpaid",
          status: "open",
          success_url: params.success_url,
          cancel_url: params.cancel_url,
          url: `https://checkout.stripe.test/c/pay/${id}`,
          livemode: false,
          created: Math.floor(Date.now() / 1000),
        };
        state.sessions.set(id, session);
        return send(200, session);
      }
      const m = /^\/v1\/checkout\/sessions\/([\w-]+)$/.exec(url.pathname);
      if (req.method === "GET" && m) {
        const s = state.sessions.get(m[1]!);
        return s ? send(200, s) : send(404, { error: { type: "invalid_request_error", message: "No such checkout.session" } });
      }
      const expire = /^\/v1\/checkout\/sessions\/([\w-]+)\/expire$/.exec(url.pathname);
      if (req.method === "POST" && expire) {
        const s = state.sessions.get(expire[1]!);
        if (!s) return send(404, { error: { type: "invalid_request_error", message: "No such checkout.session" } });
        if (s.status !== "open") return send(400, { error: { type: "invalid_request_error", message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(s.status)}".` } });
        s.status = "expired";
        return send(200, s);
      }
      if (req.method === "POST" && url.pathname === "/v1/refunds") {
        if (state.failRefunds) return send(400, { error: { type: "invalid_request_error", code: "charge_already_refunded", message: "Charge has already been refunded." } });
        const key = String(req.headers["idempotency-key"] ?? "");
        let refund = key && refundsByKey.has(key) ? state.refunds.get(refundsByKey.get(key)!)! : undefined;
        if (!refund) {
          refund = { id: `re_fake_${++seq}`, object: "refund", amount: Number(params.amount), currency: "cny", payment_intent: params.payment_intent, status: state.refundStatus, metadata: params.metadata ?? {}, created: Math.floor(Date.now() / 1000) };
          state.refunds.set(refund.id as string, refund);
          if (key) refundsByKey.set(key, refund.id as string);
        }
        const answer = refund;
        // The refund exists at the provider whatever the caller hears (or does not) back.
        if (state.refundServerError) return send(state.refundServerError, { error: { type: "api_error", message: "An unknown error occurred" } }, { "Stripe-Should-Retry": "false" });
        if (state.refundDelayMs > 0) {
          setTimeout(() => send(200, answer), state.refundDelayMs);
          return;
        }
        return send(200, answer);
      }
      const refundId = /^\/v1\/refunds\/([\w-]+)$/.exec(url.pathname);
      if (req.method === "GET" && refundId) {
        const r = state.refunds.get(refundId[1]!);
        return r ? send(200, r) : send(404, { error: { type: "invalid_request_error", message: "No such refund" } });
      }
      if (req.method === "GET" && url.pathname === "/v1/refunds") {
        const pi = url.searchParams.get("payment_intent");
        const data = [...state.refunds.values()].filter((r) => !pi || r.payment_intent === pi).reverse();
        return send(200, { object: "list", url: "/v1/refunds", has_more: false, data });
      }
      // reconciliation: balance transactions (begin)
      if (req.method === "GET" && url.pathname === "/v1/balance_transactions") {
        const q = decodeStripeForm(url.search.slice(1)) as { created?: { gte?: string; lt?: string }; expand?: Record<string, string>; starting_after?: string };
        const gte = Number(q.created?.gte ?? -Infinity);
        const lt = Number(q.created?.lt ?? Infinity);
        const expand = Object.values(q.expand ?? {}).includes("data.source");
        const data = state.balanceTransactions
          .filter((b) => (b.created as number) >= gte && (b.created as number) < lt)
          .map((b) => (expand ? b : { ...b, source: (b.source as { id: string }).id }));
        return send(200, { object: "list", url: "/v1/balance_transactions", has_more: false, data });
      }
      // reconciliation: balance transactions (end)
      return send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${url.pathname})` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, subs, {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

// ───── payments: monthly giving (issue 14.5) — subscriptions, invoices, billing portal ─────
// Checkout Sessions in mode "subscription", Subscriptions retrieve/update/cancel, Billing Portal
// sessions. Tests complete a subscription checkout with `completeSubscription` and build the
// invoice objects Stripe would send with `invoice`.

export type FakeStripeSubscriptions = {
  subscriptions: Map<string, Record<string, any>>;
  /** The donor finished the subscription checkout: the subscription exists, the session is complete. */
  completeSubscription(sessionId: string): Record<string, any>;
  /** An invoice of a subscription for the month starting at `periodStart` (a Date). */
  invoice(subscriptionId: string, o: { periodStart: Date; paid: boolean; id?: string; reason?: string; nextAttempt?: Date | null }): Record<string, any>;
};

function subscriptionState(sessions: Map<string, Record<string, unknown>>): FakeStripeSubscriptions {
  let n = 0;
  const subscriptions = new Map<string, Record<string, any>>();
  const out: FakeStripeSubscriptions = {
    subscriptions,
    completeSubscription(sessionId) {
      const s = sessions.get(sessionId) as Record<string, any> | undefined;
      if (!s || s.mode !== "subscription") throw new Error(`no subscription session ${sessionId}`);
      const id = `sub_fake_${++n}`;
      const sub = {
        id,
        object: "subscription",
        customer: `cus_fake_${n}`,
        status: "active",
        metadata: s.subscription_data?.metadata ?? {},
        billing_cycle_anchor: s.subscription_data?.billing_cycle_anchor ? Number(s.subscription_data.billing_cycle_anchor) : null,
        pause_collection: null,
        items: { object: "list", data: [{ id: `si_fake_${n}`, object: "subscription_item", price: { id: `price_fake_${n}`, object: "price", product: `prod_fake_${n}`, unit_amount: s.amount_total, currency: "cny", recurring: { interval: "month" } } }] },
        created: Math.floor(Date.now() / 1000),
      };
      subscriptions.set(id, sub);
      Object.assign(s, { status: "complete", payment_status: "paid", subscription: id, customer: sub.customer });
      return sub;
    },
    invoice(subscriptionId, o) {
      const sub = subscriptions.get(subscriptionId)!;
      const start = Math.floor(o.periodStart.getTime() / 1000);
      const amount = sub.items.data[0].price.unit_amount;
      return {
        id: o.id ?? `in_fake_${++n}`,
        object: "invoice",
        customer: sub.customer,
        currency: "cny",
        amount_due: amount,
        amount_paid: o.paid ? amount : 0,
        status: o.paid ? "paid" : "open",
        billing_reason: "subscription_cycle",
        period_start: start,
        period_end: start,
        next_payment_attempt: o.nextAttempt ? Math.floor(o.nextAttempt.getTime() / 1000) : null,
        last_finalization_error: null,
        last_payment_error: o.paid ? null : { type: "card_error", code: "card_declined", message: o.reason ?? "Your card was declined." },
        parent: { type: "subscription_details", subscription_details: { subscription: subscriptionId, metadata: sub.metadata } },
        lines: { object: "list", data: [{ id: `il_fake_${++n}`, object: "line_item", amount, period: { start, end: start + 30 * 86400 }, metadata: sub.metadata }] },
        created: start,
      };
    },
  };
  SESSIONS.set(out, sessions);
  return out;
}

/** Answers the subscription endpoints; false when the request is not one of them. */
function handleSubscriptionRequest(subs: FakeStripeSubscriptions, method: string, url: URL, params: Record<string, any>, send: (status: number, json: unknown) => void): boolean {
  const missing = (what: string) => send(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}` } });
  if (method === "POST" && url.pathname === "/v1/checkout/sessions" && params.mode === "subscription") {
    const id = `cs_test_fake_sub_${Math.random().toString(36).slice(2, 10)}`;
    const item = params.line_items?.["0"] ?? {};
    if (item.price_data?.recurring?.interval !== "month") {
      send(400, { error: { type: "invalid_request_error", message: "A subscription needs a recurring price" } });
      return true;
    }
    const session = {
      id,
      object: "checkout.session",
      mode: "subscription",
      amount_total: Number(item.price_data?.unit_amount ?? 0) * Number(item.quantity ?? 1),
      currency: item.price_data?.currency,
      customer_email: params.customer_email ?? null,
      metadata: params.metadata ?? {},
      subscription_data: params.subscription_data ?? {},
      subscription: null,
      payment_status: "unpaid",
      status: "open",
      success_url: params.success_url,
      cancel_url: params.cancel_url,
      url: `https://checkout.stripe.test/c/pay/${id}`,
      created: Math.floor(Date.now() / 1000),
    };
    // Stored with the one-time sessions (retrieve and expire work the same).
    sessionsOf(subs).set(id, session);
    send(200, session);
    return true;
  }
  const sub = /^\/v1\/subscriptions\/([\w-]+)$/.exec(url.pathname);
  if (sub) {
    const s = subs.subscriptions.get(sub[1]!);
    if (!s) return missing("subscription"), true;
    if (method === "GET") return send(200, s), true;
    if (method === "DELETE") {
      if (s.status === "canceled") return send(400, { error: { type: "invalid_request_error", message: "This subscription has already been canceled" } }), true;
      s.status = "canceled";
      return send(200, s), true;
    }
    if (method === "POST") {
      if (s.status === "canceled") return send(400, { error: { type: "invalid_request_error", message: "A canceled subscription can only update its cancellation_details" } }), true;
      if ("pause_collection" in params) s.pause_collection = params.pause_collection === "" ? null : params.pause_collection;
      const item = params.items?.["0"];
      if (item) {
        const current = s.items.data.find((i: { id: string }) => i.id === item.id);
        if (!current) return missing("subscription item"), true;
        current.price = { ...current.price, id: `price_fake_${Math.random().toString(36).slice(2, 8)}`, product: item.price_data?.product ?? current.price.product, unit_amount: Number(item.price_data?.unit_amount) };
      }
      return send(200, s), true;
    }
  }
  if (method === "POST" && url.pathname === "/v1/billing_portal/sessions") {
    const known = [...subs.subscriptions.values()].some((s) => s.customer === params.customer);
    if (!known) return missing("customer"), true;
    send(200, { id: `bps_fake_${Math.random().toString(36).slice(2, 8)}`, object: "billing_portal.session", customer: params.customer, return_url: params.return_url, url: `https://billing.stripe.test/p/session/${params.customer}` });
    return true;
  }
  return false;
}

const SESSIONS = new WeakMap<FakeStripeSubscriptions, Map<string, Record<string, unknown>>>();
function sessionsOf(subs: FakeStripeSubscriptions) {
  return SESSIONS.get(subs)!;
}
// ───── end payments: monthly giving ─────
