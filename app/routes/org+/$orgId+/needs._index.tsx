import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { needsForOrganization } from "~/modules/matching/matching.server";
import { listNeeds, listOrgInvitations, listOrgResponses } from "~/modules/needs/queries.server";
import { NeedStatus } from "~/components/need-ui";
import { districtName } from "~/modules/districts/districts";
import { formatDate, formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("needs.org.invitations");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:needs");
  const [nearYou, invitations, responses, proposals] = await Promise.all([
    access.orgStatus === "APPROVED" ? needsForOrganization(access.orgId) : Promise.resolve([]),
    listOrgInvitations(access.orgId, pageFrom(request, "invitationsPage")),
    listOrgResponses(access.orgId, pageFrom(request, "responsesPage")),
    listNeeds({ statuses: ["PROPOSED", "OPEN", "PARTLY_MET", "MET", "CLOSED", "REJECTED"], proposedByOrgId: access.orgId, page: pageFrom(request, "proposalsPage") }),
  ]);
  return {
    orgId: access.orgId,
    approved: access.orgStatus === "APPROVED",
    nearYou: nearYou.map((n) => ({ id: n.id, title: n.title, status: n.status, urgency: n.urgency, districtCode: n.districtCode, category: n.category, deadline: n.deadline, score: n.score, reasons: n.reasons })),
    invitations: invitations.invitations,
    invitationsPagination: invitations.pagination,
    responses: responses.responses,
    responsesPagination: responses.pagination,
    proposals: proposals.needs.map((n) => ({ id: n.id, title: n.title, status: n.status, pendingResponses: n.pendingResponses })),
    proposalsPagination: proposals.pagination,
  };
}

export default function OrgNeeds() {
  const { orgId, approved, nearYou, invitations, invitationsPagination, responses, responsesPagination, proposals, proposalsPagination } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="cards cards-one">
      {invitations.length ? (
        <section className="card">
          <h2>{t("needs.org.invitations")}</h2>
          <ul>
            {invitations.map((i) => (
              <li key={i.id}>
                <Link to={`/needs/${i.need.id}`}>{i.need.title}</Link> <NeedStatus status={i.need.status} /> <span className="muted">{formatDate(i.createdAt, locale)}</span>
              </li>
            ))}
          </ul>
          <Pagination {...invitationsPagination} param="invitationsPage" />
        </section>
      ) : null}
      <section className="card" aria-labelledby="near-you">
        <div className="page-head">
          <h2 id="near-you">{t("needs.org.nearYouTitle")}</h2>
          {approved ? (
            <Link className="button button-secondary" to={`/org/${orgId}/needs/new`}>
              {t("needs.org.propose")}
            </Link>
          ) : null}
        </div>
        <p className="muted">{t("needs.org.nearYouIntro")}</p>
        {nearYou.length ? (
          <ol className="near-you">
            {nearYou.map((n) => (
              <li key={n.id} data-need-id={n.id}>
                <Link to={`/needs/${n.id}`}>{n.title}</Link> <NeedStatus status={n.status} /> <span className="tag">{t(`needs.categories.${n.category}`)}</span> {districtName(n.districtCode, locale)}
                <div className="muted">{n.reasons.map((r) => t(`needs.${r.key}`, r.params)).join(" · ")}</div>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t("needs.org.nearYouNone")}</p>
        )}
      </section>
      <section className="card">
        <h2>{t("needs.org.myResponses")}</h2>
        {responses.length ? (
          <div className="table-wrap">
            <table>
              <tbody>
                {responses.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/needs/${r.need.id}`}>{r.need.title}</Link>
                    </td>
                    <td>{t(`needs.kinds.${r.kind}`)}</td>
                    <td>{r.amountFen ? formatFen(r.amountFen, locale) : (r.volunteerCount ?? r.quantity ?? "")}</td>
                    <td>{t(`needs.responseStatuses.${r.status}`)}</td>
                    <td>{formatDate(r.createdAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pagination {...responsesPagination} param="responsesPage" />
          </div>
        ) : (
          <p className="muted">{t("common.empty")}</p>
        )}
      </section>
      <section className="card">
        <h2>{t("needs.org.myProposals")}</h2>
        {proposals.length ? (
          <ul>
            {proposals.map((n) => (
              <li key={n.id}>
                <Link to={`/org/${orgId}/needs/${n.id}/responses`}>{n.title}</Link> <NeedStatus status={n.status} />
                {n.pendingResponses ? <span className="badge">{n.pendingResponses}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("common.empty")}</p>
        )}
        {proposals.length ? <Pagination {...proposalsPagination} param="proposalsPage" /> : null}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
