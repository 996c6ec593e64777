import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { listOrgEvents } from "~/modules/sales/events.server";
import { districtName } from "~/modules/districts/districts";
import { pageFrom } from "~/utils/pagination.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("sales.events.orgTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  const { rows, pagination } = await listOrgEvents(access.orgId, pageFrom(request));
  return { orgId: access.orgId, canEdit: !access.viaStaff, rows, pagination };
}

export default function OrgEvents() {
  const { orgId, canEdit, rows, pagination } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h2>{t("sales.events.orgTitle")}</h2>
        <div className="button-row">
          {canEdit ? (
            <Link className="button" to={`/org/${orgId}/events/new`}>
              {t("sales.events.new")}
            </Link>
          ) : null}
          <Link to={`/org/${orgId}/sales`}>{t("sales.title")}</Link>
          <Link to="/events">{t("sales.events.title")}</Link>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="muted">{t("sales.events.empty")}</p>
      ) : (
        <ul className="plain-list" data-testid="org-events">
          {rows.map((e) => (
            <li key={e.id}>
              {canEdit ? <Link to={`/org/${orgId}/events/${e.id}`}>{e.title}</Link> : <Link to={`/events/${e.id}`}>{e.title}</Link>} · {t(`sales.channels.${e.channel}`)} ·{" "}
              {t("sales.events.dates", { from: e.startsOn, to: e.endsOn })} · {districtName(e.districtCode, locale)} {e.place} · {t("sales.events.producers")} {e._count.producers} ·{" "}
              {t("sales.events.salesCount", { n: e._count.sales })}
            </li>
          ))}
        </ul>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
