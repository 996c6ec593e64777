import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { searchCatalogue } from "~/modules/products/catalogue.server";
import { toggleCatalogueHref } from "~/modules/products/catalogue";
import { PRICE_BAND_CODES, PRODUCT_CATEGORIES } from "~/modules/products/rules";
import { districtName } from "~/modules/districts/districts";
import { pageFrom } from "~/utils/pagination.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { ProductCard } from "~/components/product-card";

export const meta = pageTitle("shop.catalogue.title");

/** The public catalogue: Chinese full-text search over listed products, with facets. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return searchCatalogue(url.searchParams, pageFrom(url));
}

export default function Catalogue() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  // Beyond the engine's exact bound the total is an estimate: 「约 1,400 件」 / "about 1,400".
  const shownTotal = data.estimated ? t("common.approx", { n: data.total.toLocaleString("en") }) : data.total;
  const locale = useLocale();
  const { filters, facets } = data;
  const facetLink = (param: "category" | "district" | "price", value: string, label: string, count: number | undefined, selected: boolean) => (
    <li key={value}>
      <Link to={toggleCatalogueHref(params, param, value)} aria-current={selected ? "true" : undefined} rel="nofollow">
        {selected ? "✓ " : ""}
        {label} ({count ?? 0})
      </Link>
    </li>
  );
  const districts = Object.entries(facets.districts).sort((a, b) => b[1] - a[1]);
  for (const d of filters.districts) if (!(d in facets.districts)) districts.push([d, 0]);
  const anyFilter = filters.categories.length || filters.districts.length || filters.priceBands.length || filters.certified;
  return (
    <div>
      <div className="page-head">
        <div>
          <h1>{t("shop.catalogue.title")}</h1>
          <p className="muted">{t("shop.catalogue.intro")}</p>
        </div>
      </div>
      <Form method="get" className="search-box" role="search">
        <label htmlFor="shop-q" className="visually-hidden">
          {t("shop.catalogue.searchLabel")}
        </label>
        <input id="shop-q" type="search" name="q" defaultValue={filters.q} placeholder={t("shop.catalogue.searchPlaceholder")} maxLength={100} />
        {filters.categories.map((v) => <input key={`c-${v}`} type="hidden" name="category" value={v} />)}
        {filters.districts.map((v) => <input key={`d-${v}`} type="hidden" name="district" value={v} />)}
        {filters.priceBands.map((v) => <input key={`p-${v}`} type="hidden" name="price" value={v} />)}
        {filters.certified ? <input type="hidden" name="certified" value="1" /> : null}
        <button type="submit">{t("shop.catalogue.search")}</button>
      </Form>
      <div className="search-layout">
        <aside className="search-facets" aria-label={t("search.filters")}>
          <h2>{t("shop.catalogue.facets.certified")}</h2>
          <ul className="facet-list" data-facet="certified">
            <li>
              <Link to={toggleCatalogueHref(params, "certified", "1")} aria-current={filters.certified ? "true" : undefined} rel="nofollow">
                {filters.certified ? "✓ " : ""}
                {t("shop.catalogue.certifiedOnly")} ({facets.certified})
              </Link>
            </li>
          </ul>
          <h2>{t("shop.catalogue.facets.category")}</h2>
          <ul className="facet-list" data-facet="category">
            {PRODUCT_CATEGORIES.filter((c) => facets.categories[c] || filters.categories.includes(c)).map((c) => facetLink("category", c, t(`shop.products.categories.${c}`), facets.categories[c], filters.categories.includes(c)))}
          </ul>
          <h2>{t("shop.catalogue.facets.price")}</h2>
          <ul className="facet-list" data-facet="price">
            {PRICE_BAND_CODES.filter((b) => facets.priceBands[b] || filters.priceBands.includes(b)).map((b) => facetLink("price", b, t(`shop.catalogue.priceBands.${b}`), facets.priceBands[b], filters.priceBands.includes(b)))}
          </ul>
          <h2>{t("shop.catalogue.facets.district")}</h2>
          <ul className="facet-list" data-facet="district">
            {districts.map(([code, n]) => facetLink("district", code, districtName(code, locale), n, filters.districts.includes(code)))}
          </ul>
          {anyFilter ? <Link to={filters.q ? `/shop?q=${encodeURIComponent(filters.q)}` : "/shop"}>{t("shop.catalogue.clearFilters")}</Link> : null}
        </aside>
        <section aria-live="polite">
          <p className="muted" data-testid="catalogue-total">
            {filters.q ? t("shop.catalogue.resultsFor", { q: filters.q, total: shownTotal }) : t("shop.catalogue.results", { total: shownTotal })}
          </p>
          {data.cards.length ? (
            <ul className="cards product-cards">
              {data.cards.map((p) => (
                <ProductCard key={p.id} p={p} />
              ))}
            </ul>
          ) : (
            <div className="card">
              <p>{t("shop.catalogue.none")}</p>
              <p className="muted">{t("shop.catalogue.noneTips")}</p>
            </div>
          )}
          <Pagination page={data.pagination.page} pageCount={data.pagination.pageCount} total={data.estimated ? data.total : data.pagination.total} estimated={data.estimated} />
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
