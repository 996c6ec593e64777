import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { districtName } from "~/modules/districts/districts";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { prisma } from "~/utils/db.server";
import { listLiveCampaigns } from "~/modules/campaigns/queries.server";
import { listUrgentNeeds } from "~/modules/needs/queries.server";
import { LiveCampaignsSection } from "~/components/campaign-card";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("common.nav.home");

export async function loader(_: LoaderFunctionArgs) {
  const [orgCount, districts, latest] = await Promise.all([
    prisma.organization.count({ where: { status: "APPROVED" } }),
    prisma.organization.groupBy({ by: ["districtCode"], where: { status: "APPROVED" } }),
    prisma.organization.findMany({
      where: { status: "APPROVED" },
      select: { id: true, name: true, type: true, districtCode: true, serviceAreas: true },
      orderBy: [{ approvedAt: "desc" }, { id: "asc" }],
      take: 6,
    }),
  ]);
  // Open needs, most urgent first: the home page leads to where help is wanted.
  const urgentNeeds = await listUrgentNeeds(4);
  return { orgCount, districtCount: districts.length, latest, liveCampaigns: await listLiveCampaigns(6), urgentNeeds };
}

export default function Home() {
  const { orgCount, districtCount, latest, liveCampaigns, urgentNeeds } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
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
      <LiveCampaignsSection items={liveCampaigns} />
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
                  {districtName(n.districtCode, locale)} · {t(`needs.categories.${n.category}`)}
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
                {t(`orgs.types.${o.type}`)} · {districtName(o.districtCode, locale)}
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
