import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { myOrders } from "~/modules/shop/orders.server";
import { formatDate, formatFen } from "~/utils/format";
import { pageFrom } from "~/utils/pagination.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("shop.orders.mine");

/** /me/orders — the signed-in buyer's own orders only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return myOrders(user.id, pageFrom(request));
}

export default function MyOrders() {
  const { orders, pagination } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h1>{t("shop.orders.mine")}</h1>
      {orders.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("shop.orders.number")}</th>
                <th>{t("shop.orders.date")}</th>
                <th>{t("shop.orders.producer")}</th>
                <th>{t("shop.orders.total")}</th>
                <th>{t("shop.orders.status")}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/me/orders/${o.id}`}>{o.number}</Link>
                  </td>
                  <td>{formatDate(o.createdAt, locale)}</td>
                  <td>{o.producer.name}</td>
                  <td>{formatFen(o.totalFen)}</td>
                  <td>{t(`shop.orders.statuses.${o.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("shop.orders.empty")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
