import { inTransaction, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { ensureAccount } from "./accounts.server";
import { postTransaction } from "./post.server";
import { resolveTarget } from "./targets.server";

export type OfflineDonationInput = {
  orgId: string;
  campaignId?: string | null;
  fundId?: string | null;
  amountFen: bigint;
  occurredAt: Date;
  /** Shown on the accounts page only as given (no personal identifiers). */
  donorName?: string | null;
  /** Where the money came from: a designated fundraising platform's name, "bank transfer", "Excel import"… */
  source: string;
  /** The source's own reference (platform order number, bank slip, import row id): re-recording it is a no-op. */
  externalRef: string;
  createdById?: string | null;
};

/**
 * Records a donation received outside the platform ("recorded offline"): OFFLINE_RECEIPTS → the
 * campaign, fund or organization account. Idempotent per (organization, source, externalRef), so
 * importing the same spreadsheet twice does not count the money twice.
 */
export async function postOfflineDonation(db: Db, input: OfflineDonationInput): Promise<{ transactionId: string; created: boolean }> {
  if (typeof input.amountFen !== "bigint" || input.amountFen <= 0n) throw new AppError("funding.errors.amountPositive", 400);
  if (!input.source.trim() || !input.externalRef.trim()) throw new AppError("validation.required", 400);
  if (Number.isNaN(input.occurredAt.getTime())) throw new AppError("validation.date", 400);
  return inTransaction(db, async (tx) => {
    const target = await resolveTarget(tx, { orgId: input.orgId, campaignId: input.campaignId, fundId: input.fundId });
    const [source, holding] = await Promise.all([ensureAccount(tx, { kind: "OFFLINE_RECEIPTS" }), ensureAccount(tx, target.accountSpec)]);
    const res = await postTransaction(tx, {
      kind: "OFFLINE_DONATION",
      amountFen: input.amountFen,
      occurredAt: input.occurredAt,
      idempotencyKey: `offline:${input.orgId}:${input.source.trim()}:${input.externalRef.trim()}`,
      orgId: target.orgId,
      districtCode: target.districtCode,
      campaignId: target.campaignId,
      fundId: target.fundId,
      provider: "OFFLINE",
      source: input.source.trim().slice(0, 200),
      externalRef: input.externalRef.trim().slice(0, 200),
      donorName: input.donorName?.trim().slice(0, 100) || null,
      createdById: input.createdById ?? null,
      entries: [
        { accountId: source, amountFen: -input.amountFen },
        { accountId: holding, amountFen: input.amountFen },
      ],
    });
    return { transactionId: res.id, created: res.created };
  });
}
