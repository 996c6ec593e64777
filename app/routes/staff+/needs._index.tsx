import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, NavLink, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/modules/accounts/auth.server";
import { listNeeds } from "~/modules/needs/queries.server";
import { NeedList } from "~/components/need-ui";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("needs.staff.title");

const TABS = ["PROPOSED", "OPEN", "PARTLY_MET", "MET", "CLOSED", "REJECTED"] as const;
const Filters = z.object({ status: z.enum(TABS).catch("PROPOSED").default("PROPOSED") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const f = Filters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { needs, pagination } = await listNeeds({ statuses: [f.status], page: pageFrom(request) });
  return { needs, pagination, status: f.status };
}

export default function StaffNeeds() {
  const { needs, pagination, status } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <div className="page-head">
        <h1>{t("needs.staff.title")}</h1>
        <Link to="/staff/needs/new" className="button">
          {t("needs.staff.new")}
        </Link>
      </div>
      <nav className="tabs" aria-label={t("common.status")}>
        {TABS.map((s) => (
          <NavLink key={s} to={`/staff/needs?status=${s}`} className={() => (s === status ? "active" : "")} end>
            {t(`needs.statuses.${s}`)}
          </NavLink>
        ))}
      </nav>
      <NeedList needs={needs} hrefFor={(id) => `/staff/needs/${id}`} />
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
