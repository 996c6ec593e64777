import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { PostingBatch, postDonation, postFee } from "~/modules/ledger/postings.server";
import { notify } from "~/modules/notifications/notifications.server";
import { markFundedWhenGoalReached, type GoalProgress } from "~/modules/campaigns/goal.server";
import type { PayableRef, ProviderEvent } from "~/modules/payments/provider";
import { applyShopEvent, checkoutIdForSession, type AfterCommit, type ShopEventResult } from "~/modules/shop/events.server";
import { newReceiptCode } from "./receipts.server";
import { completeRefund, failRefund } from "./refunds.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { lockFrozenState, type FrozenState } from "./freeze.server";
import { settleMonthlyCharge } from "~/modules/monthly/charges.server";
import { logger } from "~/utils/logger.server";
import { matchSettledDonation, payerSignal } from "~/modules/match-funds/settle.server";
import type { DonationStatus, PaymentProviderName } from "~/generated/prisma/enums";

export type EventResult =
  | "recorded"
  | "held"
  | "duplicate"
  | "already_recorded"
  | "ignored"
  | "unknown_donation"
  | "amount_mismatch"
  | "session_mismatch"
  | "payment_reused"
  | "failed"
  | "cancelled"
  | "no_change"
  | "refund_completed"
  | "refund_already"
  | "refund_failed"
  | "refund_unknown"
  | "refund_needs_attention"
  | ShopEventResult;

/**
 * Applies one provider event, at most once, whatever it pays for. In one database transaction:
 * claim the event id (a unique row; a replay finds it taken and stops), then dispatch by payable —
 * a donation (below) or a shop checkout (shop/events.server.ts) — which locks its row, checks the
 * payment against what the payer was asked to pay, and records the payment and its ledger
 * transactions together. A crash before commit leaves nothing behind, so the provider's retry
 * applies it cleanly. Work that must not run inside the transaction (a provider refund call for a
 * payment that can no longer be served) runs after commit; if it fails, its row stays pending for
 * the jobs.
 */
export async function applyProviderEvent(event: ProviderEvent, db: Db = prisma, opts: { afterCommit?: AfterCommit } = {}): Promise<EventResult> {
  // Handed the caller's transaction, the work for after the commit (notices, the goal's recheck)
  // must wait for the caller's commit: the caller passes `afterCommit` and runs it then
  // (runPaymentAfterCommit), or drops it if its transaction rolls back.
  const after: AfterCommit = opts.afterCommit ?? [];
  // A shop payment moves stock of products many buyers share: give it time to wait for their row locks.
  // Should PostgreSQL still pick it as a deadlock victim (or refuse it as a serialization failure),
  // nothing of it was kept: it runs again (twice at most) instead of answering the provider 500.
  const outcome = await inTransaction(db, (tx) => applyInTransaction(tx, event, after), { timeout: 60_000, retryConflicts: 2, onRetry: () => forgetAfterCommit(after) });
  if (!opts.afterCommit) await runAfterCommit(after, [event]);
  return outcome;
}

/** Runs what applyProviderEvent queued in a caller's `afterCommit`, once the caller has committed. */
export async function runPaymentAfterCommit(after: AfterCommit, event: ProviderEvent): Promise<void> {
  await runAfterCommit(after, [event]);
}

/**
 * Applies several events in one transaction, in order — the payment inbox's batches (issue 16.6).
 * Every settlement posts a DONATION, whose statistics triggers update the day's rows that every
 * donation of the day shares, and holds them until its commit has reached the disk: one event per
 * transaction, settlements go one commit (one WAL flush) at a time. A batch shares that one
 * commit. Each event is applied exactly as applyProviderEvent would (its own claim, so a repeat
 * inside the batch is `duplicate`); the results are per event. All or nothing: if any event fails,
 * nothing of the batch is kept and the error is thrown, for the caller to apply them one by one.
 */
export async function applyProviderEvents(events: ProviderEvent[], db: Db = prisma): Promise<EventResult[]> {
  const after: AfterCommit = [];
  const outcomes = await inTransaction(
    db,
    async (tx) => {
      const out: EventResult[] = [];
      // The batch's events are claimed in one statement at its start, its donations and fees posted
      // together at its end (PostingBatch), and the events' results recorded in one statement.
      const batch: Batch = {
        fresh: await claimEvents(tx, events),
        postings: new PostingBatch(),
        recorded: [],
        pledgeless: new Set(),
        frozen: new Map(),
        goals: new Map(),
        ...(await readAhead(tx, events)),
        touched: new Set(),
        paymentsSet: new Set(),
      };
      for (const event of events) out.push(await applyInTransaction(tx, event, after, batch));
      await batch.postings.flush(tx);
      await recordResults(tx, batch.recorded);
      return out;
    },
    { timeout: 60_000 },
  );
  await runAfterCommit(after, events);
  return outcomes;
}

const eventKey = (e: { provider: string; eventId: string }) => `${e.provider}:${e.eventId}`;

/**
 * Claims a batch's events in one INSERT (in key order, so two batches never wait on each other's
 * claims crosswise): the keys it claimed now. An event seen before — by an earlier batch, or earlier
 * in this one — is a duplicate when its turn comes.
 */
async function claimEvents(tx: Db, events: ProviderEvent[]): Promise<Set<string>> {
  const unique = new Map(events.map((e) => [eventKey(e), e] as const));
  const data = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => ({ provider: e.provider, eventId: e.eventId, type: e.type, result: "processing" }));
  const claimed = await tx.paymentEvent.createManyAndReturn({ data, skipDuplicates: true, select: { provider: true, eventId: true } });
  return new Set(claimed.map(eventKey));
}

type RecordedResult = { provider: string; eventId: string; result: EventResult; donationId: string | null; checkoutId: string | null };

/** The PaymentEvent rows a batch claimed, updated with their results in one statement. */
async function recordResults(tx: Db, rows: RecordedResult[]) {
  if (!rows.length) return;
  await tx.$executeRaw`
    UPDATE "PaymentEvent" p SET result = v.result, "donationId" = v."donationId", "checkoutId" = v."checkoutId", "processedAt" = ${new Date()}
    FROM unnest(${rows.map((r) => r.provider)}::text[], ${rows.map((r) => r.eventId)}::text[], ${rows.map((r) => r.result)}::text[], ${rows.map((r) => r.donationId)}::text[], ${rows.map((r) => r.checkoutId)}::text[])
      AS v(provider, "eventId", result, "donationId", "checkoutId")
    WHERE p.provider = v.provider::"PaymentProviderName" AND p."eventId" = v."eventId"`;
}

/**
 * What a batch's events share: the events it claimed and has not yet applied, the postings
 * collected for its end, the results to record, and the campaigns found without any matching
 * pledge (not looked up again in the batch).
 */
type Batch = {
  fresh: Set<string>;
  postings: PostingBatch;
  recorded: RecordedResult[];
  pledgeless: Set<string>;
  /** Campaigns' and funds' frozen state as locked in this batch (the locks last to its commit). */
  frozen: Map<string, FrozenState | null>;
  /**
   * Each campaign's goal progress as the goal check last read it, the collected postings not
   * included: a later settlement adds its own and the collected ones instead of summing the
   * campaign's ledger again. Forgotten whenever the postings are flushed (they are on the ledger
   * then, and a refund may follow).
   */
  goals: Map<string, GoalProgress>;
  /** The batch's donations, locked and read at its start (readAhead), and who holds its payment ids. */
  donations: Map<string, LockedDonation>;
  heldBy: Map<string, string>;
  /** Donations an earlier event of the batch read (and may have changed), and payment ids it recorded. */
  touched: Set<string>;
  paymentsSet: Set<string>;
};

/**
 * The donations a batch's events name, locked in id order and read in one statement (two batches
 * then never lock donations crosswise), and the donations already holding the events' payment ids.
 */
async function readAhead(tx: Db, events: ProviderEvent[]): Promise<Pick<Batch, "donations" | "heldBy">> {
  const ids = [...new Set(events.flatMap((e) => (e.donationId ? [e.donationId] : e.payable?.kind === "donation" ? [e.payable.id] : [])))];
  const paymentIds = [...new Set(events.flatMap((e) => (e.paymentId ? [e.paymentId] : [])))];
  const donations = new Map<string, LockedDonation>();
  const heldBy = new Map<string, string>();
  if (!ids.length) return { donations, heldBy };
  const rows = await tx.$queryRaw<(LockedDonation & { providerPaymentId: string | null })[]>`
    SELECT id, "orgId", status::text AS status, "amountFen", currency, provider::text AS provider, "providerSessionId", "campaignId", "fundId", "donorUserId", "donorName", anonymous, "monthlyGiftId", "providerPaymentId"
    FROM "Donation" WHERE id = ANY(${ids}::text[]) ORDER BY id FOR UPDATE`;
  for (const { providerPaymentId, ...r } of rows) {
    donations.set(r.id, { ...r, amountFen: BigInt(r.amountFen), paymentHeldBy: null });
    if (providerPaymentId) heldBy.set(providerPaymentId, r.id);
  }
  const missing = paymentIds.filter((p) => !heldBy.has(p));
  if (missing.length) {
    const held = await tx.$queryRaw<{ id: string; providerPaymentId: string }[]>`SELECT id, "providerPaymentId" FROM "Donation" WHERE "providerPaymentId" = ANY(${missing}::text[])`;
    for (const h of held) heldBy.set(h.providerPaymentId, h.id);
  }
  return { donations, heldBy };
}

async function applyInTransaction(tx: Db, event: ProviderEvent, after: AfterCommit, batch?: Batch): Promise<EventResult> {
  // The claim: a unique row per provider event (a batch claimed all of its events at its start).
  const claimed = batch
    ? batch.fresh.delete(eventKey(event))
    : (await tx.paymentEvent.createMany({ data: [{ provider: event.provider, eventId: event.eventId, type: event.type, result: "processing" }], skipDuplicates: true })).count > 0;
  if (!claimed) return "duplicate";
  const payable = event.kind === "ignored" ? undefined : await resolvePayable(tx, event);
  // Only donations' payments wait for the batch's postings; anything else (a refund of a donation
  // the batch just settled, a shop payment) finds the ledger as posting one by one would leave it.
  const shop = payable?.kind === "shop_checkout";
  if (batch && (shop || event.kind !== "payment_succeeded")) {
    await batch.postings.flush(tx);
    batch.goals.clear();
  }
  // A refund or a shop payment may change donations the batch read ahead: read them again after it.
  if (batch && (shop || event.kind === "refund_succeeded" || event.kind === "refund_failed")) batch.donations.clear();
  const result: Applied = shop ? await applyShopEvent(tx, event, payable.id, after) : await apply(tx, payable?.kind === "donation" && !event.donationId ? { ...event, donationId: payable.id } : event, after, batch);
  if (batch) batch.recorded.push({ provider: event.provider, eventId: event.eventId, result: result.result, donationId: result.donationId ?? null, checkoutId: result.checkoutId ?? null });
  else {
    await tx.paymentEvent.update({
      where: { provider_eventId: { provider: event.provider, eventId: event.eventId } },
      data: { result: result.result, donationId: result.donationId ?? null, checkoutId: result.checkoutId ?? null, processedAt: new Date() },
    });
  }
  return result.result;
}

/**
 * The goal check inside a settlement sees only committed donations and its own: two settlements of
 * one campaign committing side by side (two inbox loops, two webhook requests) can each find the
 * goal short while together they reach it. So a settlement that found it short checks again once
 * it has committed — whichever of the two commits last then sees both. Once per campaign per
 * transaction; a crash before the recheck leaves it to the campaign's next settlement.
 */
const goalRechecks = new WeakMap<AfterCommit, Set<string>>();
function recheckGoalAfterCommit(after: AfterCommit, campaignId: string) {
  let queued = goalRechecks.get(after);
  if (!queued) goalRechecks.set(after, (queued = new Set()));
  if (queued.has(campaignId)) return;
  queued.add(campaignId);
  // One query while the goal is still short (the usual answer); a transaction only to mark it.
  after.push(async () => {
    if ((await markFundedWhenGoalReached(prisma, campaignId, { dryRun: true })) === "funded") await inTransaction(prisma, (tx) => markFundedWhenGoalReached(tx, campaignId));
  });
}

/** A transaction about to run again: what it queued for after its commit is queued anew. */
function forgetAfterCommit(after: AfterCommit) {
  after.splice(0);
  goalRechecks.delete(after);
}

async function runAfterCommit(after: AfterCommit, events: ProviderEvent[]) {
  for (const work of after) {
    await work().catch((e: unknown) => logger().warn(`after payment event${events.length === 1 ? ` ${events[0]!.eventId}` : `s (${events.length})`}: ${(e as Error).message} (left for the jobs)`));
  }
}

/**
 * What the event pays for: the metadata we sent with the checkout or refund; failing that, the
 * session or refund it names, looked up among donations first, then shop checkouts.
 */
async function resolvePayable(tx: Db, event: ProviderEvent): Promise<PayableRef | undefined> {
  if (event.payable) return event.payable;
  if (event.donationId) return { kind: "donation", id: event.donationId };
  if (event.kind === "refund_succeeded" || event.kind === "refund_failed") {
    const where = event.refundId ? { id: event.refundId } : event.providerRefundId ? { providerRefundId: event.providerRefundId } : null;
    if (where && !(await tx.refund.findUnique({ where, select: { id: true } }))) {
      const orderRefund = await tx.orderRefund.findUnique({ where, select: { order: { select: { checkoutId: true } } } });
      if (orderRefund) return { kind: "shop_checkout", id: orderRefund.order.checkoutId };
    }
    return undefined;
  }
  if (event.sessionId && !(await tx.donation.findUnique({ where: { providerSessionId: event.sessionId }, select: { id: true } }))) {
    const checkoutId = await checkoutIdForSession(tx, event.sessionId);
    if (checkoutId) return { kind: "shop_checkout", id: checkoutId };
  }
  return undefined;
}

type Applied = { result: EventResult; donationId?: string; checkoutId?: string };

/**
 * lockFrozenState, once per campaign or fund in a batch: its locks (a suspension waits for them)
 * hold until the batch commits, so what it read stays true for the batch's later events.
 */
async function frozenState(tx: Db, t: { campaignId: string | null; fundId: string | null }, batch?: Batch) {
  if (!batch) return lockFrozenState(tx, t);
  const key = t.campaignId ? `c:${t.campaignId}` : t.fundId ? `f:${t.fundId}` : "";
  if (batch.frozen.has(key)) return batch.frozen.get(key)!;
  const state = await lockFrozenState(tx, t);
  batch.frozen.set(key, state);
  return state;
}

async function findAndLockDonation(tx: Db, event: ProviderEvent, batch?: Batch): Promise<LockedDonation | null> {
  // Read ahead with the batch, unless an earlier event of it read that donation or recorded that
  // payment id (then read again: the rows are locked already, what changed is in the database).
  const ahead = event.donationId ? batch?.donations.get(event.donationId) : undefined;
  if (ahead && batch && !batch.touched.has(ahead.id) && !(event.paymentId && batch.paymentsSet.has(event.paymentId))) {
    batch.touched.add(ahead.id);
    return { ...ahead, paymentHeldBy: (event.paymentId && batch.heldBy.get(event.paymentId)) || null };
  }
  const row = await lockDonation(tx, event);
  if (row) batch?.touched.add(row.id);
  return row;
}

async function lockDonation(tx: Db, event: ProviderEvent): Promise<LockedDonation | null> {
  let id = event.donationId;
  if (!id && event.sessionId) id = (await tx.donation.findUnique({ where: { providerSessionId: event.sessionId }, select: { id: true } }))?.id;
  if (!id) return null;
  // Locked and read in one round trip (a rush settles hundreds a second), with the donation (if
  // any) that already holds the event's payment id.
  const rows = await tx.$queryRaw<LockedDonation[]>`
    SELECT id, "orgId", status::text AS status, "amountFen", currency, provider::text AS provider, "providerSessionId", "campaignId", "fundId", "donorUserId", "donorName", anonymous, "monthlyGiftId",
      (SELECT p.id FROM "Donation" p WHERE p."providerPaymentId" = ${event.paymentId ?? null}) AS "paymentHeldBy"
    FROM "Donation" WHERE id = ${id} FOR UPDATE`;
  const row = rows[0];
  return row ? { ...row, amountFen: BigInt(row.amountFen) } : null;
}

type LockedDonation = {
  id: string;
  orgId: string;
  status: DonationStatus;
  amountFen: bigint;
  currency: string;
  provider: PaymentProviderName;
  providerSessionId: string | null;
  campaignId: string | null;
  fundId: string | null;
  donorUserId: string | null;
  donorName: string;
  anonymous: boolean;
  monthlyGiftId: string | null;
  /** The donation whose providerPaymentId is the event's payment id, if one is. */
  paymentHeldBy: string | null;
};

async function apply(tx: Db, event: ProviderEvent, after: AfterCommit, batch?: Batch): Promise<Applied> {
  const postings = batch?.postings;
  if (event.kind === "ignored") return { result: "ignored" };
  if (event.kind === "refund_succeeded" || event.kind === "refund_failed") return applyRefund(tx, event);
  const donation = await findAndLockDonation(tx, event, batch);
  if (!donation || donation.provider !== event.provider) return { result: "unknown_donation" };
  const donationId = donation.id;
  // The event must be about this donation's checkout session.
  if (event.sessionId && donation.providerSessionId && event.sessionId !== donation.providerSessionId) return { result: "session_mismatch", donationId };
  const settled = donation.status === "PAID" || donation.status === "PARTLY_REFUNDED" || donation.status === "REFUNDED";

  if (event.kind === "payment_failed" || event.kind === "checkout_expired") {
    // Out of order or late: once paid, a failure/expiry changes nothing.
    if (donation.status !== "PENDING") return { result: "no_change", donationId };
    await tx.donation.update({ where: { id: donationId }, data: { status: event.kind === "payment_failed" ? "FAILED" : "CANCELLED" } });
    return { result: event.kind === "payment_failed" ? "failed" : "cancelled", donationId };
  }

  // payment_succeeded
  if (settled) return { result: "already_recorded", donationId };
  if (event.amountFen === undefined || event.amountFen !== donation.amountFen || (event.currency ?? "").toUpperCase() !== donation.currency) {
    return { result: "amount_mismatch", donationId };
  }
  if (!event.paymentId) return { result: "amount_mismatch", donationId };
  if (donation.paymentHeldBy && donation.paymentHeldBy !== donationId) return { result: "payment_reused", donationId };

  // Money arrived: it is recorded even if the checkout had been marked expired/failed meanwhile.
  // For a frozen (suspended) campaign or fund it is held: on the books, not spendable, not counted
  // towards the goal, until staff release or refund it (freeze.server.ts).
  const paidAt = event.occurredAt;
  const state = await frozenState(tx, donation, batch);
  const frozen = state?.frozen ?? false;
  const heldAt = frozen ? new Date() : null;
  batch?.paymentsSet.add(event.paymentId);
  await tx.donation.update({
    where: { id: donationId },
    data: {
      status: "PAID",
      providerPaymentId: event.paymentId,
      providerSessionId: donation.providerSessionId ?? event.sessionId ?? null,
      paidAt,
      heldAt,
      receiptCode: newReceiptCode(),
      // The payer account's hash, for the matching's 套捐 signals.
      ...(event.payerRef ? { payerHash: payerSignal(event.payerRef) } : {}),
    },
  });
  // Matching funds (配捐, ADR 020): the donation's match under the campaign's pledges, or a flag for staff.
  await matchSettledDonation(tx, { donationId, settled: { campaignId: donation.campaignId, paidAt, held: heldAt !== null }, pledgeless: batch?.pledgeless });
  if (donation.donorUserId) {
    await notify(tx, donation.donorUserId, "funding.donationPaid", { amount: (Number(donation.amountFen) / 100).toFixed(2) }, `/me/donations`);
  }
  // A month of a monthly gift (月捐): its charge is paid and a past-due gift active again.
  if (donation.monthlyGiftId) await settleMonthlyCharge(tx, donationId);
  if (heldAt) {
    await recordAudit({ actorId: null, action: "donation.held", entityType: "Donation", entityId: donationId, orgId: donation.orgId, reason: "payment arrived while suspended", after: { amountFen: donation.amountFen.toString(), campaignId: donation.campaignId, fundId: donation.fundId, eventId: event.eventId } }, tx);
  } else if (donation.campaignId) {
    const goal = await markFundedWhenGoalReached(tx, donation.campaignId, { postingFen: donation.amountFen + (postings?.deferredFen(donation.campaignId) ?? 0n), goals: batch?.goals });
    if (goal === "short") recheckGoalAfterCommit(after, donation.campaignId);
  }
  // The DONATION last: posting it updates the statistics rows every donation of the day shares
  // (the ledger's statistics triggers), whose lock is held until commit — the fewer statements
  // after it, the more settlements a second (a rush settles one campaign's donations at once).
  // In a batch, collected and posted with the others at its end (the statistics rows locked then).
  const posting = { donationId, campaignId: donation.campaignId, fundId: donation.fundId, amountFen: donation.amountFen, provider: donation.provider, occurredAt: paidAt, donorName: donation.anonymous ? null : donation.donorName, target: state?.target };
  if (postings) await postings.donation(tx, posting);
  else await postDonation(tx, posting);
  if (event.feeFen && event.feeFen > 0n) {
    const fee = { donationId, campaignId: donation.campaignId, fundId: donation.fundId, feeFen: event.feeFen, provider: donation.provider, occurredAt: paidAt, target: state?.target };
    if (postings) await postings.fee(tx, fee);
    else await postFee(tx, fee);
  }
  return { result: heldAt ? "held" : "recorded", donationId };
}

/** A refund the provider settled after answering "pending" (or after we gave up on the call). */
async function applyRefund(tx: Db, event: ProviderEvent): Promise<Applied> {
  const where = event.refundId ? { id: event.refundId } : event.providerRefundId ? { providerRefundId: event.providerRefundId } : null;
  const refund = where && (await tx.refund.findUnique({ where, select: { id: true, donationId: true, amountFen: true, donation: { select: { provider: true } } } }));
  if (!refund || refund.donation.provider !== event.provider) return { result: "refund_unknown" };
  if (event.amountFen !== undefined && event.amountFen !== refund.amountFen) return { result: "amount_mismatch", donationId: refund.donationId };
  const outcome =
    event.kind === "refund_succeeded" ? await completeRefund(refund.id, event.providerRefundId ?? null, null, tx) : await failRefund(refund.id, event.providerRefundId ?? null, tx, `${event.provider} ${event.type}`);
  const result: EventResult =
    outcome === "completed" ? "refund_completed"
    : outcome === "already" ? "refund_already"
    : outcome === "failed" ? "refund_failed"
    : outcome === "needs_attention" ? "refund_needs_attention"
    : outcome === "no_change" ? "no_change"
    : "refund_unknown";
  return { result, donationId: refund.donationId };
}
