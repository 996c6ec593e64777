import { Link, useLocation } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";

export function Pagination({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const t = useT();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const hrefFor = (p: number) => {
    const sp = new URLSearchParams(location.search);
    sp.set("page", String(p));
    return `${location.pathname}?${sp}`;
  };
  return (
    <nav className="pagination" aria-label="pagination">
      <span>{t("common.pagination.total", { total })}</span>
      {page > 1 ? <Link to={hrefFor(page - 1)}>{t("common.actions.prev")}</Link> : null}
      <span>{t("common.pagination.page", { page, pages })}</span>
      {page < pages ? <Link to={hrefFor(page + 1)}>{t("common.actions.next")}</Link> : null}
    </nav>
  );
}
