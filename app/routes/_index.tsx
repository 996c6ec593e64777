import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { LiveCampaignsSection } from "~/components/campaign-card";
import { pageTitle } from "~/modules/i18n/meta";
// The loader lives in a .server module: one empty stand-in in the browser bundle rather than one per
// server module it uses (#17.4: the home page stays within 90 KB).
import { loader } from "./__index-loader.server";

export { loader };

export const meta = pageTitle("common.nav.home");

/** The render reads only the loaders' data and the URL: equal data gives equal HTML (app/utils/render-memo.server.ts). */
export const handle = { memoRender: true };

export default function Home() {
  const { orgCount, districtCount, latest, liveCampaigns, urgentNeeds, today } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <section className="hero">
        <h1>{t("common.home.heroTitle")}</h1>
        <p>{t("common.home.heroText")}</p>
        <div className="button-row">
          <Link className="button" to="/orgs">
            {t("common.home.browseOrgs")}
          </Link>
          <Link className="button button-secondary" to="/orgs/new">
            {t("common.home.registerOrg")}
          </Link>
        </div>
        <div className="stats-row">
          <div className="stat">
            <strong>{orgCount}</strong>
            {t("common.home.statsOrgs")}
          </div>
          <div className="stat">
            <strong>{districtCount}</strong>
            {t("common.home.statsDistricts")}
          </div>
        </div>
      </section>
      <LiveCampaignsSection items={liveCampaigns} today={today} />
      {urgentNeeds.length ? (
        <section>
          <div className="page-head">
            <h2>{t("common.home.urgentNeeds")}</h2>
            <Link to="/needs">{t("common.home.allNeeds")}</Link>
          </div>
          <div className="cards">
            {urgentNeeds.map((n) => (
              <article className="card" key={n.id}>
                <h3>
                  <Link to={`/needs/${n.id}`}>{n.title}</Link>
                </h3>
                <p className="muted">
                  {n.district} · {t(`needs.categories.${n.category}`)}
                </p>
                <span className={`status status-${n.status}`}>{t(`needs.urgencies.${n.urgency}`)}</span>
              </article>
            ))}
          </div>
        </section>
      ) : null}
      <section>
        <h2>{t("common.home.latestOrgs")}</h2>
        <div className="cards">
          {latest.map((o) => (
            <article className="card" key={o.id}>
              <h3>
                <Link to={`/orgs/${o.id}`}>{o.name}</Link>
              </h3>
              <p className="muted">
                {t(`orgs.types.${o.type}`)} · {o.district}
              </p>
              {o.serviceAreas.slice(0, 3).map((a) => (
                <span className="tag" key={a}>
                  {t(`common.serviceAreas.${a}`)}
                </span>
              ))}
            </article>
          ))}
        </div>
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
