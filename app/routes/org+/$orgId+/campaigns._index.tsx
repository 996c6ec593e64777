import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { listOrgCampaigns } from "~/modules/campaigns/queries.server";
import { prisma } from "~/utils/db.server";
import { formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { ProgressBar } from "~/components/campaign-card";
import { useT } from "~/modules/i18n/use-t";
import { FundingSubnav } from "~/components/funding-subnav";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.org.campaigns");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const [org, { items: campaigns, pagination }] = await Promise.all([
    prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { id: true, status: true, publicFundraising: true, isCharity: true } }),
    listOrgCampaigns(access.orgId, pageFrom(request)),
  ]);
  return { org, campaigns, pagination, qualified: org.status === "APPROVED" && org.publicFundraising, canAct: !access.viaStaff };
}

export default function OrgCampaigns() {
  const { org, campaigns, pagination, qualified, canAct } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <FundingSubnav orgId={org.id} />
      <div className="page-head">
        <h2>{t("funding.org.campaigns")}</h2>
        {qualified && canAct ? (
          <Link to="new" className="button">
            {t("funding.org.newCampaign")}
          </Link>
        ) : null}
      </div>
      {!qualified ? <p className="muted">{t("funding.org.notQualified")}</p> : null}
      {campaigns.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("funding.form.title")}</th>
                <th>{t("common.status")}</th>
                <th>{t("funding.campaign.raised")}</th>
                <th>{t("funding.campaign.deadline")}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={c.id}>{c.title}</Link>
                  </td>
                  <td>
                    <span className={`status status-${c.status}`}>{t(`funding.statuses.${c.status}`)}</span>
                  </td>
                  <td>
                    {formatFen(c.totals.netRaisedFen)} / {formatFen(c.goalFen)}
                    <ProgressBar raisedFen={c.totals.netRaisedFen} goalFen={c.goalFen} />
                  </td>
                  <td>{c.deadline}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("funding.org.noCampaigns")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
