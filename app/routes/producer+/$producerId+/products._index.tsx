import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { listProducerProducts } from "~/modules/products/products.server";
import { isCertified, priceAboveReference } from "~/modules/products/rules";
import { pageFrom } from "~/utils/pagination.server";
import { formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("shop.products.list.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "view");
  const { rows, pagination } = await listProducerProducts(access.producer.id, pageFrom(request));
  return {
    producerId: access.producer.id,
    canEdit: access.via !== "staff",
    pagination,
    products: rows.map((p) => ({
      id: p.id, name: p.name, category: p.category, unit: p.unit, status: p.status, priceFen: p.priceFen.toString(),
      priceWarning: priceAboveReference(p.priceFen, p.referencePriceFen), available: p.stockOnHand - p.stockReserved, certified: isCertified(p), certPending: Boolean(p.certNumber && !p.certVerifiedAt),
    })),
  };
}

export default function ProducerProducts() {
  const { producerId, canEdit, products, pagination } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section>
      <div className="page-head">
        <h2>{t("shop.products.list.title")}</h2>
        {canEdit ? (
          <Link to={`/producer/${producerId}/products/new`} className="button">
            {t("shop.products.list.new")}
          </Link>
        ) : null}
      </div>
      {products.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("shop.products.fields.name")}</th>
                <th>{t("shop.products.fields.status")}</th>
                <th className="num">{t("shop.products.fields.price")}</th>
                <th className="num">{t("shop.products.fields.available")}</th>
                <th>{t("shop.products.fields.certification")}</th>
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/producer/${producerId}/products/${p.id}`}>{p.name}</Link>
                    <div className="muted">{t(`shop.products.categories.${p.category}`)}</div>
                  </td>
                  <td>
                    <span className={`status status-${p.status}`}>{t(`shop.products.statuses.${p.status}`)}</span>
                  </td>
                  <td className="num">
                    {formatFen(p.priceFen, locale)}
                    {t("shop.catalogue.perUnit", { unit: p.unit })}
                    {p.priceWarning ? <div className="muted" title={t("shop.products.priceWarning")}>⚠</div> : null}
                  </td>
                  <td className="num">{p.available}</td>
                  <td>{p.certified ? <span className="cert-badge">{t("shop.catalogue.certifiedBadge")}</span> : p.certPending ? t("shop.products.cert.pending") : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("shop.products.list.empty")}</p>
      )}
      <Pagination page={pagination.page} pageCount={pagination.pageCount} total={pagination.total} />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
