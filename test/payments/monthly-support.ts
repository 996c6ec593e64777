/** Shared pieces of the monthly-giving tests: signed Stripe events for subscriptions and invoices. */
import { randomBytes } from "node:crypto";
import { postWebhook, signPayload } from "../support/factories/funding";

export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_test_${randomBytes(10).toString("hex")}`) {
  return JSON.stringify({ id, object: "event", api_version: "2025-01-27.acacia", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } });
}

export async function deliver(baseUrl: string, secret: string, payload: string) {
  return postWebhook(baseUrl, payload, signPayload(payload, secret));
}

/** The first instant of a period (YYYY-MM) in Asia/Shanghai. */
export const periodStart = (period: string) => new Date(`${period}-01T00:00:00+08:00`);

export function currentPeriod(now = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).format(now).slice(0, 7);
}

export function nextPeriod(period: string, n = 1) {
  const [y, m] = period.split("-").map(Number) as [number, number];
  const t = y * 12 + m - 1 + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
}
