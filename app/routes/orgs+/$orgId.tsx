import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser, isStaff } from "~/modules/accounts/auth.server";
import { getOrgRole } from "~/modules/organizations/permissions.server";
import { visibleContactPhone } from "~/modules/organizations/contact-phone.server";
import { districtName } from "~/modules/districts/districts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { prisma } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { invariantResponse } from "~/utils/responses.server";
import { ReportLink } from "~/components/safeguards";
import { ProvinceBadge } from "~/components/cross-region";
import { provinceOfCreditCode } from "~/modules/cross-region/provinces";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.org.name} · 善联` : "善联" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const org = await prisma.organization.findUnique({
    where: { id: params.orgId ?? "" },
    select: { id: true, name: true, type: true, status: true, creditCode: true, districtCode: true, address: true, contactName: true, contactPhone: true, contactPhonePublic: true, foundedOn: true, mission: true, serviceAreas: true, website: true, isCharity: true, publicFundraising: true, fundraisingCertificate: true, isVolunteerGroup: true, logoId: true },
  });
  invariantResponse(org, 404);
  const user = await getOptionalUser(request);
  const role = user ? await getOrgRole(user.id, org.id) : null;
  // Unapproved registrations are visible only to their members and to bureau staff.
  invariantResponse(org.status === "APPROVED" || role !== null || isStaff(user), 404);
  // The phone is masked unless the organization consented to publish it (or the viewer is its member or staff).
  const { contactPhone, contactPhonePublic, ...rest } = org;
  const phone = await visibleContactPhone(user, org.id, contactPhone, contactPhonePublic);
  return { org: { ...rest, contactPhone: phone.phone, phoneMasked: phone.masked }, canManage: role !== null };
}

export default function OrgProfile() {
  const { org, canManage } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <article>
      <div className="page-head">
        <div className="org-head">
          {org.logoId ? <img src={`/files/${org.logoId}`} alt="" width={64} height={64} style={{ borderRadius: 12, objectFit: "cover" }} /> : null}
          <div>
            <h1>
              {org.name} <ProvinceBadge provinceCode={provinceOfCreditCode(org.creditCode)} />
            </h1>
            <p className="muted" style={{ margin: 0 }}>
              {t(`orgs.types.${org.type}`)} · {districtName(org.districtCode, locale)}
            </p>
          </div>
        </div>
        {canManage ? (
          <Link className="button button-secondary" to={`/org/${org.id}`}>
            {t("orgs.profile.manage")}
          </Link>
        ) : null}
      </div>
      {org.status !== "APPROVED" ? <div className="form-error">{t("orgs.profile.notPublic")}</div> : null}
      <div className="cards">
        <section className="card">
          <h2>{t("orgs.profile.mission")}</h2>
          <p style={{ whiteSpace: "pre-line" }}>{org.mission}</p>
          <div>
            {org.serviceAreas.map((a) => (
              <span className="tag" key={a}>
                {t(`common.serviceAreas.${a}`)}
              </span>
            ))}
          </div>
          {org.status === "APPROVED" ? <ReportLink type="organization" id={org.id} /> : null}
        </section>
        <section className="card">
          <h2>{t("orgs.profile.registered")}</h2>
          <dl className="dl">
            <dt>{t("orgs.profile.code")}</dt>
            <dd>{org.creditCode}</dd>
            <dt>{t("orgs.profile.founded")}</dt>
            <dd>{formatDate(org.foundedOn, locale)}</dd>
            <dt>{t("orgs.form.address")}</dt>
            <dd>{org.address}</dd>
            <dt>{t("orgs.form.contactName")}</dt>
            <dd>{org.contactName}</dd>
            <dt>{t("orgs.form.contactPhone")}</dt>
            <dd data-testid="contact-phone">
              {org.contactPhone}
              {org.phoneMasked ? <span className="muted small"> ({t("privacy.contact.masked")})</span> : null}
            </dd>
            {org.isCharity ? (
              <>
                <dt>{t("orgs.directory.charity")}</dt>
                <dd>{t("common.yes")}</dd>
              </>
            ) : null}
            {org.publicFundraising ? (
              <>
                <dt>{t("orgs.form.fundraisingCertificate")}</dt>
                <dd>{org.fundraisingCertificate}</dd>
              </>
            ) : null}
            {org.website ? (
              <>
                <dt>{t("orgs.form.website")}</dt>
                <dd>
                  <a href={org.website} rel="noopener noreferrer nofollow">
                    {org.website}
                  </a>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
