import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { myGifts } from "~/modules/monthly/gifts.server";
import { formatDate, formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("monthly.me.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { gifts: await myGifts(user.id) };
}

export default function MyMonthlyGifts() {
  const { gifts } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h1>{t("monthly.me.title")}</h1>
      <p className="muted">{t("monthly.me.intro")}</p>
      {gifts.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("monthly.me.target")}</th>
                <th>{t("monthly.me.amount")}</th>
                <th>{t("monthly.me.day")}</th>
                <th>{t("monthly.me.next")}</th>
                <th>{t("monthly.me.status")}</th>
              </tr>
            </thead>
            <tbody>
              {gifts.map((g) => (
                <tr key={g.id}>
                  <td>
                    <Link to={`/me/monthly/${g.id}`}>{g.target?.title ?? t("monthly.me.manage")}</Link>
                  </td>
                  <td>{formatFen(g.amountFen)}</td>
                  <td>{t("monthly.new.dayOption", { day: g.dayOfMonth })}</td>
                  <td>{g.state === "ACTIVE" || g.state === "PAST_DUE" ? formatDate(g.nextChargeOn, locale) : "—"}</td>
                  <td>
                    {t(`monthly.states.${g.state}`)}
                    {g.pausedUntil ? ` · ${t("monthly.me.pausedUntil", { month: g.pausedUntil })}` : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("monthly.me.empty")}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
