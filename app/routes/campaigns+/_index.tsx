import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listPublicCampaigns } from "~/modules/campaigns/queries.server";
import { CAMPAIGN_KINDS } from "~/modules/campaigns/kinds";
import { todayInChina } from "~/modules/campaigns/rules";
import { CampaignListFilterSchema } from "~/modules/campaigns/schema.server";
import { districtName } from "~/modules/districts/names.server";
import { getLocale } from "~/modules/i18n/i18n.server";
import { DISTRICTS } from "~/modules/districts/districts";
import { CampaignGrid } from "~/components/campaign-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "众筹项目 · 善联" }];

/** The render reads only the loaders' data and the URL: equal data gives equal HTML (app/utils/render-memo.server.ts). */
export const handle = { memoRender: true };

export async function loader({ request }: LoaderFunctionArgs) {
  const f = CampaignListFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [result, locale] = await Promise.all([listPublicCampaigns(f), getLocale(request)]);
  // The day the cards count down from travels with the data: the page is then a function of its data.
  return { ...result, items: result.items.map(({ districtCode, ...c }) => ({ ...c, district: districtName(districtCode, locale) })), filters: f, today: todayInChina() };
}

export default function CampaignList() {
  const { items, pagination, filters, today } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("funding.list.title")}</h1>
        <Link to="/funds">{t("funding.list.funds")}</Link>
      </div>
      <p className="muted">{t("funding.list.intro")}</p>
      <Form method="get" className="filters">
        <label>
          {t("funding.list.kind")}{" "}
          <select name="kind" defaultValue={filters.kind ?? ""}>
            <option value="">{t("funding.list.allKinds")}</option>
            {CAMPAIGN_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`funding.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("common.district")}{" "}
          <select name="district" defaultValue={filters.district ?? ""}>
            <option value="">{t("common.allDistricts")}</option>
            {DISTRICTS.map((d) => (
              <option key={d.code} value={d.code}>
                {locale === "en" ? d.nameEn : d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("funding.list.show")}{" "}
          <select name="status" defaultValue={filters.status ?? "live"}>
            <option value="live">{t("funding.list.live")}</option>
            <option value="all">{t("funding.list.all")}</option>
          </select>
        </label>
        <button type="submit" className="button button-secondary">
          {t("common.actions.filter")}
        </button>
      </Form>
      {items.length ? <CampaignGrid items={items} today={today} /> : <p className="muted">{t("funding.list.empty")}</p>}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
