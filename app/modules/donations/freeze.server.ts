/**
 * Suspension freezes money (#11.3). A campaign or fund is frozen while it is SUSPENDED, or while its
 * organization is SUSPENDED or REVOKED. Frozen means:
 * - no new donation starts, and open checkout sessions are expired at the provider;
 * - a payment that arrives anyway is recorded (the money did move) but held: Donation.heldAt, kept
 *   out of what can be spent, until staff release or refund it;
 * - the organization can neither disburse nor refund; staff may refund.
 *
 * Every money path reads the frozen state under a row lock (FOR KEY SHARE on the campaign/fund,
 * FOR SHARE on the organization); suspending takes FOR UPDATE on the campaign/fund row, so a
 * suspension and a disbursement are serialised and the loser sees the winner's result.
 */
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { providerFor } from "~/modules/payments/payments.server";
import { ProviderError } from "~/modules/payments/provider";
import { markFundedWhenGoalReached } from "~/modules/campaigns/goal.server";
import { logger } from "~/utils/logger.server";
import type { Target } from "~/modules/ledger/targets.server";

export type TargetRef = { campaignId?: string | null; fundId?: string | null };

const FROZEN_ORG = ["SUSPENDED", "REVOKED"];

export type FrozenState = { orgId: string; status: string; orgStatus: string; frozen: boolean; target: Target };

/**
 * The campaign's or fund's status and its organization's, read under a lock that a suspension has
 * to wait for (and that waits for a suspension in progress). Null when the target does not exist.
 * `target`: the ledger's view of it (as resolveTarget gives), read in the same round trip for the
 * settlement that posts to it next.
 */
export async function lockFrozenState(db: Db, t: TargetRef): Promise<FrozenState | null> {
  let rows: { id: string; orgId: string; status: string; orgStatus: string; districtCode: string; title: string }[];
  if (t.campaignId) {
    rows = await db.$queryRaw`SELECT c.id, c."orgId", c.status::text AS status, o.status::text AS "orgStatus", c."districtCode", c.title FROM "Campaign" c JOIN "Organization" o ON o.id = c."orgId" WHERE c.id = ${t.campaignId} FOR KEY SHARE OF c FOR SHARE OF o`;
  } else if (t.fundId) {
    rows = await db.$queryRaw`SELECT f.id, f."orgId", f.status::text AS status, o.status::text AS "orgStatus", o."districtCode", f.name AS title FROM "Fund" f JOIN "Organization" o ON o.id = f."orgId" WHERE f.id = ${t.fundId} FOR KEY SHARE OF f FOR SHARE OF o`;
  } else return null;
  const row = rows[0];
  if (!row) return null;
  const { id, districtCode, title, ...state } = row;
  const target: Target = t.campaignId
    ? { orgId: row.orgId, districtCode, campaignId: id, fundId: null, title, accountSpec: { kind: "CAMPAIGN", campaignId: id, orgId: row.orgId } }
    : { orgId: row.orgId, districtCode, campaignId: null, fundId: id, title, accountSpec: { kind: "FUND", fundId: id, orgId: row.orgId } };
  return { ...state, frozen: row.status === "SUSPENDED" || FROZEN_ORG.includes(row.orgStatus), target };
}

/** Whether a campaign or fund with this status, of an organization with this status, is frozen. */
export const frozenStatus = (status: string, orgStatus: string) => status === "SUSPENDED" || FROZEN_ORG.includes(orgStatus);

/** Whether a target is frozen, without a lock (for pages and the first check of a donation). */
export async function isFrozen(t: TargetRef, db: Db = prisma): Promise<boolean> {
  if (t.campaignId) {
    const c = await db.campaign.findUnique({ where: { id: t.campaignId }, select: { status: true, org: { select: { status: true } } } });
    return Boolean(c && (c.status === "SUSPENDED" || FROZEN_ORG.includes(c.org.status)));
  }
  if (t.fundId) {
    const f = await db.fund.findUnique({ where: { id: t.fundId }, select: { status: true, org: { select: { status: true } } } });
    return Boolean(f && (f.status === "SUSPENDED" || FROZEN_ORG.includes(f.org.status)));
  }
  return false;
}

/** Locks the campaign/fund row for a status change (the counterpart of lockFrozenState). */
export async function lockTargetForUpdate(db: Db, t: TargetRef) {
  if (t.campaignId) await db.$queryRaw`SELECT id FROM "Campaign" WHERE id = ${t.campaignId} FOR UPDATE`;
  else if (t.fundId) await db.$queryRaw`SELECT id FROM "Fund" WHERE id = ${t.fundId} FOR UPDATE`;
}

/**
 * Expires at the provider every open checkout of the suspended campaign, fund or organization, and
 * cancels the donation when the provider confirms. Runs after the suspension has committed (no
 * network call inside a transaction); a session the provider cannot expire (already paid, or the
 * provider unreachable) stays PENDING, and its payment, if one comes, is held.
 */
export async function expireOpenCheckouts(t: { campaignId?: string; fundId?: string; orgId?: string }) {
  const where = t.campaignId ? { campaignId: t.campaignId } : t.fundId ? { fundId: t.fundId } : t.orgId ? { orgId: t.orgId } : null;
  const outcome = { expired: 0, notOpen: 0, failed: 0 };
  if (!where) return outcome;
  const open = await prisma.donation.findMany({ where: { ...where, status: "PENDING", providerSessionId: { not: null } }, select: { id: true, provider: true, merchantAccountId: true, providerSessionId: true }, take: 5000 });
  for (const d of open) {
    try {
      const result = await (await providerFor(d)).expireCheckout(d.providerSessionId!);
      if (result === "expired") {
        await prisma.donation.updateMany({ where: { id: d.id, status: "PENDING" }, data: { status: "CANCELLED" } });
        outcome.expired++;
      } else outcome.notOpen++;
    } catch (e) {
      if (!(e instanceof ProviderError) && !(e instanceof AppError)) throw e;
      logger().warn(`checkout ${d.providerSessionId} could not be expired: ${e.message}`);
      outcome.failed++;
    }
  }
  return outcome;
}

/** Held payments of a campaign or fund, for staff. */
export async function heldDonations(t: TargetRef) {
  const rows = await prisma.donation.findMany({
    where: { ...(t.campaignId ? { campaignId: t.campaignId } : { fundId: t.fundId ?? "-" }), heldAt: { not: null }, status: { in: ["PAID", "PARTLY_REFUNDED"] } },
    select: { id: true, donorName: true, anonymous: true, amountFen: true, refundedFen: true, status: true, paidAt: true, heldAt: true, receiptCode: true, refunds: { where: { status: "PENDING" }, select: { amountFen: true } } },
    orderBy: { heldAt: "asc" },
    take: 200,
  });
  return rows.map(({ refunds, anonymous, ...d }) => ({
    ...d,
    // Anonymous donors stay anonymous to staff too (ADR 006).
    donorName: anonymous ? null : d.donorName,
    amountFen: d.amountFen.toString(),
    refundedFen: d.refundedFen.toString(),
    pendingRefundFen: refunds.reduce((s, r) => s + r.amountFen, 0n).toString(),
    paidAt: d.paidAt?.toISOString() ?? null,
    heldAt: d.heldAt!.toISOString(),
  }));
}

/**
 * Staff release a held payment: it counts from now on like any other (donor wall, goal, spendable
 * once the campaign/fund is no longer frozen). Audited with the reason.
 */
export async function releaseHeldDonation(input: { donationId: string; staffId: string; reason: string; campaignId?: string; fundId?: string }) {
  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Donation" WHERE id = ${input.donationId} FOR UPDATE`;
    if (!locked.length) throw new AppError("errors.http.404", 404);
    const d = await tx.donation.findUniqueOrThrow({ where: { id: input.donationId }, select: { id: true, orgId: true, campaignId: true, fundId: true, heldAt: true, status: true, amountFen: true } });
    if ((input.campaignId && d.campaignId !== input.campaignId) || (input.fundId && d.fundId !== input.fundId)) throw new AppError("errors.http.404", 404);
    if (!d.heldAt || (d.status !== "PAID" && d.status !== "PARTLY_REFUNDED")) throw new AppError("freeze.errors.notHeld", 409);
    await tx.donation.update({ where: { id: d.id }, data: { heldAt: null } });
    await recordAudit({ actorId: input.staffId, action: "donation.released", entityType: "Donation", entityId: d.id, orgId: d.orgId, reason: input.reason, before: { heldAt: d.heldAt.toISOString() }, after: { amountFen: d.amountFen.toString() } }, tx);
    if (d.campaignId) await markFundedWhenGoalReached(tx, d.campaignId);
  });
}
