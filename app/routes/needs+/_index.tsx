import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listNeeds } from "~/modules/needs/queries.server";
import { NeedListFilterSchema } from "~/modules/needs/schema.server";
import { NEED_CATEGORIES, PUBLIC_NEED_STATUSES } from "~/modules/needs/types";
import { NeedList } from "~/components/need-ui";
import { DISTRICTS } from "~/modules/districts/districts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "需求大厅 · 善联" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const f = NeedListFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const statuses = f.status ? [f.status] : (["OPEN", "PARTLY_MET"] as const);
  const { needs, pagination } = await listNeeds({ statuses, category: f.category, districtCode: f.district, page: pageFrom(request) });
  return { needs, pagination, filters: { category: f.category ?? "", district: f.district ?? "", status: f.status ?? "" } };
}

export default function NeedsIndex() {
  const { needs, pagination, filters } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <div>
          <h1>{t("needs.title")}</h1>
          <p className="muted">{t("needs.intro")}</p>
        </div>
        <Link to="/search?kind=need" className="button button-secondary">
          {t("needs.list.searchHint")}
        </Link>
      </div>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="nf-category">{t("needs.fields.category")}</label>
          <select id="nf-category" name="category" defaultValue={filters.category}>
            <option value="">{t("needs.list.allCategories")}</option>
            {NEED_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`needs.categories.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="nf-district">{t("common.district")}</label>
          <select id="nf-district" name="district" defaultValue={filters.district}>
            <option value="">{t("common.allDistricts")}</option>
            {DISTRICTS.map((d) => (
              <option key={d.code} value={d.code}>
                {locale === "en" ? d.nameEn : d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="nf-status">{t("common.status")}</label>
          <select id="nf-status" name="status" defaultValue={filters.status}>
            <option value="">{t("needs.list.allStatuses")}</option>
            {PUBLIC_NEED_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`needs.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("needs.list.filter")}</button>
      </Form>
      <NeedList needs={needs} />
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
