import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { listOrgProjects } from "~/modules/volunteering/projects.server";
import { minutesToHours } from "~/modules/volunteering/types";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate } from "~/utils/format";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("volunteering.org.projectsTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:projects");
  const { items: projects, pagination, sum } = await listOrgProjects(access.orgId, pageFrom(request));
  return { orgId: access.orgId, canPost: access.orgStatus === "APPROVED" && access.role !== null, projects, pagination, sum };
}

export default function OrgProjects() {
  const { orgId, canPost, projects, pagination, sum } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card">
      <div className="page-head">
        <h2>{t("volunteering.org.projectsTitle")}</h2>
        <div className="button-row">
          {canPost ? (
            <Link className="button" to={`/org/${orgId}/projects/new`}>
              {t("volunteering.org.newProject")}
            </Link>
          ) : null}
          <Link className="button button-secondary" to={`/org/${orgId}/service-records`}>
            {t("volunteering.org.records")}
          </Link>
        </div>
      </div>
      {projects.length === 0 ? (
        <p className="muted">{t("common.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("volunteering.fields.title")}</th>
                <th>{t("common.status")}</th>
                <th>{t("volunteering.fields.startDate")}</th>
                <th>{t("volunteering.org.shiftCount")}</th>
                <th>{t("volunteering.org.volunteers")}</th>
                <th>{t("volunteering.org.personTimes")}</th>
                <th>{t("volunteering.org.hours")}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/org/${orgId}/projects/${p.id}`}>{p.title}</Link>
                  </td>
                  <td>
                    <span className={`status status-${p.status}`}>{t(`volunteering.statuses.${p.status}`)}</span>
                  </td>
                  <td>
                    {formatDate(p.startDate, locale)} – {formatDate(p.endDate, locale)}
                  </td>
                  <td>{p._count.shifts}</td>
                  <td>{p.totals.volunteers}</td>
                  <td>{p.totals.personTimes}</td>
                  <td>{minutesToHours(p.totals.minutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination {...pagination} />
      <p className="muted">{t("volunteering.org.totalsLine", { people: sum.personTimes, hours: minutesToHours(sum.minutes) })}</p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
