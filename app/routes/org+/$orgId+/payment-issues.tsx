import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { listIssues } from "~/modules/reconciliation/issues.server";
import { ISSUE_FILTERS, issueFilterFrom } from "~/modules/reconciliation/schema";
import { pageFrom } from "~/utils/pagination.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { StatusTabs } from "~/components/status-tabs";
import { IssueCard } from "~/components/reconciliation";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("reconcile.org.title");

/** /org/:orgId/payment-issues — reconciliation issues about this organization's money (org:finance), read only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const status = issueFilterFrom(new URL(request.url).searchParams);
  const res = await listIssues(status, pageFrom(request), { orgId: access.orgId });
  return { ...res, status };
}

export default function OrgPaymentIssues() {
  const { issues, pagination, counts, status } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <h2>{t("reconcile.org.title")}</h2>
      <p className="muted">{t("reconcile.org.intro")}</p>
      <StatusTabs statuses={ISSUE_FILTERS} current={status} counts={counts} label={t("reconcile.org.title")} labelOf={(s) => t(`reconcile.issues.filters.${s}`)} />
      {issues.length === 0 ? <p className="muted">{t("reconcile.org.empty")}</p> : null}
      {issues.map((i) => (
        <IssueCard key={i.id} issue={i} />
      ))}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
