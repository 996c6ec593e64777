import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listPublicProjects } from "~/modules/volunteering/listing.server";
import { ListingFilterSchema } from "~/modules/volunteering/schema.server";
import { SERVICE_AREAS } from "~/modules/organizations/kinds";
import { DISTRICTS, districtName } from "~/modules/districts/districts";
import { Pagination } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "志愿服务项目 · 善联" }];

/** The render reads only the loaders' data and the URL: equal data gives equal HTML (app/utils/render-memo.server.ts). */
export const handle = { memoRender: true };

export async function loader({ request }: LoaderFunctionArgs) {
  const filter = ListingFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { rows, total, pagination } = await listPublicProjects(filter);
  return { filter: { ...filter, page: pagination.page }, rows, total, pagination };
}

export default function ProjectListing() {
  const { filter, rows, total, pagination } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("volunteering.listing.title")}</h1>
      </div>
      <p className="muted">{t("volunteering.listing.intro")}</p>
      <Form method="get" className="filters" role="search">
        <select name="district" defaultValue={filter.district ?? ""} aria-label={t("volunteering.listing.district")}>
          <option value="">{t("common.allDistricts")}</option>
          {DISTRICTS.map((d) => (
            <option key={d.code} value={d.code}>
              {locale === "en" ? d.nameEn : d.name}
            </option>
          ))}
        </select>
        <select name="category" defaultValue={filter.category ?? ""} aria-label={t("volunteering.listing.category")}>
          <option value="">{t("volunteering.listing.category")}</option>
          {SERVICE_AREAS.map((a) => (
            <option key={a} value={a}>
              {t(`common.serviceAreas.${a}`)}
            </option>
          ))}
        </select>
        <label>
          {t("volunteering.listing.from")} <input type="date" name="from" defaultValue={filter.from ?? ""} />
        </label>
        <label>
          {t("volunteering.listing.to")} <input type="date" name="to" defaultValue={filter.to ?? ""} />
        </label>
        <label className="checkbox">
          <input type="checkbox" name="open" value="1" defaultChecked={filter.open === "1"} /> {t("volunteering.listing.openOnly")}
        </label>
        <button type="submit">{t("common.actions.filter")}</button>
      </Form>
      {rows.length === 0 ? (
        <p className="muted">{t("volunteering.listing.empty")}</p>
      ) : (
        <ul className="cards">
          {rows.map((p) => (
            <li key={p.id} className="card">
              {p.coverId ? <img src={`/files/${p.coverId}`} alt="" style={{ width: "100%", maxHeight: 160, objectFit: "cover" }} /> : null}
              <h2>
                <Link to={`/projects/${p.id}`}>{p.title}</Link>
              </h2>
              <p className="muted">
                {p.org.name} · {districtName(p.districtCode, locale)} · {t(`common.serviceAreas.${p.category}`)}
              </p>
              <p>{t("volunteering.listing.dates", { from: formatDate(p.startDate, locale), to: formatDate(p.endDate, locale) })}</p>
              <p>
                {p.status === "PUBLISHED" ? (
                  p.openPlaces > 0 ? (
                    <span className="tag">{t("volunteering.listing.openPlaces", { count: p.openPlaces })}</span>
                  ) : (
                    <span className="tag">{t("volunteering.listing.full")}</span>
                  )
                ) : (
                  <span className={`status status-${p.status}`}>{t(`volunteering.statuses.${p.status}`)}</span>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
