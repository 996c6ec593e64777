/**
 * The movements of money, each one balanced transaction. Callers pass their transaction client so
 * the posting commits with the business row it accounts for.
 *
 *   DONATION          PROVIDER_CLEARING:<p>  −x   campaign/fund  +x
 *   OFFLINE_DONATION  OFFLINE_RECEIPTS       −x   campaign/fund  +x   (offline.server.ts)
 *   REFUND            campaign/fund          −x   REFUNDS        +x   (reverses the DONATION)
 *   FEE               campaign/fund          −x   PROVIDER_FEES:<p> +x
 *   DISBURSEMENT      campaign/fund          −x   DISBURSED:<org> +x
 *                     (a campaign's: own account −a, MATCHED:<campaign> −m, DISBURSED +a+m; own money first)
 */
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { Prisma } from "~/generated/prisma/client";
import type { PaymentProviderName } from "~/generated/prisma/enums";
import { accountBalance, accountKey, ensureAccount, ensureAccounts, lockAccount, type AccountSpec } from "./accounts.server";
import { postTransaction, postTransactions, type TransactionInput } from "./post.server";
import { resolveTarget, type Target } from "./targets.server";

type TargetRef = { campaignId?: string | null; fundId?: string | null };

type DonationPostingInput = TargetRef & { donationId: string; amountFen: bigint; provider: PaymentProviderName; occurredAt: Date; donorName?: string | null; target?: Target };
type FeePostingInput = TargetRef & { donationId: string; feeFen: bigint; provider: PaymentProviderName; occurredAt: Date; target?: Target };

/** A posting whose accounts are named by spec, found or made when it is posted (postPlanned). */
export type PlannedPosting = Omit<TransactionInput, "entries"> & { entries: { account: AccountSpec; amountFen: bigint }[] };

async function planDonation(db: Db, d: DonationPostingInput): Promise<PlannedPosting> {
  const target = d.target ?? (await resolveTarget(db, d));
  return {
    kind: "DONATION",
    amountFen: d.amountFen,
    occurredAt: d.occurredAt,
    idempotencyKey: `donation:${d.donationId}`,
    ...targetColumns(target),
    donationId: d.donationId,
    provider: d.provider,
    donorName: d.donorName ?? null,
    entries: [
      { account: { kind: "PROVIDER_CLEARING", provider: d.provider }, amountFen: -d.amountFen },
      { account: target.accountSpec, amountFen: d.amountFen },
    ],
  };
}

async function planFee(db: Db, d: FeePostingInput): Promise<PlannedPosting> {
  const target = d.target ?? (await resolveTarget(db, d));
  return {
    kind: "FEE",
    amountFen: d.feeFen,
    occurredAt: d.occurredAt,
    idempotencyKey: `fee:${d.donationId}`,
    ...targetColumns(target),
    donationId: d.donationId,
    provider: d.provider,
    entries: [
      { account: target.accountSpec, amountFen: -d.feeFen },
      { account: { kind: "PROVIDER_FEES", provider: d.provider }, amountFen: d.feeFen },
    ],
  };
}

/** `target`: the campaign/fund as the caller already read it (lockFrozenState), else it is looked up. */
export async function postDonation(db: Db, d: DonationPostingInput) {
  return postPlanned(db, [await planDonation(db, d)]).then((r) => r[0]!);
}

export async function postFee(db: Db, d: FeePostingInput) {
  return postPlanned(db, [await planFee(db, d)]).then((r) => r[0]!);
}

/**
 * Donations and fees settled together (the payment inbox's batches, issue 16.6): collected while the
 * batch's events are applied, then posted in one go — their accounts found in one query, the
 * transactions in one INSERT and their entries in another — so the statistics triggers on the
 * ledger run once for the batch, and the day's statistics rows every donation shares are locked
 * from that INSERT to the commit instead of from the batch's first settlement.
 * `deferredFen(campaignId)`: what the collected donations add to a campaign, for the goal check of
 * a settlement made before they are posted (markFundedWhenGoalReached's `postingFen`).
 */
export class PostingBatch {
  private planned: PlannedPosting[] = [];
  private byCampaign = new Map<string, bigint>();

  async donation(db: Db, d: DonationPostingInput) {
    const p = await planDonation(db, d);
    this.planned.push(p);
    if (p.campaignId) this.byCampaign.set(p.campaignId, (this.byCampaign.get(p.campaignId) ?? 0n) + p.amountFen);
  }

  async fee(db: Db, d: FeePostingInput) {
    this.planned.push(await planFee(db, d));
  }

  deferredFen(campaignId: string): bigint {
    return this.byCampaign.get(campaignId) ?? 0n;
  }

  /** Posts what was collected, in the order collected; the batch is empty afterwards. */
  async flush(db: Db) {
    const planned = this.planned;
    this.planned = [];
    this.byCampaign.clear();
    if (planned.length) await postPlanned(db, planned);
  }
}

/** Finds or makes every account the postings name (one query when they exist), then posts them together. */
async function postPlanned(db: Db, planned: PlannedPosting[]) {
  const specs = new Map<string, AccountSpec>();
  for (const p of planned) for (const e of p.entries) specs.set(accountKey(e.account), e.account);
  const keys = [...specs.keys()];
  const ids = await ensureAccounts(db, [...specs.values()]);
  const idOf = new Map(keys.map((k, i) => [k, ids[i]!]));
  const inputs: TransactionInput[] = planned.map(({ entries, ...rest }) => ({ ...rest, entries: entries.map((e) => ({ accountId: idOf.get(accountKey(e.account))!, amountFen: e.amountFen })) }));
  return inputs.length === 1 ? [await postTransaction(db, inputs[0]!)] : postTransactions(db, inputs);
}

/**
 * Locks the holding account and returns its balance; money may leave only while the lock is held.
 * NO KEY UPDATE (not UPDATE) so that donations crediting the account meanwhile are not blocked.
 * `exceptHeldDonationId`: a staff refund of that held payment may use the payment's own hold.
 */
export async function lockedBalance(db: Db, t: TargetRef & { orgId?: string }, opts: { exceptRefundId?: string; exceptHeldDonationId?: string } = {}) {
  const target = await resolveTarget(db, t);
  const accountId = await ensureAccount(db, target.accountSpec);
  await lockAccount(db, accountId);
  const balance = await accountBalance(db, accountId);
  const reservedFen = await reservedForRefunds(db, target, opts.exceptRefundId, opts.exceptHeldDonationId);
  return { target, accountId, balance, reservedFen, available: balance - reservedFen };
}

/**
 * Money in the account that may not be spent:
 * - promised back to donors and not refunded yet: PENDING refunds of the target's donations without
 *   their REFUND transaction. It stays in the account until the provider confirms (then the REFUND
 *   is posted) or refuses (then it is free again);
 * - held payments (Donation.heldAt: arrived while the campaign/fund was suspended) until staff
 *   release them: what is left of each after its refunds, booked or pending (the pending part is
 *   already counted above).
 * Read under the account lock (lockedBalance), as every refund request takes that lock too.
 */
/** A refund `r` that holds money: asked for, and neither refused nor booked yet. */
export const RESERVED = Prisma.sql`r.status = 'PENDING' AND NOT EXISTS (SELECT 1 FROM "LedgerTransaction" x WHERE x."refundId" = r.id)`;
/** What a held donation `d` still holds beyond its reserved refunds. */
const HELD = Prisma.sql`d."amountFen" - d."refundedFen" - coalesce((SELECT sum(r."amountFen") FROM "Refund" r WHERE r."donationId" = d.id AND ${RESERVED}), 0)`;
const IS_HELD = Prisma.sql`d."heldAt" IS NOT NULL AND d.status IN ('PAID', 'PARTLY_REFUNDED')`;

export async function reservedForRefunds(db: Db, target: Pick<Target, "campaignId" | "fundId">, exceptRefundId?: string, exceptHeldDonationId?: string): Promise<bigint> {
  if (!target.campaignId && !target.fundId) return 0n;
  const rows = await db.$queryRaw<{ fen: bigint }[]>`
    SELECT (
      (SELECT coalesce(sum(r."amountFen"), 0)
       FROM "Refund" r JOIN "Donation" d ON d.id = r."donationId"
       WHERE ${RESERVED} AND r.id <> ${exceptRefundId ?? ""}
         AND (d."campaignId" = ${target.campaignId ?? ""} OR d."fundId" = ${target.fundId ?? ""}))
      +
      (SELECT coalesce(sum(${HELD}), 0)
       FROM "Donation" d
       WHERE ${IS_HELD} AND d.id <> ${exceptHeldDonationId ?? ""}
         AND (d."campaignId" = ${target.campaignId ?? ""} OR d."fundId" = ${target.fundId ?? ""}))
    )::bigint AS fen`;
  return rows[0]?.fen ?? 0n;
}

/** reservedForRefunds for every campaign and fund of an organization at once (for listings). */
export async function reservedForRefundsByTarget(db: Db, orgId: string) {
  const rows = await db.$queryRaw<{ campaignId: string | null; fundId: string | null; fen: bigint }[]>`
    SELECT "campaignId", "fundId", sum(fen)::bigint AS fen FROM (
      SELECT d."campaignId", d."fundId", r."amountFen" AS fen
      FROM "Refund" r JOIN "Donation" d ON d.id = r."donationId"
      WHERE ${RESERVED} AND d."orgId" = ${orgId}
      UNION ALL
      SELECT d."campaignId", d."fundId", ${HELD} AS fen
      FROM "Donation" d WHERE ${IS_HELD} AND d."orgId" = ${orgId}
    ) held
    GROUP BY 1, 2`;
  const reserved = new Map<string, bigint>();
  for (const r of rows) reserved.set(r.campaignId ? `campaign:${r.campaignId}` : `fund:${r.fundId}`, r.fen);
  return reserved;
}

/**
 * Posts a refund the provider has confirmed. The refund's own reservation is part of the balance
 * it is checked against; other pending refunds are not.
 */
export async function postRefund(db: Db, d: TargetRef & { donationId: string; refundId: string; amountFen: bigint; provider: PaymentProviderName; occurredAt: Date; createdById?: string | null }) {
  const original = await db.ledgerTransaction.findUnique({ where: { idempotencyKey: `donation:${d.donationId}` }, select: { id: true } });
  if (!original) throw new AppError("funding.errors.notRefundable", 409);
  const { target, accountId, available } = await lockedBalance(db, d, { exceptRefundId: d.refundId });
  if (d.amountFen > available) throw new AppError("funding.errors.refundExceedsBalance", 409, { balance: available.toString() });
  const refunds = await ensureAccount(db, { kind: "REFUNDS" });
  return postTransaction(db, {
    kind: "REFUND",
    amountFen: d.amountFen,
    occurredAt: d.occurredAt,
    idempotencyKey: `refund:${d.refundId}`,
    ...targetColumns(target),
    donationId: d.donationId,
    refundId: d.refundId,
    reversesId: original.id,
    provider: d.provider,
    createdById: d.createdById ?? null,
    entries: [
      { accountId, amountFen: -d.amountFen },
      { accountId: refunds, amountFen: d.amountFen },
    ],
  });
}

/**
 * Caller must hold the lock from lockedBalance() in the same transaction and have checked the balance.
 * `matched`: the part paid from the campaign's matched money (ADR 020), under the lock from
 * lockedMatchedBalance(); the rest comes from the campaign's own account. One transaction either way.
 */
export async function postDisbursement(db: Db, d: { target: Target; accountId: string; disbursementId: string; amountFen: bigint; occurredAt: Date; createdById: string; matched?: { accountId: string; amountFen: bigint } | null }) {
  const sink = await ensureAccount(db, { kind: "DISBURSED", orgId: d.target.orgId });
  const fromMatched = d.matched?.amountFen ?? 0n;
  if (fromMatched < 0n || fromMatched > d.amountFen) throw new AppError("funding.errors.ledgerUnbalanced", 500);
  const own = d.amountFen - fromMatched;
  return postTransaction(db, {
    kind: "DISBURSEMENT",
    amountFen: d.amountFen,
    occurredAt: d.occurredAt,
    idempotencyKey: `disbursement:${d.disbursementId}`,
    ...targetColumns(d.target),
    disbursementId: d.disbursementId,
    createdById: d.createdById,
    entries: [
      ...(own > 0n ? [{ accountId: d.accountId, amountFen: -own }] : []),
      ...(fromMatched > 0n ? [{ accountId: d.matched!.accountId, amountFen: -fromMatched }] : []),
      { accountId: sink, amountFen: d.amountFen },
    ],
  });
}

function targetColumns(t: Target) {
  return { orgId: t.orgId, districtCode: t.districtCode, campaignId: t.campaignId, fundId: t.fundId };
}
