import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { districtName } from "~/modules/districts/districts";
import { prisma } from "~/utils/db.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("common.nav.myOrgs");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const memberships = await prisma.orgMembership.findMany({
    where: { userId: user.id },
    select: { role: true, org: { select: { id: true, name: true, status: true, type: true, districtCode: true } } },
    orderBy: { createdAt: "asc" },
  });
  return { memberships };
}

export default function MyOrgs() {
  const { memberships } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("common.nav.myOrgs")}</h1>
        <Link className="button" to="/orgs/new">
          {t("common.nav.registerOrg")}
        </Link>
      </div>
      {memberships.length === 0 ? <p className="muted">{t("common.empty")}</p> : null}
      <div className="cards">
        {memberships.map((m) => (
          <Link key={m.org.id} to={`/org/${m.org.id}`} className="card" style={{ textDecoration: "none", color: "inherit" }}>
            <h3>{m.org.name}</h3>
            <p className="muted">
              {t(`orgs.types.${m.org.type}`)} · {districtName(m.org.districtCode, locale)} · {t(`common.memberRoles.${m.role}`)}
            </p>
            <span className={`status status-${m.org.status}`}>{t(`orgs.statuses.${m.org.status}`)}</span>
          </Link>
        ))}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
