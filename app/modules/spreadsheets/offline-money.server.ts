/**
 * The one door through which imported money enters the ledger: "recorded offline"
 * (OFFLINE_RECEIPTS → the organization's account) via the ledger module's postOfflineDonation.
 * Kept behind this small interface so the import never writes money any other way.
 */
import type { Db } from "~/utils/db.server";
import { postOfflineDonation } from "~/modules/ledger/offline.server";

export type OfflineMoney = {
  orgId: string;
  amountFen: bigint;
  occurredAt: Date;
  donorName: string;
  source: string;
  /** The voucher number: re-importing the same voucher does not count the money twice. */
  externalRef: string;
  createdById: string | null;
};

export async function recordOfflineMoney(db: Db, m: OfflineMoney) {
  return postOfflineDonation(db, { ...m, source: m.source, externalRef: m.externalRef });
}
