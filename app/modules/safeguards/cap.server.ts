/**
 * The cap on what one emergency campaign (急难众筹) may raise: staff's `capFen` when set, else its goal.
 *
 * What counts against the cap is what the ledger says was raised (net of refunds, as the campaign's
 * progress shows it) plus the PENDING donations started in the last CAP_RESERVATION_MINUTES: a
 * started checkout reserves its amount, so two donors cannot both pay the last yuan. The check is
 * made twice: once before anything is written (to offer the host's overflow fund), and again under
 * a FOR UPDATE lock on the campaign row in the same transaction that creates the pending donation,
 * which serialises concurrent donors.
 *
 * A payment that still arrives above the cap (a checkout older than the reservation, or paid after
 * the cap was lowered) is recorded by the settlement path as usual: the money moved.
 */
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { formatFen } from "~/utils/format";
import { recordAudit } from "~/modules/audit/audit.server";
import { deadlinePassed, fundAcceptsDonations } from "~/modules/campaigns/rules";
import { isFrozen } from "~/modules/donations/freeze.server";
import { MIN_DONATION_FEN } from "~/modules/donations/schema";
import { NET_RAISED } from "~/modules/ledger/balances.server";

/** How long a started, unpaid checkout keeps its amount reserved under the cap (Alipay's checkout lives 120 minutes). */
export const CAP_RESERVATION_MINUTES = 120;

export type CapFields = { kind: string; goalFen: bigint; capFen: bigint | null };

/** The cap of a campaign, or null when it has none (only emergency campaigns, or a staff-set cap). */
export function capOf(c: CapFields): bigint | null {
  if (c.capFen !== null && c.capFen > 0n) return c.capFen;
  return c.kind === "EMERGENCY" ? c.goalFen : null;
}

/** Raised (ledger, net of refunds) plus amounts reserved by recent pending checkouts. */
export async function countedAgainstCap(db: Db, campaignId: string, now = new Date()) {
  const since = new Date(now.getTime() - CAP_RESERVATION_MINUTES * 60_000);
  // One round trip (it runs under the campaign's row lock, which every donor of the campaign waits
  // for): totalsFor's netRaisedFen — raised − refunded, a reversed refund counting as raised again,
  // from the campaign's tallies (ADR 027) — and the amounts of recent pending checkouts.
  const rows = await db.$queryRaw<{ raised: bigint; reserved: bigint }[]>`
    SELECT
      (SELECT ${NET_RAISED} FROM "LedgerOwnerTally" WHERE "ownerKind" = 'CAMPAIGN' AND "ownerId" = ${campaignId}) AS raised,
      (SELECT coalesce(sum("amountFen"), 0)::bigint
       FROM "Donation" WHERE "campaignId" = ${campaignId} AND status = 'PENDING' AND "createdAt" > ${since}) AS reserved`;
  return { raisedFen: BigInt(rows[0]?.raised ?? 0n), reservedFen: BigInt(rows[0]?.reserved ?? 0n) };
}

/** The host's overflow fund when it can take a donation now (approved, active, same organization, not frozen). */
async function usableOverflowFund(c: { orgId: string; overflowFundId: string | null }) {
  if (!c.overflowFundId) return null;
  const f = await prisma.fund.findUnique({ where: { id: c.overflowFundId }, select: { id: true, orgId: true, name: true, status: true, approvedAt: true, org: { select: { status: true, publicFundraising: true } } } });
  if (!f || f.orgId !== c.orgId || !f.approvedAt || !fundAcceptsDonations(f)) return null;
  if (await isFrozen({ fundId: f.id })) return null;
  return { id: f.id, name: f.name };
}

/** What the cap's rules read of a campaign (a page that has read them passes its row to capState: CapRow). */
const capSelect = { id: true, orgId: true, kind: true, goalFen: true, capFen: true, overflowFundId: true, status: true, deadline: true } as const;

export type CapRow = { id: string; orgId: string; kind: string; goalFen: bigint; capFen: bigint | null; overflowFundId: string | null; status: string; deadline: Date };

export type CapState = { capFen: string; raisedFen: string; remainingFen: string; full: boolean; overflow: { id: string; name: string } | null };

/** The cap as the public page and the host see it; null for a campaign without a cap. */
export async function capState(campaign: string | CapRow): Promise<CapState | null> {
  const c = typeof campaign === "string" ? await prisma.campaign.findUnique({ where: { id: campaign }, select: capSelect }) : campaign;
  if (!c) return null;
  const cap = capOf(c);
  if (cap === null) return null;
  const { raisedFen, reservedFen } = await countedAgainstCap(prisma, c.id);
  const remaining = cap - raisedFen - reservedFen;
  const full = remaining < MIN_DONATION_FEN;
  // The overflow is offered only while the campaign would otherwise be taking donations.
  const open = (c.status === "APPROVED" || c.status === "FUNDED") && !deadlinePassed(c.deadline);
  return { capFen: cap.toString(), raisedFen: raisedFen.toString(), remainingFen: (remaining > 0n ? remaining : 0n).toString(), full, overflow: full && open ? await usableOverflowFund(c) : null };
}

function capError(remaining: bigint) {
  if (remaining >= MIN_DONATION_FEN) {
    return new AppError("safeguards.errors.capRemaining", 409, { remaining: formatFen(remaining) }, { amount: "safeguards.errors.capRemainingShort" });
  }
  return new AppError("safeguards.errors.capReached", 409);
}

export type CapRedirect = { fundId: string; redirectedFromCampaignId: string; redirectConsentAt: Date };

/**
 * Decides, before anything is written, what a donation to a capped campaign becomes: null (it fits,
 * or the campaign has no cap — the locked re-check comes at creation); a refusal saying how much is
 * left when it would pass the cap partly; once the cap is reached, a redirect to the host's overflow
 * fund with the donor's explicit consent, or else a refusal.
 */
export async function capRedirect(campaignId: string, amountFen: bigint, consent: boolean): Promise<CapRedirect | null> {
  const c = await prisma.campaign.findUnique({ where: { id: campaignId }, select: capSelect });
  if (!c) return null;
  const cap = capOf(c);
  // Only a campaign that is (or was, until it reached its goal) taking donations; the rest is refused by the usual checks.
  if (cap === null || (c.status !== "APPROVED" && c.status !== "FUNDED") || deadlinePassed(c.deadline)) return null;
  const { raisedFen, reservedFen } = await countedAgainstCap(prisma, c.id);
  const remaining = cap - raisedFen - reservedFen;
  if (amountFen <= remaining) return null;
  // Partly over the cap: refused, saying what is left (a donation is never split).
  if (remaining >= MIN_DONATION_FEN) throw capError(remaining);
  const overflow = await usableOverflowFund(c);
  if (overflow && consent) return { fundId: overflow.id, redirectedFromCampaignId: c.id, redirectConsentAt: new Date() };
  if (overflow) throw new AppError("safeguards.errors.capReachedConsent", 409, { fund: overflow.name }, { redirectConsent: "safeguards.errors.consentRequired" });
  throw capError(remaining);
}

/**
 * Creates the pending donation of a capped campaign under a lock on the campaign row, re-counting
 * what the cap has left; without a campaign (a fund, or a redirected donation) it just creates.
 */
export async function createWithinCap<T>(campaignId: string | null | undefined, amountFen: bigint, create: (db: Db) => Promise<T>, known?: CapFields): Promise<T> {
  if (!campaignId) return create(prisma);
  // A campaign without a cap is read under FOR KEY SHARE: donors do not wait for one another, and
  // a staff member setting a cap (FOR UPDATE, setCampaignCap) waits for them, and they for it. One
  // that has a cap is locked FOR UPDATE, so its donors are counted one at a time. A cap set between
  // the two reads (rare) sends the donor round again, on the locking path.
  const attempt = (lock: "share" | "update") =>
    inTransaction(prisma, async (tx) => {
      const rows =
        lock === "update"
          ? await tx.$queryRaw<CapFields[]>`SELECT kind::text AS kind, "goalFen", "capFen" FROM "Campaign" WHERE id = ${campaignId} FOR UPDATE`
          : await tx.$queryRaw<CapFields[]>`SELECT kind::text AS kind, "goalFen", "capFen" FROM "Campaign" WHERE id = ${campaignId} FOR KEY SHARE`;
      const row = rows[0];
      const cap = row ? capOf(row) : null;
      if (cap !== null) {
        if (lock === "share") throw CAPPED;
        const { raisedFen, reservedFen } = await countedAgainstCap(tx, campaignId);
        const remaining = cap - raisedFen - reservedFen;
        if (amountFen > remaining) throw capError(remaining);
      }
      return create(tx);
    });
  // `known`: the caller's own read of these fields, just before (the donation's checks); else read here.
  const pre = known ?? (await prisma.$queryRaw<CapFields[]>`SELECT kind::text AS kind, "goalFen", "capFen" FROM "Campaign" WHERE id = ${campaignId}`)[0];
  if (pre && capOf(pre) !== null) return attempt("update");
  try {
    return await attempt("share");
  } catch (e) {
    if (e !== CAPPED) throw e;
    return attempt("update");
  }
}

/** Thrown out of the sharing path when the campaign turns out to have a cap (the transaction rolls back). */
const CAPPED = new Error("campaign has a cap: lock it for update");

/** Staff set or clear the cap of a campaign (audited with the reason). */
export async function setCampaignCap(campaignId: string, staffId: string, capFen: bigint | null, reason: string) {
  return inTransaction(prisma, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Campaign" WHERE id = ${campaignId} FOR UPDATE`;
    const c = await tx.campaign.findUnique({ where: { id: campaignId }, select: { id: true, orgId: true, capFen: true } });
    if (!c) throw new AppError("errors.http.404", 404);
    await tx.campaign.update({ where: { id: c.id }, data: { capFen, capSetById: capFen === null ? null : staffId } });
    await recordAudit({ actorId: staffId, action: capFen === null ? "campaign.capCleared" : "campaign.capSet", entityType: "Campaign", entityId: c.id, orgId: c.orgId, reason, before: { capFen: c.capFen?.toString() ?? null }, after: { capFen: capFen?.toString() ?? null } }, tx);
  });
}

/** The host (org:finance) chooses one of its own approved funds as the overflow fund, or none. */
export async function setOverflowFund(orgId: string, campaignId: string, actorId: string, fundId: string | null) {
  const c = await prisma.campaign.findUnique({ where: { id: campaignId }, select: { id: true, orgId: true, overflowFundId: true } });
  if (!c || c.orgId !== orgId) throw new AppError("errors.http.404", 404);
  if (fundId) {
    const f = await prisma.fund.findUnique({ where: { id: fundId }, select: { orgId: true, status: true, approvedAt: true } });
    if (!f || f.orgId !== orgId || !f.approvedAt || f.status !== "ACTIVE") throw new AppError("safeguards.errors.overflowFundInvalid", 400, {}, { overflowFundId: "safeguards.errors.overflowFundInvalid" });
  }
  await prisma.$transaction(async (tx) => {
    await tx.campaign.update({ where: { id: c.id }, data: { overflowFundId: fundId } });
    await recordAudit({ actorId, action: "campaign.overflowFundSet", entityType: "Campaign", entityId: c.id, orgId, before: { overflowFundId: c.overflowFundId }, after: { overflowFundId: fundId } }, tx);
  });
}

/** The host's funds that may be chosen as overflow fund. */
export async function overflowFundChoices(orgId: string) {
  return prisma.fund.findMany({ where: { orgId, status: "ACTIVE", approvedAt: { not: null } }, select: { id: true, name: true }, orderBy: { createdAt: "desc" } });
}

/** What the staff and host pages show of a campaign's safeguards. */
export async function campaignSafeguards(campaignId: string) {
  const c = await prisma.campaign.findUnique({ where: { id: campaignId }, select: capSelect });
  return { capSetFen: c?.capFen?.toString() ?? null, overflowFundId: c?.overflowFundId ?? null, cap: c ? await capState(c) : null };
}
