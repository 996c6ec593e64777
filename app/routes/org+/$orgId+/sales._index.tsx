import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { listSales, salesTotals } from "~/modules/sales/sales.server";
import { SalesFilterSchema } from "~/modules/sales/schema";
import { SALES_CHANNELS } from "~/modules/sales/constants";
import { districtName } from "~/modules/districts/districts";
import { pageFrom } from "~/utils/pagination.server";
import { formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FilterSelect } from "~/components/filter-select";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("sales.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  const url = new URL(request.url);
  const filter = SalesFilterSchema.parse(Object.fromEntries(url.searchParams));
  const [{ rows, pagination }, totals] = await Promise.all([listSales(access.orgId, filter, pageFrom(request)), salesTotals(access.orgId, filter)]);
  return { orgId: access.orgId, canEdit: !access.viaStaff, filter, rows, pagination, totals, query: url.search };
}

export default function SalesPage() {
  const { orgId, canEdit, filter, rows, pagination, totals, query } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const exportQuery = new URLSearchParams(query);
  exportQuery.delete("page");
  return (
    <div>
      <div className="page-head">
        <h2>{t("sales.title")}</h2>
        <div className="button-row">
          {canEdit ? (
            <>
              <Link className="button" to={`/org/${orgId}/sales/new`}>
                {t("sales.nav.new")}
              </Link>
              <Link className="button button-secondary" to={`/org/${orgId}/sales/import`}>
                {t("sales.nav.import")}
              </Link>
            </>
          ) : null}
          <a className="button button-secondary" href={`/org/${orgId}/sales/export?${exportQuery}`} download>
            {t("sales.nav.export")}
          </a>
          <Link to={`/org/${orgId}/events`}>{t("sales.nav.events")}</Link>
        </div>
      </div>
      <p className="muted">{t("sales.intro")}</p>
      <Form method="get" className="filters" role="search">
        <FilterSelect id="sales-channel" name="channel" label={t("sales.list.filterChannel")} allLabel={t("sales.list.allChannels")} value={filter.channel} options={SALES_CHANNELS.map((c) => ({ value: c, label: t(`sales.channels.${c}`) }))} />
        <div className="field">
          <label htmlFor="sales-from">{t("sales.list.from")}</label>
          <input id="sales-from" type="date" name="from" defaultValue={filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="sales-to">{t("sales.list.to")}</label>
          <input id="sales-to" type="date" name="to" defaultValue={filter.to ?? ""} />
        </div>
        <button type="submit">{t("common.actions.filter")}</button>
      </Form>

      <div className="table-wrap">
        <table className="data-table" data-testid="sales-totals">
          <caption>{t("sales.list.totals")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("sales.fields.channel")}</th>
              <th scope="col">{t("sales.list.count")}</th>
              <th scope="col">{t("sales.fields.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {totals.byChannel.map((c) => (
              <tr key={c.channel} data-channel={c.channel}>
                <th scope="row">{t(`sales.channels.${c.channel}`)}</th>
                <td className="num">{c.count}</td>
                <td className="num" data-fen={c.amountFen}>
                  {formatFen(c.amountFen, locale)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("sales.list.total")}</th>
              <td className="num">{totals.count}</td>
              <td className="num" data-fen={totals.totalFen} data-testid="sales-total">
                {formatFen(totals.totalFen, locale)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      {totals.alreadyCountedFen !== "0" ? <p className="muted">{t("sales.list.alreadyCounted", { amount: formatFen(totals.alreadyCountedFen, locale) })}</p> : null}

      {rows.length === 0 ? (
        <p className="muted">{t("sales.list.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="sales-list">
            <thead>
              <tr>
                <th scope="col">{t("sales.fields.soldOn")}</th>
                <th scope="col">{t("sales.fields.producer")}</th>
                <th scope="col">{t("sales.fields.product")}</th>
                <th scope="col">{t("sales.fields.quantity")}</th>
                <th scope="col">{t("sales.fields.amount")}</th>
                <th scope="col">{t("sales.fields.channel")}</th>
                <th scope="col">{t("sales.fields.buyerKind")}</th>
                <th scope="col">{t("sales.fields.buyerName")}</th>
                <th scope="col">{t("sales.fields.source")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.soldOn}</td>
                  <td>{r.producer?.name ?? districtName(r.districtCode, locale)}</td>
                  <td>
                    {r.productName ?? ""} <span className="tag">{t(`sales.categories.${r.category}`)}</span>
                  </td>
                  <td className="num">{r.quantity ? `${r.quantity}${r.unit ?? ""}` : ""}</td>
                  <td className="num">{formatFen(r.amountFen, locale)}</td>
                  <td>
                    {t(`sales.channels.${r.channel}`)}
                    {r.event ? <div className="muted small">{r.event.title}</div> : null}
                  </td>
                  <td>{t(`sales.buyerKinds.${r.buyerKind}`)}</td>
                  <td>{r.buyerName ?? ""}</td>
                  <td>{t(`sales.sources.${r.source}`)}</td>
                  <td>{r.editable && canEdit ? <Link to={`/org/${orgId}/sales/${r.id}`}>{t("sales.list.edit")}</Link> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
