import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { listProducerQueue, loadReviewer } from "~/modules/producers/review.server";
import { PRODUCER_KINDS, PRODUCER_STATUSES, QueueFilterSchema } from "~/modules/producers/schema";
import { districtName } from "~/modules/districts/districts";
import { FilterSelect, districtOptions } from "~/components/filter-select";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { StatusTabs } from "~/components/status-tabs";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDateTime } from "~/utils/format";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("producers.review.queueTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const reviewer = await loadReviewer(staff.id);
  const filters = QueueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const queue = await listProducerQueue(reviewer, filters);
  return { ...queue, filters, districtCode: reviewer.districtCode };
}

type Row = {
  id: string;
  name: string;
  kind: string;
  status: string;
  districtCode: string;
  updatedAt: string | Date;
  supportOrg: { name: string };
};

function ProducerTable({ rows }: { rows: Row[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{t("producers.form.name")}</th>
            <th>{t("producers.form.kind")}</th>
            <th>{t("common.district")}</th>
            <th>{t("producers.review.supportOrg")}</th>
            <th>{t("producers.review.submittedAt")}</th>
            <th>{t("common.status")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/staff/producers/${p.id}`}>{p.name}</Link>
              </td>
              <td>{t(`producers.kinds.${p.kind}`)}</td>
              <td>{districtName(p.districtCode, locale)}</td>
              <td>{p.supportOrg.name}</td>
              <td>{formatDateTime(p.updatedAt, locale)}</td>
              <td>
                <span className={`status status-${p.status}`}>{t(`producers.statuses.${p.status}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function ProducerQueue() {
  const { items, mine, pagination, counts, status, filters, districtCode } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("producers.review.queueTitle")}</h1>
      </div>
      {districtCode ? (
        <section>
          <h2>
            {t("producers.review.mine")} · {districtName(districtCode, locale)}
          </h2>
          {mine.length ? <ProducerTable rows={mine} /> : <p className="muted">{t("producers.review.mineEmpty")}</p>}
        </section>
      ) : null}
      <StatusTabs statuses={PRODUCER_STATUSES} current={status} counts={counts} label={t("producers.review.counts")} labelOf={(s) => t(`producers.statuses.${s}`)} />
      <Form method="get" className="filters">
        <input type="hidden" name="status" value={status} />
        <div className="field">
          <label htmlFor="q-q">{t("common.actions.search")}</label>
          <input id="q-q" name="q" defaultValue={filters.q ?? ""} maxLength={100} />
        </div>
        <FilterSelect id="q-district" name="district" label={t("common.district")} allLabel={t("common.allDistricts")} value={filters.district} options={districtOptions(locale)} />
        <FilterSelect
          id="q-kind"
          name="kind"
          label={t("producers.form.kind")}
          allLabel={t("producers.review.allKinds")}
          value={filters.kind}
          options={PRODUCER_KINDS.map((k) => ({
            value: k,
            label: t(`producers.kinds.${k}`),
          }))}
        />
        <button type="submit">{t("common.actions.filter")}</button>
      </Form>
      {items.length === 0 ? <p className="muted">{t("producers.review.noneWaiting")}</p> : <ProducerTable rows={items} />}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
