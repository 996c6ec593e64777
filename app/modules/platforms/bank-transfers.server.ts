/**
 * Bank transfers to the organization, recorded by its finance people (#14.4): each one an offline
 * donation in the ledger with source `bank_transfer` and the bank's reference as its externalRef,
 * so recording the same slip twice is refused and counts the money once.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { paginate } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import { postOfflineDonation } from "~/modules/ledger/offline.server";
import { markFundedWhenGoalReached } from "~/modules/campaigns/goal.server";
import { BANK_TRANSFER_SOURCE } from "./platforms";
import type { BankTransferInput } from "./schema";

export async function recordBankTransfer(orgId: string, actorId: string, input: BankTransferInput) {
  return prisma.$transaction(async (tx) => {
    // Only this organization's campaigns and funds (resolveTarget answers 404 for another's).
    const res = await postOfflineDonation(tx, {
      orgId,
      campaignId: input.target.campaignId,
      fundId: input.target.fundId,
      amountFen: input.amount,
      // Noon in Beijing, so the day reads the same in every zone.
      occurredAt: new Date(`${input.receivedOn}T12:00:00+08:00`),
      donorName: input.payerName,
      source: BANK_TRANSFER_SOURCE,
      externalRef: input.reference,
      createdById: actorId,
    });
    if (!res.created) throw new AppError("platforms.bank.errors.duplicate", 409, { reference: input.reference }, { reference: "platforms.bank.errors.duplicate" });
    // Money received by transfer counts towards the campaign's goal as any donation does.
    if (input.target.campaignId) await markFundedWhenGoalReached(tx, input.target.campaignId);
    await recordAudit(
      {
        actorId,
        action: "ledger.bank_transfer_recorded",
        entityType: "LedgerTransaction",
        entityId: res.transactionId,
        orgId,
        after: { amountFen: input.amount.toString(), reference: input.reference, receivedOn: input.receivedOn, campaignId: input.target.campaignId, fundId: input.target.fundId },
      },
      tx,
    );
    return res;
  });
}

export const BANK_TRANSFERS_PAGE_SIZE = 50;

/** The organization's recorded bank transfers, newest first, with where each went. */
export async function listBankTransfers(orgId: string, page = 1) {
  const where = { orgId, kind: "OFFLINE_DONATION" as const, source: BANK_TRANSFER_SOURCE };
  const { rows, pagination } = await paginate(
    page,
    BANK_TRANSFERS_PAGE_SIZE,
    () => prisma.ledgerTransaction.count({ where }),
    (w) =>
      prisma.ledgerTransaction.findMany({
        where,
        orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
        select: { id: true, amountFen: true, occurredAt: true, donorName: true, externalRef: true, campaign: { select: { id: true, title: true } }, fund: { select: { id: true, name: true } } },
        ...w,
      }),
  );
  return {
    transfers: rows.map((r) => ({
      id: r.id,
      amountFen: r.amountFen.toString(),
      receivedOn: new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(r.occurredAt),
      payerName: r.donorName,
      reference: r.externalRef,
      target: r.campaign ? { kind: "campaign" as const, id: r.campaign.id, title: r.campaign.title } : r.fund ? { kind: "fund" as const, id: r.fund.id, title: r.fund.name } : null,
    })),
    pagination,
  };
}

/** The campaigns and funds of the organization a transfer may be earmarked for. */
export async function transferTargets(orgId: string) {
  const [campaigns, funds] = await Promise.all([
    prisma.campaign.findMany({ where: { orgId, status: { in: ["APPROVED", "FUNDED", "ENDED", "CLOSED", "SUSPENDED"] } }, select: { id: true, title: true }, orderBy: { createdAt: "desc" }, take: 200 }),
    prisma.fund.findMany({ where: { orgId }, select: { id: true, name: true }, orderBy: { createdAt: "desc" }, take: 200 }),
  ]);
  return { campaigns, funds };
}
