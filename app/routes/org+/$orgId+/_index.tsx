import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { getAuditTrail } from "~/modules/organizations/organizations.server";
import { prisma } from "~/utils/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AuditTrail } from "~/components/audit-trail";
import { useT } from "~/modules/i18n/use-t";
import { districtName } from "~/modules/districts/districts";
import { useLocale } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("orgs.profile.manage");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:view");
  const [org, trail, memberCount] = await Promise.all([
    prisma.organization.findUniqueOrThrow({
      where: { id: access.orgId },
      select: { id: true, name: true, status: true, reviewReason: true, type: true, creditCode: true, districtCode: true, submittedAt: true },
    }),
    getAuditTrail(access.orgId),
    prisma.orgMembership.count({ where: { orgId: access.orgId } }),
  ]);
  return { org, trail, memberCount, role: access.role };
}

export default function OrgOverview() {
  const { org, trail, memberCount } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="cards cards-one">
      <section className="card">
        {org.status === "SUBMITTED" ? <p>{t("orgs.manage.waiting")}</p> : null}
        {org.reviewReason && org.status !== "APPROVED" ? (
          <div className="form-error" role="note">
            {t("orgs.manage.returnedNote", { reason: org.reviewReason })}
          </div>
        ) : null}
        <dl className="dl">
          <dt>{t("orgs.form.type")}</dt>
          <dd>{t(`orgs.types.${org.type}`)}</dd>
          <dt>{t("orgs.form.creditCode")}</dt>
          <dd>{org.creditCode}</dd>
          <dt>{t("common.district")}</dt>
          <dd>{districtName(org.districtCode, locale)}</dd>
          <dt>{t("orgs.manage.members")}</dt>
          <dd>{memberCount}</dd>
        </dl>
        <div className="button-row">
          {org.status === "RETURNED" ? (
            <Link className="button" to="edit">
              {t("orgs.form.resubmit")}
            </Link>
          ) : null}
          {org.status === "APPROVED" ? (
            <Link className="button button-secondary" to={`/orgs/${org.id}`}>
              {t("orgs.manage.viewPublic")}
            </Link>
          ) : null}
        </div>
      </section>
      <section className="card">
        <h2>{t("orgs.review.history")}</h2>
        <AuditTrail entries={trail} />
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
