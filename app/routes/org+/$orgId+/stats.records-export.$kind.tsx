import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { loadDrill } from "~/modules/statistics/drill-page.server";
import { prisma } from "~/utils/db.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:view");
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { id: true, name: true } });
  return (await loadDrill(request, params.kind, org, { export: true })).response!;
}
