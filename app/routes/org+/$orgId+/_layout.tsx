import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AreaTabs, type AreaTab } from "~/components/area-tabs";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { prisma } from "~/utils/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle(null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:view");
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { id: true, name: true, status: true, publicFundraising: true } });
  return { org, role: access.role, viaStaff: access.viaStaff };
}

/** Tabs of the organization area; each domain adds its own entry (label is an i18n key). */
const TABS: AreaTab[] = [
  { to: "", label: "orgs.manage.overview", end: true },
  { to: "edit", label: "orgs.manage.edit" },
  { to: "qualification", label: "orgs.manage.tabs.qualification" },
  { to: "members", label: "orgs.manage.members" },
  { to: "campaigns", label: "orgs.manage.tabs.campaigns" },
  { to: "projects", label: "orgs.manage.tabs.projects" },
  { to: "needs", label: "orgs.manage.tabs.needs" },
  { to: "producers", label: "orgs.manage.tabs.producers" },
  { to: "sales", label: "orgs.manage.tabs.sales" },
  { to: "buying-units", label: "orgs.manage.tabs.buyingUnits" },
  { to: "shop-refunds", label: "orgs.manage.tabs.shopRefunds" },
  { to: "activities", label: "orgs.manage.tabs.activities" },
  { to: "goods", label: "orgs.manage.tabs.goods" },
  { to: "beneficiaries", label: "orgs.manage.tabs.beneficiaries" },
  { to: "stats", label: "orgs.manage.tabs.stats" },
  { to: "national-export", label: "orgs.manage.tabs.nationalExport" },
];

export default function OrgLayout() {
  const { org } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <div className="page-head">
        <h1>{org.name}</h1>
        <span className={`status status-${org.status}`}>{t(`orgs.statuses.${org.status}`)}</span>
      </div>
      <AreaTabs base={`/org/${org.id}`} tabs={TABS} label={t("orgs.manage.title")} />
      <Outlet />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
