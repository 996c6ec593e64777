import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { prisma } from "~/utils/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("common.nav.staffHome");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const waiting = await prisma.organization.count({ where: { status: "SUBMITTED" } });
  return { waiting, isAdmin: user.globalRole === "BUREAU_ADMIN" };
}

/** Links to each staff tool; every domain adds its own entry (label is an i18n key). */
const TOOLS: { to: string; label: string; adminOnly?: boolean }[] = [
  { to: "/staff/reviews", label: "orgs.review.queueTitle" },
  { to: "/staff/campaigns", label: "funding.staff.title" },
  { to: "/staff/funds", label: "qualification.funds.staffTitle" },
  { to: "/staff/qualifications", label: "qualification.staff.title" },
  { to: "/staff/needs", label: "needs.staff.title" },
  { to: "/staff/help", label: "help.staff.title" },
  { to: "/staff/producers", label: "producers.review.queueTitle" },
  { to: "/staff/products", label: "shop.staff.title" },
  { to: "/staff/stats", label: "stats.title" },
  { to: "/staff/import", label: "stats.import.title" },
  { to: "/staff/pledges", label: "pledges.staff.title" },
  { to: "/staff/users", label: "accounts.admin.usersTitle", adminOnly: true },
  { to: "/staff/payments", label: "merchants.staff.title", adminOnly: true },
  { to: "/staff/reconciliation", label: "reconcile.title" },
  { to: "/staff/disclosures", label: "disclosure.staff.title" },
];

export default function StaffHome() {
  const { waiting, isAdmin } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <h1>{t("common.nav.staffHome")}</h1>
      <div className="cards">
        {TOOLS.filter((tool) => !tool.adminOnly || isAdmin).map((tool) => (
          <Link key={tool.to} to={tool.to} className="card" style={{ textDecoration: "none" }}>
            <h3>{t(tool.label)}</h3>
            {tool.to === "/staff/reviews" ? <p className="muted">{t("orgs.statuses.SUBMITTED")}: {waiting}</p> : null}
          </Link>
        ))}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
