import { donorCount, totalsFor, totalsToJson } from "~/modules/ledger/balances.server";
import { listDisbursements } from "~/modules/disbursements/disbursements.server";
import { listUpdates } from "./campaigns.server";

/** Data of the public accounts block, for a campaign or a fund. */
export async function publicAccounts(t: { campaignId?: string; fundId?: string }) {
  const [totals, donors, disbursements, updates] = await Promise.all([totalsFor(t), donorCount(t), listDisbursements(t), listUpdates(t)]);
  return {
    totals: totalsToJson(totals),
    donors,
    disbursements: disbursements.map(({ id, amountFen, date, recipientMasked, purpose }) => ({ id, amountFen, date, recipientMasked, purpose })),
    updates,
  };
}
