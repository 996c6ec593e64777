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

export async function startFakeStripe(): Promise<FakeStripe> {
  let seq = 0;
  const state: Omit<FakeStripe, "url" | "close"> = { requests: [], sessions: new Map(), refunds: new Map(), failRefunds: false, refundServerError: null, refundDelayMs: 0, refundStatus: "succeeded", balanceTransactions: [] };
  const refundsByKey = new Map<string, string>();
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
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
