import { ownerLedgerSummary, totalsToJson } from "~/modules/ledger/balances.server";
import { countDisbursements, listDisbursements } from "~/modules/disbursements/disbursements.server";
import { paginate } from "~/utils/pagination";
import { raisedBySource } from "~/modules/platforms/sources.server";
import { listUpdates } from "./campaigns.server";

export const DISBURSEMENTS_PAGE_SIZE = 100;

/**
 * Data of the public accounts block, for a campaign or a fund. Disbursements and updates come one
 * page at a time (`?disbursementsPage=`, `?updatesPage=`), with their page info, never cut off.
 */
export async function publicAccounts(t: { campaignId?: string; fundId?: string }, pages: { disbursements?: number; updates?: number } = {}) {
  const [{ totals, groups, donors }, disbursements, updates] = await Promise.all([
    // Totals, raised by source and donors in one statement.
    ownerLedgerSummary(t),
    paginate(pages.disbursements ?? 1, DISBURSEMENTS_PAGE_SIZE, () => countDisbursements(t), (w) => listDisbursements(t, w)),
    listUpdates(t, pages.updates ?? 1),
  ]);
  return {
    totals: totalsToJson(totals),
    /** Raised by where the money arrived: on-site, each designated platform, bank transfers, other offline. */
    bySource: raisedBySource(groups),
    donors,
    disbursements: disbursements.rows.map(({ id, amountFen, date, recipientMasked, purpose, payeeKind, payeeName }) => ({ id, amountFen, date, recipientMasked, purpose, payeeKind, payeeName })),
    disbursementsPagination: disbursements.pagination,
    updates: updates.updates,
    updatesPagination: updates.pagination,
  };
}
