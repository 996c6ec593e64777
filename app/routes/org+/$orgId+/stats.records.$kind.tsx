import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { loadDrill } from "~/modules/statistics/drill-page.server";
import { DrillTable } from "~/components/charts/drill-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { prisma } from "~/utils/db.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:view");
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { id: true, name: true } });
  const result = await loadDrill(request, params.kind, org);
  return { ...result.data!, orgId: org.id };
}

export default function OrgDrill() {
  const data = useLoaderData<typeof loader>();
  return <DrillTable data={data} backTo={`/org/${data.orgId}/stats?${data.query}`} exportTo={`/org/${data.orgId}/stats/records-export/${data.kind}`} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
