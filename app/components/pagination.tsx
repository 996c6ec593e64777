import { Link, useLocation } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";

/** `estimated`: the total is an estimate (search beyond its exact bound), shown as "about N". */
type Props = { page: number; total: number; param?: string; estimated?: boolean } & ({ pageCount: number; pageSize?: number } | { pageSize: number; pageCount?: undefined });

/**
 * Page links for a list; pass the loader's `PageInfo` (app/utils/pagination.ts). The page count comes
 * from the loader so it never depends on a server-only constant (which is undefined in the browser).
 */
export function Pagination(props: Props) {
  const t = useT();
  const location = useLocation();
  const { total, param = "page" } = props;
  const raw = props.pageCount ?? Math.ceil(total / (props.pageSize ?? 1));
  const pages = Number.isFinite(raw) && raw >= 1 ? Math.floor(raw) : 1;
  const page = Math.min(Math.max(1, Number.isFinite(props.page) ? Math.floor(props.page) : 1), pages);
  const hrefFor = (p: number) => {
    const sp = new URLSearchParams(location.search);
    sp.set(param, String(p));
    return `${location.pathname}?${sp}`;
  };
  return (
    <nav className="pagination" aria-label="pagination" data-param={param}>
      <span>{t("common.pagination.total", { total: props.estimated ? t("common.approx", { n: total.toLocaleString("en") }) : total })}</span>
      {page > 1 ? <Link to={hrefFor(page - 1)} rel="prev">{t("common.actions.prev")}</Link> : null}
      <span>{t("common.pagination.page", { page, pages })}</span>
      {page < pages ? <Link to={hrefFor(page + 1)} rel="next">{t("common.actions.next")}</Link> : null}
    </nav>
  );
}
