import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listDirectory } from "~/modules/organizations/organizations.server";
import { DirectoryFilterSchema } from "~/modules/organizations/schema.server";
import { ORG_TYPES, SERVICE_AREAS } from "~/modules/organizations/kinds";
import { districtName } from "~/modules/districts/districts";
import { FilterSelect, districtOptions } from "~/components/filter-select";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("orgs.directory.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const sp = Object.fromEntries(new URL(request.url).searchParams);
  const filters = DirectoryFilterSchema.parse(sp);
  const result = await listDirectory(filters);
  return { ...result, filters };
}

export default function Directory() {
  const { items, total, page, pageSize, filters } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <div>
          <h1>{t("orgs.directory.title")}</h1>
          <p className="muted">{t("orgs.directory.intro")}</p>
        </div>
        <Link to="/orgs/new" className="button">
          {t("common.nav.registerOrg")}
        </Link>
      </div>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="dir-q">{t("common.actions.search")}</label>
          <input id="dir-q" name="q" defaultValue={filters.q ?? ""} placeholder={t("orgs.directory.search")} maxLength={100} />
        </div>
        <FilterSelect id="dir-district" name="district" label={t("common.district")} allLabel={t("common.allDistricts")} value={filters.district} options={districtOptions(locale)} />
        <FilterSelect id="dir-type" name="type" label={t("orgs.form.type")} allLabel={t("orgs.directory.allTypes")} value={filters.type} options={ORG_TYPES.map((v) => ({ value: v, label: t(`orgs.types.${v}`) }))} />
        <FilterSelect id="dir-area" name="area" label={t("orgs.form.serviceAreas")} allLabel={t("orgs.directory.allAreas")} value={filters.area} options={SERVICE_AREAS.map((v) => ({ value: v, label: t(`common.serviceAreas.${v}`) }))} />
        <button type="submit">{t("common.actions.filter")}</button>
      </Form>
      {items.length === 0 ? <p className="muted">{t("orgs.directory.none")}</p> : null}
      <div className="cards">
        {items.map((o) => (
          <article className="card" key={o.id}>
            <h3>
              <Link to={`/orgs/${o.id}`}>{o.name}</Link>
            </h3>
            <p className="muted">
              {t(`orgs.types.${o.type}`)} · {districtName(o.districtCode, locale)}
            </p>
            <p>{o.mission.length > 80 ? `${o.mission.slice(0, 80)}…` : o.mission}</p>
            <div>
              {o.serviceAreas.map((a) => (
                <span className="tag" key={a}>
                  {t(`common.serviceAreas.${a}`)}
                </span>
              ))}
              {o.isCharity ? <span className="tag">{t("orgs.directory.charity")}</span> : null}
              {o.publicFundraising ? <span className="tag">{t("orgs.directory.fundraising")}</span> : null}
              {o.isVolunteerGroup ? <span className="tag">{t("orgs.directory.volunteerGroup")}</span> : null}
            </div>
          </article>
        ))}
      </div>
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
