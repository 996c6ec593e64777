import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate, formatFen } from "~/utils/format";
import type { PageInfo } from "~/utils/pagination";
import { Pagination } from "~/components/pagination";
import { RaisedBySource, type RaisedBySourceRow } from "~/components/raised-by-source";
import { PayeeNote } from "~/components/safeguards";

export type AccountsData = {
  totals: { raisedFen: string; refundedFen: string; disbursedFen: string; feesFen: string; netRaisedFen: string; balanceFen: string };
  donors: number;
  /** Raised by source (on-site, each designated platform, bank transfers, other offline); absent on older callers. */
  bySource?: RaisedBySourceRow[];
  disbursements: { id: string; amountFen: string; date: string; recipientMasked: string; purpose: string; payeeKind?: string | null; payeeName?: string | null }[];
  updates: { id: string; body: string; createdAt: string }[];
  disbursementsPagination?: PageInfo;
  updatesPagination?: PageInfo;
};

/** The public accounts of a campaign or fund: every figure comes from the ledger. */
export function FundingAccounts({ data }: { data: AccountsData }) {
  const t = useT();
  const locale = useLocale();
  const { totals } = data;
  return (
    <section className="card" aria-labelledby="accounts-title" data-testid="public-accounts">
      <h2 id="accounts-title">{t("funding.accounts.title")}</h2>
      <div className="stats-row">
        <div className="stat" data-testid="accounts-raised">
          <strong>{formatFen(totals.raisedFen)}</strong>
          {t("funding.accounts.raised")}
        </div>
        <div className="stat" data-testid="accounts-donors">
          <strong>{data.donors}</strong>
          {t("funding.accounts.donors")}
        </div>
        <div className="stat" data-testid="accounts-refunded">
          <strong>{formatFen(totals.refundedFen)}</strong>
          {t("funding.accounts.refunded")}
        </div>
        <div className="stat" data-testid="accounts-disbursed">
          <strong>{formatFen(totals.disbursedFen)}</strong>
          {t("funding.accounts.disbursed")}
        </div>
        {totals.feesFen !== "0" ? (
          <div className="stat">
            <strong>{formatFen(totals.feesFen)}</strong>
            {t("funding.accounts.fees")}
          </div>
        ) : null}
        <div className="stat" data-testid="accounts-balance">
          <strong>{formatFen(totals.balanceFen)}</strong>
          {t("funding.accounts.balance")}
        </div>
      </div>
      {data.bySource ? <RaisedBySource rows={data.bySource} /> : null}
      <h3>{t("funding.accounts.disbursements")}</h3>
      {data.disbursements.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("funding.accounts.date")}</th>
                <th>{t("funding.accounts.recipient")}</th>
                <th>{t("funding.accounts.purpose")}</th>
                <th>{t("funding.accounts.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {data.disbursements.map((d) => (
                <tr key={d.id}>
                  <td>{d.date}</td>
                  <td>
                    {d.recipientMasked}
                    <PayeeNote payeeKind={d.payeeKind} payeeName={d.payeeName} />
                  </td>
                  <td>{d.purpose}</td>
                  <td>{formatFen(d.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.disbursementsPagination ? <Pagination {...data.disbursementsPagination} param="disbursementsPage" /> : null}
        </div>
      ) : (
        <p className="muted">{t("funding.accounts.noDisbursements")}</p>
      )}
      <h3>{t("funding.accounts.timeline")}</h3>
      {data.updates.length ? (
        <>
          <ol className="timeline">
            {data.updates.map((u) => (
              <li key={u.id}>
                <p className="muted small">{formatDate(u.createdAt, locale)}</p>
                <p>{u.body}</p>
              </li>
            ))}
          </ol>
          {data.updatesPagination ? <Pagination {...data.updatesPagination} param="updatesPage" /> : null}
        </>
      ) : (
        <p className="muted">{t("funding.campaign.noUpdates")}</p>
      )}
      <p className="muted small">{t("funding.accounts.ledgerNote")}</p>
    </section>
  );
}
