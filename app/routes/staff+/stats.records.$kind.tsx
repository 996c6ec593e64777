import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { loadDrill } from "~/modules/statistics/drill-page.server";
import { DrillTable } from "~/components/charts/drill-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const result = await loadDrill(request, params.kind);
  return result.data!;
}

export default function StaffDrill() {
  const data = useLoaderData<typeof loader>();
  return <DrillTable data={data} backTo={`/staff/stats?${data.query}`} exportTo={`/staff/stats/records-export/${data.kind}`} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
