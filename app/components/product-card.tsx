import { Link } from "@remix-run/react";
import { districtName } from "~/modules/districts/districts";
import { formatFen } from "~/utils/format";
import { useLocale, useT } from "~/modules/i18n/use-t";

export type CardView = {
  id: string; name: string; unit: string; spec: string | null; priceFen: string; priceWarning: boolean; originDistrictCode: string; available: number;
  certified: boolean; producer: { id: string; name: string }; photoId: string | null; titleHtml?: string;
};

/** A product in the catalogue, the need page's matches and elsewhere: photo, price, badge, producer, origin. */
export function ProductCard({ p }: { p: CardView }) {
  const t = useT();
  const locale = useLocale();
  return (
    <li>
      <article className="card product-card" data-testid="product-card" data-product-id={p.id} data-certified={p.certified ? "1" : "0"}>
        <Link to={`/shop/products/${p.id}`} tabIndex={-1} aria-hidden>
          {p.photoId ? <img className="product-photo" src={`/files/${p.photoId}`} alt="" loading="lazy" /> : <span className="product-photo product-photo-empty">{t("shop.catalogue.noPhoto")}</span>}
        </Link>
        <h3>
          {/* titleHtml is escaped by the search engine before it adds <mark> (search/highlight.ts). */}
          <Link to={`/shop/products/${p.id}`}>{p.titleHtml ? <span dangerouslySetInnerHTML={{ __html: p.titleHtml }} /> : p.name}</Link>
        </h3>
        <div>
          <span className="product-price">{formatFen(p.priceFen, locale)}</span>
          <span className="muted">{t("shop.catalogue.perUnit", { unit: p.spec ? `${p.unit}（${p.spec}）` : p.unit })}</span>
        </div>
        {p.certified ? (
          <span className="cert-badge" data-testid="cert-badge">
            {t("shop.catalogue.certifiedBadge")}
          </span>
        ) : null}
        {p.priceWarning ? <span className="muted">⚠ {t("shop.catalogue.priceWarning")}</span> : null}
        <span className="muted">
          {districtName(p.originDistrictCode, locale)} · {p.producer.name}
        </span>
        <span className="muted">{p.available > 0 ? t("shop.catalogue.stock.inStock", { count: p.available, unit: p.unit }) : t("shop.catalogue.stock.outOfStock")}</span>
      </article>
    </li>
  );
}
