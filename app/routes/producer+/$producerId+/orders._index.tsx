import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { ORDER_STATUSES, producerOrders } from "~/modules/shop/orders.server";
import { formatDate, formatFen } from "~/utils/format";
import { pageFrom } from "~/utils/pagination.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import type { ShopOrderStatus } from "~/generated/prisma/enums";

export const meta = pageTitle("shop.orders.title");

/** /producer/:producerId/orders — the producer's orders (its account, its supporting organization's shop members; staff read). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "view");
  const raw = new URL(request.url).searchParams.get("status");
  const status = ORDER_STATUSES.includes(raw as ShopOrderStatus) ? (raw as ShopOrderStatus) : null;
  const res = await producerOrders(access.producer.id, status, pageFrom(request));
  return { ...res, status, producerId: access.producer.id };
}

export default function ProducerOrders() {
  const { orders, pagination, counts, status, producerId } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const total = Object.values(counts).reduce((s, n) => s + (n ?? 0), 0);
  return (
    <div>
      <nav className="tabs" aria-label={t("shop.orders.status")}>
        <Link to="?" className={status ? undefined : "active"}>
          {t("shop.orders.all")} ({total})
        </Link>
        {ORDER_STATUSES.map((s) => (
          <Link key={s} to={`?status=${s}`} className={s === status ? "active" : undefined}>
            {t(`shop.orders.statuses.${s}`)} ({counts[s] ?? 0})
          </Link>
        ))}
      </nav>
      {orders.length ? (
        <div className="table-wrap">
          <table data-testid="producer-orders">
            <thead>
              <tr>
                <th>{t("shop.orders.number")}</th>
                <th>{t("shop.orders.date")}</th>
                <th>{t("shop.orders.total")}</th>
                <th>{t("shop.orders.status")}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/producer/${producerId}/orders/${o.id}`}>{o.number}</Link>
                  </td>
                  <td>{formatDate(o.createdAt, locale)}</td>
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
