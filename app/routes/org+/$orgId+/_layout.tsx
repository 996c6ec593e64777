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
  { to: "qualification", label: "qualification.org.tab" },
  { to: "members", label: "orgs.manage.members" },
  { to: "campaigns", label: "funding.org.tab" },
  { to: "projects", label: "volunteering.org.tab" },
  { to: "needs", label: "needs.org.tab" },
  { to: "producers", label: "producers.org.tab" },
  { to: "sales", label: "sales.org.tab" },
  { to: "buying-units", label: "pledges.org.tab" },
  { to: "shop-refunds", label: "shop.refunds.title" },
  { to: "activities", label: "stats.nav.activities" },
  { to: "goods", label: "stats.nav.goods" },
  { to: "beneficiaries", label: "stats.nav.beneficiaries" },
  { to: "stats", label: "stats.nav.stats" },
  { to: "national-export", label: "national.tab" },
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
