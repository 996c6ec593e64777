import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { searchFromParams } from "./__search.server";
import { toggleFilterHref } from "../../search/query";
import { districtName } from "~/modules/districts/districts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import type { TFunction } from "~/modules/i18n/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.q ? `${data.q} · 搜索 · 善联` : "搜索 · 善联" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const result = await searchFromParams(params);
  return { q: (params.get("q") ?? "").slice(0, 100), ...result };
}

const FACET_PARAM = { kind: "kind", districtCode: "district", category: "category", status: "status" } as const;

/** A code's label in the user's language; categories come from several domains. */
function facetLabel(t: TFunction, locale: string, field: keyof typeof FACET_PARAM, value: string) {
  if (field === "kind") return t(`search.kinds.${value}`);
  if (field === "districtCode") return districtName(value, locale);
  const candidates =
    field === "status"
      ? [`search.statuses.${value}`, `needs.statuses.${value}`, `shop.catalogue.certStatuses.${value}`]
      : [`needs.categories.${value}`, `common.serviceAreas.${value}`, `common.beneficiaryGroups.${value}`, `funding.kinds.${value}`, `shop.products.categories.${value}`, `shop.catalogue.priceBands.${value}`];
  for (const key of candidates) {
    const v = t(key);
    if (v !== key) return v;
  }
  return value;
}

export default function SearchPage() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  // Beyond the engine's exact bound the total is an estimate: 「约 7,300 条」 / "about 7,300 results".
  const shownTotal = data.estimated ? t("common.approx", { n: data.total.toLocaleString("en") }) : data.total;
  const activeFilters = ["kind", "district", "category", "status"].some((p) => params.get(p));
  const hrefForPage = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `/search?${next}`;
  };
  return (
    <div className="search-page">
      <h1>{t("search.heading")}</h1>
      <SearchBox q={data.q} params={params} />
      {data.notices.length ? (
        <ul className="form-error search-notices" role="status">
          {data.notices.map((n, i) => (
            <li key={i}>{t(n.key, n.params)}</li>
          ))}
        </ul>
      ) : null}
      <div className="search-layout">
        <aside className="search-facets" aria-label={t("search.filters")}>
          <form method="get" action="/search">
            <input type="hidden" name="q" value={data.q} />
            {["kind", "district", "category", "status"].flatMap((p) => params.getAll(p).map((v) => <input key={`${p}-${v}`} type="hidden" name={p} value={v} />))}
            <label htmlFor="search-sort">{t("search.sort.label")}</label>{" "}
            <select id="search-sort" name="sort" defaultValue={params.get("sort") ?? (data.q ? "relevance" : "newest")}>
              {(data.q ? ["relevance", "newest", "date"] : ["newest", "date"]).map((s) => (
                <option key={s} value={s}>
                  {t(`search.sort.${s}`)}
                </option>
              ))}
            </select>{" "}
            <button type="submit" className="button-small">
              {t("common.actions.confirm")}
            </button>
          </form>
          {(Object.keys(FACET_PARAM) as (keyof typeof FACET_PARAM)[]).map((field) => {
            const counts = Object.entries(data.facets[field] ?? {}).sort((a, b) => b[1] - a[1]);
            const selected = params.getAll(FACET_PARAM[field]).flatMap((v) => v.split(","));
            if (!counts.length && !selected.length) return null;
            return (
              <section key={field} className="facet" data-facet={field}>
                <h2>{t(`search.facets.${field}`)}</h2>
                <ul>
                  {counts.slice(0, 15).map(([value, n]) => (
                    <li key={value}>
                      <Link to={toggleFilterHref(params, FACET_PARAM[field], value)} aria-current={selected.includes(value) ? "true" : undefined} className={selected.includes(value) ? "active" : undefined}>
                        {selected.includes(value) ? "✓ " : ""}
                        {facetLabel(t, locale, field, value)}
                      </Link>{" "}
                      <span className="muted">({n})</span>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
          {activeFilters ? <Link to={`/search?q=${encodeURIComponent(data.q)}`}>{t("search.clearFilters")}</Link> : null}
        </aside>
        <section className="search-results" aria-live="polite">
          <p className="muted" data-testid="search-total">
            {data.q ? t("search.resultsFor", { q: data.q, total: shownTotal }) : t("search.results", { total: shownTotal })}
          </p>
          {/* "Here is what comes close" only when something does (#12.7e). */}
          {data.total > 0 && (data.strategy === "substring" || data.strategy === "any" || data.strategy === "fuzzy") ? <p className="muted">{t(`search.strategy.${data.strategy}`, { q: data.q })}</p> : null}
          {data.districtCodes.length && data.total ? <p className="muted">{t("search.districtBoost", { districts: data.districtCodes.map((c) => districtName(c, locale)).join("、") })}</p> : null}
          {data.hits.length ? (
            <ol className="search-hits">
              {data.hits.map((h) => (
                <li key={`${h.kind}-${h.id}`} className="card search-hit" data-kind={h.kind}>
                  <h3>
                    {/* titleHtml/snippetHtml are escaped on the server before <mark> is added (search/highlight.ts). */}
                    <Link to={h.url} dangerouslySetInnerHTML={{ __html: h.titleHtml }} />
                  </h3>
                  <p className="muted">
                    <span className="tag">{t(`search.kinds.${h.kind}`)}</span> {h.districtCode ? districtName(h.districtCode, locale) : ""}
                    {h.status ? ` · ${facetLabel(t, locale, "status", h.status)}` : ""}
                    {h.categories.slice(0, 3).map((c) => (
                      <span key={c} className="tag">
                        {" "}
                        {facetLabel(t, locale, "category", c)}
                      </span>
                    ))}
                  </p>
                  <p dangerouslySetInnerHTML={{ __html: h.snippetHtml }} />
                </li>
              ))}
            </ol>
          ) : (
            <div className="card">
              <p>{t("search.none")}</p>
              <p className="muted">{t("search.noneTips")}</p>
            </div>
          )}
          {data.pageCount > 1 ? (
            <nav className="pagination" aria-label="pagination">
              {data.page > 1 ? <Link to={hrefForPage(Math.min(data.page - 1, data.pageCount))}>{t("search.pagination.prev")}</Link> : null}
              <span>{t("search.pagination.page", { page: data.page, pages: data.pageCount })}</span>
              {data.page < data.pageCount ? <Link to={hrefForPage(data.page + 1)}>{t("search.pagination.next")}</Link> : null}
            </nav>
          ) : null}
        </section>
      </div>
    </div>
  );
}

type Instant = { hits: { kind: string; id: string; url: string; titleHtml: string }[]; total: number };

/**
 * A plain GET form (works without JavaScript); with JavaScript, instant results appear under the
 * box as one types, from /api/search.
 */
function SearchBox({ q, params }: { q: string; params: URLSearchParams }) {
  const t = useT();
  const [text, setText] = useState(q);
  const [instant, setInstant] = useState<Instant | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    const query = text.trim();
    if (!query || query === q) {
      setInstant(null);
      return;
    }
    const controller = new AbortController();
    timer.current = setTimeout(() => {
      const sp = new URLSearchParams({ q: query, size: "6" });
      for (const p of ["kind", "district", "category", "status"]) for (const v of params.getAll(p)) sp.append(p, v);
      fetch(`/api/search?${sp}`, { signal: controller.signal })
        .then((r) => (r.ok ? r.json() : null))
        .then((d: Instant | null) => setInstant(d))
        .catch(() => {});
    }, 200);
    return () => controller.abort();
  }, [text, q, params]);
  return (
    <Form method="get" action="/search" role="search" className="search-box">
      <label htmlFor="search-q" className="visually-hidden">
        {t("search.title")}
      </label>
      <input id="search-q" type="search" name="q" value={text} onChange={(e) => setText(e.target.value)} placeholder={t("search.placeholder")} maxLength={100} autoComplete="off" aria-controls="instant-results" />
      {["kind", "district", "category", "status"].flatMap((p) => params.getAll(p).map((v) => <input key={`${p}-${v}`} type="hidden" name={p} value={v} />))}
      <button type="submit">{t("search.submit")}</button>
      {instant ? (
        <div id="instant-results" className="card instant-results" aria-label={t("search.instant")}>
          {instant.hits.length ? (
            <ul>
              {instant.hits.map((h) => (
                <li key={`${h.kind}-${h.id}`}>
                  <span className="tag">{t(`search.kinds.${h.kind}`)}</span> <Link to={h.url} dangerouslySetInnerHTML={{ __html: h.titleHtml }} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("search.instantNone")}</p>
          )}
        </div>
      ) : null}
    </Form>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
