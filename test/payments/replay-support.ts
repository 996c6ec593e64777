/**
 * What the provider replay tests (replay-wechatpay, replay-alipay) share with the Stripe one
 * (test/funding/reliability.test.ts): a seeded shuffle of the deliveries (each distinct
 * notification sent 1–3 times), 20 concurrent senders over real HTTP, and the exactly-once checks
 * on donations, ledger and events.
 */
import { expect } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
export function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One notification as the provider posts it: exact bytes and headers, and what it should do. */
export type Delivery = { eventId: string; body: string; headers: Record<string, string>; refused: boolean };

/** Every notification 1–3 times, the whole lot in random order. */
export function shuffledDeliveries(notifications: Delivery[], random: () => number): Delivery[] {
  const out: Delivery[] = [];
  for (const n of notifications) {
    const times = 1 + Math.floor(random() * 3);
    for (let k = 0; k < times; k++) out.push(n);
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export type Answer = { delivery: Delivery; status: number; contentType: string; body: string };

/** Posts every delivery to `url` with `senders` concurrent senders; returns every answer. */
export async function deliverConcurrently(url: string, deliveries: Delivery[], senders = 20): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const sender = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++]!;
      const res = await fetch(url, { method: "POST", body: delivery.body, headers: delivery.headers });
      answers.push({ delivery, status: res.status, contentType: res.headers.get("content-type") ?? "", body: await res.text() });
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  return answers;
}

/**
 * Each donation paid once, by the payment its provider reported; one DONATION ledger transaction
 * each; totals equal the sum; the ledger balanced; one PaymentEvent per accepted notification id
 * (exactly one of them "recorded" per donation) and none for a refused one.
 */
export async function expectEachPaymentRecordedOnce(
  prisma: PrismaClient,
  o: { campaignId: string; provider: "WECHAT_PAY" | "ALIPAY"; donations: { id: string; amountFen: bigint; paymentId: string }[]; accepted: string[]; refused: string[] },
) {
  const rows = await prisma.donation.findMany({ where: { campaignId: o.campaignId }, select: { id: true, status: true, providerPaymentId: true, receiptCode: true, merchantAccountId: true } });
  expect(rows).toHaveLength(o.donations.length);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const d of o.donations) {
    const row = byId.get(d.id)!;
    expect(row.status, d.id).toBe("PAID");
    expect(row.providerPaymentId, d.id).toBe(d.paymentId);
  }
  expect(new Set(rows.map((r) => r.receiptCode)).size).toBe(o.donations.length);

  const txs = await prisma.ledgerTransaction.findMany({ where: { campaignId: o.campaignId, kind: "DONATION" }, select: { donationId: true, amountFen: true } });
  expect(txs).toHaveLength(o.donations.length);
  expect(new Set(txs.map((t) => t.donationId)).size).toBe(o.donations.length);
  const amountOf = new Map(o.donations.map((d) => [d.id, d.amountFen]));
  for (const t of txs) expect(t.amountFen, t.donationId ?? "").toBe(amountOf.get(t.donationId!));
  const expected = o.donations.reduce((s, d) => s + d.amountFen, 0n);
  expect(txs.reduce((s, t) => s + t.amountFen, 0n)).toBe(expected);
  const { totalsFor } = await import("~/modules/ledger/balances.server");
  const totals = await totalsFor({ campaignId: o.campaignId }, prisma);
  expect(totals.raisedFen).toBe(expected);
  expect(totals.balanceFen).toBe(expected);
  const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
  expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);

  const events = await prisma.paymentEvent.findMany({ where: { provider: o.provider }, select: { eventId: true, result: true, donationId: true } });
  expect(events).toHaveLength(o.accepted.length);
  expect(new Set(events.map((e) => e.eventId))).toEqual(new Set(o.accepted));
  const refused = new Set(o.refused);
  expect(events.filter((e) => refused.has(e.eventId))).toEqual([]);
  expect(events.filter((e) => e.result === "processing")).toEqual([]);
  const recorded = events.filter((e) => e.result === "recorded");
  expect(recorded).toHaveLength(o.donations.length);
  expect(new Set(recorded.map((e) => e.donationId)).size).toBe(o.donations.length);
  return { events };
}
