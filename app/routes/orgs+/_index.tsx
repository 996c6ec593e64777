import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listDirectory } from "~/modules/organizations/organizations.server";
import { DirectoryFilterSchema, ORG_TYPES, SERVICE_AREAS } from "~/modules/organizations/schema";
import { DISTRICTS, districtName } from "~/modules/districts/districts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";

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
        <div className="field">
          <label htmlFor="dir-district">{t("common.district")}</label>
          <select id="dir-district" name="district" defaultValue={filters.district ?? ""}>
            <option value="">{t("common.allDistricts")}</option>
            {DISTRICTS.map((d) => (
              <option key={d.code} value={d.code}>
                {locale === "en" ? d.nameEn : d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dir-type">{t("orgs.form.type")}</label>
          <select id="dir-type" name="type" defaultValue={filters.type ?? ""}>
            <option value="">{t("orgs.directory.allTypes")}</option>
            {ORG_TYPES.map((v) => (
              <option key={v} value={v}>
                {t(`orgs.types.${v}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dir-area">{t("orgs.form.serviceAreas")}</label>
          <select id="dir-area" name="area" defaultValue={filters.area ?? ""}>
            <option value="">{t("orgs.directory.allAreas")}</option>
            {SERVICE_AREAS.map((v) => (
              <option key={v} value={v}>
                {t(`common.serviceAreas.${v}`)}
              </option>
            ))}
          </select>
        </div>
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
