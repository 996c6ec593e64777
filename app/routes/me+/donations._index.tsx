import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { myDonations } from "~/modules/donations/donations.server";
import { formatDate, formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.me.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return myDonations(user.id, pageFrom(request));
}

export default function MyDonations() {
  const { donations, pagination, years } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h1>{t("funding.me.title")}</h1>
      <p>
        <Link to="/me/monthly">{t("monthly.me.title")}</Link>
      </p>
      {years.length ? (
        <section className="card">
          <h2>{t("funding.me.totals")}</h2>
          <div className="stats-row">
            {years.map((y) => (
              <div key={y.year} className="stat">
                <strong>{formatFen(y.fen)}</strong>
                {t("funding.me.year", { year: y.year })}
              </div>
            ))}
          </div>
        </section>
      ) : null}
      {donations.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("common.date")}</th>
                <th>{t("funding.me.target")}</th>
                <th>{t("funding.receipt.amount")}</th>
                <th>{t("common.status")}</th>
                <th>{t("funding.me.receipt")}</th>
              </tr>
            </thead>
            <tbody>
              {donations.map((d) => (
                <tr key={d.id}>
                  <td>{formatDate(d.paidAt, locale)}</td>
                  <td>
                    <Link to={d.target.href}>{d.target.title}</Link>
                  </td>
                  <td>{formatFen(d.amountFen)}</td>
                  <td>{t(`funding.donationStatuses.${d.status}`)}</td>
                  <td>
                    <Link to={`/me/donations/${d.id}/receipt`}>{d.receiptCode}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("funding.me.empty")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
