/**
 * Disbursement in tranches (分期拨付): the host plans what will be paid, when and to whom — the
 * family, or straight to a hospital or school — and recording a disbursement pays one tranche.
 * The planned tranches together never exceed what the campaign has raised (net of refunds).
 */
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { formatFen } from "~/utils/format";
import { recordAudit } from "~/modules/audit/audit.server";
import { totalsFor } from "~/modules/ledger/balances.server";
import { Prisma } from "~/generated/prisma/client";
import { payeeFor, type TrancheInput } from "./schema";

export async function listTranches(campaignId: string) {
  const rows = await prisma.disbursementTranche.findMany({
    where: { campaignId },
    select: { id: true, seq: true, amountFen: true, payeeKind: true, payeeName: true, purpose: true, dueDate: true, disbursementId: true, disbursement: { select: { date: true } } },
    orderBy: { seq: "asc" },
  });
  return rows.map((r) => ({ id: r.id, seq: r.seq, amountFen: r.amountFen.toString(), payeeKind: r.payeeKind, payeeName: r.payeeName, purpose: r.purpose, dueDate: r.dueDate?.toISOString().slice(0, 10) ?? null, paidOn: r.disbursement?.date.toISOString().slice(0, 10) ?? null }));
}

/** Unpaid tranches of an organization's campaigns, for the disbursement form. */
export async function openTranches(orgId: string) {
  const rows = await prisma.disbursementTranche.findMany({
    where: { disbursementId: null, campaign: { orgId } },
    select: { id: true, seq: true, amountFen: true, payeeKind: true, payeeName: true, campaign: { select: { id: true, title: true } } },
    orderBy: [{ campaignId: "asc" }, { seq: "asc" }],
    take: 500,
  });
  return rows.map((r) => ({ id: r.id, seq: r.seq, amountFen: r.amountFen.toString(), payeeKind: r.payeeKind, payeeName: r.payeeName, campaignId: r.campaign.id, campaignTitle: r.campaign.title }));
}

/** Plans a tranche; the campaign row is locked so two planners cannot together pass what was raised. */
export async function planTranche(orgId: string, campaignId: string, actorId: string, input: TrancheInput) {
  return inTransaction(prisma, async (tx) => {
    const rows = await tx.$queryRaw<{ orgId: string }[]>`SELECT "orgId" FROM "Campaign" WHERE id = ${campaignId} FOR UPDATE`;
    if (!rows[0] || rows[0].orgId !== orgId) throw new AppError("errors.http.404", 404);
    const [totals, planned] = await Promise.all([totalsFor({ campaignId }, tx), tx.disbursementTranche.aggregate({ where: { campaignId }, _sum: { amountFen: true } })]);
    const plannedFen = planned._sum.amountFen ?? 0n;
    if (plannedFen + input.amount > totals.netRaisedFen) {
      const left = totals.netRaisedFen - plannedFen;
      throw new AppError("safeguards.errors.tranchesOverRaised", 409, { raised: formatFen(totals.netRaisedFen), left: formatFen(left > 0n ? left : 0n) }, { amount: "safeguards.errors.tranchesOverRaisedShort" });
    }
    try {
      const row = await tx.disbursementTranche.create({
        data: { campaignId, seq: input.seq, amountFen: input.amount, ...payeeFor(input), purpose: input.purpose, dueDate: input.dueDate ? new Date(`${input.dueDate}T00:00:00Z`) : null, createdById: actorId },
        select: { id: true },
      });
      await recordAudit({ actorId, action: "tranche.planned", entityType: "DisbursementTranche", entityId: row.id, orgId, after: { campaignId, seq: input.seq, amountFen: input.amount.toString(), payeeKind: input.payeeKind } }, tx);
      return row;
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw new AppError("safeguards.errors.trancheSeqTaken", 409, {}, { seq: "safeguards.errors.trancheSeqTaken" });
      throw e;
    }
  });
}

/** Removes a tranche not yet paid. */
export async function removeTranche(orgId: string, campaignId: string, trancheId: string, actorId: string) {
  await prisma.$transaction(async (tx) => {
    const t = await tx.disbursementTranche.findUnique({ where: { id: trancheId }, select: { id: true, campaignId: true, seq: true, amountFen: true, disbursementId: true, campaign: { select: { orgId: true } } } });
    if (!t || t.campaignId !== campaignId || t.campaign.orgId !== orgId) throw new AppError("errors.http.404", 404);
    if (t.disbursementId) throw new AppError("safeguards.errors.tranchePaid", 409);
    await tx.disbursementTranche.delete({ where: { id: t.id } });
    await recordAudit({ actorId, action: "tranche.removed", entityType: "DisbursementTranche", entityId: t.id, orgId, before: { seq: t.seq, amountFen: t.amountFen.toString() } }, tx);
  });
}

/**
 * For createDisbursement, inside its transaction: the tranche it pays, locked, which must belong to
 * the same campaign, be unpaid, and match the amount. Returns its payee (the disbursement's default).
 */
export async function lockTrancheToPay(tx: Db, trancheId: string, campaignId: string | null | undefined, amountFen: bigint) {
  const rows = await tx.$queryRaw<{ id: string; campaignId: string; amountFen: bigint; disbursementId: string | null; payeeKind: string; payeeName: string | null }[]>`
    SELECT id, "campaignId", "amountFen", "disbursementId", "payeeKind"::text AS "payeeKind", "payeeName" FROM "DisbursementTranche" WHERE id = ${trancheId} FOR UPDATE`;
  const t = rows[0];
  if (!t || !campaignId || t.campaignId !== campaignId) throw new AppError("safeguards.errors.trancheNotFound", 400, {}, { trancheId: "safeguards.errors.trancheNotFound" });
  if (t.disbursementId) throw new AppError("safeguards.errors.tranchePaid", 409, {}, { trancheId: "safeguards.errors.tranchePaid" });
  if (t.amountFen !== amountFen) throw new AppError("safeguards.errors.trancheAmount", 400, { amount: formatFen(t.amountFen) }, { amount: "safeguards.errors.trancheAmountShort" });
  return { payeeKind: t.payeeKind as "BENEFICIARY" | "HOSPITAL" | "SCHOOL" | "OTHER_INSTITUTION", payeeName: t.payeeName };
}

export async function markTranchePaid(tx: Db, trancheId: string, disbursementId: string) {
  await tx.disbursementTranche.update({ where: { id: trancheId }, data: { disbursementId } });
}
