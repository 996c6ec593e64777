import { inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { assertOwnedByOrg } from "~/modules/organizations/ownership.server";
import { lockedBalance, postDisbursement } from "~/modules/ledger/postings.server";
import { lockedMatchedBalance, reservedMatchedForRefunds } from "~/modules/ledger/match-postings.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import type { UploadedFile } from "~/modules/files/files.server";
import { lockFrozenState } from "~/modules/donations/freeze.server";
import { lockTrancheToPay, markTranchePaid } from "~/modules/safeguards/tranches.server";
import { saveUpload } from "~/modules/files/uploads.server";

export type NewDisbursement = {
  orgId: string;
  campaignId?: string | null;
  fundId?: string | null;
  amountFen: bigint;
  date: Date;
  recipientMasked: string;
  purpose: string;
  evidence?: UploadedFile;
  actorId: string;
  /** Paid straight to a hospital, school or other institution (named), or to the beneficiary. */
  payeeKind?: "BENEFICIARY" | "HOSPITAL" | "SCHOOL" | "OTHER_INSTITUTION";
  payeeName?: string | null;
  /** The planned tranche this pays (safeguards/tranches.server.ts); its payee is the default. */
  trancheId?: string | null;
};

/** A suspended campaign is not spendable: its money waits for staff (freeze.server.ts). */
const SPENDABLE_CAMPAIGN = ["APPROVED", "FUNDED", "ENDED", "CLOSED"];

/**
 * Records money paid out of a campaign or fund. The campaign/fund row is locked against a
 * suspension, then the account row before its balance is read, so concurrent disbursements (and
 * refund requests) are serialised and together can never exceed the balance less what pending
 * refunds and held payments have reserved, and none passes a suspension committed before it.
 * A campaign's disbursement may also spend its matched money (ADR 020): its own money first, then
 * the MATCHED account (locked after the campaign account) less what pending refunds will take back
 * from the matches, both legs in one DISBURSEMENT transaction.
 */
export async function createDisbursement(input: NewDisbursement) {
  if (input.amountFen <= 0n) throw new AppError("funding.validation.amount", 400);
  if (Boolean(input.campaignId) === Boolean(input.fundId)) throw new AppError("funding.errors.oneTarget", 400);
  await assertOwnedByOrg(prisma, input.orgId, { campaignId: input.campaignId, fundId: input.fundId });
  return inTransaction(prisma, async (tx) => {
    const state = await lockFrozenState(tx, { campaignId: input.campaignId, fundId: input.fundId });
    if (!state || state.orgId !== input.orgId) throw new AppError("errors.http.404", 404);
    if (state.frozen) throw new AppError("freeze.errors.disbursementFrozen", 409);
    if (input.campaignId && !SPENDABLE_CAMPAIGN.includes(state.status)) throw new AppError("funding.errors.notPublished", 409);
    // Money reserved for refunds the provider has not confirmed yet is not spendable.
    const { target, accountId, available } = await lockedBalance(tx, { orgId: input.orgId, campaignId: input.campaignId, fundId: input.fundId });
    const own = available > 0n ? available : 0n;
    const matched = input.campaignId ? await lockedMatchedBalance(tx, input.campaignId) : { accountId: null, balance: 0n };
    const matchedFree = matched.accountId ? matched.balance - (await reservedMatchedForRefunds(tx, input.campaignId!)) : 0n;
    const spendable = own + (matchedFree > 0n ? matchedFree : 0n);
    if (input.amountFen > spendable) {
      throw new AppError("funding.errors.insufficientBalance", 409, { balance: (Number(spendable) / 100).toFixed(2) }, { amount: "funding.errors.insufficientBalance" });
    }
    const fromMatched = input.amountFen > own ? input.amountFen - own : 0n;
    const tranche = input.trancheId ? await lockTrancheToPay(tx, input.trancheId, input.campaignId, input.amountFen) : null;
    const payeeKind = input.payeeKind && input.payeeKind !== "BENEFICIARY" ? input.payeeKind : (tranche?.payeeKind ?? "BENEFICIARY");
    const payeeName = payeeKind === "BENEFICIARY" ? null : input.payeeKind === payeeKind && input.payeeName ? input.payeeName : (tranche?.payeeName ?? null);
    if (payeeKind !== "BENEFICIARY" && !payeeName) throw new AppError("safeguards.validation.payeeNameRequired", 400, {}, { payeeName: "safeguards.validation.payeeNameRequired" });
    let evidenceFileId: string | null = null;
    if (input.evidence) {
      const e = input.evidence;
      const file = await saveUpload(tx, { orgId: input.orgId, uploadedById: input.actorId, purpose: "disbursement-evidence", visibility: "PRIVATE", file: e });
      evidenceFileId = file.id;
    }
    const row = await tx.disbursement.create({
      data: { orgId: input.orgId, campaignId: input.campaignId ?? null, fundId: input.fundId ?? null, amountFen: input.amountFen, date: input.date, recipientMasked: input.recipientMasked, purpose: input.purpose, evidenceFileId, createdById: input.actorId, payeeKind, payeeName },
      select: { id: true },
    });
    if (input.trancheId) await markTranchePaid(tx, input.trancheId, row.id);
    await postDisbursement(tx, { target, accountId, disbursementId: row.id, amountFen: input.amountFen, occurredAt: input.date, createdById: input.actorId, matched: fromMatched > 0n && matched.accountId ? { accountId: matched.accountId, amountFen: fromMatched } : null });
    await recordAudit({ actorId: input.actorId, action: "disbursement.created", entityType: "Disbursement", entityId: row.id, orgId: input.orgId, after: { amountFen: input.amountFen.toString(), ...(fromMatched > 0n ? { fromMatchedFen: fromMatched.toString() } : {}), campaignId: input.campaignId ?? null, fundId: input.fundId ?? null, purpose: input.purpose, payeeKind, trancheId: input.trancheId ?? null } }, tx);
    if (input.campaignId) await enqueueSearch(tx, "campaign", input.campaignId);
    if (input.fundId) await enqueueSearch(tx, "fund", input.fundId);
    return { id: row.id };
  });
}

function disbursementsWhere(t: { campaignId?: string; fundId?: string; orgId?: string }) {
  return { ...(t.campaignId ? { campaignId: t.campaignId } : {}), ...(t.fundId ? { fundId: t.fundId } : {}), ...(t.orgId ? { orgId: t.orgId } : {}) };
}

export function countDisbursements(t: { campaignId?: string; fundId?: string; orgId?: string }) {
  return prisma.disbursement.count({ where: disbursementsWhere(t) });
}

/** Public list: what the money was spent on (recipient already masked at entry). */
export async function listDisbursements(t: { campaignId?: string; fundId?: string; orgId?: string }, window: number | { skip: number; take: number } = 100) {
  const rows = await prisma.disbursement.findMany({
    where: disbursementsWhere(t),
    // No campaign or fund: the one caller lists one target's disbursements (and each relation cost
    // a query of its own, even for an empty list).
    select: { id: true, amountFen: true, date: true, recipientMasked: true, purpose: true, evidenceFileId: true, payeeKind: true, payeeName: true },
    orderBy: [{ date: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    ...(typeof window === "number" ? { take: window } : window),
  });
  return rows.map((r) => ({
    id: r.id,
    amountFen: r.amountFen.toString(),
    date: r.date.toISOString().slice(0, 10),
    recipientMasked: r.recipientMasked,
    purpose: r.purpose,
    hasEvidence: Boolean(r.evidenceFileId),
    /** An institution paid directly is named publicly ("直接支付给 …"); the family never is. */
    payeeKind: r.payeeKind,
    payeeName: r.payeeKind === "BENEFICIARY" ? null : r.payeeName,
  }));
}
