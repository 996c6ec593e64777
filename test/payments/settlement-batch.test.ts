/**
 * A batch of provider events applied together (applyProviderEvents, the payment inbox's path) leaves
 * the books exactly as the same events applied one by one (applyProviderEvent): the donations and
 * fees of a batch are posted together at its end (PostingBatch: one INSERT of transactions, one of
 * entries), so this checks what could differ — results per event, statuses, the campaign reaching
 * its goal in the middle of the batch (counting the donations not yet posted), fees, repeats, a
 * payment id the batch already recorded for another donation,
 * failures among the payments, every account's balance and the statistics rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import type { ProviderEvent } from "~/modules/payments/provider";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
});

afterAll(async () => {
  await prisma?.$disconnect();
  globalThis.__shanlianPrisma = undefined;
  await db?.drop();
});

type Scenario = { campaignId: string; events: ProviderEvent[]; donationIds: string[] };

/** One campaign (goal ¥100) in its own district, six pending donations and eleven events about them. */
async function scenario(tag: string, districtCode: string): Promise<Scenario> {
  const owner = await createUser(prisma);
  const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true, districtCode });
  const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, goalFen: 10_000n, districtCode });
  const amounts = [3_000n, 2_000n, 1_500n, 5_000n, 700n, 900n];
  const ds: Awaited<ReturnType<typeof createPendingDonation>>[] = [];
  for (const amountFen of amounts) ds.push(await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen }));
  const at = new Date("2026-12-05T03:00:00Z");
  const paid = (i: number, n: string, extra: Partial<ProviderEvent> = {}): ProviderEvent =>
    ({
      provider: "STRIPE",
      eventId: `evt_${tag}_${n}`,
      type: "checkout.session.completed",
      kind: "payment_succeeded",
      donationId: ds[i]!.id,
      sessionId: ds[i]!.providerSessionId!,
      paymentId: `pi_${tag}_${i}`,
      amountFen: ds[i]!.amountFen,
      currency: "CNY",
      occurredAt: at,
      ...extra,
    }) as ProviderEvent;
  const events: ProviderEvent[] = [
    paid(0, "a"),
    paid(1, "b", { feeFen: 60n }),
    paid(0, "c"), // the same payment delivered under another event id
    { ...paid(2, "d"), type: "checkout.session.async_payment_failed", kind: "payment_failed" } as ProviderEvent,
    paid(3, "e"), // 3,000 + 2,000 + 5,000: the goal is reached here
    paid(4, "f", { amountFen: 701n }), // not what the donor was asked to pay
    paid(4, "g"),
    paid(0, "a"), // a replay
    { ...paid(2, "h"), type: "checkout.session.expired", kind: "checkout_expired" } as ProviderEvent,
    paid(5, "i", { paymentId: `pi_${tag}_0` }), // a payment id this batch already recorded for another donation
    paid(5, "j"),
  ];
  return { campaignId: campaign.id, events, donationIds: ds.map((d) => d.id) };
}

/** Everything the events change, with the ids that differ between the two scenarios left out. */
async function books(s: Scenario) {
  const donations = await prisma.donation.findMany({ where: { id: { in: s.donationIds } }, orderBy: { amountFen: "desc" }, select: { status: true, amountFen: true, receiptCode: true, paidAt: true } });
  const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id: s.campaignId }, select: { status: true } });
  const txs = await prisma.ledgerTransaction.findMany({ where: { campaignId: s.campaignId }, select: { kind: true, amountFen: true, donationId: true, occurredAt: true, donorName: true } });
  const order = new Map(s.donationIds.map((id, i) => [id, i]));
  const transactions = txs.map((t) => ({ ...t, donationId: order.get(t.donationId!) })).sort((a, b) => `${a.kind}${a.donationId}`.localeCompare(`${b.kind}${b.donationId}`));
  const balances = await prisma.$queryRawUnsafe<{ kind: string; balance: string; entries: number }[]>(
    `SELECT a.kind::text AS kind, sum(e."amountFen")::text AS balance, count(*)::int AS entries FROM "LedgerEntry" e JOIN "LedgerAccount" a ON a.id = e."accountId"
     JOIN "LedgerTransaction" t ON t.id = e."transactionId" WHERE t."campaignId" = $1 GROUP BY 1 ORDER BY 1`,
    s.campaignId,
  );
  const stats = await prisma.$queryRawUnsafe<{ metric: string; value: string }[]>(
    `SELECT metric, value::text FROM "StatDaily" WHERE "districtCode" = (SELECT "districtCode" FROM "Campaign" WHERE id = $1) AND metric LIKE 'money%' ORDER BY 1`,
    s.campaignId,
  );
  // The provider events as recorded (a batch records their results in one statement at its end).
  const ids = s.events.map((e) => e.eventId);
  const recorded = await prisma.paymentEvent.findMany({ where: { eventId: { in: ids } }, select: { eventId: true, type: true, result: true, donationId: true, processedAt: true } });
  const events = recorded
    .map((e) => ({ at: ids.indexOf(e.eventId), type: e.type, result: e.result, donationId: e.donationId === null ? null : order.get(e.donationId), processed: e.processedAt !== null }))
    .sort((x, y) => x.at - y.at);
  return { donations: donations.map((d) => ({ ...d, receiptCode: Boolean(d.receiptCode) })), campaign, transactions, balances, stats, events };
}

describe("a batch of provider events", () => {
  it("leaves the books as the same events applied one by one", async () => {
    const { applyProviderEvent, applyProviderEvents } = await import("~/modules/donations/events.server");
    const together = await scenario("together", "500114");
    const alone = await scenario("alone", "500103");

    const batchResults = await applyProviderEvents(together.events);
    const oneByOne = [];
    for (const e of alone.events) oneByOne.push(await applyProviderEvent(e));

    expect(batchResults).toEqual(["recorded", "recorded", "already_recorded", "failed", "recorded", "amount_mismatch", "recorded", "duplicate", "no_change", "payment_reused", "recorded"]);
    expect(batchResults).toEqual(oneByOne);
    const [a, b] = [await books(together), await books(alone)];
    expect(a.campaign.status).toBe("FUNDED");
    expect(a.transactions.map((t) => t.kind)).toEqual(["DONATION", "DONATION", "DONATION", "DONATION", "DONATION", "FEE"]);
    expect(a.stats).toEqual([{ metric: "money_raised_fen", value: "11600" }]);
    expect(a.events.map((e) => [e.result, e.donationId, e.processed])).toEqual([
      ["recorded", 0, true], ["recorded", 1, true], ["already_recorded", 0, true], ["failed", 2, true], ["recorded", 3, true], ["amount_mismatch", 4, true], ["recorded", 4, true], ["no_change", 2, true],
      ["payment_reused", 5, true], ["recorded", 5, true],
    ]);
    expect(a).toEqual(b);
    const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
    expect((await runLedgerChecks(prisma)).filter((r) => !r.ok)).toEqual([]);
  });

  it("applied again, changes nothing", async () => {
    const { applyProviderEvents } = await import("~/modules/donations/events.server");
    const s = await scenario("again", "500101");
    await applyProviderEvents(s.events);
    const before = await books(s);
    const results = await applyProviderEvents(s.events);
    expect(new Set(results)).toEqual(new Set(["duplicate"]));
    expect(await books(s)).toEqual(before);
  });
});

describe("a goal reached by two settlements committing side by side", () => {
  it("marks the campaign FUNDED although each settlement, inside its transaction, found the goal short", async () => {
    const { applyProviderEvent } = await import("~/modules/donations/events.server");
    const owner = await createUser(prisma);
    const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true, districtCode: "500105" });
    const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, goalFen: 10_000n, districtCode: "500105" });
    const ds = [await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 6_000n }), await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 5_000n })];
    const events = ds.map(
      (d, i) =>
        ({ provider: "STRIPE", eventId: `evt_race_${i}`, type: "checkout.session.completed", kind: "payment_succeeded", donationId: d.id, sessionId: d.providerSessionId!, paymentId: `pi_race_${i}`, amountFen: d.amountFen, currency: "CNY", occurredAt: new Date() }) as ProviderEvent,
    );
    // Both settlements check the goal, then wait at their ledger INSERT behind a lock held here until
    // both are waiting: neither sees the other's donation when it checks.
    const waiting = async () =>
      (await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = '"LedgerTransaction"'::regclass`))[0]!.n;
    const queuedBefore = await prisma.searchOutbox.count({ where: { kind: "campaign", entityId: campaign.id } });
    let settled: Promise<unknown> | undefined;
    await prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`LOCK TABLE "LedgerTransaction" IN SHARE MODE`);
        settled = Promise.all(events.map((e) => applyProviderEvent(e)));
        for (let i = 0; i < 200 && (await waiting()) < 2; i++) await new Promise((r) => setTimeout(r, 25));
        expect(await waiting()).toBe(2);
      },
      { timeout: 30_000 },
    );
    expect(await settled).toEqual(["recorded", "recorded"]);
    expect(await prisma.ledgerTransaction.count({ where: { campaignId: campaign.id, kind: "DONATION" } })).toBe(2);
    expect((await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true } })).status).toBe("FUNDED");
    // Its new status queued for the search index.
    expect(await prisma.searchOutbox.count({ where: { kind: "campaign", entityId: campaign.id } })).toBe(queuedBefore + 1);
  });
});
