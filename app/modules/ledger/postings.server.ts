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
import { accountBalance, ensureAccount, ensureAccounts, lockAccount } from "./accounts.server";
import { postTransaction } from "./post.server";
import { resolveTarget, type Target } from "./targets.server";

type TargetRef = { campaignId?: string | null; fundId?: string | null };

/** `target`: the campaign/fund as the caller already read it (lockFrozenState), else it is looked up. */
export async function postDonation(db: Db, d: TargetRef & { donationId: string; amountFen: bigint; provider: PaymentProviderName; occurredAt: Date; donorName?: string | null; target?: Target }) {
  const target = d.target ?? (await resolveTarget(db, d));
  const [source, holding] = await ensureAccounts(db, [{ kind: "PROVIDER_CLEARING", provider: d.provider }, target.accountSpec]);
  return postTransaction(db, {
    kind: "DONATION",
    amountFen: d.amountFen,
    occurredAt: d.occurredAt,
    idempotencyKey: `donation:${d.donationId}`,
    ...targetColumns(target),
    donationId: d.donationId,
    provider: d.provider,
    donorName: d.donorName ?? null,
    entries: [
      { accountId: source, amountFen: -d.amountFen },
      { accountId: holding, amountFen: d.amountFen },
    ],
  });
}

export async function postFee(db: Db, d: TargetRef & { donationId: string; feeFen: bigint; provider: PaymentProviderName; occurredAt: Date; target?: Target }) {
  const target = d.target ?? (await resolveTarget(db, d));
  const [holding, fees] = await ensureAccounts(db, [target.accountSpec, { kind: "PROVIDER_FEES", provider: d.provider }]);
  return postTransaction(db, {
    kind: "FEE",
    amountFen: d.feeFen,
    occurredAt: d.occurredAt,
    idempotencyKey: `fee:${d.donationId}`,
    ...targetColumns(target),
    donationId: d.donationId,
    provider: d.provider,
    entries: [
      { accountId: holding, amountFen: -d.feeFen },
      { accountId: fees, amountFen: d.feeFen },
    ],
  });
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
