import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AreaTabs, type AreaTab } from "~/components/area-tabs";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle(null);

/** The producer's workspace: its own account, members of the supporting organization, staff (read only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "view");
  return { producer: access.producer, via: access.via };
}

/** Tabs of the producer workspace; each part adds its own pages under these paths. */
const TABS: AreaTab[] = [
  { to: "", label: "producers.workspace.overview", end: true },
  { to: "products", label: "producers.workspace.products" },
  { to: "orders", label: "producers.workspace.orders" },
  { to: "payouts", label: "producers.workspace.payouts" },
];

export default function ProducerLayout() {
  const { producer } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <div className="page-head">
        <h1>{producer.name}</h1>
        <span className={`status status-${producer.status}`}>{t(`producers.statuses.${producer.status}`)}</span>
      </div>
      <AreaTabs base={`/producer/${producer.id}`} tabs={TABS} label={t("producers.workspace.title")} />
      <Outlet />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
